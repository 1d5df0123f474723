"""The headers of marketing mail (SECURITY.md E6, E7, X5), and that transactional mail carries none
of them."""

from email.utils import parseaddr

from django.core import mail
from django.urls import reverse

import pytest

from accounts.factories import UserFactory
from newsletters import sending
from newsletters.factories import TopicFactory
from newsletters.models import Delivery

from .sending_helpers import make_campaign, subscribed

pytestmark = pytest.mark.django_db


def send_one(**campaign_fields):
    topic = TopicFactory(slug="karriere", name_nb="Karriere")
    make_campaign([topic], **campaign_fields)
    subscribed(topic, 1, name="Kari Nordmann", email="kari@example.org")
    sending.start_due_campaigns()
    sending.run_worker("w1")
    return mail.outbox[-1].message()


def test_e6_e7_marketing_mail_has_its_own_from_list_id_and_one_click_unsubscribe(settings):
    message = send_one()
    assert message["From"] == settings.MARKETING_FROM_EMAIL != settings.DEFAULT_FROM_EMAIL
    assert message["List-Id"] == "Karriere <karriere.lists.alumni.usn.no>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https, mailto = [
        part.strip() for part in " ".join(message["List-Unsubscribe"].split()).split(",")
    ]
    assert https.startswith("<http") and "/nyhetsbrev/avmeld/" in https
    assert mailto.startswith("<mailto:avmelding@lists.alumni.usn.no?subject=unsubscribe%20")
    assert message["Content-Language"] == "nb"


def test_the_message_id_is_deterministic_per_delivery_and_stored_on_the_row():
    message = send_one()
    delivery = Delivery.objects.get()
    assert message["Message-ID"] == delivery.message_id
    assert delivery.message_id == f"<nl-{delivery.campaign_id}-{delivery.pk}@lists.alumni.usn.no>"


def test_x5_a_subject_or_name_with_a_line_break_cannot_add_a_header():
    topic = TopicFactory()
    make_campaign([topic], subject_nb="Nyhetsbrev\r\nBcc: spion@example.org")
    subscribed(topic, 1, name="Kari\nBcc: spion@example.org", email="kari@example.org")
    sending.start_due_campaigns()
    sending.run_worker("w1")
    message = mail.outbox[0].message()
    raw = message.as_bytes()
    assert b"\nBcc:" not in raw
    assert [parseaddr(a)[1] for a in mail.outbox[0].recipients()] == ["kari@example.org"]
    assert message["Subject"] == "Nyhetsbrev Bcc: spion@example.org"


def test_e7_transactional_mail_carries_no_unsubscribe_headers(client, settings):
    UserFactory(email="ola@example.no")
    client.post(reverse("account_reset_password"), {"email": "ola@example.no"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0].message()
    assert message["List-Unsubscribe-Post"] is None
    assert message["List-Unsubscribe"] is None
    assert message["List-Id"] is None
    assert mail.outbox[0].from_email == settings.DEFAULT_FROM_EMAIL
