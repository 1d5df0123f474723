"""The public subscription form and the double opt-in (SECURITY.md E2, E3, E4, M7, X5).

Visitors tick topics (never ticked for them), get one confirmation mail, and nothing is active
until the link in it is used with a POST. The form answers the same whatever the address.
"""

import re
from datetime import timedelta
from html.parser import HTMLParser

from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

import pytest
from freezegun import freeze_time

from newsletters import consent, tokens
from newsletters.factories import SubscriberFactory, TopicFactory
from newsletters.models import (
    CaptureMethod,
    CapturePoint,
    ConsentAction,
    ConsentEvent,
    Subscriber,
    Subscription,
    SubscriptionStatus,
)

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/nyhetsbrev/"


class Checkboxes(HTMLParser):
    """Every checkbox of a page, with whether it is ticked, and the fieldset legends."""

    def __init__(self, html):
        super().__init__()
        self.boxes, self.legends, self._in_legend = [], [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "checkbox":
            self.boxes.append(attrs)
        self._in_legend = tag == "legend"

    def handle_data(self, data):
        if self._in_legend and data.strip():
            self.legends.append(data.strip())


@pytest.fixture
def topics(db):
    return [
        TopicFactory(
            slug="evu", name_en="Continuing education", name_nb="Etter- og videreutdanning"
        ),
        TopicFactory(slug="arrangementer", name_en="Events", name_nb="Arrangementer"),
    ]


def subscribe(client, topics, email="ny@example.org", name="Nora Ny", **extra):
    data = {"name": name, "email": email, "topics": [t.pk for t in topics], **extra}
    return client.post(SUBSCRIBE, data)


def confirm_link(message) -> str:
    return re.search(r"https?://\S+/bekreft/\S+/", message.body).group(0)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_e3_the_public_form_offers_active_topics_as_unticked_boxes_in_a_fieldset(client, topics):
    TopicFactory(slug="gammelt", name_en="Old topic", is_active=False)
    with translation.override("en"):
        response = client.get("/en/nyhetsbrev/")
    assert response.status_code == 200
    page = Checkboxes(response.content.decode())
    assert {box["value"] for box in page.boxes} == {str(t.pk) for t in topics}
    assert not any("checked" in box for box in page.boxes)
    assert "Topics" in page.legends
    html = response.content.decode()
    assert "Yes, e-mail me about this topic" in html  # the consent text beside each box
    assert "Old topic" not in html


def test_e4_subscribing_leaves_the_topics_pending_and_sends_one_transactional_mail(client, topics):
    response = subscribe(client, topics)
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletters:subscribe_sent")
    subscriber = Subscriber.objects.get(email="ny@example.org")
    assert subscriber.name == "Nora Ny"
    assert set(Subscription.objects.values_list("status", flat=True)) == {
        SubscriptionStatus.PENDING
    }
    assert consent.active_topic_ids(subscriber) == set()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ny@example.org"]
    assert "List-Unsubscribe-Post" not in message.extra_headers
    assert "List-Unsubscribe" not in message.extra_headers
    assert "List-Unsubscribe" not in message.message().as_string()
    assert "Etter- og videreutdanning" in message.body and "Arrangementer" in message.body
    html = message.alternatives[0][0]
    assert confirm_link(message) in html


def test_e2_the_public_form_writes_a_ledger_entry_per_topic_with_where_how_and_version(
    client, topics
):
    subscribe(client, topics)
    events = ConsentEvent.objects.order_by("pk")
    assert {
        (e.topic_id, e.action, e.capture_point, e.method, e.consent_text.version) for e in events
    } == {
        (t.pk, ConsentAction.REQUESTED, CapturePoint.PUBLIC_FORM, CaptureMethod.WEB_FORM, 1)
        for t in topics
    }
    assert events.count() == 2


def test_the_answer_is_the_same_for_a_new_a_known_and_a_subscribed_address(client, topics):
    known = SubscriberFactory(email="kjent@example.org", name="Kjent Person")
    consent.request_subscription(known, topics, capture_point=CapturePoint.PUBLIC_FORM)
    consent.confirm(known, [t.pk for t in topics])
    answers = [
        subscribe(client, topics, email=email)
        for email in ("ukjent@example.org", "kjent@example.org")
    ]
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]
    sent = client.get(answers[1]["Location"])
    assert sent.status_code == 200
    known.refresh_from_db()
    assert known.name == "Kjent Person"  # nobody renames someone else by typing their address
    assert [m.to for m in mail.outbox] == [["ukjent@example.org"]]  # nothing left to confirm


