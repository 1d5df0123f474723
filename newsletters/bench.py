"""`manage.py bench` scenarios for newsletters (DESIGN.md §7, issue 8).

- "campaign audience count": the audience of a campaign to every consenting member, counted as the
  admin counts it (`audience_count`), timed like a page: budget 1,000 ms.
- "campaign send rate": a campaign started to N recipients (`--recipients`, default every member)
  and sent by `run_worker` over SMTP to a local aiosmtpd that only counts, in a process of its own
  (as a real mail server would be); mails handed over per second of the worker's wall time,
  budget ≥ 300/s. The campaign and its delivery rows are deleted afterwards, so a run counts
  against nobody's frequency cap and leaves nothing to send.

Both use a "bench" topic that is not offered anywhere (inactive). When the data has no
subscriptions to it, every member is subscribed to it set-based (bulk inserts with the consent
ledger rows, REQUESTED and CONFIRMED, as staff/system), so 100,000 members take seconds. The bench
campaign is a draft (never live), so `send_due_campaigns` can never pick it up.
"""

import multiprocessing
import socket
import time
from unittest import mock

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.test.utils import override_settings
from django.utils import timezone

from wagtail.rich_text import RichText

from home.bench import BenchContext, RateResult, Scenario

from . import sending
from .audience import audience_count
from .models import (
    Campaign,
    CampaignSend,
    CaptureMethod,
    CapturePoint,
    ConsentAction,
    ConsentEvent,
    Delivery,
    DeliveryStatus,
    Subscriber,
    Subscription,
    SubscriptionStatus,
    Topic,
    TopicKind,
    email_hash,
)

COUNT_MS = 1000
MIN_RATE = 300
TOPIC_SLUG = "bench"
COUNT_TITLE = "Bench: audience count"
SEND_TITLE = "Bench: send rate"
CHUNK = 5000

BODY_NB = [
    ("heading", {"text": "Nye kurs i høst", "level": "h2"}),
    (
        "paragraph",
        RichText(
            '<p>Les mer om <a href="https://www.usn.no/evu">etter- og videreutdanning ved USN</a>.'
            "</p><ul><li>Ledelse</li><li>Økonomi</li><li>Helse</li></ul>"
        ),
    ),
    (
        "call_to_action",
        {
            "title": "Meld deg på",
            "text": "Fristen er 1. september.",
            "link": {"page": None, "url": "https://www.usn.no/evu/pamelding"},
            "button_label": "Gå til påmeldingen",
        },
    ),
]
BODY_EN = [
    ("heading", {"text": "New courses this autumn", "level": "h2"}),
    (
        "paragraph",
        RichText(
            '<p>Read more about <a href="https://www.usn.no/evu">continuing education</a>.</p>'
        ),
    ),
]


def scenarios(context: BenchContext):
    topic = bench_topic()
    subscribe_members(topic)
    campaign = bench_campaign(topic, COUNT_TITLE)
    return [
        Scenario(
            "campaign audience count",
            path="(audience_count)",
            budget_ms=COUNT_MS,
            max_queries=5,  # the campaign's topics, programmes, interests; the count
            call=lambda: audience_count(campaign),
        ),
        Scenario(
            "campaign send rate",
            path="(run_worker → aiosmtpd)",
            max_queries=None,
            min_rate=MIN_RATE,
            rate=lambda: send_rate(topic, context.recipients),
        ),
    ]


# The data ---------------------------------------------------------------------------------------


def bench_topic() -> Topic:
    topic = Topic.objects.filter(slug=TOPIC_SLUG).first()
    if topic is None:
        topic = Topic(
            slug=TOPIC_SLUG,
            name_nb="Ytelsestest",
            name_en="Benchmark",
            consent_text_nb="Ja, send meg testutsendelser.",
            consent_text_en="Yes, send me test mailings.",
            kind=TopicKind.NEWS,
            is_active=False,  # offered nowhere
        )
        topic.save()
    return topic


def members():
    from accounts.models import User

    return User.objects.filter(is_active=True)


def subscribe_members(topic) -> int:
    """Every active member gets a subscriber row (if missing) and an active subscription to
    `topic` with its two ledger entries; set-based. Returns the number of new subscriptions."""
    now = timezone.now()
    text = topic.current_consent_text()
    with transaction.atomic():
        missing = members().filter(subscriber__isnull=True)
        rows = []
        for pk, address, first, last, language in missing.values_list(
            "pk", "email", "first_name", "last_name", "preferred_language"
        ).iterator(chunk_size=CHUNK):
            rows.append(
                Subscriber(
                    user_id=pk,
                    email=address,
                    email_hash=email_hash(address),
                    name=f"{first} {last}".strip(),
                    language=(language or "nb")[:2],
                    created_at=now,
                )
            )
            if len(rows) >= CHUNK:
                Subscriber.objects.bulk_create(rows, ignore_conflicts=True)
                rows = []
        Subscriber.objects.bulk_create(rows, ignore_conflicts=True)

        subscribed = Subscription.objects.filter(subscriber=OuterRef("pk"), topic=topic)
        new = list(
            Subscriber.objects.filter(user__in=members())
            .exclude(Exists(subscribed))
            .values_list("pk", flat=True)
        )
        for start in range(0, len(new), CHUNK):
            chunk = new[start : start + CHUNK]
            Subscription.objects.bulk_create(
                [
                    Subscription(
                        subscriber_id=pk,
                        topic=topic,
                        status=SubscriptionStatus.ACTIVE,
                        consent_text=text,
                        requested_at=now,
                        confirmed_at=now,
                    )
                    for pk in chunk
                ]
            )
            ConsentEvent.objects.bulk_create(
                [
                    ConsentEvent(
                        subscriber_id=pk,
                        topic=topic,
                        action=action,
                        consent_text=text,
                        capture_point=CapturePoint.STAFF,
                        method=CaptureMethod.SYSTEM,
                        created_at=now,
                    )
                    for pk in chunk
                    for action in (ConsentAction.REQUESTED, ConsentAction.CONFIRMED)
                ]
            )
    return len(new)


