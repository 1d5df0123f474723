"""Demo members for `manage.py seed_demo [--members N]` (docs/demo-data.md).

Builds N realistic members in bulk: Norwegian names, USN education, jobs, interests, privacy
choices, verification from the graduate register, pending claims for the coordinators, graduates
who have not joined yet, and the directory's search index; plus full profiles for the two named
demo logins and verified addresses for every demo login (allauth requires one to log in).

Deterministic and idempotent: the planner draws from its own random streams seeded from --seed
(not the shared ones, whose position depends on what earlier builders did) and always plans
members 0..N-1 in order, so member i is the same for any N; members whose address exists are
skipped. A second run adds nothing, a larger N adds only the missing members.

Fast (100,000 members in well under the 3 minutes of DESIGN.md §7, docs/demo-data.md): rows go
in with plain INSERTs, on PostgreSQL with COPY (insert_rows, insert_objects), which send no
signals, so no per-object profile or search-index task fires; the directory's search index is
filled per chunk in bulk (search_index.add_to_index).

`vocabulary` holds the lists members are drawn from, `planning` decides who gets what, `writing`
puts them in the database and the search index; `build` runs them chunk by chunk.
"""

import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError

from accounts.models import User

from ..models import GraduateRecord, Profile, VerificationClaim
from .conversations import build_conversations
from .groups import build_groups
from .planning import NAMED_PROFILES, Education, MemberPlanner, PlannedMember, plan_graduates
from .vocabulary import MAX_MEMBERS
from .writing import (
    GRADUATE_COLUMNS,
    Rows,
    complete_named_member,
    ensure_login_addresses,
    index_profiles,
    insert_objects,
    insert_rows,
    profiles_for_index,
    write_members,
)

__all__ = [
    "CHUNK",
    "NAMED_PROFILES",
    "Education",
    "MemberPlanner",
    "PlannedMember",
    "Rows",
    "build",
    "build_conversations",
    "build_groups",
    "index_profiles",
    "insert_objects",
    "insert_rows",
    "plan_graduates",
    "write_members",
]

CHUNK = 2000


def build(context):
    count = context.options.get("members", 300)
    if not 0 <= count <= MAX_MEMBERS:
        raise CommandError(f"--members must be between 0 and {MAX_MEMBERS:,}.")
    started = time.monotonic()
    rows = Rows()
    ensure_login_addresses(context)
    named = [
        complete_named_member(user, NAMED_PROFILES[user.email.lower()], rows)
        for user in context.shared.get("demo_members", [])
        if user.email.lower() in NAMED_PROFILES
    ]
    index_profiles(profiles_for_index([pk for pk in named if pk]))

    existing = {email.lower() for email in User.objects.values_list("email", flat=True)}
    planner = MemberPlanner(context.seed, rows.by_faculty)
    password = make_password(None)  # one unusable hash for all; hashing each would take hours
    created = 0
    for start in range(0, count, CHUNK):
        planned = [planner.member() for _ in range(start, min(count, start + CHUNK))]
        new = [member for member in planned if member.email not in existing]
        if not new:
            continue
        index_profiles(write_members(new, rows, password))
        created += len(new)
        done = min(count, start + CHUNK)
        if done % 10_000 == 0 or done == count:
            elapsed = time.monotonic() - started
            context.say(f"  members: {done:,} of {count:,}, {created:,} new ({elapsed:.0f} s)")

    taken = set(GraduateRecord.objects.values_list("student_number", flat=True))
    graduates = plan_graduates(context.seed, count // 10, rows.by_faculty)
    insert_rows(
        GraduateRecord,
        GRADUATE_COLUMNS,
        [rows.graduate(*graduate) for graduate in graduates if graduate[0] not in taken],
    )
    profiles = Profile.objects.all()
    context.say(
        f"  members: {profiles.count():,} profiles, "
        f"{profiles.filter(is_verified=True).count():,} verified, "
        f"{profiles.listed().count():,} in the directory, "
        f"{VerificationClaim.objects.filter(status='pending').count():,} claims waiting, "
        f"{GraduateRecord.objects.filter(matched_user=None).count():,} graduates not joined "
        f"({time.monotonic() - started:.0f} s)"
    )
    build_conversations(context)
    build_groups(context)
