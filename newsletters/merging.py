"""How newsletter subscriptions of two accounts of one person merge (accounts.merging, issue 9).

One subscriber is kept, the target's (or the source's, re-pointed at the target, when the target
has none). Subscriptions: a topic only the source had moves over; a topic both had keeps the state
the person chose last (the later change wins, so a withdrawal is never undone by a merge and a
newer confirmation is not lost). Both consent ledgers end up pointing at the kept subscriber — the
one sanctioned change to the append-only ledger besides erasure, since it is the same person.
Deliveries move too; a campaign both received keeps the target's delivery, and the source's stays
in the campaign's report without a subscriber.
"""

from django.db import IntegrityError, models, transaction

from accounts.registry import register_merge

from .models import ConsentEvent, Delivery, Subscriber, Subscription, email_hash


def merge_subscribers(source, target):
    source_subscriber = Subscriber.objects.filter(user=source).first()
    if source_subscriber is None:
        return
    target_subscriber = Subscriber.objects.filter(user=target).first()
    if target_subscriber is None:
        Subscriber.objects.filter(pk=source_subscriber.pk).update(user=target)
        try:
            # A member's subscriber follows the account's address (newsletters.signals).
            with transaction.atomic():
                Subscriber.objects.filter(pk=source_subscriber.pk).update(
                    email=target.email, email_hash=email_hash(target.email)
                )
        except IntegrityError:
            pass  # a non-member subscriber already has the target's address; keep the old one
        return
    kept = {s.topic_id: s for s in Subscription.objects.filter(subscriber=target_subscriber)}
    for subscription in Subscription.objects.filter(subscriber=source_subscriber):
        twin = kept.get(subscription.topic_id)
        if twin is None:
            Subscription.objects.filter(pk=subscription.pk).update(subscriber=target_subscriber)
        elif subscription.updated_at > twin.updated_at:
            Subscription.objects.filter(pk=twin.pk).update(
                status=subscription.status,
                consent_text=subscription.consent_text_id,
                requested_at=subscription.requested_at,
                confirmed_at=subscription.confirmed_at,
                updated_at=subscription.updated_at,
            )
    # The ledger's manager refuses updates; re-pointing to the same person is allowed here.
    models.QuerySet.update(
        ConsentEvent.objects.filter(subscriber=source_subscriber), subscriber=target_subscriber
    )
    received = Delivery.objects.filter(subscriber=target_subscriber).values("campaign_id")
    source_deliveries = Delivery.objects.filter(subscriber=source_subscriber)
    source_deliveries.filter(campaign_id__in=received).update(subscriber=None)
    source_deliveries.update(subscriber=target_subscriber)
    source_subscriber.delete()  # with the subscriptions that were duplicates


register_merge(Subscriber, merge_subscribers)
