"""Unsubscribing from the link in a mail (SECURITY.md E2, E5, E6, C1): a GET only asks, the POST
works without login, session, cookies or CSRF token, and takes effect at once."""

from django.test import Client
from django.urls import reverse
from django.utils import translation

import pytest

from newsletters import consent, tokens
from newsletters.factories import SubscriberFactory, TopicFactory
from newsletters.models import (
    Campaign,
    CaptureMethod,
    CapturePoint,
    ConsentAction,
    ConsentEvent,
    Suppression,
)

pytestmark = pytest.mark.django_db

ONE_CLICK = "List-Unsubscribe=One-Click"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def topics(db):
    return [TopicFactory(slug=f"t{n}", name_en=f"Topic {n}") for n in range(3)]


@pytest.fixture
def subscriber(topics):
    subscriber = SubscriberFactory(email="lise@example.org")
    consent.request_subscription(subscriber, topics, capture_point=CapturePoint.PUBLIC_FORM)
    consent.confirm(subscriber, [t.pk for t in topics])
    return subscriber


@pytest.fixture
def campaign(topics):
    campaign = Campaign.objects.create(title="Vårens kurs", subject_nb="Kurs", body_nb=[])
    campaign.topics.set(topics[:2])
    campaign.save()
    return campaign


@pytest.fixture
def mail_program():
    """What a mail program's one-click POST looks like: no cookies, CSRF enforced."""
    return Client(enforce_csrf_checks=True)


def link(subscriber, campaign=None):
    return reverse("newsletters:unsubscribe", args=[tokens.unsubscribe_token(subscriber, campaign)])


def test_e6_get_on_the_unsubscribe_link_changes_nothing(mail_program, subscriber, topics, campaign):
    before = ConsentEvent.objects.count()
    with translation.override("en"):
        response = mail_program.get(link(subscriber, campaign))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Topic 0" in html and "Topic 1" in html and "Topic 2" not in html
    assert "no-store" in response["Cache-Control"]
    assert consent.active_topic_ids(subscriber) == {t.pk for t in topics}
    assert ConsentEvent.objects.count() == before
    assert not Suppression.is_suppressed(subscriber.email)


def test_e6_one_click_post_without_cookies_or_csrf_withdraws_the_campaigns_topics(
    mail_program, subscriber, topics, campaign
):
    response = mail_program.post(link(subscriber, campaign), ONE_CLICK, content_type=FORM)
    assert response.status_code == 200
    assert not response.cookies
    assert consent.active_topic_ids(subscriber) == {topics[2].pk}  # E5: at once
    withdrawn = ConsentEvent.objects.filter(action=ConsentAction.WITHDRAWN)
    assert {
        (e.topic_id, e.capture_point, e.method, e.campaign_id, e.consent_text.version)
        for e in withdrawn
    } == {
        (t.pk, CapturePoint.ONE_CLICK, CaptureMethod.ONE_CLICK_POST, campaign.pk, 1)
        for t in topics[:2]
    }


def test_e6_one_click_post_of_a_link_without_campaign_withdraws_everything(
    mail_program, subscriber
):
    response = mail_program.post(link(subscriber), ONE_CLICK, content_type=FORM)
    assert response.status_code == 200
    assert consent.active_topic_ids(subscriber) == set()
    assert Suppression.is_suppressed("lise@example.org")


def test_e5_the_pages_own_form_withdraws_the_campaigns_topics_without_login(
    mail_program, subscriber, topics, campaign
):
    with translation.override("en"):
        response = mail_program.post(link(subscriber, campaign), {"scope": "campaign"})
    assert response.status_code == 200
    assert "is unsubscribed from" in response.content.decode()
    assert consent.active_topic_ids(subscriber) == {topics[2].pk}
    assert set(
        ConsentEvent.objects.filter(action=ConsentAction.WITHDRAWN).values_list(
            "capture_point", "method", "campaign"
        )
    ) == {(CapturePoint.UNSUBSCRIBE_PAGE, CaptureMethod.EMAIL_LINK, campaign.pk)}
    assert not Suppression.is_suppressed(subscriber.email)


def test_e5_unsubscribe_from_everything_withdraws_all_and_suppresses_the_address(
    mail_program, subscriber, campaign
):
    response = mail_program.post(link(subscriber, campaign), {"scope": "all"})
    assert response.status_code == 200
    assert consent.active_topic_ids(subscriber) == set()
    assert Suppression.is_suppressed(subscriber.email)
    assert ConsentEvent.objects.filter(action=ConsentAction.WITHDRAWN).count() == 3


@pytest.mark.parametrize("method", ["get", "post"])
def test_e6_c1_a_tampered_or_foreign_token_is_refused_and_changes_nothing(
    mail_program, subscriber, topics, method
):
    good = tokens.unsubscribe_token(subscriber)
    other_purpose = tokens.manage_token(subscriber)
    bad_tokens = [good[:-3] + "abc", other_purpose, f"{subscriber.pk}", "x" * 40]
    before = ConsentEvent.objects.count()
    for bad in bad_tokens:
        url = reverse("newsletters:unsubscribe", args=[bad])
        if method == "get":
            response = mail_program.get(url)
        else:
            response = mail_program.post(url, ONE_CLICK, content_type=FORM)
        assert response.status_code == 404
    assert ConsentEvent.objects.count() == before
    assert consent.active_topic_ids(subscriber) == {t.pk for t in topics}


def test_e6_c1_one_subscribers_link_never_touches_another(mail_program, subscriber, topics):
    neighbour = SubscriberFactory()
    consent.request_subscription(neighbour, topics, capture_point=CapturePoint.PUBLIC_FORM)
    consent.confirm(neighbour, [t.pk for t in topics])
    mail_program.post(link(subscriber), ONE_CLICK, content_type=FORM)
    assert consent.active_topic_ids(neighbour) == {t.pk for t in topics}
    assert not Suppression.is_suppressed(neighbour.email)
