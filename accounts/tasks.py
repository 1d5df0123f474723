"""Background work of the accounts app (django-tasks); safe to run twice, also at once."""

from django_tasks import task

from .outbox import send_queued


@task()
def send_queued_mail() -> dict:
    """Send the outbox's due mail once (accounts.outbox); what fails waits for its back-off."""
    stats = send_queued()
    return {"sent": stats.sent, "failed": stats.failed, "given_up": stats.given_up}
