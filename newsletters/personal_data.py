"""What newsletters hold about a person, registered with accounts.registry (SECURITY.md P1, P2).

Erasure: the address goes on the suppression list as a hash, so it never gets marketing mail again;
subscriptions go; ledger entries and deliveries stay without the person, so the consent figures and
campaign reports stay right and nothing in them identifies anyone.
"""

from django.utils.translation import gettext_lazy as _

from accounts.redaction import register_free_text
from accounts.registry import register

from .models import (
    Campaign,
    ConsentEvent,
    Delivery,
    Subscriber,
    Suppression,
    SuppressionReason,
)


def export_subscriber(user):
    subscriber = Subscriber.objects.filter(user=user).first()
    if subscriber is None:
        return {}
    return {
        "email": subscriber.email,
        "language": subscriber.language,
        "created_at": subscriber.created_at,
        "subscriptions": [
            {
                "topic": subscription.topic.name_nb,
                "status": subscription.status,
                "consent_text_version": subscription.consent_text.version,
                "requested_at": subscription.requested_at,
                "confirmed_at": subscription.confirmed_at,
            }
            for subscription in subscriber.subscriptions.select_related("topic", "consent_text")
        ],
        "consent_history": [
            {
                "time": event.created_at,
                "topic": event.topic.name_nb,
                "action": event.action,
                "consent_text_version": event.consent_text.version,
                "consent_text": event.consent_text.text_nb,
                "where": event.capture_point,
                "how": event.method,
            }
            for event in ConsentEvent.objects.filter(subscriber=subscriber)
            .select_related("topic", "consent_text")
            .order_by("created_at", "pk")
        ],
        "campaign_mails": list(
            Delivery.objects.filter(subscriber=subscriber, sent_at__isnull=False)
            .order_by("sent_at")
            .values("campaign__subject_nb", "sent_at", "status", "feedback")
        ),
    }


def erase_subscriber(user):
    subscriber = Subscriber.objects.filter(user=user).first()
    if subscriber is None:
        return
    Suppression.suppress(subscriber.email, SuppressionReason.ERASED)
    ConsentEvent.objects.all()._forget_subscriber(subscriber)
    Delivery.objects.filter(subscriber=subscriber).update(subscriber=None)
    subscriber.delete()  # and its subscriptions


register(
    Subscriber,
    label=_("Newsletter subscriptions and consent history"),
    edit_url="newsletters:preferences",
    export=export_subscriber,
    erase=erase_subscriber,
)


def erase_campaign_authorship(user):
    """Campaigns are the university's, not the author's: they stay, without the person."""
    Campaign.objects.filter(created_by=user).update(created_by=None)
    Campaign.objects.filter(locked_by=user).update(locked_by=None, locked=False, locked_at=None)


register(
    Campaign,
    label=_("Campaigns drafted"),
    export=lambda user: list(
        Campaign.objects.filter(created_by=user).values("title", "subject_nb", "created_at")
    ),
    erase=erase_campaign_authorship,
)


# A provider's bounce text kept on a delivery may quote the address (accounts.redaction, P2).
register_free_text(Delivery, "error")
