"""Members: profiles, privacy, education, verification, notifications, messaging, groups and
moderation. Re-exported here."""

from .groups import (
    Group,
    GroupKind,
    GroupMembership,
    GroupReply,
    GroupThread,
    GroupTopic,
    MembershipRole,
    MembershipStatus,
    Region,
)
from .messaging import (
    MAX_PARTICIPANTS,
    Conversation,
    MemberBlock,
    Message,
    MessageDeletion,
    Participant,
    WhoMayMessage,
)
from .moderation import MessagingSuspension, Report
from .notifications import (
    Frequency,
    Notification,
    NotificationKind,
    NotificationSetting,
)
from .profiles import (
    EducationRecord,
    Industry,
    InterestTag,
    Profile,
    ProfileInterest,
    ProfileLink,
    ProfileSkill,
    SkillTag,
    Visibility,
    faculty_set_value,
)
from .verification import (
    GraduateImport,
    GraduateRecord,
    VerificationClaim,
    VerificationMethod,
)

__all__ = [
    "Group",
    "GroupKind",
    "GroupMembership",
    "GroupReply",
    "GroupThread",
    "GroupTopic",
    "MembershipRole",
    "MembershipStatus",
    "Region",
    "MAX_PARTICIPANTS",
    "Conversation",
    "MemberBlock",
    "Message",
    "MessageDeletion",
    "MessagingSuspension",
    "Participant",
    "Report",
    "WhoMayMessage",
    "EducationRecord",
    "Frequency",
    "GraduateImport",
    "GraduateRecord",
    "Industry",
    "InterestTag",
    "Notification",
    "NotificationKind",
    "NotificationSetting",
    "Profile",
    "ProfileInterest",
    "ProfileLink",
    "ProfileSkill",
    "SkillTag",
    "VerificationClaim",
    "VerificationMethod",
    "Visibility",
    "faculty_set_value",
]
