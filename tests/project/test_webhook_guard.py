"""The mail provider's webhooks never answer 500: without their keys they are not there (404);
with them, a request signed as Mailgun signs it is handled (SECURITY.md E8)."""

import base64
import hashlib
import hmac
import json
import time

import pytest

from newsletters.models import Suppression

pytestmark = pytest.mark.django_db

URLS = ["/anymail/mailgun/tracking/", "/anymail/mailgun/inbound/", "/anymail/mailgun/inbound_mime/"]
SIGNING_KEY = "mailgun-signing-key"
SECRET = "hook:s3cret"


def signed_bounce(recipient, key=SIGNING_KEY):
    timestamp, token = str(int(time.time())), "tok-guard"
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return json.dumps(
        {
            "signature": {"timestamp": timestamp, "token": token, "signature": signature},
            "event-data": {
                "event": "failed",
                "severity": "permanent",
                "id": "evt-guard",
                "timestamp": float(timestamp),
                "recipient": recipient,
                "message": {"headers": {"message-id": "unknown@example.org"}},
            },
        }
    )


def basic_auth(value=SECRET):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(value.encode()).decode()}


@pytest.mark.parametrize(
    "configured",
    [
        {},
        {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY},  # anyone able to sign could post
        {"WEBHOOK_SECRET": SECRET},  # no key to check Mailgun's signature with
    ],
    ids=["nothing", "signing-key-only", "secret-only"],
)
@pytest.mark.parametrize("url", URLS)
def test_unconfigured_webhooks_answer_404_never_500(client, settings, configured, url):
    settings.ANYMAIL = configured

    assert client.get(url).status_code == 404
    response = client.post(
        url, signed_bounce("kari@example.org"), content_type="application/json", **basic_auth()
    )
    assert response.status_code == 404
    assert not Suppression.objects.exists()


def test_configured_webhook_handles_a_signed_bounce(client, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}

    response = client.post(
        URLS[0], signed_bounce("kari@example.org"), content_type="application/json", **basic_auth()
    )

    assert response.status_code == 200
    assert Suppression.is_suppressed("kari@example.org")


@pytest.mark.parametrize("url", URLS)
def test_configured_webhooks_refuse_strangers_without_a_500(client, settings, url):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "MAILGUN_API_KEY": "key-fallback"}

    anonymous = client.get(url)
    wrong_password = client.post(
        url, signed_bounce("x@example.org"), content_type="application/json", **basic_auth("a:b")
    )

    assert 400 <= anonymous.status_code < 500
    assert 400 <= wrong_password.status_code < 500
    assert not Suppression.objects.exists()
