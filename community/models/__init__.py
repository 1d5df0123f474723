"""Members: profiles, privacy, education, verification, notifications. Re-exported here."""

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
)
from .verification import (
    GraduateImport,
    GraduateRecord,
    VerificationClaim,
    VerificationMethod,
)

__all__ = [
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
]
