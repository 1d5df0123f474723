"""Notifications: one in-page list per member, and how each kind reaches them by mail (E10)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    MESSAGE = "message", _("Messages")
    GROUP = "group", _("Group activity")
    EVENT = "event", _("Event updates")
    MENTORING = "mentoring", _("Mentoring")
    JOB = "job", _("Job alerts")


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately by e-mail")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("No e-mail")


# Messages are personal and wait for a reply; the rest can wait for the digest.
DEFAULT_FREQUENCIES = {
    kind: Frequency.IMMEDIATE if kind == NotificationKind.MESSAGE else Frequency.DAILY
    for kind in NotificationKind.values
}


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something a member should know about, shown under the bell and perhaps mailed."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=255)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # Callers collapse repeats ("3 new messages in a conversation") onto one unread row.
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, blank=True)
    # How this one reaches the member by mail when they chose it for its source rather than for
    # the kind (a group's "every new thread" / digest / off); empty: the kind's setting.
    frequency = models.CharField(
        _("frequency"), max_length=20, choices=Frequency.choices, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["recipient", "created_at"], name="notification_recent_idx"),
        ]

    def __str__(self):
        return self.title


class NotificationSettingManager(models.Manager):
    def for_user(self, user) -> dict[str, str]:
        """Kind -> frequency for every kind, defaults filled in, in one query."""
        chosen = dict(self.filter(user=user).values_list("kind", "frequency"))
        return {kind: chosen.get(kind, default) for kind, default in DEFAULT_FREQUENCIES.items()}


class NotificationSetting(models.Model):
    """A member's choice of how one kind of notification reaches them by mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices)

    objects = NotificationSettingManager()

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="one_notification_setting_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.kind}: {self.frequency}"
