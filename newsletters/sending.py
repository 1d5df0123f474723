"""Sending campaigns (SECURITY.md E1, E5-E7, E9 and the frequency cap).

`start_due_campaigns` freezes the audience of every approved campaign that is due into one
`Delivery` row per recipient. `run_worker` then sends them in batches:

1. claim a batch of queued rows (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: a conditional
   UPDATE, atomic there) and commit the claim;
2. re-check each row at send time, with a constant number of queries per batch: active consent
   to one of the campaign's topics (E1, E5), the suppression list, the frequency cap;
3. hand the rest over on ONE connection per batch (E9). Over SMTP each mail is written without
   its final "." line, the row is committed as HANDING, and only then is the dot sent: a worker
   killed before the commit leaves the message unfinished, and the server throws it away; killed
   after it, the row counts as handed over. So a restarted worker never sends a mail twice, and
   loses at most the one mail it was killed on between the commit and the dot.

Rows of a dead worker are recovered by the next worker that starts (CLAIMED → QUEUED, HANDING →
SENT). Stopping a campaign takes effect before the next batch; what is left stays queued.
"""

import logging
import re
import secrets
import smtplib
import socket
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import Message
from email.policy import compat32
from email.utils import formataddr, formatdate, parseaddr
from html import escape

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import forbid_multi_line_headers
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from accounts.outbox import delivery_backend_path
from home.rollout import faculties_without, feature_enabled

from . import tokens
from .audience import audience
from .models import (
    Campaign,
    CampaignSend,
    Delivery,
    DeliveryStatus,
    MailSettings,
    SendState,
    Subscription,
    SubscriptionStatus,
    Suppression,
)
from .rendering import (
    PREFERENCES_PLACEHOLDER,
    UNSUBSCRIBE_PLACEHOLDER,
    one_line,
    render_campaign,
)

logger = logging.getLogger(__name__)
_CRLF = compat32.clone(linesep="\r\n")

LEASE = timedelta(minutes=2)
CAP_WINDOW = timedelta(days=30)
FREEZE_CHUNK = 5000
OPEN_WORK = [DeliveryStatus.QUEUED, DeliveryStatus.CLAIMED, DeliveryStatus.HANDING]
COUNTS_AS_SENT = [DeliveryStatus.SENT, DeliveryStatus.HANDING]


# Starting -------------------------------------------------------------------------------------


def due_campaigns(now=None):
    """Approved (published) campaigns whose time has come and whose sending has not started."""
    now = now or timezone.now()
    # A faculty whose campaigns are switched off centrally (home.rollout) sends nothing; its
    # approved campaigns wait until the switch is on again.
    return (
        Campaign.objects.filter(live=True, send__isnull=True)
        .filter(Q(send_at__isnull=True) | Q(send_at__lte=now))
        .exclude(faculty__in=faculties_without("campaigns"))
    )


def start_due_campaigns(now=None) -> list[CampaignSend]:
    """Freeze the audience of every due campaign into delivery rows. Safe to run twice, also
    at the same time: the one-to-one CampaignSend lets only one run start a campaign."""
    now = now or timezone.now()
    started = []
    for campaign in due_campaigns(now):
        send = start_campaign(campaign, now=now)
        if send is not None:
            started.append(send)
    return started


def start_campaign(campaign, *, now=None) -> CampaignSend | None:
    """Start one campaign from its live (published) content; None if it had started already or
    its faculty's campaigns are switched off."""
    now = now or timezone.now()
    if not feature_enabled(campaign.faculty_id, "campaigns"):
        return None
    with transaction.atomic():
        send, created = CampaignSend.objects.get_or_create(
            campaign=campaign, defaults={"state": SendState.SENDING, "started_at": now}
        )
        if not created:
            return None
        # The database row is the live content: drafts of a live snippet stay in revisions.
        campaign = Campaign.objects.get(pk=campaign.pk)
        rows = []
        for subscriber_id, language in (
            audience(campaign).values_list("pk", "language").iterator(chunk_size=FREEZE_CHUNK)
        ):
            rows.append(
                Delivery(
                    campaign=campaign,
                    subscriber_id=subscriber_id,
                    language=campaign.language_for(language or "nb"),
                )
            )
            if len(rows) >= FREEZE_CHUNK:
                Delivery.objects.bulk_create(rows, ignore_conflicts=True)
                rows = []
        if rows:
            Delivery.objects.bulk_create(rows, ignore_conflicts=True)
        send.audience_count = Delivery.objects.filter(campaign=campaign).count()
        send.save(update_fields=["audience_count"])
    logger.info("Campaign %s started for %s recipients", campaign.pk, send.audience_count)
    return send


