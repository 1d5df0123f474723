"""The mail outbox (SECURITY.md R6, accounts.outbox): mail is stored with the request, delivered
after commit, kept while the mail server is away, retried with growing back-off and sent exactly
once when it is back; a crash in the hand-over is not resent; a deleted member's queued mail goes;
administrators alone see the outbox.

The mail server is a real aiosmtpd peer on 127.0.0.1, stopped and started on the same port."""

import threading
from collections import Counter
from datetime import timedelta
from email.utils import parseaddr

from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

import pytest
from aiosmtpd.controller import Controller

from accounts.factories import UserFactory
from accounts.mail import send_to_address
from accounts.models import OutgoingMail, OutgoingMailState
from accounts.outbox import FAILING_KEY, recover_interrupted, retry_delay, send_queued
from accounts.registry import erase_user

from ..newsletters.test_smtp_peer import free_port

pytestmark = pytest.mark.django_db
TEMPLATE = "community/mail/profile_reminder"  # any transactional mail will do


class CountingPeer:
    """An SMTP server that counts what it accepted per recipient; stop() and start() simulate
    an outage on the same port."""

    def __init__(self):
        self.port = free_port()
        self.received = Counter()
        self.messages = []
        self.lock = threading.Lock()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.received[rcpt] += 1
            self.messages.append(envelope.content)
        return "250 OK"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def peer(settings):
    """The outbox in front of real SMTP delivery to the peer (up at the start)."""
    smtp = CountingPeer()
    smtp.start()
    settings.EMAIL_BACKEND = "accounts.outbox.OutboxBackend"
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.OUTBOX_SEND_TIMEOUT = 2
    yield smtp
    smtp.stop()


def send(address):
    send_to_address(
        address,
        "nb",
        TEMPLATE,
        {"user": {"first_name": "Kari", "email": address}, "profile_url": "/"},
    )


def send_reset(client, email):
    return client.post(reverse("account_reset_password"), {"email": email})


def make_due():
    """Let time pass: every queued row's back-off is over."""
    OutgoingMail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    cache.delete(FAILING_KEY)


def test_r6_mail_is_stored_in_the_transaction_and_delivered_after_commit(
    peer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        send("kari@example.org")
        row = OutgoingMail.objects.get()
        assert row.state == OutgoingMailState.QUEUED
        assert row.recipient_list == ["kari@example.org"]
        assert peer.received == Counter()  # nothing leaves before commit
    assert peer.received == Counter({"kari@example.org": 1})
    assert not OutgoingMail.objects.exists()  # nothing about sent mail is kept


def test_r6_a_rolled_back_request_sends_nothing(peer, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send("kari@example.org")
        raise RuntimeError
    assert peer.received == Counter()
    assert not OutgoingMail.objects.exists()


def test_r6_smtp_down_the_request_still_succeeds_and_the_mail_is_kept(
    client, peer, django_capture_on_commit_callbacks
):
    UserFactory(email="ola@example.no")
    peer.stop()
    with django_capture_on_commit_callbacks(execute=True):
        response = send_reset(client, "ola@example.no")
    assert response.status_code == 302
    row = OutgoingMail.objects.get()
    assert row.state == OutgoingMailState.QUEUED
    assert row.attempts == 1
    assert "ConnectionRefusedError" in row.last_error
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=50)


def test_r6_while_the_server_is_known_to_be_away_requests_do_not_try(
    client, peer, django_capture_on_commit_callbacks
):
    UserFactory(email="ola@example.no")
    UserFactory(email="kari@example.no")
    peer.stop()
    with django_capture_on_commit_callbacks(execute=True):
        send_reset(client, "ola@example.no")
        send_reset(client, "kari@example.no")
    attempts = dict(OutgoingMail.objects.values_list("recipients", "attempts"))
    assert attempts == {"ola@example.no": 1, "kari@example.no": 0}


def test_r6_retries_back_off_exponentially_up_to_the_cap(peer, settings):
    peer.stop()
    send("kari@example.org")
    waits = []
    for _attempt in range(8):
        make_due()
        before = timezone.now()
        send_queued()
        row = OutgoingMail.objects.get()
        waits.append(round((row.next_attempt_at - before).total_seconds() / 60))
    # 1, 2, 4 … minutes after each failed attempt, never over an hour.
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60]
    assert row.attempts == 8
    assert retry_delay(1) == timedelta(minutes=1)


