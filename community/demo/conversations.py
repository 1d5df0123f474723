"""Demo conversations for `seed_demo`: about ten messages per member (1,000,000 at 100,000
members), mostly one-to-one, some group conversations, over the last 18 months; and a lively
inbox for the named demo logins who are verified (docs/demo-data.md).

Who talks to whom. Only verified, active members message (DESIGN.md §4, SECURITY.md M2). In
the order they joined (user id), each verified generated member starts 0–4 conversations with
members among the WINDOW verified members who joined just before them and take messages from
members (`who_may_message`), never across a block. Because partners always joined earlier, the
conversations a member starts never depend on members added later.

Deterministic and idempotent: each member's conversations are drawn from a stream seeded from
--seed and their address, independent of the other builders and of N. A member who has started
a conversation is done and skipped, so a second run adds nothing and a larger --members adds
conversations only for the new members. A named login who takes part in any conversation is
done too; their conversations are built once.

Fast: rows get their primary keys here (continuing from the largest) and go in with plain
INSERTs (insert_rows), so nothing is read back; no signal fires and no notification is sent. The
denormalised fields (Conversation.last_message, each Participant's last_activity_at, read state
and unread_count) are computed from the plan, as messaging.service would have left them.
"""

import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.management.color import no_style
from django.db import connections, router
from django.db.models import Max
from django.utils import timezone

from accounts.demo import MEMBERS as NAMED_LOGINS

from ..models import Conversation, MemberBlock, Message, Participant, Profile, WhoMayMessage
from .conversation_texts import (
    CHAT,
    CLOSE,
    DETAILS,
    GROUP_NAME,
    GROUP_OPEN,
    GROUP_TITLES,
    NUDGE,
    TOPIC_WEIGHTS,
    TOPICS,
)
from .writing import insert_rows

WINDOW = 500  # partners among the verified members who joined just before
HISTORY = timedelta(days=548)  # 18 months
NAMED_HISTORY = timedelta(days=30)  # the named logins' inbox is recent
STARTED = {0: 20, 1: 30, 2: 30, 3: 15, 4: 5}  # conversations a member starts, by weight
GROUP_SHARE = 0.08
UNREAD_SHARE = 0.12  # conversations whose last 1–3 messages one reader has not read
ENGLISH_SHARE = 0.15
FLUSH_AT = 100_000  # messages held in memory before they are written
BULK_AT = 5_000  # members to do from which SQLite's indexes are rebuilt rather than updated

CONVERSATION_COLUMNS = ["id", "title", "is_group", "created_by_id", "created_at", "last_message_id"]
PARTICIPANT_COLUMNS = ["id", "conversation_id", "user_id", "joined_at", "last_activity_at",
                       "last_read_at", "last_read_message_id", "unread_count"]  # fmt: skip
MESSAGE_COLUMNS = ["id", "conversation_id", "sender_id", "kind", "body", "created_at"]


@dataclass(frozen=True)
class Member:
    user_id: int
    email: str
    first_name: str
    verified_at: datetime | None
    accepts: bool  # takes messages from every verified member


@dataclass
class PlannedConversation:
    members: list[Member]  # the one who started it first
    title: str
    senders: list[int]  # per message, an index into members
    bodies: list[str]
    times: list[datetime]  # increasing
    unread: dict[int, int] = field(default_factory=dict)  # member index -> messages not read


