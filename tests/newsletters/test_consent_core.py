"""The consent service and ledger (SECURITY.md E2, E4): the core every entry point goes through."""

import pytest

from accounts.factories import UserFactory
from newsletters import consent
from newsletters.factories import SubscriberFactory, TopicFactory
from newsletters.models import (
    CaptureMethod,
    CapturePoint,
    ConsentAction,
    ConsentEvent,
    Subscription,
    SubscriptionStatus,
    Suppression,
    SuppressionReason,
    email_hash,
)

pytestmark = pytest.mark.django_db


def test_a_request_stays_pending_until_confirmed_and_the_ledger_records_both_steps():
    topic = TopicFactory()
    subscriber = SubscriberFactory()
    pending = consent.request_subscription(
        subscriber, [topic], capture_point=CapturePoint.PUBLIC_FORM
    )
    assert pending == [topic]
    assert Subscription.objects.get().status == SubscriptionStatus.PENDING
    assert consent.active_topic_ids(subscriber) == set()

    assert consent.confirm(subscriber, [topic.pk]) == [topic]
    assert consent.active_topic_ids(subscriber) == {topic.pk}
    actions = list(
        ConsentEvent.objects.order_by("pk").values_list("action", "consent_text__version")
    )
    assert actions == [(ConsentAction.REQUESTED, 1), (ConsentAction.CONFIRMED, 1)]


def test_changing_the_consent_text_starts_a_new_version_and_keeps_the_old_text():
    topic = TopicFactory()
    first = topic.current_consent_text()
    topic.consent_text_nb = "Ny tekst"
    topic.save()
    topic.refresh_from_db()
    assert topic.consent_version == 2
    assert topic.current_consent_text().text_nb == "Ny tekst"
    first.refresh_from_db()
    assert first.text_nb.startswith("Ja, send meg")
    topic.name_nb = "Bare nytt navn"
    topic.save()
    topic.refresh_from_db()
    assert topic.consent_version == 2


def test_the_ledger_cannot_be_changed_or_deleted():
    topic = TopicFactory()
    subscriber = SubscriberFactory()
    consent.request_subscription(subscriber, [topic], capture_point=CapturePoint.PREFERENCES)
    event = ConsentEvent.objects.get()
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        ConsentEvent.objects.update(action=ConsentAction.CONFIRMED)
    with pytest.raises(TypeError):
        ConsentEvent.objects.all().delete()
    assert ConsentEvent.objects.get().action == ConsentAction.REQUESTED


def test_withdraw_all_with_suppression_and_a_fresh_confirmation_lifts_it():
    topic = TopicFactory()
    subscriber = SubscriberFactory(email="Kari@Example.org")
    consent.request_subscription(subscriber, [topic], capture_point=CapturePoint.PUBLIC_FORM)
    consent.confirm(subscriber, [topic.pk])
    consent.withdraw_all(
        subscriber,
        capture_point=CapturePoint.UNSUBSCRIBE_PAGE,
        method=CaptureMethod.EMAIL_LINK,
        suppress=SuppressionReason.UNSUBSCRIBED,
    )
    assert consent.active_topic_ids(subscriber) == set()
    assert Suppression.is_suppressed("kari@example.org")
    consent.request_subscription(subscriber, [topic], capture_point=CapturePoint.PUBLIC_FORM)
    consent.confirm(subscriber, [topic.pk])
    assert not Suppression.is_suppressed("kari@example.org")


def test_a_member_subscriber_follows_the_account_address_and_language():
    user = UserFactory(email="ola@example.org")
    subscriber = consent.subscriber_for_user(user)
    user.email = "ola.nordmann@example.org"
    user.preferred_language = "en"
    user.save()
    subscriber.refresh_from_db()
    assert subscriber.email == "ola.nordmann@example.org"
    assert subscriber.language == "en"
    assert subscriber.email_hash == email_hash("ola.nordmann@example.org")


def test_erasing_a_member_keeps_the_ledger_without_the_person_and_suppresses_the_address():
    from accounts.registry import erase_user

    topic = TopicFactory()
    user = UserFactory(email="slettes@example.org")
    subscriber = consent.subscriber_for_user(user)
    consent.request_subscription(subscriber, [topic], capture_point=CapturePoint.PREFERENCES)
    consent.confirm(subscriber, [topic.pk])
    erase_user(user)
    assert list(ConsentEvent.objects.values_list("subscriber", "action")) == [
        (None, ConsentAction.CONFIRMED),
        (None, ConsentAction.REQUESTED),
    ]
    assert not Subscription.objects.exists()
    assert Suppression.is_suppressed("slettes@example.org")


def test_a_login_saving_only_last_login_costs_the_subscriber_sync_no_query(
    django_assert_num_queries,
):
    from django.utils import timezone

    user = UserFactory(email="innlogging@example.org")
    consent.subscriber_for_user(user)
    user.last_login = timezone.now()
    with django_assert_num_queries(1):  # the UPDATE of last_login itself
        user.save(update_fields=["last_login"])
    user.email = "ny.adresse@example.org"
    user.save(update_fields=["email"])
    assert consent.subscriber_for_user(user).email == "ny.adresse@example.org"
