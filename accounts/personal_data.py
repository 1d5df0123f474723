"""Registry entries for what the framework and libraries hold about a person: the account's
e-mail addresses, sign-in methods and sessions (allauth) and the editorial traces in Wagtail.

Content that others rely on (pages, images, revisions, logs) is kept and detached from the
person; private things (sessions, authenticators, subscriptions, drafts of forms) are deleted.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from wagtail.admin.models import EditingSession, FormState
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Comment,
    CommentReply,
    ModelLogEntry,
    Page,
    PageLogEntry,
    PageSubscription,
    Revision,
    TaskState,
    UploadedFile,
    WorkflowState,
)
from wagtail.models.api import APIToken
from wagtail.users.models import UserProfile

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession

from .deletion import erase_and_delete
from .models import AuditEvent, OutgoingMail, OutgoingMailState
from .outbox import FAILED_RETENTION, erase_outgoing_mail, export_outgoing_mail, purge_failed
from .registry import delete_rows, detach_rows, register, rows_of
from .retention import register_rule


def detach_fields(model, *fields):
    def erase(user):
        for name in fields:
            model.objects.filter(**{name: user}).update(**{name: None})

    return erase


def count_of(model, *fields):
    def export(user):
        return {name: model.objects.filter(**{name: user}).count() for name in fields}

    return export


register(
    EmailAddress,
    label=_("E-mail addresses"),
    edit_url="account_email",
    export=rows_of(EmailAddress, fields=["email", "verified", "primary"]),
    erase=delete_rows(EmailAddress),
)
register(
    SocialAccount,
    label=_("Connected logins (Feide)"),
    edit_url="socialaccount_connections",
    export=rows_of(SocialAccount, fields=["provider", "uid", "last_login", "date_joined"]),
    erase=delete_rows(SocialAccount),
)
register(
    Authenticator,
    label=_("Two-factor authentication"),
    edit_url="mfa_index",
    # Never the secrets themselves.
    export=rows_of(Authenticator, fields=["type", "created_at", "last_used_at"]),
    erase=delete_rows(Authenticator),
)
register(
    UserSession,
    label=_("Signed-in sessions"),
    edit_url="usersessions_list",
    export=rows_of(UserSession, fields=["ip", "user_agent", "created_at", "last_seen_at"]),
    erase=delete_rows(UserSession),
)
register(
    UserProfile,
    label=_("Admin preferences"),
    export=rows_of(UserProfile, fields=["preferred_language", "current_time_zone", "theme"]),
    erase=delete_rows(UserProfile),
)
register(
    Page,
    label=_("Pages you own or have locked"),
    export=count_of(Page, "owner", "locked_by"),
    erase=detach_fields(Page, "owner", "locked_by"),
)
register(
    Revision,
    label=_("Page and snippet revisions you saved"),
    export=count_of(Revision, "user"),
    erase=detach_rows(Revision),
)
register(
    PageLogEntry,
    label=_("Page history entries"),
    export=count_of(PageLogEntry, "user"),
    erase=detach_rows(PageLogEntry),
)
register(
    ModelLogEntry,
    label=_("Admin history entries"),
    export=count_of(ModelLogEntry, "user"),
    erase=detach_rows(ModelLogEntry),
)
register(
    get_image_model(),
    label=_("Images you uploaded"),
    export=count_of(get_image_model(), "uploaded_by_user"),
    erase=detach_rows(get_image_model(), "uploaded_by_user"),
)
register(
    get_document_model(),
    label=_("Documents you uploaded"),
    export=count_of(get_document_model(), "uploaded_by_user"),
    erase=detach_rows(get_document_model(), "uploaded_by_user"),
)
register(
    UploadedFile,
    label=_("Unfinished uploads"),
    export=count_of(UploadedFile, "uploaded_by_user"),
    erase=delete_rows(UploadedFile, "uploaded_by_user"),
)
register(
    Comment,
    label=_("Editorial comments"),
    export=rows_of(Comment, fields=["page_id", "text", "created_at"]),
    erase=lambda user: (
        Comment.objects.filter(resolved_by=user).update(resolved_by=None),
        Comment.objects.filter(user=user).delete(),
    ),
)
register(
    CommentReply,
    label=_("Replies to editorial comments"),
    export=rows_of(CommentReply, fields=["comment_id", "text", "created_at"]),
    erase=delete_rows(CommentReply),
)
register(
    PageSubscription,
    label=_("Page comment subscriptions"),
    export=rows_of(PageSubscription, fields=["page_id", "comment_notifications"]),
    erase=delete_rows(PageSubscription),
)
register(
    WorkflowState,
    label=_("Moderation requests you made"),
    export=count_of(WorkflowState, "requested_by"),
    erase=detach_rows(WorkflowState, "requested_by"),
)
register(
    TaskState,
    label=_("Moderation tasks you finished"),
    export=count_of(TaskState, "finished_by"),
    erase=detach_rows(TaskState, "finished_by"),
)
register(
    EditingSession,
    label=_("Open editing sessions"),
    export=count_of(EditingSession, "user"),
    erase=delete_rows(EditingSession),
)
register(
    FormState,
    label=_("Saved admin form states"),
    export=count_of(FormState, "user"),
    erase=delete_rows(FormState),
)
register(
    APIToken,
    label=_("API tokens"),
    export=rows_of(APIToken, fields=["name", "created", "revoked_at"]),
    erase=delete_rows(APIToken),
)


def export_audit(user):
    return list(
        AuditEvent.objects.filter(subject=user).values(
            "created_at", "action", "actor_label", "count"
        )
    )


register(
    AuditEvent,
    label=_("Access to my data (audit log)"),
    export=export_audit,
    erase=lambda user: AuditEvent.objects.all()._forget(user),
)


# Retention (SECURITY.md P4, docs/privacy.md).

UNVERIFIED_SIGNUP_PERIOD = timedelta(days=30)
AUDIT_LOG_PERIOD = timedelta(days=5 * 365 + 1)  # five years, one leap day among them


def unverified_signups(now):
    """Accounts that never became members: joined over 30 days ago, no verified address, no
    Feide login, never signed in (with mandatory verification nobody signs in unverified), and
    no role (staff, superuser or a group an administrator put them in)."""
    User = get_user_model()
    return User.objects.filter(
        date_joined__lt=now - UNVERIFIED_SIGNUP_PERIOD,
        last_login__isnull=True,
        is_staff=False,
        is_superuser=False,
    ).exclude(
        Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True))
        | Exists(SocialAccount.objects.filter(user=OuterRef("pk")))
        | Exists(User.groups.through.objects.filter(user=OuterRef("pk")))
    )


def purge_unverified_signups(now) -> int:
    """Erased through the registry, like a deletion (each gets an `erase` audit entry)."""
    purged = 0
    for user in unverified_signups(now).order_by("pk"):
        erase_and_delete(user, actor_label="purge_expired_data")
        purged += 1
    return purged


register_rule(
    "unverified_signups",
    _("Sign-ups never confirmed"),
    UNVERIFIED_SIGNUP_PERIOD,
    purge_unverified_signups,
    count=lambda now: unverified_signups(now).count(),
)
register_rule(
    "audit_log",
    _("Audit log of access to personal data"),
    AUDIT_LOG_PERIOD,
    lambda now: AuditEvent.objects.all()._purge_before(now - AUDIT_LOG_PERIOD),
    count=lambda now: AuditEvent.objects.filter(created_at__lt=now - AUDIT_LOG_PERIOD).count(),
)


register(
    OutgoingMail,
    label=_("Mail waiting to be sent to you"),
    export=export_outgoing_mail,
    erase=erase_outgoing_mail,
)
register_rule(
    "outgoing_mail_failed",
    _("Mail that could not be delivered"),
    FAILED_RETENTION,
    purge_failed,
    count=lambda now: OutgoingMail.objects.filter(
        state=OutgoingMailState.FAILED, created_at__lt=now - FAILED_RETENTION
    ).count(),
)
