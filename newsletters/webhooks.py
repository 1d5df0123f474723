"""What the mail provider tells us (SECURITY.md E8), through django-anymail's normalised signals.

Anymail's webhook views authenticate every call before a signal is sent: HTTP basic auth with
`ANYMAIL["WEBHOOK_SECRET"]`, plus the provider's own signature where it has one (Mailgun:
HMAC-SHA256 of timestamp and token with `MAILGUN_WEBHOOK_SIGNING_KEY`). A refused call sends no
signal, so nothing here runs for it.

- A hard bounce, a complaint or a rejection puts the address on the suppression list and
  withdraws every consent (capture point BOUNCE, method WEBHOOK); the delivery it concerns gets
  its feedback. Each event is handled once: a replay changes nothing (WebhookEvent).
- A mail to the unsubscribe mailbox (the mailto: of List-Unsubscribe) carries the signed
  unsubscribe token in its subject and withdraws consent to that campaign's topics.
"""

import hashlib
import logging
import re

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone

from anymail.signals import inbound, tracking

from . import consent, tokens
from .models import (
    CaptureMethod,
    CapturePoint,
    Delivery,
    Feedback,
    Subscriber,
    Suppression,
    SuppressionReason,
    WebhookEvent,
)

logger = logging.getLogger(__name__)

SUPPRESSING = {
    "bounced": (SuppressionReason.BOUNCED, Feedback.BOUNCED),
    "rejected": (SuppressionReason.BOUNCED, Feedback.BOUNCED),
    "complained": (SuppressionReason.COMPLAINED, Feedback.COMPLAINED),
}
TOKEN_IN_SUBJECT = re.compile(r"unsubscribe\s+(\S+)", re.IGNORECASE)


def _event_key(event) -> str:
    if event.event_id:
        return str(event.event_id)[:200]
    # No id from the provider: the event's own content identifies a replay.
    raw = f"{event.event_type}|{event.recipient}|{event.message_id}|{event.timestamp}"
    return "sha256:" + hashlib.sha256(raw.encode()).hexdigest()


def _first_time(esp_name, event) -> bool:
    """Record the event; False if it was handled before (the provider delivers again)."""
    try:
        with transaction.atomic():
            _row, created = WebhookEvent.objects.get_or_create(
                esp_name=(esp_name or "")[:40],
                event_id=_event_key(event),
                defaults={"event_type": str(event.event_type)[:20]},
            )
    except IntegrityError:  # the same event arriving twice at once
        return False
    return created


def _deliveries(message_id):
    bare = message_id.strip("<>")
    return Delivery.objects.filter(Q(message_id=bare) | Q(message_id=f"<{bare}>"))


@receiver(tracking, dispatch_uid="newsletters_tracking")
def handle_tracking(sender, event, esp_name, **kwargs):
    if event.event_type not in SUPPRESSING or not event.recipient:
        return
    reason, feedback = SUPPRESSING[event.event_type]
    with transaction.atomic():
        if not _first_time(esp_name, event):
            return
        delivery = None
        if event.message_id:
            delivery = _deliveries(event.message_id).select_related("subscriber").first()
        if delivery is not None:
            Delivery.objects.filter(pk=delivery.pk).update(
                feedback=feedback, feedback_at=event.timestamp or timezone.now()
            )
        subscriber = Subscriber.objects.filter(email__iexact=event.recipient.strip()).first()
        if subscriber is not None:
            consent.withdraw_all(
                subscriber,
                capture_point=CapturePoint.BOUNCE,
                method=CaptureMethod.WEBHOOK,
                campaign=delivery.campaign if delivery else None,
                suppress=reason,
            )
        else:
            Suppression.suppress(event.recipient, reason)
    logger.info("%s %s: address suppressed", esp_name, event.event_type)


@receiver(inbound, dispatch_uid="newsletters_inbound_unsubscribe")
def handle_inbound(sender, event, esp_name, **kwargs):
    message = event.message
    match = TOKEN_IN_SUBJECT.search((message.subject or "") if message else "")
    if not match:
        return
    found = tokens.read_unsubscribe_token(match.group(1))
    if found is None:
        return
    subscriber, campaign = found
    if campaign is not None:
        consent.withdraw(
            subscriber,
            list(campaign.topics.all()),
            capture_point=CapturePoint.MAILTO,
            method=CaptureMethod.EMAIL,
            campaign=campaign,
        )
    else:
        consent.withdraw_all(
            subscriber, capture_point=CapturePoint.MAILTO, method=CaptureMethod.EMAIL
        )
