"""One delivery row per recipient and campaign (SECURITY.md E9), and the webhook events already
handled (E8, idempotency).

A row moves queued → claimed (a batch, committed) → handing (committed just before the message's
final dot goes to the SMTP server) → sent, or to one of the skipped states when the checks at send
time (E1, the cap, the suppression list) say no. A worker that dies leaves `claimed` rows, which
go back to the queue, and at most one `handing` row, which counts as handed over: the mail is
never sent twice.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .campaigns import Campaign
from .consent import Subscriber


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    CLAIMED = "claimed", _("Being sent")
    HANDING = "handing", _("Handed over")
    SENT = "sent", _("Sent")
    SKIPPED_CONSENT = "no_consent", _("Skipped: no consent at send time")
    SKIPPED_CAP = "cap", _("Skipped: frequency cap")
    SKIPPED_SUPPRESSED = "suppressed", _("Skipped: suppressed address")
    FAILED = "failed", _("Refused by the mail server")


class Feedback(models.TextChoices):
    NONE = "", _("None")
    BOUNCED = "bounced", _("Bounced")
    COMPLAINED = "complained", _("Marked as spam")


class Delivery(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="deliveries"
    )
    # Kept without the person when a subscriber is erased, so the report stays right.
    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    language = models.CharField(_("language"), max_length=2, blank=True)
    claimed_by = models.CharField(_("worker"), max_length=64, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    message_id = models.CharField(_("message id"), max_length=200, blank=True, db_index=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    feedback = models.CharField(
        _("feedback"), max_length=10, choices=Feedback.choices, blank=True, default=""
    )
    feedback_at = models.DateTimeField(_("feedback received"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "subscriber"], name="newsletters_one_delivery_per_recipient"
            )
        ]
        indexes = [
            models.Index(fields=["campaign", "status"]),
            models.Index(fields=["subscriber", "status", "sent_at"]),
        ]

    def __str__(self):
        return f"{self.campaign} → {self.subscriber_id} ({self.get_status_display()})"


class WebhookEvent(models.Model):
    """A bounce or complaint event already processed: the provider may deliver it again."""

    event_id = models.CharField(_("event id"), max_length=200)
    esp_name = models.CharField(_("provider"), max_length=40)
    event_type = models.CharField(_("event"), max_length=20)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        constraints = [
            models.UniqueConstraint(fields=["esp_name", "event_id"], name="newsletters_event_once")
        ]

    def __str__(self):
        return f"{self.esp_name} {self.event_type} {self.event_id}"
