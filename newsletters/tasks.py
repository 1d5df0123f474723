"""Background work of the newsletters app (django-tasks). Safe to run twice, also at once: starting
a campaign is guarded by its one-to-one CampaignSend, and deliveries are claimed row by row."""

import os
import socket

from django_tasks import task

from .sending import run_worker, start_due_campaigns


def worker_name(prefix: str = "task") -> str:
    return f"{prefix}-{socket.gethostname()}-{os.getpid()}"[:64]


@task()
def send_campaigns() -> dict:
    """Start the campaigns that are due and send what is queued, then stop."""
    started = start_due_campaigns()
    stats = run_worker(worker_name())
    return {
        "started": len(started),
        "sent": stats.sent,
        "skipped": stats.skipped,
        "failed": stats.failed,
    }
