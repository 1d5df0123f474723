"""What the events app holds about a person, registered with accounts.registry.

Erasure: a member's registrations go, with their answers and feedback, except that a registration
the member attended is kept without the person (no user, no answers) so the attendance figures of
past events stay right. Feedback ratings stay anonymous; the comment, which may name people, goes.
Visitors have no account; their registrations are kept as long as the event's registrations.
"""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from accounts.redaction import register_free_text
from accounts.registry import delete_rows, register, rows_of
from accounts.retention import register_rule

from .models import CalendarFeedToken, EventFeedback, EventRegistration
from .reminders import purge_unconfirmed_visitors
from .tokens import VISITOR_CONFIRM_MAX_AGE


def erase_registrations(user):
    registrations = EventRegistration.objects.filter(user=user)
    EventFeedback.objects.filter(registration__in=registrations).update(comment="")
    registrations.filter(attended_at__isnull=True).delete()
    registrations.update(user=None, visitor_name="", visitor_email="", answers=[])


register(
    EventRegistration,
    label=_("Your event registrations"),
    export=rows_of(
        EventRegistration,
        fields=[
            "event__title",
            "event__start",
            "status",
            "guests",
            "answers",
            "created_at",
            "confirmed_at",
            "cancelled_at",
            "attended_at",
        ],
    ),
    erase=erase_registrations,
)
register(
    EventFeedback,
    label=_("Your feedback on events"),
    export=rows_of(
        EventFeedback,
        user_field="registration__user",
        fields=["registration__event__title", "rating", "comment", "created_at"],
    ),
    # Handled with the registrations above (the feedback belongs to a registration).
    erase=lambda user: None,
)
register(
    CalendarFeedToken,
    label=_("Your personal calendar feed"),
    edit_url="calendars:my_calendar",
    # The secret itself stays out of the export file; it is on the calendar page.
    export=rows_of(CalendarFeedToken, fields=["created_at"]),
    erase=delete_rows(CalendarFeedToken),
)


# Free text kept for others after an erasure (accounts.redaction, SECURITY.md P2): another
# person's answers may name the member ("sitting with ...").
register_free_text(EventRegistration, "answers")
register_free_text(EventFeedback, "comment")


# Retention (SECURITY.md P4, docs/privacy.md). A visitor who never used the confirmation link is
# forgotten once it has expired; send_event_reminders does that every 15 minutes, and the daily
# purge runs it too, so the rule is listed with the others.
register_rule(
    "unconfirmed_event_visitors",
    _("Event sign-ups by visitors never confirmed"),
    timedelta(seconds=VISITOR_CONFIRM_MAX_AGE),
    purge_unconfirmed_visitors,
    count=lambda now: (
        EventRegistration.objects.pending()
        .filter(created_at__lt=now - timedelta(seconds=VISITOR_CONFIRM_MAX_AGE))
        .count()
    ),
)