def stop(campaign) -> None:
    """Stop a campaign: workers stop before their next batch, and the rest stays queued. A
    campaign that has not started yet never will."""
    now = timezone.now()
    with transaction.atomic():
        send, created = CampaignSend.objects.select_for_update().get_or_create(
            campaign=campaign, defaults={"state": SendState.CANCELLED, "finished_at": now}
        )
        if not created and send.state in (SendState.SCHEDULED, SendState.SENDING):
            send.state = SendState.CANCELLED
            send.finished_at = now
            send.save(update_fields=["state", "finished_at"])


def finish_campaigns() -> int:
    """Campaigns with nothing left to send are SENT."""
    open_work = Delivery.objects.filter(campaign=OuterRef("campaign"), status__in=OPEN_WORK)
    return (
        CampaignSend.objects.filter(state=SendState.SENDING)
        .exclude(Exists(open_work))
        .update(state=SendState.SENT, finished_at=timezone.now())
    )


# Claiming ---------------------------------------------------------------------------------------


def recover(worker_id: str) -> tuple[int, int]:
    """Take back what a dead worker (or this worker before a restart) left: rows never handed
    over go back to the queue; a row being handed over counts as sent (never twice)."""
    stale = Q(claimed_by=worker_id) | Q(claimed_at__lt=timezone.now() - LEASE)
    with transaction.atomic():
        requeued = Delivery.objects.filter(stale, status=DeliveryStatus.CLAIMED).update(
            status=DeliveryStatus.QUEUED, claimed_by="", claimed_at=None
        )
        handed = Delivery.objects.filter(stale, status=DeliveryStatus.HANDING).update(
            status=DeliveryStatus.SENT
        )
    if requeued or handed:
        logger.warning("Worker %s recovered %s queued, %s handed", worker_id, requeued, handed)
    return requeued, handed


def release(worker_id: str, pks=None) -> int:
    """This worker's claimed rows that it will not send go back to the queue."""
    rows = Delivery.objects.filter(claimed_by=worker_id, status=DeliveryStatus.CLAIMED)
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    return rows.update(status=DeliveryStatus.QUEUED, claimed_by="", claimed_at=None)


def claim_batch(worker_id: str, size: int) -> list[Delivery]:
    """Claim up to `size` queued rows of campaigns being sent, committed before anything is
    handed over (E9). Never returns a row another worker holds."""
    queued = Delivery.objects.filter(
        status=DeliveryStatus.QUEUED, campaign__send__state=SendState.SENDING
    ).order_by("pk")
    for _attempt in range(5):
        with transaction.atomic():
            if connection.features.has_select_for_update_skip_locked:
                queued_now = queued.select_for_update(skip_locked=True, of=("self",))
            else:
                queued_now = queued  # SQLite: the conditional UPDATE below is the lock
            pks = list(queued_now.values_list("pk", flat=True)[:size])
            if not pks:
                return []
            Delivery.objects.filter(pk__in=pks, status=DeliveryStatus.QUEUED).update(
                status=DeliveryStatus.CLAIMED, claimed_by=worker_id, claimed_at=timezone.now()
            )
        claimed = list(
            Delivery.objects.filter(
                pk__in=pks, status=DeliveryStatus.CLAIMED, claimed_by=worker_id
            ).select_related("subscriber__user")
        )
        if claimed:
            return claimed
        # Another worker took these between our SELECT and UPDATE (SQLite): try the next ones.
    return []


# Checks at send time ----------------------------------------------------------------------------


