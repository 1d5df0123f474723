"""What the community app holds about a person, registered with accounts.registry."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from accounts.redaction import register_free_text
from accounts.registry import delete_rows, detach_rows, register, rows_of
from accounts.retention import register_rule

from .groups.membership import erase_memberships
from .models import (
    Conversation,
    GraduateImport,
    GraduateRecord,
    Group,
    GroupMembership,
    GroupReply,
    GroupThread,
    MemberBlock,
    Message,
    MessageDeletion,
    MessagingSuspension,
    Notification,
    NotificationSetting,
    Participant,
    Profile,
    Report,
    VerificationClaim,
)


def export_profile(user):
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return None
    data = {
        field.name: getattr(profile, field.attname)
        for field in Profile._meta.concrete_fields
        if field.name not in {"id", "user"}
    }
    data["photo"] = profile.photo.url if profile.photo else ""
    data["country"] = str(profile.country or "")
    data["skills"] = sorted(tag.name for tag in profile.skills.all())
    data["interests"] = sorted(tag.name for tag in profile.interests.all())
    data["links"] = list(profile.links.values("label", "url"))
    data["education"] = [
        {
            "faculty": record.faculty.code,
            "programme": str(record.programme or record.programme_name),
            "campus": str(record.campus or ""),
            "degree_level": record.degree_level,
            "graduation_year": record.graduation_year,
            "verified": record.verified,
        }
        for record in profile.education.select_related("faculty", "programme", "campus")
    ]
    return data


def erase_profile(user):
    for profile in Profile.objects.filter(user=user):
        if profile.photo:
            profile.photo.delete(save=False)
        profile.delete()


register(
    Profile,
    label=_("Profile and education"),
    export=export_profile,
    erase=erase_profile,
    edit_url="community:profile_edit",
)
register(
    VerificationClaim,
    label=_("Requests to be verified as a graduate"),
    export=rows_of(
        VerificationClaim,
        fields=[
            "faculty__code",
            "programme_name",
            "graduation_year",
            "student_number",
            "message",
            "status",
            "decision_note",
            "created_at",
            "decided_at",
        ],
    ),
    # A coordinator's decisions stay on the members' claims, without the coordinator's name.
    erase=lambda user: (
        VerificationClaim.objects.filter(decided_by=user).update(decided_by=None),
        VerificationClaim.objects.filter(user=user).delete(),
    ),
)
register(
    GraduateRecord,
    label=_("The graduate register's record of you"),
    export=rows_of(
        GraduateRecord,
        user_field="matched_user",
        fields=[
            "student_number",
            "full_name",
            "email",
            "faculty__code",
            "programme_name",
            "degree",
            "graduation_date",
        ],
    ),
    # The register belongs to the university's student system; erasure unlinks the member.
    erase=detach_rows(GraduateRecord, user_field="matched_user"),
)
register(
    GraduateImport,
    label=_("Graduate files you uploaded"),
    export=rows_of(
        GraduateImport, user_field="uploaded_by", fields=["original_name", "created_at"]
    ),
    erase=detach_rows(GraduateImport, user_field="uploaded_by"),
)
register(
    Notification,
    label=_("Your notifications"),
    edit_url="community:notification_list",
    export=rows_of(
        Notification,
        user_field="recipient",
        fields=["kind", "title", "url", "created_at", "read_at", "emailed_at"],
    ),
    erase=delete_rows(Notification, user_field="recipient"),
)
register(
    NotificationSetting,
    label=_("Your notification settings"),
    edit_url="community:notification_settings",
    export=rows_of(NotificationSetting, fields=["kind", "frequency"]),
    erase=delete_rows(NotificationSetting),
)


# Messaging. On erasure the member's messages stay for the other participants, from a
# "former member" (the sender is forgotten); everything that is the member's own view goes.
register(
    Message,
    label=_("Messages you sent"),
    edit_url="community:inbox",
    export=rows_of(
        Message,
        user_field="sender",
        fields=["conversation_id", "kind", "body", "created_at", "edited_at", "hidden_at"],
    ),
    erase=detach_rows(Message, user_field="sender"),
)
register(
    Participant,
    label=_("Your conversations"),
    edit_url="community:inbox",
    export=rows_of(
        Participant,
        fields=[
            "conversation_id",
            "conversation__title",
            "joined_at",
            "left_at",
            "last_read_at",
            "archived",
            "muted",
        ],
    ),
    erase=delete_rows(Participant),
)
register(
    Conversation,
    label=_("Conversations you started"),
    export=rows_of(Conversation, user_field="created_by", fields=["id", "title", "created_at"]),
    erase=detach_rows(Conversation, user_field="created_by"),
)
register(
    MessageDeletion,
    label=_("Messages you deleted for yourself"),
    export=rows_of(MessageDeletion, fields=["message_id", "created_at"]),
    erase=delete_rows(MessageDeletion),
)
register(
    MemberBlock,
    label=_("Members you blocked"),
    export=rows_of(MemberBlock, user_field="blocker", fields=["blocked_id", "created_at"]),
    # Blocks made by the member and blocks of the member both go with the account.
    erase=lambda user: (
        MemberBlock.objects.filter(blocker=user).delete(),
        MemberBlock.objects.filter(blocked=user).delete(),
    ),
)


def erase_reports(user):
    """Reports stay for the moderators' record; who made them, who was reported (and the name
    in the snapshot) and who decided are forgotten."""
    Report.objects.filter(reported_member=user).update(reported_member=None, snapshot_author="")
    Report.objects.filter(reporter=user).update(reporter=None)
    Report.objects.filter(decided_by=user).update(decided_by=None)


register(
    Report,
    label=_("Content you reported"),
    export=rows_of(
        Report,
        user_field="reporter",
        fields=["reason", "comment", "snapshot", "created_at", "status"],
    ),
    erase=erase_reports,
)
register(
    MessagingSuspension,
    label=_("Suspensions of your messaging"),
    export=rows_of(MessagingSuspension, fields=["starts_at", "ends_at", "reason"]),
    erase=lambda user: (
        MessagingSuspension.objects.filter(created_by=user).update(created_by=None),
        MessagingSuspension.objects.filter(user=user).delete(),
    ),
)


# Groups. A group the member created stays for its members (without its creator); the groups the
# member owns are handed over before their memberships end; their posts stay in the discussions,
# from a "former member".
register(
    Group,
    label=_("Groups you created"),
    export=rows_of(Group, user_field="created_by", fields=["name", "kind", "created_at"]),
    erase=detach_rows(Group, user_field="created_by"),
)
register(
    GroupMembership,
    label=_("Your groups"),
    edit_url="community:group_mine",
    export=rows_of(
        GroupMembership,
        fields=[
            "group__name",
            "role",
            "status",
            "joined_at",
            "created_at",
            "request_message",
            "notify",
        ],
    ),
    erase=erase_memberships,
)
register(
    GroupThread,
    label=_("Threads you started in groups"),
    export=rows_of(
        GroupThread,
        user_field="author",
        fields=["group__name", "title", "body", "created_at", "edited_at"],
    ),
    erase=detach_rows(GroupThread, user_field="author"),
)
register(
    GroupReply,
    label=_("Your replies in group discussions"),
    export=rows_of(
        GroupReply,
        user_field="author",
        fields=["thread__group__name", "thread__title", "body", "created_at", "edited_at"],
    ),
    erase=detach_rows(GroupReply, user_field="author"),
)


# Free text kept for others after an erasure, where anyone may have typed the member's name or
# address: redacted on erasure (accounts.redaction, SECURITY.md P2). The other member's own
# profile is not on the list: it describes them, and a namesake's profile must keep its name.
register_free_text(Message, "body")
register_free_text(Conversation, "title")
register_free_text(Notification, "title")
register_free_text(Group, "description")
register_free_text(GroupThread, "title", "body")
register_free_text(GroupReply, "body")
register_free_text(GroupMembership, "request_message")
register_free_text(Report, "comment", "snapshot", "decision_note")
register_free_text(MessagingSuspension, "reason")
register_free_text(VerificationClaim, "message", "decision_note")


# Retention (SECURITY.md P4, docs/privacy.md): a notification the member has read is of no use
# after a year; unread ones stay until read or the account goes.
READ_NOTIFICATION_PERIOD = timedelta(days=365)


def expired_notifications(now):
    return Notification.objects.filter(
        read_at__isnull=False, created_at__lt=now - READ_NOTIFICATION_PERIOD
    )


register_rule(
    "read_notifications",
    _("Notifications you have read"),
    READ_NOTIFICATION_PERIOD,
    lambda now: expired_notifications(now).delete()[0],
    count=lambda now: expired_notifications(now).count(),
)