def pick(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class Deck:
    """Draws texts without repeating one until all have been drawn, so a conversation does not
    say the same thing twice unless it runs long."""

    def __init__(self, rng, items):
        self.rng, self.items, self.left = rng, items, []

    def draw(self):
        if not self.left:
            self.left = self.rng.sample(self.items, len(self.items))
        return self.left.pop()


class ConversationPlanner:
    """Plans one conversation between given members: its texts, senders, times and who has
    not read the end of it. Draws only from the stream it is handed."""

    def __init__(self, now: datetime):
        self.now = now

    def conversation(self, rng, members, earliest, unread_reader=None) -> PlannedConversation:
        """`unread_reader`: the index of a member who must have unread messages at the end."""
        lang = "en" if rng.random() < ENGLISH_SHARE else "nb"
        details = {k: rng.choice(v[lang] if isinstance(v, dict) else v) for k, v in DETAILS.items()}
        group = len(members) > 2
        if group:
            count = min(60, rng.randint(3, 10) + int(rng.expovariate(1 / 10)))
        else:
            count = min(40, 2 + int(rng.expovariate(1 / 7.5)))
        unread = 0
        if unread_reader is not None or rng.random() < UNREAD_SHARE:
            unread = min(rng.choice((1, 1, 1, 2, 3)), count - 1)
        if group:
            senders = self._group_senders(rng, len(members), count, unread_reader)
        else:
            if unread_reader is not None and (count - max(unread - 1, 0) - 1) % 2 == unread_reader:
                count += 1 if count < 40 else -1  # so that the other one writes last
            senders = self._pair_senders(count, unread)
        topic = TOPICS[pick(rng, TOPIC_WEIGHTS)][lang]
        replies, chat, nudges = (
            Deck(rng, topic["reply"]),
            Deck(rng, CHAT[lang]),
            Deck(rng, NUDGE[lang]),
        )
        bodies = []
        for index, sender in enumerate(senders):
            if index == 0:
                template = rng.choice(GROUP_OPEN[lang] if group else topic["open"])
            elif senders[index - 1] == sender and not group:
                template = nudges.draw()  # again, before the other answered
            elif index == count - 1 and not unread and count > 3:
                template = rng.choice(CLOSE[lang])
            elif index == 1 or rng.random() < 0.6:
                template = replies.draw()
            else:
                template = chat.draw()
            reader = GROUP_NAME[lang] if group else members[1 - sender].first_name
            bodies.append(template.format(name=reader, **details))
        title = rng.choice(GROUP_TITLES[lang]).format(**details) if group else ""
        times = self._times(rng, count, earliest)
        plan = PlannedConversation(members, title, senders, bodies, times)
        if unread:
            readers = [i for i in range(len(members)) if i != senders[-1]]
            if unread_reader is None:
                readers = rng.sample(readers, min(len(readers), rng.choice((1, 1, 2))))
            else:
                readers = [unread_reader]
            plan.unread = dict.fromkeys(readers, unread)
        return plan

    @staticmethod
    def _pair_senders(count, unread):
        """Taking turns, the one who started first; a reader with unread messages has 1–3 from
        the other since they last wrote (a reply, then nudges)."""
        turns = count - max(unread - 1, 0)
        return [i % 2 for i in range(turns)] + [(turns - 1) % 2] * (count - turns)

    @staticmethod
    def _group_senders(rng, size, count, reader):
        senders = [0]
        for _ in range(count - 1):
            sender = rng.randrange(size - 1)
            senders.append(sender if sender < senders[-1] else sender + 1)  # never twice running
        if reader is not None and senders[-1] == reader:
            senders[-1] = (reader + 1) % size
            if senders[-2] == senders[-1]:
                senders[-2] = reader
        return senders

    def _times(self, rng, count, earliest) -> list[datetime]:
        """Increasing times from a start after `earliest`, mostly minutes or hours apart, now
        and then days; squeezed to end before now."""
        latest = self.now - timedelta(minutes=5)
        earliest = min(earliest, latest - timedelta(hours=2))
        start = earliest + (latest - earliest) * rng.random() ** 1.2
        if start.hour < 5 and start + timedelta(hours=7) < latest:
            start += timedelta(hours=7)  # people start conversations in the day (UTC 5 = 6/7 here)
        gaps, draw = [], rng.random  # seconds: 30 s to an hour, to two days, to three weeks
        for _ in range(count - 1):
            chance = draw()
            if chance < 0.6:
                gaps.append(30 + 3570 * draw())
            elif chance < 0.9:
                gaps.append(3600 + 169_200 * draw())
            else:
                gaps.append(172_800 + 1_641_600 * draw())
        room = (latest - start).total_seconds()
        if sum(gaps) > room:
            scale = room / sum(gaps)
            gaps = [max(1.0, gap * scale) for gap in gaps]
        times, offset = [start], 0
        for gap in gaps:
            offset += gap
            times.append(start + timedelta(seconds=offset))
        return times


class ConversationWriter:
    """Turns plans into rows with primary keys given here, and writes them in batches."""

    def __init__(self, bulk=False):
        self.bulk = bulk
        self.set_aside = []
        self.connection = connections[router.db_for_write(Message)]
        adapt = self.connection.ops.adapt_datetimefield_value
        if self.connection.vendor == "sqlite" and self.connection.timezone_name == "UTC":
            # What adapt_datetimefield_value makes of a UTC time, without its checks on each of
            # a million values (a third of the time this builder takes).
            self.adapt = lambda moment: str(moment.replace(tzinfo=None))
        else:
            self.adapt = adapt
        self.next_ids = {
            model: (model.objects.aggregate(last=Max("id"))["last"] or 0) + 1
            for model in (Conversation, Participant, Message)
        }
        self.conversations, self.participants, self.messages = [], [], []
        self.written = {"conversations": 0, "messages": 0, "groups": 0, "unread": 0}

    def _take(self, model, count: int) -> int:
        first = self.next_ids[model]
        self.next_ids[model] = first + count
        return first

    def add(self, plan: PlannedConversation) -> None:
        count = len(plan.senders)
        conversation_id = self._take(Conversation, 1)
        first = self._take(Message, count)
        times = [self.adapt(moment) for moment in plan.times]
        users = [member.user_id for member in plan.members]
        self.messages += [
            (first + i, conversation_id, users[sender], "text", body, times[i])
            for i, (sender, body) in enumerate(zip(plan.senders, plan.bodies, strict=True))
        ]
        started_by, group = users[0], len(users) > 2
        last = first + count - 1
        self.conversations.append((conversation_id, plan.title, group, started_by, times[0], last))
        participant_id = self._take(Participant, len(users))
        for index, user_id in enumerate(users):
            read, unread = self._read_until(plan, index)
            self.participants.append(
                (participant_id + index, conversation_id, user_id, times[0], times[-1],
                 times[read], first + read, unread)
            )  # fmt: skip
            self.written["unread"] += unread > 0
        self.written["conversations"] += 1
        self.written["groups"] += group
        self.written["messages"] += count
        if len(self.messages) >= FLUSH_AT:
            self.flush()

    @staticmethod
    def _read_until(plan, index) -> tuple[int, int]:
        """The last message the member has read and how many from others came after it. Writing
        marks everything before as read (messaging.service), so unread messages all came after
        the member's own last one; the first message is always read."""
        wanted = plan.unread.get(index, 0)
        if not wanted:
            return len(plan.senders) - 1, 0
        senders = plan.senders
        own = max((i for i, sender in enumerate(senders) if sender == index), default=0)
        after = [i for i in range(own + 1, len(senders)) if senders[i] != index]
        unread = min(wanted, len(after))
        return (after[-unread] - 1, unread) if unread else (len(senders) - 1, 0)

    def flush(self) -> None:
        # Both foreign keys between conversations and messages are checked at commit (deferred),
        # so a conversation may name its last message before the message is written.
        insert_rows(Conversation, CONVERSATION_COLUMNS, self.conversations)
        insert_rows(Message, MESSAGE_COLUMNS, self.messages)
        insert_rows(Participant, PARTICIPANT_COLUMNS, self.participants)
        self.conversations, self.participants, self.messages = [], [], []

    def __enter__(self):
        if self.bulk and self.connection.vendor == "sqlite":
            self._set_indexes_aside()
        return self

    def __exit__(self, error_type, *_error):
        """Write the rest, build the indexes set aside and move PostgreSQL's id sequences past
        the ids given here. After an error, the caller's transaction undoes everything."""
        if error_type is not None:
            return
        self.flush()
        tables = [Conversation, Participant, Message]
        statements = [sql for _name, sql in self.set_aside]
        statements += self.connection.ops.sequence_reset_sql(no_style(), tables)
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def _set_indexes_aside(self) -> None:
        """SQLite: drop the indexes on participants and messages by sender and member while a
        million rows go in, and build them again at the end (__exit__): building an index once
        from sorted rows is several times faster than a million inserts at random places.
        Indexes led by conversation_id stay: rows arrive in its order (cheap appends), and
        SQLite needs them to check the deferred foreign keys when a conversation is inserted
        (without them, every insert scans the messages)."""
        tables = [Participant._meta.db_table, Message._meta.db_table]
        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                "AND tbl_name IN (%s, %s)",
                tables,
            )
            for name, sql in cursor.fetchall():
                cursor.execute(f"PRAGMA index_info({quote(name)})")
                if cursor.fetchone()[2] != "conversation_id":
                    self.set_aside.append((name, sql))
            for name, _sql in self.set_aside:
                cursor.execute(f"DROP INDEX {quote(name)}")