def check_batch(campaign, topic_ids, rows, *, now=None) -> list[Delivery]:
    """Mark rows that may not be sent now as skipped (E1, E5, the suppression list, the cap) and
    return the rest. Five queries, however large the batch."""
    now = now or timezone.now()
    subscriber_ids = [row.subscriber_id for row in rows if row.subscriber_id]
    consenting = set(
        Subscription.objects.filter(
            subscriber_id__in=subscriber_ids,
            topic_id__in=topic_ids,
            status=SubscriptionStatus.ACTIVE,
        ).values_list("subscriber_id", flat=True)
    )
    hashes = {row.subscriber.email_hash for row in rows if row.subscriber_id}
    suppressed = set(
        Suppression.objects.filter(email_hash__in=hashes).values_list("email_hash", flat=True)
    )
    cap = MailSettings.load().marketing_cap
    recent = dict(
        Delivery.objects.filter(
            subscriber_id__in=subscriber_ids,
            status__in=COUNTS_AS_SENT,
            sent_at__gte=now - CAP_WINDOW,
        )
        .exclude(campaign_id=campaign.pk)
        .values("subscriber_id")
        .annotate(n=Count("pk"))
        .values_list("subscriber_id", "n")
    )
    skipped = defaultdict(list)
    sendable = []
    for row in rows:
        subscriber = row.subscriber
        if (
            subscriber is None
            or (subscriber.user_id and not subscriber.user.is_active)
            or subscriber.pk not in consenting
        ):
            skipped[DeliveryStatus.SKIPPED_CONSENT].append(row.pk)
        elif subscriber.email_hash in suppressed:
            skipped[DeliveryStatus.SKIPPED_SUPPRESSED].append(row.pk)
        elif recent.get(subscriber.pk, 0) >= cap:
            skipped[DeliveryStatus.SKIPPED_CAP].append(row.pk)
        else:
            sendable.append(row)
    for status, pks in skipped.items():
        Delivery.objects.filter(pk__in=pks).update(status=status)
    return sendable


# The message ------------------------------------------------------------------------------------


def message_id(delivery) -> str:
    """Deterministic per delivery, so a provider's feedback finds its row."""
    return f"<nl-{delivery.campaign_id}-{delivery.pk}@{settings.NEWSLETTER_LIST_DOMAIN}>"


def list_id(campaign) -> str:
    """`List-Id: Name <slug.domain>` of the campaign's first topic (E7)."""
    topic = min(campaign.topics.all(), key=lambda t: (t.sort_order, t.pk), default=None)
    slug = topic.slug if topic else "usn-alumni"
    name = one_line(topic.name_nb if topic else "USN Alumni")
    return formataddr((name, f"{slug}.{settings.NEWSLETTER_LIST_DOMAIN}"))


def preferences_url(subscriber, language: str) -> str:
    """Members manage their topics on their own page; others through a signed link."""
    if subscriber.user_id:
        with override(language):
            return tokens.absolute(reverse("newsletters:preferences"))
    return tokens.manage_url(subscriber)


def recipient(subscriber) -> str:
    return formataddr((one_line(subscriber.name), subscriber.email.strip()))


# A stand-in for a signed token in a reversed URL; tokens are URL-safe base64 and ":", which
# reverse() leaves as they are, so replacing it gives exactly what reverse(args=[token]) gives.
TOKEN_SLOT = "NLTOKENSLOT"  # noqa: S105  (not a secret)


class _Links:
    """The recipient's own links, as `tokens` makes them, at the send rate: each URL reversed
    once per language with a stand-in token, and the unsubscribe token signed once per mail
    (not once for the link and again for the mailto)."""

    def __init__(self):
        self.reversed = {}

    def _url(self, name, language, token=None) -> str:
        key = (name, language)
        if key not in self.reversed:
            with override(language):
                args = [TOKEN_SLOT] if token is not None else []
                self.reversed[key] = tokens.absolute(reverse(name, args=args))
        url = self.reversed[key]
        return url.replace(TOKEN_SLOT, token) if token is not None else url

    def for_recipient(self, subscriber, campaign, language) -> tuple[str, str, str]:
        """(unsubscribe URL, its mailto:, preferences URL)."""
        token = tokens.unsubscribe_token(subscriber, campaign)
        if subscriber.user_id:
            preferences = self._url("newsletters:preferences", language)
        else:
            preferences = self._url("newsletters:manage", language, tokens.manage_token(subscriber))
        return (
            self._url("newsletters:unsubscribe", language, token),
            tokens.unsubscribe_mailto_for(token),
            preferences,
        )


