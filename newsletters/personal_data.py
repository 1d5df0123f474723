"""What newsletters hold about a person, registered with accounts.registry (SECURITY.md P1, P2).

Erasure: the address goes on the suppression list as a hash, so it never gets marketing mail again;
subscriptions go; ledger entries and deliveries stay without the person, so the consent figures and
campaign reports stay right and nothing in them identifies anyone.
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from accounts.redaction import register_free_text
from accounts.registry import register
from accounts.retention import register_rule

from .models import (
    Campaign,
    ConsentEvent,
    Delivery,
    Subscriber,
    Subscription,
    SubscriptionStatus,
    Suppression,
    SuppressionReason,
    WebhookEvent,
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


# Retention (SECURITY.md P4, docs/privacy.md).
UNCONFIRMED_SUBSCRIBER_PERIOD = timedelta(days=30)
WEBHOOK_EVENT_PERIOD = timedelta(days=90)


def never_confirmed_subscribers(now):
    """People without an account who asked for a newsletter on the public form and never used
    the confirmation link: every subscription still pending, the last request over 30 days
    old. Members' subscriber rows follow the account instead."""
    cutoff = now - UNCONFIRMED_SUBSCRIBER_PERIOD
    subscriptions = Subscription.objects.filter(subscriber=OuterRef("pk"))
    return Subscriber.objects.filter(user__isnull=True, created_at__lt=cutoff).exclude(
        Exists(subscriptions.exclude(status=SubscriptionStatus.PENDING))
        | Exists(subscriptions.filter(requested_at__gte=cutoff))
    )


def purge_never_confirmed_subscribers(now) -> int:
    """The person goes; their ledger entries stay without them (the sanctioned change), so the
    figures of requests stay right. No suppression entry: they never got a newsletter, and may
    ask again."""
    purged = 0
    for subscriber in never_confirmed_subscribers(now).order_by("pk"):
        ConsentEvent.objects.all()._forget_subscriber(subscriber)
        Delivery.objects.filter(subscriber=subscriber).update(subscriber=None)
        subscriber.delete()  # and its pending subscriptions
        purged += 1
    return purged


def expired_webhook_events(now):
    return WebhookEvent.objects.filter(received_at__lt=now - WEBHOOK_EVENT_PERIOD)


register_rule(
    "unconfirmed_subscribers",
    _("Newsletter sign-ups never confirmed"),
    UNCONFIRMED_SUBSCRIBER_PERIOD,
    purge_never_confirmed_subscribers,
    count=lambda now: never_confirmed_subscribers(now).count(),
)
register_rule(
    "webhook_events",
    _("Mail provider events already processed"),
    WEBHOOK_EVENT_PERIOD,
    lambda now: expired_webhook_events(now).delete()[0],
    count=lambda now: expired_webhook_events(now).count(),
)
