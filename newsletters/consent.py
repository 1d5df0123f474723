"""The one place consent changes (SECURITY.md E1-E5): every change of a subscription writes its
ledger entry in the same transaction, with the consent text the person was shown.

Subscribing never takes effect at once: a request makes the subscription pending, and only the
link in the confirmation mail makes it active (double opt-in, E4). Withdrawing takes effect at
once, and the sending re-checks consent for every batch (E1, E5).
"""

from django.db import transaction
from django.utils import timezone

from .models import (
    CaptureMethod,
    CapturePoint,
    ConsentAction,
    ConsentEvent,
    Subscriber,
    Subscription,
    SubscriptionStatus,
    Suppression,
    SuppressionReason,
    Topic,
    email_hash,
)


def member_name(user) -> str:
    profile = getattr(user, "profile", None)
    return (getattr(profile, "display_name", "") or user.get_full_name() or "")[:150]


def subscriber_for_user(user) -> Subscriber:
    """The member's subscriber row, made on first use with the account's address and language."""
    subscriber = Subscriber.objects.filter(user=user).first()
    if subscriber:
        return subscriber
    with transaction.atomic():
        # A person who subscribed on the public form and later joined keeps their consents.
        subscriber = Subscriber.objects.select_for_update().filter(email__iexact=user.email).first()
        if subscriber and subscriber.user_id is None:
            subscriber.user = user
            subscriber.email = user.email
            subscriber.save(update_fields=["user", "email"])
            return subscriber
        return Subscriber.objects.create(
            user=user,
            email=user.email,
            name=member_name(user),
            language=(getattr(user, "preferred_language", "") or "nb")[:2],
        )


def subscriber_for_address(email: str, name: str = "", language: str = "nb") -> Subscriber:
    """The subscriber for an address given on the public form. An existing subscriber (perhaps a
    member) is returned unchanged: nobody can rename someone else by typing their address."""
    existing = Subscriber.objects.filter(email__iexact=email.strip()).first()
    if existing:
        return existing
    return Subscriber.objects.create(email=email.strip(), name=name[:150], language=language[:2])


def _record(subscriber, topic, action, consent_text, capture_point, method, campaign=None):
    ConsentEvent.objects.create(
        subscriber=subscriber,
        topic=topic,
        action=action,
        consent_text=consent_text,
        capture_point=capture_point,
        method=method,
        campaign=campaign,
    )


def request_subscription(subscriber, topics, *, capture_point, method=CaptureMethod.WEB_FORM):
    """Ask to subscribe to `topics`: each not already active becomes pending. Returns the topics
    that now wait for confirmation (send them in one confirmation mail)."""
    pending = []
    with transaction.atomic():
        current = {
            s.topic_id: s
            for s in Subscription.objects.select_for_update().filter(
                subscriber=subscriber, topic__in=topics
            )
        }
        for topic in topics:
            subscription = current.get(topic.pk)
            if subscription and subscription.status == SubscriptionStatus.ACTIVE:
                continue
            text = topic.current_consent_text()
            if subscription is None:
                subscription = Subscription(subscriber=subscriber, topic=topic)
            subscription.status = SubscriptionStatus.PENDING
            subscription.consent_text = text
            subscription.requested_at = timezone.now()
            subscription.confirmed_at = None
            subscription.save()
            _record(subscriber, topic, ConsentAction.REQUESTED, text, capture_point, method)
            pending.append(topic)
    return pending


def confirm(subscriber, topic_pks) -> list[Topic]:
    """The confirmation link was used: the pending subscriptions it names become active. A person
    who confirms anew has given fresh consent, so an earlier unsubscribe-from-all is lifted."""
    confirmed = []
    with transaction.atomic():
        subscriptions = (
            Subscription.objects.select_for_update()
            .select_related("topic", "consent_text")
            .filter(subscriber=subscriber, topic__in=topic_pks, status=SubscriptionStatus.PENDING)
        )
        for subscription in subscriptions:
            subscription.status = SubscriptionStatus.ACTIVE
            subscription.confirmed_at = timezone.now()
            subscription.save(update_fields=["status", "confirmed_at", "updated_at"])
            _record(
                subscriber,
                subscription.topic,
                ConsentAction.CONFIRMED,
                subscription.consent_text,
                CapturePoint.CONFIRMATION,
                CaptureMethod.EMAIL_LINK,
            )
            confirmed.append(subscription.topic)
        if confirmed:
            Suppression.objects.filter(
                email_hash=email_hash(subscriber.email), reason=SuppressionReason.UNSUBSCRIBED
            ).delete()
    return confirmed


def withdraw(subscriber, topics, *, capture_point, method, campaign=None) -> list[Topic]:
    """Withdraw consent to `topics` (active or pending) at once. Returns the topics withdrawn."""
    withdrawn = []
    with transaction.atomic():
        subscriptions = (
            Subscription.objects.select_for_update()
            .select_related("topic", "consent_text")
            .filter(subscriber=subscriber, topic__in=topics)
            .exclude(status=SubscriptionStatus.WITHDRAWN)
        )
        for subscription in subscriptions:
            subscription.status = SubscriptionStatus.WITHDRAWN
            subscription.save(update_fields=["status", "updated_at"])
            _record(
                subscriber,
                subscription.topic,
                ConsentAction.WITHDRAWN,
                subscription.consent_text,
                capture_point,
                method,
                campaign,
            )
            withdrawn.append(subscription.topic)
    return withdrawn


def withdraw_all(subscriber, *, capture_point, method, campaign=None, suppress=None):
    """Withdraw every consent; with `suppress` (a SuppressionReason) the address also goes on the
    suppression list, so nothing reaches it until the person confirms a subscription again."""
    with transaction.atomic():
        topics = Topic.objects.filter(subscriptions__subscriber=subscriber)
        withdrawn = withdraw(
            subscriber, list(topics), capture_point=capture_point, method=method, campaign=campaign
        )
        if suppress:
            Suppression.suppress(subscriber.email, suppress)
    return withdrawn


def active_topic_ids(subscriber) -> set[int]:
    return set(
        Subscription.objects.active()
        .filter(subscriber=subscriber)
        .values_list("topic_id", flat=True)
    )
