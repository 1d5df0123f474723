"""The preference centre (SECURITY.md E2, E4, C1, S7): a member's topics — the whole university's
and every faculty of theirs — one switch each, and the consent history; the same page from a
signed manage link for people without an account."""

from django.core import mail
from django.urls import reverse
from django.utils import translation

import pytest

from community.models import EducationRecord
from home.models import Faculty
from newsletters import consent, tokens
from newsletters.factories import SubscriberFactory, TopicFactory
from newsletters.models import (
    CaptureMethod,
    CapturePoint,
    ConsentAction,
    ConsentEvent,
    Subscription,
    SubscriptionStatus,
    Suppression,
)

from .test_subscribe import Checkboxes

pytestmark = pytest.mark.django_db

PREFERENCES = "/nyhetsbrev/mine/"


@pytest.fixture
def topics(db):
    faculties = {f.code: f for f in Faculty.objects.all()}
    return {
        "central": TopicFactory(slug="sentral", name_en="University news"),
        "HH": TopicFactory(slug="hh", name_en="HH news", faculty=faculties["HH"]),
        "HS": TopicFactory(slug="hs", name_en="HS news", faculty=faculties["HS"]),
        "TNM": TopicFactory(slug="tnm", name_en="TNM news", faculty=faculties["TNM"]),
    }


def offered_ids(response):
    return {int(box["value"]) for box in Checkboxes(response.content.decode()).boxes}


def ticked_ids(response):
    return {
        int(box["value"]) for box in Checkboxes(response.content.decode()).boxes if "checked" in box
    }


def test_preferences_need_login(client):
    response = client.get(PREFERENCES)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_member_of_two_faculties_is_offered_central_and_both_faculties_topics(
    client, verified_member, topics
):
    EducationRecord.objects.create(
        profile=verified_member.profile, faculty=Faculty.objects.get(code="HS")
    )
    client.force_login(verified_member)
    response = client.get(PREFERENCES)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert offered_ids(response) == {topics[c].pk for c in ("central", "HH", "HS")}
    assert ticked_ids(response) == set()


def test_turning_a_topic_on_makes_it_pending_and_sends_a_confirmation(
    client, verified_member, topics
):
    client.force_login(verified_member)
    response = client.post(PREFERENCES, {"topics": [topics["HH"].pk]})
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.status == SubscriptionStatus.PENDING
    event = ConsentEvent.objects.get()
    assert (event.action, event.capture_point, event.method, event.consent_text.version) == (
        ConsentAction.REQUESTED,
        CapturePoint.PREFERENCES,
        CaptureMethod.WEB_FORM,
        1,
    )
    assert [m.to for m in mail.outbox] == [[verified_member.email]]
    with translation.override("en"):
        page = client.get("/en/nyhetsbrev/mine/")
    assert ticked_ids(page) == {topics["HH"].pk}
    assert "Waiting for confirmation" in page.content.decode()


def test_turning_a_topic_off_withdraws_it_at_once_and_the_history_shows_every_step(
    client, verified_member, topics
):
    subscriber = consent.subscriber_for_user(verified_member)
    consent.request_subscription(
        subscriber, [topics["central"], topics["HH"]], capture_point=CapturePoint.SIGNUP
    )
    consent.confirm(subscriber, [topics["central"].pk, topics["HH"].pk])
    client.force_login(verified_member)
    client.post(PREFERENCES, {"topics": [topics["central"].pk]})
    assert consent.active_topic_ids(subscriber) == {topics["central"].pk}
    withdrawal = ConsentEvent.objects.get(action=ConsentAction.WITHDRAWN)
    assert (withdrawal.topic, withdrawal.capture_point, withdrawal.method) == (
        topics["HH"],
        CapturePoint.PREFERENCES,
        CaptureMethod.WEB_FORM,
    )
    assert mail.outbox == []
    with translation.override("en"):
        page = client.get("/en/nyhetsbrev/mine/").content.decode()
    assert page.count("<tr>") == 1 + 5  # header + 2 requested, 2 confirmed, 1 withdrawn
    for words in ("Sign-up", "Preference centre", "Confirmation mail", "Withdrew consent"):
        assert words in page
    assert "<details>" in page and "Yes, e-mail me about this topic" in page


def test_unsubscribe_from_everything_in_the_preference_centre(client, verified_member, topics):
    subscriber = consent.subscriber_for_user(verified_member)
    consent.request_subscription(subscriber, [topics["central"]], capture_point=CapturePoint.SIGNUP)
    consent.confirm(subscriber, [topics["central"].pk])
    client.force_login(verified_member)
    response = client.post(PREFERENCES, {"action": "withdraw_all"})
    assert response.status_code == 302
    assert consent.active_topic_ids(subscriber) == set()
    assert Suppression.is_suppressed(verified_member.email)


def test_c1_a_member_cannot_subscribe_to_a_topic_not_offered_to_them(
    client, verified_member, topics
):
    client.force_login(verified_member)
    response = client.post(PREFERENCES, {"topics": [topics["TNM"].pk]})
    assert response.status_code == 400
    assert not Subscription.objects.exists()


def test_c1_a_member_only_ever_changes_their_own_consents(client, member, verified_member, topics):
    other = consent.subscriber_for_user(verified_member)
    consent.request_subscription(other, [topics["central"]], capture_point=CapturePoint.SIGNUP)
    consent.confirm(other, [topics["central"].pk])
    client.force_login(member)
    client.post(PREFERENCES, {"action": "withdraw_all", "subscriber": other.pk})
    client.post(PREFERENCES, {"topics": [], "subscriber": other.pk})
    assert consent.active_topic_ids(other) == {topics["central"].pk}


def test_the_manage_link_works_without_login_for_a_person_without_an_account(client, topics):
    subscriber = SubscriberFactory(email="uten.konto@example.org")
    consent.request_subscription(
        subscriber, [topics["central"]], capture_point=CapturePoint.PUBLIC_FORM
    )
    consent.confirm(subscriber, [topics["central"].pk])
    url = reverse("newsletters:manage", args=[tokens.manage_token(subscriber)])
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert offered_ids(response) == {topics["central"].pk}
    assert ticked_ids(response) == {topics["central"].pk}
    response = client.post(url, {"topics": []})
    assert response.status_code == 302
    assert consent.active_topic_ids(subscriber) == set()
    event = ConsentEvent.objects.get(action=ConsentAction.WITHDRAWN)
    assert (event.capture_point, event.method) == (
        CapturePoint.PREFERENCES,
        CaptureMethod.EMAIL_LINK,
    )


def test_c1_a_manage_link_with_a_bad_token_shows_nothing_and_changes_nothing(client, topics):
    subscriber = SubscriberFactory()
    consent.request_subscription(
        subscriber, [topics["central"]], capture_point=CapturePoint.PUBLIC_FORM
    )
    consent.confirm(subscriber, [topics["central"].pk])
    for bad in (
        tokens.manage_token(subscriber)[:-2] + "zz",
        tokens.unsubscribe_token(subscriber),
        str(subscriber.pk),
    ):
        url = reverse("newsletters:manage", args=[bad])
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "withdraw_all"}).status_code == 404
    assert consent.active_topic_ids(subscriber) == {topics["central"].pk}


def test_m7_turning_topics_on_again_and_again_sends_at_most_five_mails(
    client, verified_member, topics
):
    client.force_login(verified_member)
    for _ in range(7):
        client.post(PREFERENCES, {"topics": [topics["central"].pk]})
        client.post(PREFERENCES, {"topics": []})
    assert len(mail.outbox) == 5
