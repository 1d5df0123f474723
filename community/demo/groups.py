"""Demo groups for `seed_demo`: about thirty groups of every kind (open, by request, invite only,
hidden, one archived) with members, moderators, requests, invitations, threads and replies; the
named demo member Kari owns one group, moderates another, has asked to join a third and is
invited to a hidden one. At --members ≥ 50,000 the scale of DESIGN.md §7 besides: 2,000 groups in
all, the busiest with 50,000 posts (5,000 threads, 45,000 replies, one thread of 1,000).

Who joins. Only verified, active members (DESIGN.md §4); a group linked to a faculty draws most
of its members from that faculty's alumni. The owner joined when the group was made; the others
since, so seniority (joined_at) means something for an ownership hand-over.

Deterministic and idempotent: each group draws from its own stream seeded from --seed and its
name, and a group whose name exists is left alone (with everything in it), so a second run adds
nothing and a run at scale adds only the groups that are missing.

Fast: rows get their primary keys here (continuing from the largest) and go in with plain
INSERTs (insert_rows), so nothing is read back and no signal or notification fires. The counters
(member_count, thread_count, reply_count, last_activity_at) are computed from the plan, as the
groups service would have left them.
"""

import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models.functions import Mod
from django.utils import timezone

from home.models import Faculty, Programme

from ..models import (
    EducationRecord,
    Frequency,
    Group,
    GroupKind,
    GroupThread,
    InterestTag,
    MembershipRole,
    MembershipStatus,
    Profile,
    Visibility,
)
from .group_texts import (
    ACTIVITY_DAYS,
    BUSIEST,
    GENERAL_REPLIES,
    GROUPS,
    REPLIES,
    SCALE_FIELDS,
    SCALE_PLACES,
    SIZES,
    THEME_FACULTY,
    THEME_INDUSTRY,
    THEME_TOPICS,
    THREADS,
    GroupSpec,
)
from .group_writer import GroupWriter, PlannedGroup
from .vocabulary import CURATED_INTERESTS
from .writing import ensure_tags

KARI = "kari.nordmann@example.no"
MIN_MEMBERS = 5  # fewer verified members than this: no groups
SCALE_MEMBERS = 50_000  # --members from which the scale of DESIGN.md §7 is built
SCALE_GROUPS = 2_000  # groups in all at scale
BUSIEST_MEMBERS = 5_000
BUSIEST_THREADS = 5_000
BUSIEST_REPLIES = 45_000  # with the threads, 50,000 posts
LONG_THREAD_REPLIES = 1_000  # one long thread in the busiest group

NOTIFY_WEIGHTS = {Frequency.IMMEDIATE: 15, Frequency.DAILY: 20, Frequency.WEEKLY: 50,
                  Frequency.OFF: 15}  # fmt: skip
REPLY_WEIGHTS = {0: 12, 1: 14, 2: 16, 3: 14, 4: 12, 5: 9, 6: 7, 8: 6, 11: 5, 15: 3, 22: 2}
REQUEST_MESSAGES = [
    "",
    "Jeg jobber med dette til daglig og vil gjerne bli med i diskusjonene.",
    "Hei! Jeg er nyutdannet og ønsker å lære av erfarne folk i bransjen.",
    "Jeg har nettopp begynt i en ny stilling innenfor feltet.",
    "Tidligere student på Handelshøyskolen, nå i Drammen kommune.",
]
LONG_THREAD = (
    "Presenter deg her!",
    "Ny i forumet? Skriv noen ord om hvem du er, hva du jobber med og hva du gjerne vil "
    "diskutere her. Vi blir glade for å bli kjent med deg.",
)
KARI_REQUEST = (
    "Jeg leder økonomiavdelingen i en sparebank med mange kommuner som kunder, og vil gjerne "
    "lære mer om hvordan budsjettprosessene deres fungerer."
)
SCALE_KINDS = {"open": 60, "request": 25, "invite": 10, "hidden": 5}
SCALE_SIZES = {"small": 50, "medium": 40, "large": 10}
SCALE_ACTIVITY = {"lively": 30, "steady": 40, "quiet": 25, "archived": 5}