def build_message(
    campaign, rendered, delivery, subscriber, list_id_value, links=None
) -> EmailMultiAlternatives:
    """The campaign mail for one recipient: its own From, List-Id and RFC 8058 headers (E6, E7)."""
    links = links or _Links()
    unsubscribe, mailto, preferences = links.for_recipient(
        subscriber, campaign, rendered.language
    )  # the pages open in the language of the mail
    html, text = rendered.personalise(unsubscribe_url=unsubscribe, preferences_url=preferences)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=text,
        from_email=settings.MARKETING_FROM_EMAIL,
        to=[recipient(subscriber)],
        headers={
            "List-Id": list_id_value,
            "List-Unsubscribe": f"<{unsubscribe}>, <{mailto}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Message-ID": message_id(delivery),
            "Content-Language": rendered.language,
        },
    )
    message.attach_alternative(html, "text/html")
    return message


class _Prototype:
    """The SMTP bytes of one campaign in one language, assembled once by Django's mail classes
    (EmailMultiAlternatives, as `build_message` makes it) with stand-ins for what differs per
    recipient; each mail is then those bytes with its own To, Date, Message-ID and
    List-Unsubscribe headers and its two links put in — the send rate of DESIGN.md §7 without
    the email package folding seventeen headers and both parts again for every recipient.
    `usable` is False when the parts are not written as they are (quoted-printable for very
    long lines), and `build_message` is used instead."""

    SLOTS = {
        "text_unsubscribe": b"%%NL_T_UNSUBSCRIBE%%",
        "text_preferences": b"%%NL_T_PREFERENCES%%",
        "html_unsubscribe": UNSUBSCRIBE_PLACEHOLDER.encode(),
        "html_preferences": PREFERENCES_PLACEHOLDER.encode(),
    }
    ROOM = 250  # bytes a link may take in a line; 8bit lines stay under 998 (RFC 5322)

    def __init__(self, rendered, list_id_value):
        slots = {name: slot.decode() for name, slot in self.SLOTS.items()}
        text = rendered.text.replace(UNSUBSCRIBE_PLACEHOLDER, slots["text_unsubscribe"])
        text = text.replace(PREFERENCES_PLACEHOLDER, slots["text_preferences"])
        message = EmailMultiAlternatives(
            subject=rendered.subject,
            body=text,
            from_email=settings.MARKETING_FROM_EMAIL,
            headers={
                "List-Id": list_id_value,
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Content-Language": rendered.language,
            },
        )
        message.attach_alternative(rendered.html, "text/html")
        mime = message.message()
        del mime["Date"]
        del mime["Message-ID"]
        boundary = f"=_nl_{secrets.token_hex(12)}"
        self.usable = boundary not in text and boundary not in rendered.html
        mime.set_boundary(boundary)
        data = mime.as_bytes(linesep="\r\n")
        self.head, _blank, self.body = data.partition(b"\r\n\r\n")
        expected = {
            "text_unsubscribe": text.count(slots["text_unsubscribe"]),
            "text_preferences": text.count(slots["text_preferences"]),
            "html_unsubscribe": rendered.html.count(UNSUBSCRIBE_PLACEHOLDER),
            "html_preferences": rendered.html.count(PREFERENCES_PLACEHOLDER),
        }
        for name, slot in self.SLOTS.items():
            if self.body.count(slot) != expected[name]:
                self.usable = False
        for line in self.body.split(b"\r\n"):
            links = sum(line.count(slot) for slot in self.SLOTS.values())
            if links and len(line) + links * self.ROOM > 998:
                self.usable = False

    def payload(self, delivery, subscriber, links, campaign, language) -> tuple[str, bytes] | None:
        """(envelope recipient, the DATA section without its final ".") for one mail; None if
        a link is too long for the room kept for it."""
        unsubscribe, mailto, preferences = links.for_recipient(subscriber, campaign, language)
        if max(len(escape(unsubscribe)), len(escape(preferences))) > self.ROOM:
            return None
        headers = Message()
        for name, value in (
            ("To", recipient(subscriber)),
            ("Date", formatdate(localtime=settings.EMAIL_USE_LOCALTIME)),
            ("Message-ID", message_id(delivery)),
            ("List-Unsubscribe", f"<{unsubscribe}>, <{mailto}>"),
        ):
            name, value = forbid_multi_line_headers(name, value, settings.DEFAULT_CHARSET)
            headers[name] = value
        own = headers.as_bytes(policy=_CRLF).rstrip(b"\r\n")
        body = (
            self.body.replace(self.SLOTS["text_unsubscribe"], unsubscribe.encode())
            .replace(self.SLOTS["text_preferences"], preferences.encode())
            .replace(self.SLOTS["html_unsubscribe"], escape(unsubscribe).encode())
            .replace(self.SLOTS["html_preferences"], escape(preferences).encode())
        )
        data = b"".join((self.head, b"\r\n", own, b"\r\n\r\n", body))
        return subscriber.email.strip(), _smtp_payload(data)