def verified_members() -> list[Member]:
    """Verified, active members in the order they joined, staff left out."""
    rows = (
        Profile.objects.filter(is_verified=True, user__is_active=True, user__is_staff=False)
        .order_by("user_id")
        .values_list("user_id", "user__email", "user__first_name", "verified_at", "who_may_message")
    )
    return [
        Member(user_id, email.lower(), first, verified, choice == WhoMayMessage.MEMBERS)
        for user_id, email, first, verified, choice in rows
    ]


def build_conversations(context) -> None:
    started_at = time.monotonic()
    now = timezone.now()
    members = verified_members()
    named_emails = [email for email, *_rest in NAMED_LOGINS]
    named = {m.email: m for m in members if m.email in named_emails}
    generated = [m for m in members if m.email not in named]
    blocks = set(MemberBlock.objects.values_list("blocker_id", "blocked_id"))
    planner = ConversationPlanner(now)
    done = set(Conversation.objects.values_list("created_by_id", flat=True).distinct())
    todo = [position for position, m in enumerate(generated) if position and m.user_id not in done]

    def may_talk(a: Member, b: Member) -> bool:
        return (a.user_id, b.user_id) not in blocks and (b.user_id, a.user_id) not in blocks

    with ConversationWriter(bulk=len(todo) >= BULK_AT) as writer:
        for number, position in enumerate(todo, 1):
            member = generated[position]
            rng = random.Random(f"{context.seed}:conversations:{member.email}")
            for people in choose_partners(rng, generated, position, may_talk):
                since = max([now - HISTORY] + [p.verified_at for p in people if p.verified_at])
                writer.add(planner.conversation(rng, people, since))
            if number % 20_000 == 0:
                context.say(
                    f"  conversations: {number:,} of {len(todo):,} members, "
                    f"{writer.written['messages']:,} messages "
                    f"({time.monotonic() - started_at:.0f} s)"
                )

        for index, email in enumerate(named_emails):
            login = named.get(email)
            if login is None or Participant.objects.filter(user_id=login.user_id).exists():
                continue
            earlier = [named[e] for e in named_emails[:index] if e in named]
            partners = [m for m in generated if m.accepts and may_talk(login, m)]
            rng = random.Random(f"{context.seed}:named-conversations:{email}")
            for plan in plan_named_inbox(rng, planner, login, earlier, partners, now):
                writer.add(plan)

    written = writer.written
    context.say(
        f"  conversations: {written['conversations']:,} new ({written['groups']:,} in groups), "
        f"{written['messages']:,} messages, {written['unread']:,} unread for someone; "
        f"{Conversation.objects.count():,} conversations and {Message.objects.count():,} "
        f"messages in all ({time.monotonic() - started_at:.0f} s)"
    )


