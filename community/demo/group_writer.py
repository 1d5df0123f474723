"""Writing the planned demo groups (community.demo.groups): rows with primary keys given here
(continuing from the largest), plain INSERTs in batches (insert_rows: no signal, no
notification), and the counters of each group and thread computed from the plan, as the groups
service would have left them."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.management.color import no_style
from django.db import connections, router
from django.db.models import Max

from ..models import (
    Group,
    GroupMembership,
    GroupReply,
    GroupThread,
    GroupTopic,
    MembershipRole,
    MembershipStatus,
)
from .group_texts import GroupSpec
from .writing import insert_rows

FLUSH_AT = 50_000  # rows held in memory before they are written

GROUP_COLUMNS = ["id", "name", "description", "cover", "faculty_id", "industry", "region", "kind",
                 "created_by_id", "created_at", "last_activity_at", "archived_at",
                 "archive_notice_sent_at", "member_count", "thread_count"]  # fmt: skip
TOPIC_COLUMNS = ["tag_id", "content_object_id"]
MEMBERSHIP_COLUMNS = ["group_id", "user_id", "role", "status", "created_at", "joined_at",
                      "invited_by_id", "request_message", "notify"]  # fmt: skip
THREAD_COLUMNS = ["id", "group_id", "author_id", "title", "body", "created_at",
                  "last_activity_at", "reply_count", "pinned", "locked_at"]  # fmt: skip
REPLY_COLUMNS = ["thread_id", "author_id", "body", "created_at"]


@dataclass
class PlannedGroup:
    """A group, its memberships, threads and replies, as rows with counters that agree."""

    spec: GroupSpec
    id: int
    created_at: datetime
    faculty_id: int | None
    archived_at: datetime | None = None
    memberships: list = field(default_factory=list)  # MEMBERSHIP_COLUMNS without group_id
    threads: list = field(default_factory=list)  # [thread tuple, [reply tuples]]


class GroupWriter:
    """Gives groups and threads their ids, turns plans into rows and writes them in batches."""

    def __init__(self):
        self.connection = connections[router.db_for_write(Group)]
        if self.connection.vendor == "sqlite" and self.connection.timezone_name == "UTC":
            # What adapt_datetimefield_value makes of a UTC time, without its checks on each
            # of the 100,000 values at scale (as the conversations builder does).
            self.adapt = lambda moment: str(moment.replace(tzinfo=None)) if moment else None
        else:
            ops = self.connection.ops
            self.adapt = lambda moment: ops.adapt_datetimefield_value(moment) if moment else None
        self.next_ids = {
            model: (model.objects.aggregate(last=Max("id"))["last"] or 0) + 1
            for model in (Group, GroupThread)
        }
        self.rows = {"groups": [], "topics": [], "memberships": [], "threads": [], "replies": []}
        self.written = dict.fromkeys(self.rows, 0)

    def take(self, model, count: int = 1) -> int:
        first = self.next_ids[model]
        self.next_ids[model] = first + count
        return first

    def add(self, plan: PlannedGroup, tags: dict) -> None:
        spec, adapt = plan.spec, self.adapt
        active = [m for m in plan.memberships if m[2] == MembershipStatus.ACTIVE]
        owner = next(m[0] for m in active if m[1] == MembershipRole.OWNER)
        last = max([plan.created_at] + [thread[6] for thread, _replies in plan.threads])
        notice = plan.archived_at - timedelta(days=30) if plan.archived_at else None
        self.rows["groups"].append(
            (plan.id, spec.name, spec.description, "", plan.faculty_id, spec.industry, spec.region,
             str(spec.kind), owner, adapt(plan.created_at), adapt(last), adapt(plan.archived_at),
             adapt(notice), len(active), len(plan.threads))
        )  # fmt: skip
        self.rows["topics"] += [(tags[name].pk, plan.id) for name in spec.topics]
        # str(): plain strings for the driver (psycopg would write an enum's name).
        self.rows["memberships"] += [
            (plan.id, user_id, str(role), str(status), adapt(created), adapt(joined), invited_by,
             message, str(notify))
            for user_id, role, status, created, joined, invited_by, message, notify
            in plan.memberships
        ]  # fmt: skip
        for thread, replies in plan.threads:
            thread_id, author, title, body, created, pinned, activity, locked = thread
            self.rows["threads"].append(
                (thread_id, plan.id, author, title, body, adapt(created), adapt(activity),
                 len(replies), pinned, adapt(locked))
            )  # fmt: skip
            self.rows["replies"] += [
                (thread_id, user_id, text, adapt(moment)) for user_id, text, moment in replies
            ]
        if len(self.rows["replies"]) + len(self.rows["memberships"]) >= FLUSH_AT:
            self.flush()

    def flush(self) -> None:
        for key, model, columns in (
            ("groups", Group, GROUP_COLUMNS),
            ("topics", GroupTopic, TOPIC_COLUMNS),
            ("memberships", GroupMembership, MEMBERSHIP_COLUMNS),
            ("threads", GroupThread, THREAD_COLUMNS),
            ("replies", GroupReply, REPLY_COLUMNS),
        ):
            insert_rows(model, columns, self.rows[key])
            self.written[key] += len(self.rows[key])
            self.rows[key] = []

    def __enter__(self):
        return self

    def __exit__(self, error_type, *_error):
        """Write the rest and move PostgreSQL's id sequences past the ids given here. After an
        error the caller's transaction undoes everything."""
        if error_type is not None:
            return
        self.flush()
        statements = self.connection.ops.sequence_reset_sql(no_style(), [Group, GroupThread])
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