def marketing_connection():
    """Campaign mail never goes through the transactional outbox (accounts.outbox): deliveries
    are their own persistent queue, and the HANDING protocol needs the real connection."""
    return get_connection(settings.MARKETING_EMAIL_BACKEND or delivery_backend_path())


def send_test(campaign, user) -> int:
    """Send the latest revision, in each language it is written in, to `user` only: "[TEST]"
    in the subject, no delivery row, no effect on the cap. Returns the number of mails."""
    draft = campaign.get_latest_revision_as_object()
    languages = ["nb", "en"] if draft.has_english() else ["nb"]
    messages = []
    for language in languages:
        rendered = render_campaign(draft, language, preview=True)
        with override(language):
            own_page = tokens.absolute(reverse("newsletters:preferences"))
        html, text = rendered.personalise(unsubscribe_url=own_page, preferences_url=own_page)
        message = EmailMultiAlternatives(
            subject=f"[TEST] {rendered.subject}",
            body=text,
            from_email=settings.MARKETING_FROM_EMAIL,
            to=[user.email],
            headers={"Content-Language": rendered.language, "List-Id": list_id(draft)},
        )
        message.attach_alternative(html, "text/html")
        messages.append(message)
    return marketing_connection().send_messages(messages) or 0


# Handing over -----------------------------------------------------------------------------------


@dataclass
class WorkerStats:
    claimed: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    batches: int = 0
    errors: list = field(default_factory=list)


class _Handover:
    """Records the handover of each mail: HANDING is committed before the mail is final, SENT
    rows are written together with the next HANDING (one commit per mail)."""

    def __init__(self, worker_id):
        self.worker_id = worker_id
        self.sent: list[int] = []
        self.provider_ids: dict[int, str] = {}

    def handing(self, delivery, now) -> bool:
        """Commit the row as being handed over; False if it is no longer ours."""
        with transaction.atomic():
            self._flush()
            return bool(
                Delivery.objects.filter(
                    pk=delivery.pk, status=DeliveryStatus.CLAIMED, claimed_by=self.worker_id
                ).update(
                    status=DeliveryStatus.HANDING, sent_at=now, message_id=message_id(delivery)
                )
            )

    def done(self, delivery, provider_id=""):
        self.sent.append(delivery.pk)
        if provider_id:
            self.provider_ids[delivery.pk] = provider_id

    def failed(self, delivery, error):
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED, error=str(error)[:300], sent_at=None
        )

    def _flush(self):
        if self.sent:
            Delivery.objects.filter(pk__in=self.sent).update(status=DeliveryStatus.SENT)
            for pk, provider_id in self.provider_ids.items():
                Delivery.objects.filter(pk=pk).update(message_id=provider_id[:200])
            self.sent, self.provider_ids = [], {}

    def flush(self):
        with transaction.atomic():
            self._flush()


def _smtp_payload(data: bytes) -> bytes:
    """The DATA section as smtplib writes it, without the final ".": CRLF line ends and
    dot-stuffing (RFC 5321 4.5.2)."""
    data = re.sub(rb"\r\n|\n|\r(?!\n)", b"\r\n", data)
    data = re.sub(rb"(?m)^\.", b"..", data)
    return data if data.endswith(b"\r\n") else data + b"\r\n"


