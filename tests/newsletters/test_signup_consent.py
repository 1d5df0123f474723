"""Topic boxes at sign-up (SECURITY.md E2, E3, E4): unticked, apart from the account fields, and
never a condition of membership."""

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

import pytest

from home.models import Faculty
from newsletters import consent
from newsletters.factories import TopicFactory
from newsletters.models import (
    CaptureMethod,
    CapturePoint,
    ConsentAction,
    ConsentEvent,
    Subscriber,
    Subscription,
    SubscriptionStatus,
)

from .test_subscribe import Checkboxes

pytestmark = pytest.mark.django_db

PASSWORD = "fjordsolskin-og-regn"


@pytest.fixture
def topics(db):
    return {
        "evu": TopicFactory(slug="evu", name_en="Continuing education"),
        "events": TopicFactory(slug="arr", name_en="Events"),
        "hh": TopicFactory(slug="hh", name_en="HH news", faculty=Faculty.objects.get(code="HH")),
        "old": TopicFactory(slug="old", name_en="Old", is_active=False),
    }


def signup(client, email="ny@example.no", topics=()):
    data = {
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "first_name": "Kari",
        "last_name": "Nordmann",
    }
    if topics:
        data["newsletter_topics"] = list(topics)
    return client.post(reverse("account_signup"), data)


def test_e3_the_signup_page_offers_the_central_active_topics_unticked(client, topics):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    page = Checkboxes(response.content.decode())
    boxes = [box for box in page.boxes if box.get("name") == "newsletter_topics"]
    assert {int(box["value"]) for box in boxes} == {topics["evu"].pk, topics["events"].pk}
    assert not any("checked" in box for box in page.boxes)
    assert len(page.legends) >= 1


def test_e3_signing_up_without_ticking_a_box_works_exactly_as_before(client, topics):
    response = signup(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert get_user_model().objects.filter(email="ny@example.no").exists()
    assert not Subscriber.objects.exists()
    assert not ConsentEvent.objects.exists()
    assert len(mail.outbox) == 1  # only allauth's address confirmation


def test_e2_e4_ticked_boxes_become_pending_with_a_signup_ledger_entry_and_a_mail(client, topics):
    response = signup(client, topics=[topics["evu"].pk])
    assert response["Location"] == reverse("account_email_verification_sent")
    user = get_user_model().objects.get(email="ny@example.no")
    subscriber = Subscriber.objects.get(user=user)
    assert Subscription.objects.get().status == SubscriptionStatus.PENDING
    assert consent.active_topic_ids(subscriber) == set()
    event = ConsentEvent.objects.get()
    assert (
        event.topic,
        event.action,
        event.capture_point,
        event.method,
        event.consent_text.version,
    ) == (topics["evu"], ConsentAction.REQUESTED, CapturePoint.SIGNUP, CaptureMethod.WEB_FORM, 1)
    confirmation = [m for m in mail.outbox if "/nyhetsbrev/bekreft/" in m.body]
    assert len(confirmation) == 1 and confirmation[0].to == ["ny@example.no"]
    assert "List-Unsubscribe-Post" not in confirmation[0].message().as_string()


def test_junk_inactive_and_faculty_topic_ids_at_signup_are_ignored(client, topics):
    response = signup(
        client, topics=["abc", "99999", topics["old"].pk, topics["hh"].pk, "1; DROP TABLE"]
    )
    assert response.status_code == 302
    assert get_user_model().objects.filter(email="ny@example.no").exists()
    assert not Subscription.objects.exists()
    assert not [m for m in mail.outbox if "/nyhetsbrev/" in m.body]


def test_a_failed_signup_shows_only_the_boxes_the_person_ticked_as_ticked(client, topics):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "ny@example.no",
            "password1": "kort",
            "password2": "kort",
            "newsletter_topics": [topics["events"].pk],
        },
    )
    assert response.status_code == 200
    ticked = {
        int(box["value"])
        for box in Checkboxes(response.content.decode()).boxes
        if box.get("name") == "newsletter_topics" and "checked" in box
    }
    assert ticked == {topics["events"].pk}
    assert not Subscription.objects.exists()
