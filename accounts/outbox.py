"""The mail outbox (SECURITY.md R6): no mail is lost when the mail server is away, and none is
sent twice.

`OutboxBackend` is the site's EMAIL_BACKEND. It stores each message (the bytes as the mail server
gets them, the envelope, the subject for the admin) as an `OutgoingMail` row in the transaction
that sends it: a request that rolls back sends nothing, one that commits has its mail kept. Right
after commit one delivery attempt is made through OUTBOX_DELIVERY_BACKEND (SMTP, or files under
var/mail/), with a short timeout, unless a recent attempt failed: then the request does not wait
for a server that is known to be away, and `send_queued_mail` (cron, a loop, or the task) sends
it later.

Exactly once: a row is claimed on its own (PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED; SQLite: a
conditional UPDATE) and committed as SENDING before it is handed over, and deleted as soon as
the server accepted it, so no second worker can take it. A row left SENDING by a process that
died during the hand-over (found after OUTBOX_SENDING_LEASE) may or may not have reached the
server; it is NOT sent again but marked failed with a note, visible to administrators — the same
choice as the campaign worker's HANDING rows (newsletters.sending): never twice, at the price of
at most one mail per crash. The member can ask for a confirmation or reset mail again.

Retries back off: 1, 2, 4 … minutes (OUTBOX_RETRY_BASE_SECONDS, doubling), at most
OUTBOX_RETRY_MAX_SECONDS apart; after OUTBOX_GIVE_UP_SECONDS (three days) the row is failed.
Delivered rows are deleted (nothing about sent mail is kept); failed rows are purged after
FAILED_RETENTION by `purge_expired_data`; queued mail to a member is deleted with the account.
"""

import contextlib
import email
import logging
import smtplib
import socket
from dataclasses import dataclass, field
from datetime import timedelta
from email.policy import default as default_policy
from email.utils import parseaddr

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.utils import timezone

from .models import OutgoingMail, OutgoingMailState

logger = logging.getLogger(__name__)

OUTBOX_BACKEND = "accounts.outbox.OutboxBackend"
OUTBOX_SENDING_LEASE = timedelta(minutes=10)  # far beyond one hand-over's timeout
FAILED_RETENTION = timedelta(days=30)
# Set while the mail server is known to be away: requests then leave their mail to the worker.
FAILING_KEY = "accounts:outbox:failing"
# Errors that say the server is away (not that this one mail was refused).
SERVER_AWAY = (
    ConnectionError,
    TimeoutError,
    socket.gaierror,
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
)


def delivery_backend_path() -> str:
    """The backend that really delivers: OUTBOX_DELIVERY_BACKEND behind the outbox, else the
    configured EMAIL_BACKEND itself (tests use locmem directly)."""
    if settings.EMAIL_BACKEND == OUTBOX_BACKEND:
        return settings.OUTBOX_DELIVERY_BACKEND
    return settings.EMAIL_BACKEND


def retry_delay(failed_attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: base, 2×base, 4×base … capped."""
    base = settings.OUTBOX_RETRY_BASE_SECONDS
    seconds = min(base * 2 ** max(failed_attempts - 1, 0), settings.OUTBOX_RETRY_MAX_SECONDS)
    return timedelta(seconds=seconds)


class OutboxBackend(BaseEmailBackend):
    """Stores messages in the outbox; delivery happens after commit (see the module doc)."""

    def send_messages(self, email_messages):
        now = timezone.now()
        rows = []
        for message in email_messages:
            recipients = message.recipients()
            if not recipients:
                continue
            rows.append(
                OutgoingMail(
                    from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
                    recipients="\n".join(recipients),
                    subject=str(message.subject)[:255],
                    # message() fixes Message-ID and Date: every retry is the same mail.
                    message=message.message().as_bytes(linesep="\n"),
                    next_attempt_at=now,
                )
            )
        if not rows:
            return 0
        # One INSERT per row: the primary keys are needed for the delivery after commit.
        with transaction.atomic():
            for row in rows:
                row.save(force_insert=True)
        pks = [row.pk for row in rows]
        transaction.on_commit(lambda: deliver_after_commit(pks))
        return len(rows)


def deliver_after_commit(pks) -> None:
    """The one attempt made for the request; never raises, never waits long."""
    if cache.get(FAILING_KEY):
        return
    try:
        deliver(pks=pks, timeout=settings.OUTBOX_SEND_TIMEOUT)
    except Exception:  # noqa: BLE001 - the request has committed; the worker retries
        logger.exception("Outbox delivery after commit failed; the worker will retry")


class _RawMIME:
    """The stored bytes, looking enough like an email.message.Message for Django's backends."""

    def __init__(self, data: bytes):
        self.data = data

    def as_bytes(self, unixfrom=False, linesep="\n"):
        return self.data.replace(b"\r\n", b"\n").replace(b"\n", linesep.encode())

    def as_string(self, unixfrom=False, linesep="\n"):
        return self.as_bytes(linesep=linesep).decode("utf-8", "replace")

    def get_charset(self):
        return None


class StoredMessage(EmailMessage):
    """An outbox row as a Django message: the backends write its stored bytes as they are;
    subject, To and the text body are filled in for backends (and tests) that read them."""

    def __init__(self, row: OutgoingMail):
        body = ""
        data = bytes(row.message)
        try:
            parsed = email.message_from_bytes(data, policy=default_policy)
            part = parsed.get_body(("plain",))
            body = part.get_content() if part is not None else ""
        except Exception:  # noqa: BLE001 - the body is a convenience; the bytes are the mail
            body = ""
        super().__init__(
            subject=row.subject, body=body, from_email=row.from_email, to=row.recipient_list
        )
        self.raw = data
        self.outbox_pk = row.pk

    def message(self):
        return _RawMIME(self.raw)

    def recipients(self):
        return self.to


@dataclass
class OutboxStats:
    sent: int = 0
    failed: int = 0
    given_up: int = 0
    interrupted: int = 0
    errors: list = field(default_factory=list)


def _due(now, pks=None):
    rows = OutgoingMail.objects.filter(state=OutgoingMailState.QUEUED, next_attempt_at__lte=now)
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    return rows.order_by("next_attempt_at", "pk")


def claim_next(now=None, pks=None) -> OutgoingMail | None:
    """Claim one due row and commit it as SENDING before anything is handed over."""
    for _attempt in range(5):
        now = now or timezone.now()
        with transaction.atomic():
            due = _due(now, pks)
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True)
            row = due.first()
            if row is None:
                return None
            # SQLite has no row locks: the conditional UPDATE is the claim there.
            claimed = OutgoingMail.objects.filter(pk=row.pk, state=OutgoingMailState.QUEUED).update(
                state=OutgoingMailState.SENDING, sending_since=timezone.now()
            )
        if claimed:
            row.state = OutgoingMailState.SENDING
            return row
    return None


