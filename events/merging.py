"""How the events' data of two accounts of one person merge (accounts.merging, issue 9).

Registrations move with the generic path (a registration for an event the target is registered
for too is a duplicate and dropped). The calendar feed: the target's address keeps working; the
source's answers 404 once the source is erased.
"""

from accounts.merging import keep_targets_one
from accounts.registry import register_merge

from .models import CalendarFeedToken

register_merge(CalendarFeedToken, keep_targets_one(CalendarFeedToken))
