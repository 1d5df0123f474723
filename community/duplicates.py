"""Possible duplicate members (issue 9): two accounts that are probably one person.

Two signals, either enough on its own:
- the same name (case and spacing ignored) and the same programme: grouped in SQL over the
  education records, so the database does the work however many members there are;
- e-mail variants of one mailbox: case, dots in a Gmail address and "+tags"
  (kari.nordmann+usn@gmail.com is kari.nordmann@gmail.com). Each address gets one computed key in
  a single pass (linear, one query); addresses with equal keys are the candidates. The same local
  part at two different domains (kari@firma.no and kari@gmail.com) is NOT a signal on its own:
  many people share a first name.

Scope (SECURITY.md C3): central staff see every pair; a coordinator sees a pair when both members
have an education record in a faculty they coordinate.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Value
from django.db.models.functions import Lower, Replace, Trim

from .models import EducationRecord, Profile

GMAIL_DOMAINS = {"gmail.com", "googlemail.com"}


def email_key(address: str) -> str:
    """One key per mailbox: lower case, without "+tag", and for Gmail without dots."""
    local, _, domain = address.strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    if domain in GMAIL_DOMAINS:
        local = local.replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"


def normalised_name(name: str) -> str:
    return " ".join(name.lower().split())


def name_key_expression():
    """normalised_name in SQL: lower case, trimmed, runs of up to four spaces made one."""
    expression = Trim("profile__display_name")
    for _ in range(2):
        expression = Replace(expression, Value("  "), Value(" "))
    return Lower(expression)


@dataclass
class DuplicatePair:
    first: Profile
    second: Profile
    reasons: list

    @property
    def key(self):
        return (self.first.user_id, self.second.user_id)


def pairs_from_groups(groups):
    """Each group of user ids (possible duplicates of each other) as pairs with the first."""
    for ids in groups:
        ordered = sorted(set(ids))
        for other in ordered[1:]:
            yield ordered[0], other


def name_and_programme_groups(records):
    """Groups of user ids with the same normalised name and programme (grouped in SQL)."""
    keys = (
        records.filter(programme__isnull=False)
        .annotate(name_key=name_key_expression())
        .values("name_key", "programme_id")
        .annotate(members=Count("profile__user", distinct=True))
        .filter(members__gt=1)
    )
    groups = defaultdict(set)
    wanted = {(row["name_key"], row["programme_id"]) for row in keys}
    if not wanted:
        return []
    rows = (
        records.filter(programme_id__in={programme for _, programme in wanted})
        .annotate(name_key=name_key_expression())
        .values_list("name_key", "programme_id", "profile__user_id")
    )
    for name_key, programme_id, user_id in rows:
        if (name_key, programme_id) in wanted:
            groups[(name_key, programme_id)].add(user_id)
    return [ids for ids in groups.values() if len(ids) > 1]


def email_groups(user_ids=None):
    users = get_user_model().objects.filter(is_active=True)
    if user_ids is not None:
        users = users.filter(pk__in=user_ids)
    groups = defaultdict(set)
    for pk, address in users.values_list("pk", "email").iterator(chunk_size=5000):
        groups[email_key(address)].add(pk)
    return [ids for ids in groups.values() if len(ids) > 1]


def scoped_records(faculties=None):
    records = EducationRecord.objects.filter(profile__user__is_active=True)
    if faculties is not None:
        records = records.filter(faculty__in=faculties)
    return records


def possible_duplicates(faculties=None) -> list[DuplicatePair]:
    """The pairs, with their reasons; `faculties` None means every faculty (central staff)."""
    records = scoped_records(faculties)
    reasons = defaultdict(list)
    for pair in pairs_from_groups(name_and_programme_groups(records)):
        reasons[pair].append("name_programme")
    in_scope = None
    if faculties is not None:
        in_scope = set(records.values_list("profile__user_id", flat=True))
    for pair in pairs_from_groups(email_groups(in_scope)):
        reasons[pair].append("email")
    if not reasons:
        return []
    ids = {user_id for pair in reasons for user_id in pair}
    profiles = {
        profile.user_id: profile
        for profile in Profile.objects.filter(user_id__in=ids)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "education",
                queryset=EducationRecord.objects.select_related("faculty", "programme"),
            )
        )
    }
    return [
        DuplicatePair(profiles[a], profiles[b], reasons[(a, b)])
        for a, b in sorted(reasons)
        if a in profiles and b in profiles
    ]


def are_possible_duplicates(first_user, second_user) -> bool:
    """Whether two accounts are a pair the finder would list (checked before a merge)."""
    if email_key(first_user.email) == email_key(second_user.email):
        return True
    first = Profile.objects.filter(user=first_user).first()
    second = Profile.objects.filter(user=second_user).first()
    if first is None or second is None:
        return False
    if normalised_name(first.display_name) != normalised_name(second.display_name):
        return False
    return (
        EducationRecord.objects.filter(profile=first, programme__isnull=False)
        .filter(programme__in=EducationRecord.objects.filter(profile=second).values("programme"))
        .exists()
    )
