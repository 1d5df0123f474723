"""The user account: e-mail is the login; everything else about a member lives in their profile."""

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class UserManager(DjangoUserManager):
    """Creates users keyed by e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email)
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        # Addresses are compared without regard to case, as people type them.
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """A person with a login: a member, a coordinator, an editor or an administrator."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=[("nb", "Norsk bokmål"), ("en", "English")],
        default="nb",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]
        indexes = [
            # Deactivated accounts are few; lists of members exclude them through this small
            # index instead of joining every user row (the member directory, DESIGN.md §7).
            models.Index(
                fields=["id"], condition=models.Q(is_active=False), name="user_inactive_idx"
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email


class AuditAction(models.TextChoices):
    EXPORT = "export", _("Own data exported")
    ERASE = "erase", _("Account deleted")
    API_READ = "api_read", _("Read by an integration (API)")
    CSV_EXPORT = "csv_export", _("Members exported as CSV")
    MERGE = "merge", _("Duplicate members merged")
    ADMIN_VIEW = "admin_view", _("Member record viewed in the admin")
    TOKEN = "token", _("Integration token created or revoked")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The audit log is append-only")

    def delete(self):
        raise TypeError("The audit log is append-only")

    def _forget(self, user):
        """Erasure (P2) keeps what happened and when, without who."""
        # QuerySet's own update: filter() returns this class again, whose update() refuses.
        models.QuerySet.update(self.filter(actor=user), actor=None)
        return models.QuerySet.update(self.filter(subject=user), subject=None)

    def _purge_before(self, moment) -> int:
        """Retention (P4): the one sanctioned delete, of entries older than the log's period."""
        deleted, _by_model = models.QuerySet.delete(self.filter(created_at__lt=moment))
        return deleted

    _forget.queryset_only = False  # also on the manager, despite the underscore
    _purge_before.queryset_only = False


class AuditEvent(models.Model):
    """One access to personal data (issue 9): exports, API reads, merges, CSV exports and admin
    views of member records. Append-only; administrators read it in the admin."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=12, choices=AuditAction.choices)
    actor = models.ForeignKey(
        User,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Who acted when it was not a person: an integration's name ("CRM") or a command.
    actor_label = models.CharField(_("by (integration)"), max_length=100, blank=True)
    subject = models.ForeignKey(
        User,
        verbose_name=_("whose data"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # How many members a bulk access touched, and what it asked for (never the data itself).
    count = models.PositiveIntegerField(_("members"), default=0)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit log is append-only")


class OutgoingMailState(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENDING = "sending", _("Being handed to the mail server")
    FAILED = "failed", _("Given up")


class OutgoingMail(models.Model):
    """One mail in the outbox (accounts.outbox, SECURITY.md R6): stored in the transaction that
    sent it, deleted once the mail server has accepted it. A row that stays is waiting for a
    retry or was given up; administrators see them in the admin."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    state = models.CharField(
        _("state"),
        max_length=8,
        choices=OutgoingMailState.choices,
        default=OutgoingMailState.QUEUED,
    )
    # The envelope, and the message as the mail server gets it (headers, Message-ID and Date
    # included, so a retry is byte for byte the same mail).
    from_email = models.CharField(_("from"), max_length=320)
    recipients = models.TextField(_("recipients"), help_text=_("One address a line."))
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    message = models.BinaryField(_("message"))
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=True)
    sending_since = models.DateTimeField(_("handed over since"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.subject}"

    @property
    def recipient_list(self) -> list[str]:
        return [line for line in self.recipients.splitlines() if line]
