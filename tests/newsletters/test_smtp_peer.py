"""A campaign through the real SMTP path to a real SMTP server (aiosmtpd on 127.0.0.1): the
headers of a separate, unsubscribable marketing stream (SECURITY.md E6, E7), both parts, the
recipient's language with a fallback, alt text, and no tracking pixel."""

import email
import re
import socket
import threading
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller

from home.factories import ImageFactory
from newsletters import sending
from newsletters.factories import TopicFactory

from .sending_helpers import BODY_NB, make_campaign, subscribed

pytestmark = pytest.mark.django_db


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_peer(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MARKETING_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.WAGTAILADMIN_BASE_URL = "https://alumni.usn.no"
    yield inbox
    controller.stop()


def parsed(inbox):
    return {
        rcpt[0]: email.message_from_bytes(content, policy=default_policy)
        for rcpt, content in inbox.messages
    }


def test_e6_e7_a_campaign_arrives_over_smtp_with_the_marketing_headers_both_parts_and_languages(
    smtp_peer,
):
    topic = TopicFactory(slug="evu-helse", name_nb="EVU helse")
    image = ImageFactory(title="Campus Bø")
    body = [*BODY_NB, ("image", {"image": image, "alt_text": "Studenter på campus Bø"})]
    make_campaign([topic], body_nb=body)
    subscribed(topic, 1, language="nb", email="kari@example.org")
    subscribed(topic, 1, language="en", email="john@example.org")
    sending.start_due_campaigns()
    stats = sending.run_worker("smtp-1")
    assert stats.sent == 2

    messages = parsed(smtp_peer)
    assert set(messages) == {"kari@example.org", "john@example.org"}
    for message in messages.values():
        assert "nyhetsbrev@alumni.usn.no" in message["From"]
        assert message["List-Id"].endswith("<evu-helse.lists.alumni.usn.no>")
        unsubscribe = message["List-Unsubscribe"]
        assert re.search(r"<https://alumni\.usn\.no/[^>]*avmeld/[^>]+>", unsubscribe)
        assert "<mailto:avmelding@lists.alumni.usn.no?subject=unsubscribe" in unsubscribe
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["Message-ID"].endswith("@lists.alumni.usn.no>")
        assert message.get_content_type() == "multipart/alternative"
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert "https://alumni.usn.no/" in text and "<h1" in html
        assert "<script" not in html.lower()
        # No tracking pixel: every image is a content image with alt text, served by the site.
        images = re.findall(r"<img\b[^>]*>", html)
        assert all('alt="' in tag and 'width="1"' not in tag for tag in images)
    norwegian, english = messages["kari@example.org"], messages["john@example.org"]
    assert norwegian["Content-Language"] == "nb"
    assert '<html lang="nb"' in norwegian.get_body(("html",)).get_content()
    assert 'alt="Studenter på campus Bø"' in norwegian.get_body(("html",)).get_content()
    assert english["Subject"] == "New courses at USN"
    assert '<html lang="en"' in english.get_body(("html",)).get_content()


def test_without_an_english_version_an_english_reader_gets_the_norwegian(smtp_peer):
    topic = TopicFactory()
    make_campaign([topic], english=False)
    subscribed(topic, 1, language="en", email="john@example.org")
    sending.start_due_campaigns()
    sending.run_worker("smtp-1")
    message = parsed(smtp_peer)["john@example.org"]
    assert message["Subject"] == "Nye kurs ved USN"
    assert message["Content-Language"] == "nb"


def test_e9_one_connection_carries_the_whole_batch(smtp_peer, monkeypatch):
    topic = TopicFactory()
    make_campaign([topic])
    subscribed(topic, 5)
    opened = []
    original = sending.SMTPBackend.open

    def counting_open(self):
        opened.append(1)
        return original(self)

    monkeypatch.setattr(sending.SMTPBackend, "open", counting_open)
    sending.start_due_campaigns()
    sending.run_worker("smtp-1", batch_size=10)
    assert len(smtp_peer.messages) == 5
    assert len(opened) == 1


def test_a_recipient_the_server_refuses_is_recorded_as_failed_and_the_rest_still_go(smtp_peer):
    from newsletters.models import Delivery, DeliveryStatus

    class Refusing(Inbox):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.startswith("nobody"):
                return "550 No such user"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    refusing = Refusing()
    controller = Controller(refusing, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        from django.conf import settings

        settings.EMAIL_PORT = controller.port
        topic = TopicFactory()
        make_campaign([topic])
        subscribed(topic, 1, email="nobody@example.org")
        subscribed(topic, 1, email="kari@example.org")
        sending.start_due_campaigns()
        sending.run_worker("smtp-1")
    finally:
        controller.stop()
    assert [rcpt for rcpt, _content in refusing.messages] == [["kari@example.org"]]
    failed = Delivery.objects.get(status=DeliveryStatus.FAILED)
    assert failed.subscriber.email == "nobody@example.org" and "550" in failed.error