def test_r6_back_up_every_mail_is_sent_exactly_once(client, peer):
    addresses = [f"medlem{i}@example.no" for i in range(5)]
    peer.stop()
    for address in addresses:
        send(address)
    make_due()
    send_queued()  # still down
    assert OutgoingMail.objects.count() == 5
    peer.start()
    make_due()
    stats = send_queued()
    assert stats.sent == 5
    send_queued()  # and again: nothing is left to send twice
    make_due()
    send_queued()
    assert peer.received == Counter(dict.fromkeys(addresses, 1))
    assert not OutgoingMail.objects.exists()


def test_r6_mail_is_given_up_after_three_days(peer):
    peer.stop()
    send("kari@example.org")
    OutgoingMail.objects.update(created_at=timezone.now() - timedelta(days=3, minutes=1))
    make_due()
    send_queued()
    row = OutgoingMail.objects.get()
    assert row.state == OutgoingMailState.FAILED
    make_due()
    peer.start()
    send_queued()
    assert peer.received == Counter()  # a failed row is not sent any more


def test_r6_a_crash_during_the_hand_over_is_not_resent_but_shown_as_failed(peer):
    peer.stop()
    send("kari@example.org")
    # A worker claimed the row and died before it could record the outcome.
    OutgoingMail.objects.update(
        state=OutgoingMailState.SENDING, sending_since=timezone.now() - timedelta(minutes=11)
    )
    peer.start()
    make_due()
    assert send_queued().interrupted == 1
    row = OutgoingMail.objects.get()
    assert row.state == OutgoingMailState.FAILED
    assert "not sent again" in row.last_error
    assert peer.received == Counter()


def test_r6_a_row_being_sent_right_now_is_left_alone(peer):
    peer.stop()
    send("kari@example.org")
    OutgoingMail.objects.update(state=OutgoingMailState.SENDING, sending_since=timezone.now())
    assert recover_interrupted() == 0
    assert OutgoingMail.objects.get().state == OutgoingMailState.SENDING


def test_the_worker_command_sends_the_queue(peer):
    from django.core.management import call_command

    peer.stop()
    send("kari@example.org")
    peer.start()
    make_due()
    call_command("send_queued_mail")
    assert peer.received == Counter({"kari@example.org": 1})


def test_the_mail_arrives_whole_with_its_own_headers(peer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send("kari@example.org")
    import email
    from email.policy import default

    message = email.message_from_bytes(peer.messages[0], policy=default)
    assert parseaddr(message["To"])[1] == "kari@example.org"
    assert message["Message-ID"]
    assert message.get_body(("html",)) is not None


def test_without_a_mail_server_the_file_backend_gets_the_mail_at_once(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    """`make run`: the first sign-up mail is in var/mail/ without any worker running."""
    settings.EMAIL_BACKEND = "accounts.outbox.OutboxBackend"
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        send("kari@example.org")
    files = list(tmp_path.iterdir())
    assert len(files) == 1
    assert "kari@example.org" in files[0].read_text()
    assert not OutgoingMail.objects.exists()


def test_p2_deleting_an_account_deletes_its_queued_mail(peer, member):
    peer.stop()
    send(member.email)
    send(f"Kari Nordmann <{member.email.upper()}>")
    send("noen.andre@example.org")
    send(f"x{member.email}")  # another person whose address merely contains the member's
    erase_user(member)
    assert sorted(OutgoingMail.objects.values_list("recipients", flat=True)) == [
        "noen.andre@example.org",
        f"x{member.email}",
    ]


@pytest.fixture
def queued(peer):
    peer.stop()
    send("kari@example.org")
    return OutgoingMail.objects.get()


def test_administrators_see_the_outbox(client, superuser, queued):
    client.force_login(superuser)
    response = client.get(reverse("outgoing_mail:index"))
    assert response.status_code == 200
    assert "kari@example.org" in response.content.decode()


@pytest.mark.parametrize("who", ["editor", "member"])
def test_others_do_not_see_the_outbox(client, who, request, queued):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("outgoing_mail:index")).status_code in (302, 403)
