"""Mail that depends on the clock: the reminder a day before, the feedback request after.

Each registration is claimed (its `reminder_sent_at`/`feedback_sent_at` set) before its mail is
handed over, so running twice, or two runs at once, never mails anyone twice.
"""

from datetime import timedelta

from django.utils import timezone

from .mail import send_feedback_request, send_reminder
from .models import EventRegistration
from .tokens import VISITOR_CONFIRM_MAX_AGE

REMIND_BEFORE = timedelta(hours=24)
# A feedback request for an event long past is more puzzling than useful.
FEEDBACK_WITHIN = timedelta(days=7)


def registrations_due_a_reminder(now=None):
    """Confirmed places at live events starting within the next 24 hours, not yet reminded."""
    now = now or timezone.now()
    return (
        EventRegistration.objects.confirmed()
        .filter(
            reminder_sent_at__isnull=True,
            event__live=True,
            event__start__gt=now,
            event__start__lte=now + REMIND_BEFORE,
        )
        .select_related("event", "user")
    )


def registrations_due_feedback(now=None):
    """Confirmed places at live events that ended in the last week, not yet asked."""
    now = now or timezone.now()
    return (
        EventRegistration.objects.confirmed()
        .filter(
            feedback_sent_at__isnull=True,
            event__live=True,
            event__end__lte=now,
            event__end__gt=now - FEEDBACK_WITHIN,
        )
        .select_related("event", "user")
    )


def _claim_and_send(registrations, field, send, now, limit) -> int:
    sent = 0
    for registration in registrations[:limit]:
        claimed = EventRegistration.objects.filter(
            pk=registration.pk, **{f"{field}__isnull": True}
        ).update(**{field: now})
        if claimed:
            send(registration)
            sent += 1
    return sent


def send_event_reminders(now=None, limit=5000) -> int:
    now = now or timezone.now()
    return _claim_and_send(
        registrations_due_a_reminder(now), "reminder_sent_at", send_reminder, now, limit
    )


def send_feedback_requests(now=None, limit=5000) -> int:
    now = now or timezone.now()
    return _claim_and_send(
        registrations_due_feedback(now), "feedback_sent_at", send_feedback_request, now, limit
    )


def purge_unconfirmed_visitors(now=None) -> int:
    """Forget visitors who never used their confirmation link: once the link has expired the
    registration can never take a place, and the name and address are kept for nothing."""
    now = now or timezone.now()
    deleted, _by_model = (
        EventRegistration.objects.pending()
        .filter(created_at__lt=now - timedelta(seconds=VISITOR_CONFIRM_MAX_AGE))
        .delete()
    )
    return deleted
