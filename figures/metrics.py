"""What the dashboard shows: the figures, grouped in tables (one chart each), with their labels.

Two kinds of figure, because history is not kept for everything:

- *Monthly* figures are counted from dated rows (members who joined before the month's end,
  messages sent in the month, ...), so any past month can be computed again and backfilled.
- *Current* figures describe the state at the time of computing (profile completeness, active
  members, consent rates, the share of imported graduates who joined): they are written only for the
  month in which they are computed, and a past month keeps what was computed while it ran.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

GRADUATE_YARDSTICK = 50  # per cent: "a bit over 50 %" join at comparable universities (DESIGN §1)


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    percent: bool = False
    current: bool = False  # a state at computing time (see the module docstring)


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    metrics: tuple[Metric, ...]


TABLES = (
    Table(
        "members",
        _("Members"),
        (
            Metric("members_total", _("Members")),
            Metric("members_verified", _("Verified alumni")),
            Metric("members_new", _("New members in the month")),
        ),
    ),
    Table(
        "graduates",
        _("Imported graduates who joined"),
        (
            Metric("graduates_imported", _("Graduates in the register"), current=True),
            Metric("graduates_joined", _("Of them members"), current=True),
            Metric("graduates_joined_pct", _("Share who joined"), percent=True, current=True),
        ),
    ),
    Table(
        "activity",
        _("Activity and profiles"),
        (
            Metric("members_active_30d", _("Members active in the last 30 days"), current=True),
            Metric(
                "profile_completeness_pct",
                _("Profile completeness (average)"),
                percent=True,
                current=True,
            ),
        ),
    ),
    Table(
        "messaging",
        _("Conversations and messages"),
        (
            Metric("conversations_new", _("Conversations started")),
            Metric("messages_sent", _("Messages sent")),
        ),
    ),
    Table(
        "groups",
        _("Groups and posts"),
        (
            Metric("groups_active", _("Groups (not archived)")),
            Metric("groups_new", _("New groups")),
            Metric("group_posts", _("Posts and replies")),
        ),
    ),
    Table(
        "events",
        _("Events"),
        (
            Metric("event_registrations", _("Registrations")),
            Metric("event_attendance_pct", _("Attendance rate"), percent=True),
        ),
    ),
    Table(
        "mentoring",
        _("Mentoring"),
        (
            Metric("mentors_available", _("Mentors offering"), current=True),
            Metric("mentoring_requests", _("Requests")),
            Metric("mentoring_accepted", _("Requests accepted")),
            Metric("mentorships_active", _("Active mentorships")),
        ),
    ),
    Table(
        "campaigns",
        _("Campaigns"),
        (
            Metric("campaign_reach", _("Mails sent")),
            Metric("unsubscribe_pct", _("Unsubscribe rate"), percent=True),
            Metric("complaint_pct", _("Complaint rate"), percent=True),
        ),
    ),
    Table(
        "workload",
        _("Coordinator workload"),
        (
            Metric("claims_decided", _("Claims decided")),
            Metric("reports_handled", _("Reports handled")),
            Metric("campaigns_sent", _("Campaigns sent")),
        ),
    ),
)

CONSENT_TABLE = "consent"
CONSENT_PREFIX = "consent_pct:"  # + the topic's slug; a current figure

METRICS = {metric.key: metric for table in TABLES for metric in table.metrics}
MONTHLY_KEYS = frozenset(key for key, metric in METRICS.items() if not metric.current)
TABLE_NAMES = frozenset([table.name for table in TABLES] + [CONSENT_TABLE])


def table_named(name: str) -> Table | None:
    return next((table for table in TABLES if table.name == name), None)