def _as_bytes(message) -> bytes:
    """The message as bytes, with a boundary of our own: the standard library would otherwise
    compile a new regular expression for every mail to prove its random boundary unique."""
    mime = message.message()
    boundary = f"=_nl_{secrets.token_hex(12)}"
    bodies = [message.body, *(content for content, _mimetype in message.alternatives)]
    if mime.is_multipart() and not any(boundary in str(body) for body in bodies):
        mime.set_boundary(boundary)
    return mime.as_bytes(linesep="\r\n")


def _hand_over_smtp(backend, jobs, handover, stats, should_stop):
    envelope_from = parseaddr(settings.MARKETING_FROM_EMAIL)[1]
    backend.open()
    smtp = backend.connection
    # The message and its final dot are two writes with no reply between them: without
    # TCP_NODELAY, Nagle holds the dot back until the server's delayed ACK (about 40 ms a mail).
    smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    smtp.ehlo_or_helo_if_needed()
    clean = False
    try:
        for delivery, to, data in jobs:
            if should_stop():
                break
            code, reply = smtp.mail(envelope_from)
            if code == 250:
                code, reply = smtp.rcpt(to)
            if code not in (250, 251):
                handover.failed(delivery, f"{code} {reply!r}")
                stats.failed += 1
                smtp.rset()
                continue
            code, reply = smtp.docmd("DATA")
            if code != 354:
                handover.failed(delivery, f"{code} {reply!r}")
                stats.failed += 1
                smtp.rset()
                continue
            smtp.send(data)
            if not handover.handing(delivery, timezone.now()):
                # Taken back by another worker meanwhile: drop the session before the final
                # dot, so the server discards this message.
                break
            smtp.send(b".\r\n")
            code, reply = smtp.getreply()
            if code == 250:
                handover.done(delivery)
                stats.sent += 1
            else:
                handover.failed(delivery, f"{code} {reply!r}")
                stats.failed += 1
        else:
            clean = True
    finally:
        handover.flush()
        if clean:
            backend.close()
        else:
            smtp.close()  # no QUIT: an unfinished DATA must not be completed
            backend.connection = None


def _hand_over_backend(backend, jobs, handover, stats, should_stop):
    backend.open()
    try:
        for delivery, message in jobs:
            if should_stop():
                break
            if not handover.handing(delivery, timezone.now()):
                continue
            try:
                count = backend.send_messages([message])
            except Exception as exc:  # a provider's API error: recorded on the row
                handover.failed(delivery, exc)
                stats.failed += 1
                continue
            if count:
                status = getattr(message, "anymail_status", None)
                handover.done(delivery, getattr(status, "message_id", "") or "")
                stats.sent += 1
            else:
                handover.failed(delivery, "not accepted")
                stats.failed += 1
    finally:
        handover.flush()
        backend.close()


class _Campaigns:
    """Each campaign loaded and rendered once per language for the worker's life."""

    def __init__(self):
        self.campaigns = {}
        self.rendered = {}
        self.links = _Links()
        self.prototypes = {}

    def get(self, campaign_id):
        if campaign_id not in self.campaigns:
            campaign = Campaign.objects.prefetch_related("topics").get(pk=campaign_id)
            topic_ids = [topic.pk for topic in campaign.topics.all()]
            self.campaigns[campaign_id] = (campaign, topic_ids, list_id(campaign))
        return self.campaigns[campaign_id]

    def prototype_for(self, campaign, language, list_id_value):
        key = (campaign.pk, language)
        if key not in self.prototypes:
            rendered = self.rendered_for(campaign, language)
            self.prototypes[key] = _Prototype(rendered, list_id_value)
        return self.prototypes[key]

    def smtp_job(self, campaign, row, list_id_value):
        """(delivery, envelope recipient, DATA bytes) for the SMTP path."""
        rendered = self.rendered_for(campaign, row.language or "nb")
        prototype = self.prototype_for(campaign, rendered.language, list_id_value)
        if prototype.usable and (
            job := prototype.payload(row, row.subscriber, self.links, campaign, rendered.language)
        ):
            return row, *job
        message = build_message(campaign, rendered, row, row.subscriber, list_id_value, self.links)
        return row, parseaddr(message.to[0])[1], _smtp_payload(_as_bytes(message))

    def rendered_for(self, campaign, language):
        key = (campaign.pk, language)
        if key not in self.rendered:
            self.rendered[key] = render_campaign(campaign, language)
        return self.rendered[key]


