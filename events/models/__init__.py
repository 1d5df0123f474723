"""Event pages, registrations and feedback. Re-exported for `events.models.X`."""

from .feeds import CalendarFeedToken
from .pages import (
    AttendanceMode,
    Audience,
    EventIndexPage,
    EventPage,
    EventPageTag,
    QuestionKind,
    RegistrationQuestion,
)
from .registrations import (
    ACTIVE_STATUSES,
    EventFeedback,
    EventRegistration,
    RegistrationStatus,
)

__all__ = [
    "ACTIVE_STATUSES",
    "AttendanceMode",
    "Audience",
    "CalendarFeedToken",
    "EventFeedback",
    "EventIndexPage",
    "EventPage",
    "EventPageTag",
    "EventRegistration",
    "QuestionKind",
    "RegistrationQuestion",
    "RegistrationStatus",
]