def pick(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class Deck:
    """Draws texts without repeating one until all have been drawn."""

    def __init__(self, rng, items):
        self.rng, self.items, self.left = rng, list(items), []

    def draw(self):
        if not self.left:
            self.left = self.rng.sample(self.items, len(self.items))
        return self.left.pop()


@dataclass
class Pool:
    """The verified, active members who may join groups, in the order they joined."""

    ids: list
    by_faculty: dict  # faculty code -> [user id]
    kari: int | None

    def draw(self, rng, count: int, faculty: str = "", exclude=()) -> list[int]:
        """`count` different members, about seven in ten from the faculty's alumni."""
        chosen, seen = [], set(exclude)
        local = self.by_faculty.get(faculty, []) if faculty else []
        for source, wanted in ((local, round(count * 0.7)), (self.ids, count)):
            tries = 0
            while len(chosen) < wanted and tries < wanted * 4 and source:
                tries += 1
                user_id = source[rng.randrange(len(source))]
                if user_id not in seen:
                    seen.add(user_id)
                    chosen.append(user_id)
        return chosen


def member_pool() -> Pool:
    profiles = Profile.objects.filter(is_verified=True, user__is_active=True, user__is_staff=False)
    rows = profiles.order_by("user_id").values_list("user_id", "user__email")
    ids, kari = [], None
    for user_id, email in rows:
        if email.lower() == KARI:
            kari = user_id
        else:
            ids.append(user_id)
    by_faculty = {}
    education = EducationRecord.objects.filter(profile__in=profiles).order_by("profile__user_id")
    for user_id, code in education.values_list("profile__user_id", "faculty__code").distinct():
        if user_id != kari:
            by_faculty.setdefault(code, []).append(user_id)
    return Pool(ids, by_faculty, kari)


class GroupPlanner:
    """Plans one group from its spec and its own random stream."""

    def __init__(self, pool: Pool, faculties: dict, now: datetime, writer: GroupWriter):
        self.pool, self.faculties, self.now, self.writer = pool, faculties, now, writer

    def group(self, rng, spec: GroupSpec, members=None, threads=None) -> PlannedGroup:
        """`members` and `threads` override the spec's size: the busiest group, a broad forum
        with BUSIEST_REPLIES replies."""
        now = self.now
        low, high = ACTIVITY_DAYS[spec.activity]
        last = now - timedelta(days=low + (high - low) * rng.random(), minutes=rng.randint(5, 600))
        created = last - timedelta(days=rng.randint(60, 700))
        plan = PlannedGroup(
            spec, self.writer.take(Group), created, self.faculties.get(spec.faculty)
        )
        if spec.activity == "archived":  # after a year's quiet and a month's notice
            archived = now - timedelta(days=rng.randint(5, 40))
            plan.archived_at = min(now, max(archived, last + timedelta(days=395)))
        (size_low, size_high), (threads_low, threads_high) = SIZES[spec.size]
        count = members if members is not None else rng.randint(size_low, size_high)
        self._members(rng, plan, count, last)
        active = [m[0] for m in plan.memberships if m[2] == MembershipStatus.ACTIVE]
        wanted = threads if threads is not None else rng.randint(threads_low, threads_high)
        self._threads(rng, plan, active, wanted, last, forum=threads is not None)
        return plan

    def _members(self, rng, plan: PlannedGroup, count: int, last: datetime) -> None:
        spec, pool, created = plan.spec, self.pool, plan.created_at
        kari = pool.kari if spec.kari else None
        if spec.kari == "owner" and kari:
            owner = kari
        else:
            owner = pool.draw(rng, 1, spec.faculty, exclude={kari})[0]
        others = pool.draw(rng, max(0, count - 1), spec.faculty, exclude={owner, kari})
        if kari and spec.kari in ("moderator", "member"):
            others.insert(rng.randrange(len(others) + 1), kari)
        span = max(1.0, (last - created).total_seconds())

        def joined():
            return created + timedelta(seconds=span * rng.random() ** 1.5)

        rows = [(owner, MembershipRole.OWNER, created)]
        moderators = 0 if spec.size == "small" else rng.randint(0, 2)
        for index, user_id in enumerate(others):
            if user_id == kari and spec.kari == "moderator" or index < moderators:
                role = MembershipRole.MODERATOR
            else:
                role = MembershipRole.MEMBER
            rows.append((user_id, role, joined()))
        for user_id, role, moment in rows:
            notify = Frequency.IMMEDIATE if user_id == kari else pick(rng, NOTIFY_WEIGHTS)
            plan.memberships.append(
                (user_id, role, MembershipStatus.ACTIVE, moment, moment, None, "", notify)
            )
        # Where the others stand: asked to join, invited, banned.
        taken = {owner, kari, *others}
        inviters = [owner] + [r[0] for r in rows if r[1] == MembershipRole.MODERATOR]
        outsiders = []
        if spec.kind == GroupKind.REQUEST:
            outsiders = [(u, MembershipStatus.REQUESTED) for u in self._outsiders(rng, 3, taken)]
        elif spec.kind in (GroupKind.INVITE, GroupKind.HIDDEN):
            outsiders = [(u, MembershipStatus.INVITED) for u in self._outsiders(rng, 2, taken)]
        elif spec.size == "large" and rng.random() < 0.5:
            outsiders = [(u, MembershipStatus.BANNED) for u in self._outsiders(rng, 1, taken)]
        if kari and spec.kari == "requested":
            outsiders.append((kari, MembershipStatus.REQUESTED))
        elif kari and spec.kari == "invited":
            outsiders.append((kari, MembershipStatus.INVITED))
        for user_id, status in outsiders:
            moment = self.now - timedelta(days=rng.randint(1, 20), minutes=rng.randint(0, 900))
            moment = max(moment, created)
            invited_by = rng.choice(inviters) if status == MembershipStatus.INVITED else None
            message = ""
            if status == MembershipStatus.REQUESTED:
                message = KARI_REQUEST if user_id == kari else rng.choice(REQUEST_MESSAGES)
            plan.memberships.append(
                (user_id, MembershipRole.MEMBER, status, moment, None, invited_by, message,
                 Frequency.WEEKLY)
            )  # fmt: skip

    def _outsiders(self, rng, most: int, taken: set) -> list[int]:
        chosen = self.pool.draw(rng, rng.randint(0, most), exclude=taken)
        taken.update(chosen)
        return chosen

    def _threads(self, rng, plan, authors: list, count: int, last: datetime, forum=False):
        """`count` threads between the group's start and `last`, the latest post at `last`;
        replies a few hours to days apart. The busiest group's replies are spread over its
        threads in one draw, with one long thread."""
        if not authors or not count:
            return
        theme = plan.spec.theme
        if forum:  # every theme's threads
            subjects = Deck(rng, [t for items in THREADS.values() for t in items])
            replies_deck = Deck(rng, [r for items in REPLIES.values() for r in items])
        else:
            subjects = Deck(rng, THREADS[theme])
            replies_deck = Deck(rng, REPLIES[theme])
        general = Deck(rng, GENERAL_REPLIES)
        start = plan.created_at + timedelta(hours=2)
        span = max(60.0, (last - start).total_seconds())
        # Opening times, increasing; the last thread is the latest activity unless its replies are.
        moments = sorted(start + timedelta(seconds=span * rng.random()) for _ in range(count))
        reply_counts = self._reply_counts(rng, count, forum)
        first_id = self.writer.take(GroupThread, count)
        for index, (opened, replies_wanted) in enumerate(zip(moments, reply_counts, strict=True)):
            title, body = subjects.draw()
            if replies_wanted >= LONG_THREAD_REPLIES:
                title, body = LONG_THREAD
            author = rng.choice(authors)
            replies, moment, previous = [], opened, author
            room = max(60.0, (min(last, opened + timedelta(days=30)) - opened).total_seconds())
            gap = room / (replies_wanted + 1)
            for _ in range(replies_wanted):
                moment = moment + timedelta(seconds=gap * (0.2 + 1.6 * rng.random()))
                moment = min(moment, last)
                writer = rng.choice(authors)
                if writer == previous and len(authors) > 1:
                    writer = rng.choice(authors)
                text = replies_deck.draw() if rng.random() < 0.65 else general.draw()
                replies.append((writer, text, moment))
                previous = writer
            pinned = index == 0 and count >= 8  # the oldest thread of a big group: its rules
            locked = None
            if not pinned and count >= 6 and index < count // 3 and rng.random() < 0.05:
                locked = min(moment + timedelta(days=1), self.now)
            thread = (first_id + index, author, title, body, opened, pinned, moment, locked)
            plan.threads.append((thread, replies))

    @staticmethod
    def _reply_counts(rng, count: int, forum: bool) -> list[int]:
        if not forum:
            return [pick(rng, REPLY_WEIGHTS) for _ in range(count)]
        # The busiest group: exactly BUSIEST_REPLIES, one thread with LONG_THREAD_REPLIES, the
        # rest spread unevenly (some threads draw many replies, most a few).
        weights = [rng.random() ** 2 for _ in range(count)]
        counts = [0] * count
        for index in rng.choices(
            range(count), weights=weights, k=BUSIEST_REPLIES - LONG_THREAD_REPLIES
        ):
            counts[index] += 1
        counts[rng.randrange(count // 2, count)] += LONG_THREAD_REPLIES
        return counts


def scale_specs(seed: int, how_many: int) -> list[GroupSpec]:
    """The generated groups at scale, the same list for a seed: "<field> i <place>" first, then
    year groups of the programmes ("<programme>, kull <year>")."""
    rng = random.Random(f"{seed}:groups:scale")
    fields = [(theme, name) for theme, names in SCALE_FIELDS.items() for name in names]
    candidates = [(theme, name, place) for theme, name in fields for place in SCALE_PLACES]
    rng.shuffle(candidates)
    specs = []
    for theme, name, (place, region) in candidates[:how_many]:
        specs.append(
            GroupSpec(
                f"{name} i {place}", pick(rng, SCALE_KINDS), theme,
                f"Et nettverk for alumni fra USN innen {name.lower()} i {place}. Vi deler "
                "erfaringer, tips om jobber og kurs, og møtes når det passer.",
                THEME_TOPICS[theme] + ([rng.choice(CURATED_INTERESTS)] if rng.random() < 0.5
                                       else []),
                faculty=THEME_FACULTY[theme], region=region, industry=THEME_INDUSTRY[theme],
                size=pick(rng, SCALE_SIZES), activity=pick(rng, SCALE_ACTIVITY),
            )
        )  # fmt: skip
    programmes = list(Programme.objects.select_related("faculty").order_by("code"))
    years = list(range(2000, 2025))
    names = {spec.name for spec in specs}
    for _attempt in range(how_many * 4):
        if len(specs) >= how_many or not programmes:
            break
        programme, year = rng.choice(programmes), rng.choice(years)
        name = f"{programme.name_nb}, kull {year}"
        if name in names:
            continue
        names.add(name)
        specs.append(
            GroupSpec(
                name, pick(rng, {"open": 50, "invite": 30, "hidden": 20}), "network",
                f"For oss som gikk {programme.name_nb} og ble ferdige i {year}. Her holder vi "
                "kontakten og planlegger jubileer.",
                ["Nettverksbygging"], faculty=programme.faculty.code,
                size=pick(rng, {"small": 70, "medium": 30}), activity=pick(rng, SCALE_ACTIVITY),
            )
        )  # fmt: skip
    return specs


def show_groups_on_profiles() -> None:
    """Who sees which groups a member is in (Profile.groups_visibility, 'only me' by default):
    Kari shows hers to every verified member, and so do half the demo members; a fifth show
    them to their faculty, the rest keep the default. By user id, so a run over the same
    members sets the same and a larger --members only adds. One UPDATE per level."""
    profiles = Profile.objects.filter(is_verified=True, groups_visibility=Visibility.PRIVATE)
    profiles = profiles.exclude(user__is_staff=True).annotate(bucket=Mod("user_id", 10))
    profiles.filter(bucket__lt=5).update(groups_visibility=Visibility.MEMBERS)
    profiles.filter(bucket__in=[5, 6]).update(groups_visibility=Visibility.FACULTY)
    Profile.objects.filter(user__email__iexact=KARI).update(groups_visibility=Visibility.MEMBERS)


def build_groups(context) -> None:
    started = time.monotonic()
    pool = member_pool()
    if len(pool.ids) < MIN_MEMBERS:
        context.say("  groups: too few verified members, none made")
        return
    show_groups_on_profiles()
    scale = context.options.get("members", 300) >= SCALE_MEMBERS
    specs = list(GROUPS)
    if scale:
        specs += scale_specs(context.seed, SCALE_GROUPS - len(GROUPS) - 1)
    existing = set(Group.objects.values_list("name", flat=True))
    todo = [spec for spec in specs if spec.name not in existing]
    busiest = scale and BUSIEST.name not in existing
    if not todo and not busiest:
        context.say(f"  groups: {len(existing):,} there already, nothing to add")
        return
    topics = {name for spec in todo + [BUSIEST] for name in spec.topics}
    tags = ensure_tags(InterestTag, sorted(topics))
    faculties = dict(Faculty.objects.values_list("code", "pk"))
    now = timezone.now()
    with GroupWriter() as writer:
        planner = GroupPlanner(pool, faculties, now, writer)
        for spec in todo:
            rng = random.Random(f"{context.seed}:groups:{spec.name}")
            writer.add(planner.group(rng, spec), tags)
        if busiest:
            rng = random.Random(f"{context.seed}:groups:{BUSIEST.name}")
            members = min(BUSIEST_MEMBERS, len(pool.ids))
            writer.add(planner.group(rng, BUSIEST, members, BUSIEST_THREADS), tags)
    written = writer.written
    context.say(
        f"  groups: {written['groups']:,} new, {written['memberships']:,} memberships, "
        f"{written['threads']:,} threads, {written['replies']:,} replies; "
        f"{Group.objects.count():,} groups in all ({time.monotonic() - started:.1f} s)"
    )
