"""Background work of the events app (django-tasks). Every task is safe to run twice."""

from django_tasks import task

from .reminders import purge_unconfirmed_visitors, send_event_reminders, send_feedback_requests


@task()
def send_due_event_mail() -> dict:
    """Reminders a day before and feedback requests after; what is already sent is skipped."""
    return {
        "reminders": send_event_reminders(),
        "feedback": send_feedback_requests(),
        "purged": purge_unconfirmed_visitors(),
    }
