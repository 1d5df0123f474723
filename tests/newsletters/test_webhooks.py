"""Bounce and complaint webhooks (SECURITY.md E8) through Anymail, with a Mailgun tracking payload
signed as Mailgun signs it, and unsubscribe by mail (the mailto: of List-Unsubscribe)."""

import base64
import hashlib
import hmac
import json
import time

from django.utils import timezone

import pytest
from anymail.inbound import AnymailInboundMessage
from anymail.signals import AnymailInboundEvent, EventType, inbound

from newsletters import consent, sending, tokens
from newsletters.models import (
    CaptureMethod,
    CapturePoint,
    ConsentEvent,
    Delivery,
    Feedback,
    Suppression,
    SuppressionReason,
    WebhookEvent,
)

from .sending_helpers import make_campaign, subscribed

pytestmark = pytest.mark.django_db

URL = "/anymail/mailgun/tracking/"
SIGNING_KEY = "mailgun-signing-key"


@pytest.fixture(autouse=True)
def anymail_settings(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret", "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}


@pytest.fixture
def sent():
    campaign = make_campaign()
    (person,) = subscribed(campaign.topics.get(), 1, email="kari@example.org")
    sending.start_due_campaigns()
    sending.run_worker("w1")
    return Delivery.objects.get(subscriber=person)


def payload(delivery, event="failed", token="tok-1", key=SIGNING_KEY, severity="permanent"):  # noqa: S107
    timestamp = str(int(time.time()))
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return json.dumps(
        {
            "signature": {"timestamp": timestamp, "token": token, "signature": signature},
            "event-data": {
                "event": event,
                "severity": severity,
                "id": "evt",
                "timestamp": float(timestamp),
                "recipient": delivery.subscriber.email,
                "message": {"headers": {"message-id": delivery.message_id.strip("<>")}},
            },
        }
    )


def post(client, body, auth="hook:s3cret"):
    headers = {}
    if auth:
        headers["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(auth.encode()).decode()
    return client.post(URL, body, content_type="application/json", **headers)


def test_e8_a_signed_hard_bounce_suppresses_the_address_and_withdraws_consent(client, sent):
    response = post(client, payload(sent))
    assert response.status_code == 200
    assert Suppression.objects.get().reason == SuppressionReason.BOUNCED
    assert Suppression.is_suppressed("kari@example.org")
    assert consent.active_topic_ids(sent.subscriber) == set()
    withdrawal = ConsentEvent.objects.filter(action="withdrawn").get()
    assert (withdrawal.capture_point, withdrawal.method) == (
        CapturePoint.BOUNCE,
        CaptureMethod.WEBHOOK,
    )
    sent.refresh_from_db()
    assert sent.feedback == Feedback.BOUNCED


def test_e8_a_complaint_suppresses_as_complained(client, sent):
    post(client, payload(sent, event="complained"))
    assert Suppression.objects.get().reason == SuppressionReason.COMPLAINED
    sent.refresh_from_db()
    assert sent.feedback == Feedback.COMPLAINED


def test_e8_a_replayed_event_changes_nothing(client, sent):
    body = payload(sent)
    post(client, body)
    ledger = ConsentEvent.objects.count()
    Suppression.objects.all().delete()  # so a second run would show
    assert post(client, body).status_code == 200
    assert not Suppression.objects.exists()
    assert ConsentEvent.objects.count() == ledger
    assert WebhookEvent.objects.count() == 1


def test_e8_a_bad_signature_is_refused_and_suppresses_nothing(client, sent):
    response = post(client, payload(sent, key="wrong-key"))
    assert response.status_code == 400
    assert not Suppression.objects.exists()
    assert consent.active_topic_ids(sent.subscriber)


def test_e8_no_basic_auth_is_refused_and_suppresses_nothing(client, sent):
    # Anymail answers a failed authentication as a suspicious request (400).
    assert post(client, payload(sent), auth=None).status_code in (400, 401)
    assert post(client, payload(sent), auth="hook:wrong").status_code in (400, 401)
    assert not Suppression.objects.exists()


def test_a_soft_bounce_suppresses_nothing(client, sent):
    post(client, payload(sent, severity="temporary"))
    assert not Suppression.objects.exists()
    assert consent.active_topic_ids(sent.subscriber)


def test_e6_unsubscribe_by_mail_withdraws_the_campaigns_topics():
    campaign = make_campaign()
    (person,) = subscribed(campaign.topics.get(), 1)
    mailto = tokens.unsubscribe_mailto(person, campaign)
    subject = mailto.split("subject=", 1)[1].replace("%20", " ")
    message = AnymailInboundMessage.construct(
        from_email=person.email, to="avmelding@lists.alumni.usn.no", subject=subject
    )
    event = AnymailInboundEvent(
        event_type=EventType.INBOUND, timestamp=timezone.now(), message=message
    )
    inbound.send(sender=object, event=event, esp_name="Mailgun")
    assert consent.active_topic_ids(person) == set()
    withdrawal = ConsentEvent.objects.filter(action="withdrawn").get()
    assert (withdrawal.capture_point, withdrawal.method, withdrawal.campaign_id) == (
        CapturePoint.MAILTO,
        CaptureMethod.EMAIL,
        campaign.pk,
    )


def test_an_inbound_mail_with_a_forged_token_changes_nothing():
    campaign = make_campaign()
    (person,) = subscribed(campaign.topics.get(), 1)
    message = AnymailInboundMessage.construct(subject="unsubscribe WzEsMF0:forged:signature")
    event = AnymailInboundEvent(event_type=EventType.INBOUND, message=message)
    inbound.send(sender=object, event=event, esp_name="Mailgun")
    assert consent.active_topic_ids(person)
