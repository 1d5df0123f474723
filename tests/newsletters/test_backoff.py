"""SECURITY.md R6 for campaign mail: while the mail server is away a long-lived worker waits
longer after each error (exponential, capped), says how long in the log, keeps every delivery
queued, and sends them once the server is back."""

import logging
import re

import pytest

from newsletters import sending
from newsletters.factories import TopicFactory
from newsletters.models import Delivery, DeliveryStatus

from .sending_helpers import make_campaign, subscribed
from .test_smtp_peer import free_port

pytestmark = pytest.mark.django_db


def test_retry_backoff_doubles_up_to_its_cap_and_starts_over_after_a_success():
    backoff = sending.RetryBackoff(base=5, cap=30)
    assert [backoff.failed() for _ in range(5)] == [5, 10, 20, 30, 30]
    backoff.succeeded()
    assert backoff.failed() == 5


def test_r6_a_worker_backs_off_while_the_server_is_away_and_keeps_the_queue(settings, caplog):
    settings.MARKETING_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    topic = TopicFactory()
    make_campaign([topic])
    subscribed(topic, 3)
    sending.start_due_campaigns()
    errors = []

    def stop_after_four_errors():
        errors[:] = [r for r in caplog.records if "retrying in" in r.getMessage()]
        return len(errors) >= 4

    with caplog.at_level(logging.WARNING, logger="newsletters.sending"):
        stats = sending.run_worker(
            "backoff-1",
            stop_when_idle=False,
            should_stop=stop_after_four_errors,
            backoff=sending.RetryBackoff(base=0.1, cap=0.4),
        )
    waits = [float(re.search(r"retrying in ([\d.]+) s", r.getMessage())[1]) for r in errors]
    assert waits == [0.1, 0.2, 0.4, 0.4]
    assert stats.sent == 0
    statuses = set(Delivery.objects.values_list("status", flat=True))
    assert statuses == {DeliveryStatus.QUEUED}
