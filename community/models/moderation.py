"""Reports of member content and what moderators decided (SECURITY.md M5).

A report points at any piece of member content (a message now; group posts and job postings
later) and keeps a snapshot of it, so a moderator sees what was reported even if it is edited or
deleted afterwards. The snapshot is visible to moderators only.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

REPORTS_TO_HIDE = 3  # content hidden pending review at this many open reports (M5)
REPORTS_PER_DAY = 20  # per reporting member (M5)
GROUP_MODERATORS_HOURS = 72  # a group's moderators have this long before site moderators see it


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        HARASSMENT = "harassment", _("Harassment or threats")
        OFFENSIVE = "offensive", _("Offensive or hateful")
        PRIVACY = "privacy", _("Shares someone's personal information")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting")
        DISMISSED = "dismissed", _("Dismissed")
        ACTIONED = "actioned", _("Acted on")

    class Action(models.TextChoices):
        DISMISS = "dismiss", _("Dismiss")
        WARN = "warn", _("Warn the member")
        HIDE = "hide", _("Hide the content")
        SUSPEND = "suspend", _("Suspend messaging")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="reports_made",
    )
    reported_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported member"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="reports_received",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    snapshot = models.TextField(_("reported content"))
    snapshot_author = models.CharField(_("written by"), max_length=150, blank=True)
    content_created_at = models.DateTimeField(_("written"), null=True, blank=True)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    # Reports on a group's posts go to its own moderators first, and to the site's moderators
    # once escalated: after 72 hours without a decision, or at REPORTS_TO_HIDE reports.
    group = models.ForeignKey(
        "community.Group",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    escalated_at = models.DateTimeField(_("sent to site moderators"), null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices, blank=True)
    decision_note = models.TextField(_("note"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports_decided",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="report_queue_idx"),
            models.Index(fields=["content_type", "object_id"], name="report_content_idx"),
            models.Index(fields=["reporter", "created_at"], name="report_reporter_idx"),
            models.Index(fields=["group", "status"], name="report_group_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reporter"],
                condition=Q(status="open"),
                name="one_open_report_per_reporter",
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.snapshot[:40]}"


class MessagingSuspensionQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(starts_at__lte=now).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))


class MessagingSuspension(models.Model):
    """A member may not start conversations or send messages until `ends_at` (or for good)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="messaging_suspensions",
    )
    starts_at = models.DateTimeField(_("from"), default=timezone.now)
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    report = models.ForeignKey(
        Report,
        verbose_name=_("report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suspensions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suspended by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MessagingSuspensionQuerySet.as_manager()

    class Meta:
        verbose_name = _("messaging suspension")
        verbose_name_plural = _("messaging suspensions")

    def __str__(self):
        return f"{self.user_id} until {self.ends_at or '-'}"