def choose_partners(rng, generated, position, may_talk) -> list[list[Member]]:
    """Who the member at `position` starts conversations with, themselves first: 0–4
    conversations, a few of them groups, with members among the WINDOW before them who take
    messages from members; never two one-to-one conversations with the same member."""
    member, chosen, talked_to = generated[position], [], set()
    for _ in range(pick(rng, STARTED)):
        size = rng.randint(3, 8) if rng.random() < GROUP_SHARE else 2
        others = []
        for _attempt in range(4 * size):
            other = generated[rng.randrange(max(0, position - WINDOW), position)]
            fresh = size > 2 or other.user_id not in talked_to
            if fresh and other.accepts and other not in others and may_talk(member, other):
                others.append(other)
            if len(others) == size - 1:
                break
        if not others or (size > 2 and len(others) < 2):
            continue
        if size == 2:
            talked_to.add(others[0].user_id)
        chosen.append([member, *others])
    return chosen


def plan_named_inbox(rng, planner, login, earlier, partners, now) -> list[PlannedConversation]:
    """A lively inbox: one-to-one conversations with the named logins before this one and with
    four members (two unread, two of them started by the member), and a group conversation
    with three members, unread too, all within the last month."""
    since = now - NAMED_HISTORY
    plans = [planner.conversation(rng, [login, other], since, unread_reader=0) for other in earlier]
    chosen = rng.sample(partners, min(len(partners), 7))
    for number, other in enumerate(chosen[:4]):
        people = [login, other] if number % 2 else [other, login]
        reader = people.index(login) if number < 2 else None
        plans.append(planner.conversation(rng, people, max(since, other.verified_at or since),
                                          unread_reader=reader))  # fmt: skip
    if len(chosen) >= 6:
        people = [chosen[4], login, *chosen[5:7]]
        verified = max(p.verified_at or since for p in chosen[4:7])
        plans.append(planner.conversation(rng, people, max(since, verified), unread_reader=1))
    return plans