def _failed(row, error, now, stats) -> timedelta:
    attempts = row.attempts + 1
    delay = retry_delay(attempts)
    give_up = now - row.created_at >= timedelta(seconds=settings.OUTBOX_GIVE_UP_SECONDS)
    OutgoingMail.objects.filter(pk=row.pk).update(
        state=OutgoingMailState.FAILED if give_up else OutgoingMailState.QUEUED,
        attempts=attempts,
        next_attempt_at=now + delay,
        sending_since=None,
        last_error=str(error)[:2000],
    )
    cache.set(FAILING_KEY, True, min(delay.total_seconds(), settings.OUTBOX_RETRY_BASE_SECONDS))
    if give_up:
        stats.given_up += 1
        logger.error("Outgoing mail %s given up after %s attempts: %s", row.pk, attempts, error)
    else:
        stats.failed += 1
        logger.warning(
            "Outgoing mail %s not delivered (attempt %s): %s; next attempt in %.1f s",
            row.pk,
            attempts,
            error,
            delay.total_seconds(),
        )
    stats.errors.append(str(error))
    return delay


def deliver(*, pks=None, limit: int = 500, timeout: float | None = None) -> OutboxStats:
    """Hand due rows (all, or those of `pks`) to the delivery backend, one claim each, on one
    connection. A connection-level error ends the pass: the server is away, and each further
    row would only wait for the same timeout."""
    stats = OutboxStats()
    backend = get_connection(delivery_backend_path(), fail_silently=False, timeout=timeout)
    opened = False
    try:
        for _n in range(limit):
            row = claim_next(pks=pks)
            if row is None:
                break
            try:
                if not opened:
                    backend.open()
                    opened = True
                accepted = backend.send_messages([StoredMessage(row)])
            except Exception as exc:  # noqa: BLE001 - any failure is kept on the row
                _failed(row, f"{type(exc).__name__}: {exc}", timezone.now(), stats)
                if isinstance(exc, SERVER_AWAY):
                    break
                continue
            if accepted:
                OutgoingMail.objects.filter(pk=row.pk).delete()
                stats.sent += 1
            else:
                _failed(row, "not accepted by the mail server", timezone.now(), stats)
    finally:
        if opened:
            with contextlib.suppress(Exception):  # closing a dead connection
                backend.close()
    if stats.sent and not stats.failed:
        cache.delete(FAILING_KEY)
    return stats


def recover_interrupted(now=None) -> int:
    """Rows left SENDING by a process that died during the hand-over: delivery unknown, so they
    are failed with a note rather than sent a second time (see the module doc)."""
    now = now or timezone.now()
    count = OutgoingMail.objects.filter(
        state=OutgoingMailState.SENDING, sending_since__lt=now - OUTBOX_SENDING_LEASE
    ).update(
        state=OutgoingMailState.FAILED,
        sending_since=None,
        last_error="Interrupted while being handed to the mail server; not sent again "
        "(it may have arrived).",
    )
    if count:
        logger.error("Outbox: %s mail interrupted during the hand-over, not resent", count)
    return count


def send_queued(now=None, limit: int = 500) -> OutboxStats:
    """One pass of the worker: recover what a dead process left, then send what is due."""
    interrupted = recover_interrupted(now)
    stats = deliver(limit=limit)
    stats.interrupted = interrupted
    return stats


# Personal data (DESIGN.md §5): rows hold addresses and the text of the mail.


def mail_to(user):
    """Rows with the user's address among their recipients (exactly, not as a substring)."""
    address = user.email.strip().lower()
    candidates = OutgoingMail.objects.filter(recipients__icontains=address).only("recipients")
    pks = [
        row.pk
        for row in candidates
        if address in {parseaddr(line)[1].lower() for line in row.recipient_list}
    ]
    return OutgoingMail.objects.filter(pk__in=pks)


def export_outgoing_mail(user) -> list:
    return list(mail_to(user).values("created_at", "state", "subject", "attempts"))


def erase_outgoing_mail(user) -> None:
    """Mail not yet sent to a deleted member is not sent at all."""
    mail_to(user).delete()


def purge_failed(now) -> int:
    deleted, _by_model = OutgoingMail.objects.filter(
        state=OutgoingMailState.FAILED, created_at__lt=now - FAILED_RETENTION
    ).delete()
    return deleted
