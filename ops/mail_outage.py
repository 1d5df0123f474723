"""SECURITY.md R6, the drill shared by tests/project/test_faults.py and `make faulttest`: the SMTP
peer (its own process) is down while a campaign is being sent and transactional mail is queued
in the outbox; it comes back after `outage_seconds`; afterwards every mail arrived exactly once.

Runs in the calling process with Django set up (any database): the campaign worker loop and the
outbox worker are driven here, with short back-off; the peer comes back once `outage_seconds`
have passed AND the campaign worker has failed `min_failures` times (so a slow machine still
shows the back-off growing). The waits both workers chose are reported.
"""

import logging
import time
from pathlib import Path

from django.test.utils import override_settings

from .kill_drill import free_port, seed_campaign
from .smtp_peer import SMTPPeer

TEMPLATE = "community/mail/profile_reminder"


class _DelayLog(logging.Handler):
    """Collects the 'retrying in' / 'next attempt in' lines both workers log."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def run_mail_outage(
    *,
    outage_seconds=5.0,
    min_failures=3,
    recipients=200,
    transactional=20,
    log_dir,
    deadline_seconds=120,
) -> dict:
    from accounts.mail import send_to_address
    from accounts.models import OutgoingMail
    from newsletters import sending
    from newsletters.models import Delivery, DeliveryStatus

    peer = SMTPPeer(free_port(), Path(log_dir) / "r6-peer.log")
    smtp = {
        "EMAIL_BACKEND": "accounts.outbox.OutboxBackend",
        "OUTBOX_DELIVERY_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "MARKETING_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": peer.port,
        "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": False,
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "OUTBOX_SEND_TIMEOUT": 2,
        "OUTBOX_RETRY_BASE_SECONDS": 0.25,  # 0.25, 0.5, 1, 2 … s instead of minutes
        "OUTBOX_RETRY_MAX_SECONDS": 2,
    }
    delays = _DelayLog()
    loggers = [logging.getLogger("newsletters.sending"), logging.getLogger("accounts.outbox")]
    for logger in loggers:
        logger.addHandler(delays)
    try:
        with override_settings(**smtp):
            campaign, campaign_to = seed_campaign(recipients, prefix="r6-")
            transactional_to = {f"r6-t{i}@example.no" for i in range(transactional)}
            for address in sorted(transactional_to):  # the server is down: each is kept
                send_to_address(address, "nb", TEMPLATE, {"user": {"email": address}})
            queued_during_outage = OutgoingMail.objects.count()
            started = time.monotonic()
            back_at = None
            backoff = sending.RetryBackoff(base=0.25, cap=2)
            campaign_waits = []
            from accounts.outbox import send_queued

            while time.monotonic() - started < deadline_seconds:
                if (
                    back_at is None
                    and time.monotonic() - started >= outage_seconds
                    and len(campaign_waits) >= min_failures
                ):
                    peer.start()
                    back_at = time.monotonic()
                stats = sending.run_worker("r6-drill", stop_when_idle=True)
                if stats.errors:
                    campaign_waits.append(backoff.failed())
                    time.sleep(campaign_waits[-1])
                else:
                    backoff.succeeded()
                send_queued()
                open_deliveries = Delivery.objects.filter(
                    campaign=campaign, status__in=sending.OPEN_WORK
                ).exists()
                if not open_deliveries and not OutgoingMail.objects.exists():
                    break
                time.sleep(0.05)
            finished = time.monotonic()
            left_in_outbox = OutgoingMail.objects.count()
            statuses = sorted(
                set(Delivery.objects.filter(campaign=campaign).values_list("status", flat=True))
            )
    finally:
        peer.stop()
        for logger in loggers:
            logger.removeHandler(delays)
    received = peer.received()
    expected = campaign_to | transactional_to

    def counted(addresses):
        return {
            "expected": len(addresses),
            "received": sum(1 for a in addresses if received[a] >= 1),
            "duplicates": sum(1 for a in addresses if received[a] > 1),
            "missing": sum(1 for a in addresses if received[a] == 0),
        }

    return {
        "outage_seconds": round((back_at or finished) - started, 2),
        "campaign": counted(campaign_to),
        "transactional": counted(transactional_to),
        "unexpected": len(set(received) - expected),
        "queued_during_outage": queued_during_outage,
        "left_in_outbox": left_in_outbox,
        "campaign_statuses": statuses,
        "all_sent_after_seconds": round(finished - back_at, 2) if back_at else None,
        "campaign_retry_waits": campaign_waits,
        "outbox_retries_logged": [
            line.rsplit(" in ", 1)[-1] for line in delays.lines if "next attempt in" in line
        ][:12],
        "sent_status": DeliveryStatus.SENT,
    }