def send_batch(worker_id, rows, stats, campaigns, should_stop=lambda: False):
    by_campaign = defaultdict(list)
    for row in rows:
        by_campaign[row.campaign_id].append(row)
    states = dict(
        CampaignSend.objects.filter(campaign_id__in=by_campaign).values_list("campaign_id", "state")
    )
    backend = marketing_connection()
    for campaign_id, campaign_rows in by_campaign.items():
        if states.get(campaign_id) != SendState.SENDING:
            release(worker_id, [row.pk for row in campaign_rows])
            continue
        campaign, topic_ids, list_id_value = campaigns.get(campaign_id)
        sendable = check_batch(campaign, topic_ids, campaign_rows)
        stats.skipped += len(campaign_rows) - len(sendable)
        handover = _Handover(worker_id)
        if isinstance(backend, SMTPBackend):
            jobs = [campaigns.smtp_job(campaign, row, list_id_value) for row in sendable]
            _hand_over_smtp(backend, jobs, handover, stats, should_stop)
        else:
            jobs = [
                (
                    row,
                    build_message(
                        campaign,
                        campaigns.rendered_for(campaign, row.language or "nb"),
                        row,
                        row.subscriber,
                        list_id_value,
                        campaigns.links,
                    ),
                )
                for row in sendable
            ]
            _hand_over_backend(backend, jobs, handover, stats, should_stop)
        if should_stop():
            break
    release(worker_id, [row.pk for row in rows])  # anything not reached goes back


class RetryBackoff:
    """Waits after mail-server errors (SECURITY.md R6): base, 2×base, 4×base … at most `cap`
    seconds; back to base after a batch goes through."""

    def __init__(self, base: float = 5.0, cap: float = 300.0):
        self.base, self.cap, self.failures = base, cap, 0

    def failed(self) -> float:
        self.failures += 1
        return min(self.base * 2 ** (self.failures - 1), self.cap)

    def succeeded(self) -> None:
        self.failures = 0


def run_worker(
    worker_id: str,
    *,
    batch_size: int | None = None,
    stop_when_idle: bool = True,
    should_stop=lambda: False,
    idle_seconds: float = 5.0,
    backoff: RetryBackoff | None = None,
) -> WorkerStats:
    """Send queued deliveries in batches until none are left (or for ever, for a long-lived
    worker), recovering what dead workers left first. Safe to run in several processes. While
    the mail server is away a long-lived worker waits longer after each error (`backoff`)."""
    batch_size = batch_size or settings.NEWSLETTER_BATCH_SIZE
    backoff = backoff or RetryBackoff(base=idle_seconds)
    stats = WorkerStats()
    campaigns = _Campaigns()
    recover(worker_id)
    try:
        while not should_stop():
            rows = claim_batch(worker_id, batch_size)
            if not rows:
                finish_campaigns()
                if stop_when_idle:
                    break
                _sleep(idle_seconds, should_stop)
                recover(worker_id)
                continue
            stats.claimed += len(rows)
            stats.batches += 1
            try:
                send_batch(worker_id, rows, stats, campaigns, should_stop)
            except (smtplib.SMTPException, OSError) as exc:
                # The mail server is away: what was not handed over goes back to the queue.
                stats.errors.append(str(exc))
                release(worker_id)
                if stop_when_idle:
                    logger.warning("Worker %s: mail server error %s", worker_id, exc)
                    break
                delay = backoff.failed()
                logger.warning(
                    "Worker %s: mail server error %s; retrying in %.1f s", worker_id, exc, delay
                )
                _sleep(delay, should_stop)
            else:
                backoff.succeeded()
    finally:
        release(worker_id)
    finish_campaigns()
    return stats


def _sleep(seconds, should_stop):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not should_stop():
        time.sleep(min(0.2, seconds))
