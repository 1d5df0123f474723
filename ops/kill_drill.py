"""SECURITY.md E9, the drill shared by tests/newsletters/test_kill.py and `make faulttest`: a
campaign worker (`manage.py campaign_worker`, a real subprocess) sending to a real SMTP peer is
SIGKILLed `kills` times mid-campaign and restarted; then every recipient's count is checked.

Needs Django set up on a database other processes can see (PostgreSQL): the worker subprocesses
connect to `database_url`. A kill between the HANDING commit and the final dot loses that one
mail by design (the server drops the unfinished message; the row counts as sent): never a
duplicate, at most one mail lost per kill.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BODY = [("heading", {"text": "Nye kurs i høst", "level": "h2"})]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(connection) -> str:
    """The URL of a Django connection's database, for a subprocess."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db.get('HOST') or '127.0.0.1'}:"
        f"{db.get('PORT') or 5432}/{db['NAME']}"
    )


def seed_campaign(recipients: int, prefix: str = "k"):
    """A started campaign to `recipients` consenting subscribers; returns (campaign, emails)."""
    from newsletters import sending
    from newsletters.factories import TopicFactory
    from newsletters.models import Campaign, Subscriber, Subscription, SubscriptionStatus

    topic = TopicFactory()
    consent_text = topic.current_consent_text()
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(
            email=f"{prefix}{i}@example.org",
            email_hash=f"{prefix}{i}".encode().hex().rjust(64, "0")[-64:],
            language="nb",
        )
        for i in range(recipients)
    )
    Subscription.objects.bulk_create(
        Subscription(
            subscriber=s, topic=topic, status=SubscriptionStatus.ACTIVE, consent_text=consent_text
        )
        for s in subscribers
    )
    campaign = Campaign(title="Høstens kurs", subject_nb="Nye kurs ved USN", body_nb=BODY)
    campaign.save()
    campaign.topics.set([topic])
    campaign.save()
    sending.start_due_campaigns()
    return campaign, {s.email for s in subscribers}


def run_kill_drill(db_url: str, *, recipients=1500, kills=5, per_kill=100, log_dir) -> dict:
    """Seed, kill the worker `kills` times after about `per_kill` mails each, finish with a
    clean worker, and count: {"recipients", "received", "duplicates", "missing", "statuses"}."""
    from newsletters.models import Delivery

    from .smtp_peer import SMTPPeer

    campaign, expected = seed_campaign(recipients)
    peer = SMTPPeer(free_port(), Path(log_dir) / "e9-peer.log")
    peer.start()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "usn_alumni.settings.test",
        "DATABASE_URL": db_url,
        "MARKETING_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(peer.port),
        "EMAIL_USE_TLS": "false",
    }
    command = [
        sys.executable,
        "manage.py",
        "campaign_worker",
        "--worker-id=kill-drill",
        "--batch-size=50",
        "--stop-when-idle",
    ]
    killed = 0
    try:
        for _kill in range(kills):
            before = sum(peer.received().values())
            worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
            deadline = time.monotonic() + 30
            while sum(peer.received().values()) < before + per_kill and time.monotonic() < deadline:
                if worker.poll() is not None:
                    break
                time.sleep(0.02)
            if worker.poll() is None:
                killed += 1
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        finisher = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=180)
        if finisher.returncode != 0:
            raise RuntimeError(finisher.stderr.decode()[-2000:])
    finally:
        peer.stop()
    received = peer.received()
    return {
        "recipients": len(expected),
        "kills": killed,
        "received": len(received),
        "duplicates": sum(1 for n in received.values() if n > 1),
        "missing": len(expected - set(received)),
        "unexpected": len(set(received) - expected),
        "statuses": sorted(
            set(Delivery.objects.filter(campaign=campaign).values_list("status", flat=True))
        ),
    }