def bench_campaign(topic, title) -> Campaign:
    """A draft campaign to `topic` with an English version (never live: nothing sends it)."""
    campaign = Campaign.objects.filter(title=title).first()
    if campaign is None:
        campaign = Campaign(
            title=title,
            live=False,
            subject_nb="Nye kurs ved USN",
            preheader_nb="Etter- og videreutdanning for alumni",
            body_nb=BODY_NB,
            subject_en="New courses at USN",
            preheader_en="Continuing education for alumni",
            body_en=BODY_EN,
        )
        campaign.save()
        campaign.topics.set([topic])
        campaign.save()  # a ParentalManyToManyField is written on save
    return campaign


# The send rate ----------------------------------------------------------------------------------


def _count_mail(port, ready, stop, count):
    """The mail server's process: aiosmtpd on 127.0.0.1:`port`, counting what it accepts."""
    import logging

    from aiosmtpd.controller import Controller

    # aiosmtpd logs every SMTP command at INFO: 100,000 mails would bury the bench's table.
    logging.getLogger("mail.log").setLevel(logging.WARNING)

    class Counter:
        async def handle_DATA(self, server, session, envelope):
            count.value += 1
            return "250 OK"

    controller = Controller(Counter(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


class MailServer:
    """A local aiosmtpd in its own process; `accepted` is the number of mails it took."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        context = multiprocessing.get_context("fork")
        self.ready, self.stop = context.Event(), context.Event()
        self.count = context.Value("i", 0, lock=False)
        self.process = context.Process(
            target=_count_mail,
            args=(self.port, self.ready, self.stop, self.count),
            daemon=True,
        )

    def __enter__(self):
        self.process.start()
        if not self.ready.wait(30):
            raise RuntimeError("the bench mail server did not start")
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.process.join(10)

    @property
    def accepted(self) -> int:
        return self.count.value

    def settings(self):
        return override_settings(
            MARKETING_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=self.port,
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
        )


def start(topic, recipients=None) -> Campaign:
    """A fresh bench campaign, started (audience frozen) and cut to `recipients` rows."""
    discard(SEND_TITLE)
    campaign = bench_campaign(topic, SEND_TITLE)
    sending.start_campaign(campaign)
    if recipients is not None:
        rows = Delivery.objects.filter(campaign=campaign)
        beyond = rows.order_by("pk").values_list("pk", flat=True)[recipients:][:1]
        if beyond:
            rows.filter(pk__gte=beyond[0]).delete()
    return campaign


def discard(title) -> None:
    """Delete a bench campaign with its sending and delivery rows."""
    for campaign in Campaign.objects.filter(title=title):
        Delivery.objects.filter(campaign=campaign).delete()
        CampaignSend.objects.filter(campaign=campaign).delete()
        campaign.delete()


def send_rate(topic, recipients=None) -> RateResult:
    """Start the bench campaign and send it; the worker's wall time and per-batch figures."""
    campaign = start(topic, recipients)
    marks = []
    claim_batch = sending.claim_batch

    def timed_claim(worker_id, size):
        rows = claim_batch(worker_id, size)
        marks.append((time.perf_counter(), len(rows)))
        return rows

    queries = 0

    def count_queries(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    try:
        with MailServer() as server, server.settings():
            with (
                mock.patch.object(sending, "claim_batch", timed_claim),
                connection.execute_wrapper(count_queries),
            ):
                started = time.perf_counter()
                stats = sending.run_worker("bench-1")
                seconds = time.perf_counter() - started
            accepted = server.accepted
        sent = Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.SENT).count()
        if accepted != sent or stats.failed or stats.errors:
            raise RuntimeError(
                f"campaign send rate: {sent} sent, the server accepted {accepted}, "
                f"{stats.failed} failed, errors {stats.errors[:3]}"
            )
    finally:
        discard(SEND_TITLE)
    item_ms = [
        (later - earlier) * 1000 / size
        for (earlier, size), (later, _next) in zip(marks, marks[1:], strict=False)
        if size
    ]
    batches = max(1, stats.batches)
    return RateResult(
        items=sent,
        seconds=seconds,
        item_ms=item_ms,
        queries=round(queries / batches),
        per=f"batch of {settings.NEWSLETTER_BATCH_SIZE}",
    )
