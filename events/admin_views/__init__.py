"""Admin screens of the events app: the events a user may manage and, per event, the
participants, the CSV export, mail to the participants, duplicating, and check-in
(`events.checkin`). Scoped to the coordinator's faculties (SECURITY.md C3) by `access`."""

from .access import manageable_events, may_manage
from .actions import DuplicateEventView, ParticipantMailView
from .participants import EventListView, ParticipantExportView, ParticipantListView

__all__ = [
    "DuplicateEventView",
    "EventListView",
    "ParticipantExportView",
    "ParticipantListView",
    "ParticipantMailView",
    "manageable_events",
    "may_manage",
]