def test_m7_the_sixth_confirmation_mail_within_30_minutes_is_not_sent(client, topics):
    for _ in range(6):
        response = subscribe(client, topics[:1], email="Mange@Example.org")
        assert response.status_code == 302
        assert response["Location"] == reverse("newsletters:subscribe_sent")
        Subscription.objects.update(status=SubscriptionStatus.WITHDRAWN)
    assert len(mail.outbox) == 5
    with freeze_time(timezone.now() + timedelta(minutes=31)):
        subscribe(client, topics[:1], email="mange@example.org")
    assert len(mail.outbox) == 6


def test_x5_a_name_with_a_line_break_is_refused_with_a_message(client, topics):
    with translation.override("en"):
        response = client.post(
            "/en/nyhetsbrev/",
            {
                "name": "Eve\r\nBcc: victim@example.org",
                "email": "eve@example.org",
                "topics": [topics[0].pk],
            },
        )
    assert response.status_code == 400
    assert "cannot contain line breaks" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_a_form_without_a_topic_is_refused(client, topics):
    with translation.override("en"):
        response = client.post(SUBSCRIBE, {"name": "A", "email": "a@example.org"})
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_a_member_sees_no_name_or_address_fields_and_subscribes_their_own_address(
    client, member, topics
):
    client.force_login(member)
    response = client.get(SUBSCRIBE)
    html = response.content.decode()
    assert 'name="email"' not in html and 'name="name"' not in html
    assert reverse("newsletters:preferences") in html
    response = client.post(
        SUBSCRIBE, {"topics": [topics[0].pk], "email": "someone.else@example.org"}
    )
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.user == member and subscriber.email == member.email
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_e4_a_get_on_the_confirmation_link_changes_nothing(client, topics):
    subscribe(client, topics)
    with translation.override("en"):
        response = client.get(path_of(confirm_link(mail.outbox[0])))
    assert response.status_code == 200
    assert "Cache-Control" in response and "no-store" in response["Cache-Control"]
    assert 'method="post"' in response.content.decode()
    assert set(Subscription.objects.values_list("status", flat=True)) == {
        SubscriptionStatus.PENDING
    }
    assert not ConsentEvent.objects.filter(action=ConsentAction.CONFIRMED).exists()


def test_e4_e2_posting_the_confirmation_activates_the_topics_and_records_it(client, topics):
    subscribe(client, topics)
    subscriber = Subscriber.objects.get()
    response = client.post(path_of(confirm_link(mail.outbox[0])))
    assert response.status_code == 200
    assert consent.active_topic_ids(subscriber) == {t.pk for t in topics}
    confirmed = ConsentEvent.objects.filter(action=ConsentAction.CONFIRMED)
    assert {(e.capture_point, e.method, e.consent_text.version) for e in confirmed} == {
        (CapturePoint.CONFIRMATION, CaptureMethod.EMAIL_LINK, 1)
    }
    # A second use confirms nothing new and writes nothing.
    client.post(path_of(confirm_link(mail.outbox[0])))
    assert confirmed.count() == 2


def test_e4_an_expired_confirmation_link_is_refused_and_changes_nothing(client, topics):
    subscribe(client, topics)
    link = path_of(confirm_link(mail.outbox[0]))
    with freeze_time(timezone.now() + timedelta(days=8)):
        assert client.get(link).status_code == 404
        assert client.post(link).status_code == 404
    assert consent.active_topic_ids(Subscriber.objects.get()) == set()


def test_e4_a_tampered_confirmation_link_is_refused(client, topics):
    subscribe(client, topics)
    subscriber = Subscriber.objects.get()
    other = SubscriberFactory()
    consent.request_subscription(other, topics, capture_point=CapturePoint.PUBLIC_FORM)
    token = tokens.confirmation_token(subscriber, [t.pk for t in topics])
    forged = token.replace(token.split(":")[0], tokens.confirmation_token(other, [1])[:-1])
    for bad in (token[:-2] + "xx", forged, "123"):
        assert client.post(reverse("newsletters:confirm", args=[bad])).status_code == 404
    assert not ConsentEvent.objects.filter(action=ConsentAction.CONFIRMED).exists()


def test_the_confirmation_mail_is_in_the_language_of_the_page_subscribed_on(client, topics):
    client.post(
        "/en/nyhetsbrev/",
        {"name": "Emma", "email": "emma@example.org", "topics": [topics[0].pk]},
    )
    subscriber = Subscriber.objects.get()
    assert subscriber.language == "en"
    message = mail.outbox[0]
    assert "Continuing education" in message.body
    assert "/en/nyhetsbrev/bekreft/" in message.body
    with translation.override("en"):
        assert message.subject == translation.gettext("Confirm your newsletter subscription")
