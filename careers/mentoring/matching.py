"""How well a mentor fits a mentee, and the matcher that suggests a programme's pairs.

The score (issue 7): a shared programme of study (education records) counts 3, the same industry
2, and each shared interest 1. A mentee's interests are those of their profile; a mentor's are
those of their profile and the topics they mentor on.

The member-facing suggestions (search.py) compute the same score in SQL, counting only what the
viewer may see of the mentor's profile. The programme matcher works for the coordinator on what
the applicants gave the programme, so it uses all of it.

The matcher is greedy and deterministic: every possible pair is scored, the pairs are taken best
first (ties: the earlier mentee application, then the earlier mentor application), and a pair is
kept while the mentee has no live match and the mentor has room. Room is the mentor's capacity
(their mentor offer's, else one mentee) less their active mentorships and their suggestions
waiting for the coordinator. Pairs the coordinator rejected, and members who blocked each other,
are never suggested.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count

from community.models import EducationRecord, MemberBlock, Profile, ProfileInterest

from ..models import MentorProfile, Mentorship, ProgrammeApplication, ProgrammeMatch

PROGRAMME_POINTS = 3
INDUSTRY_POINTS = 2
INTEREST_POINTS = 1
DEFAULT_CAPACITY = 1  # a programme mentor without a mentor offer takes one mentee


@dataclass(frozen=True)
class Facts:
    """What the score compares of one member."""

    programme_ids: frozenset = field(default_factory=frozenset)
    industry: str = ""
    interest_ids: frozenset = field(default_factory=frozenset)


def score(mentee: Facts, mentor: Facts) -> int:
    points = 0
    if mentee.programme_ids & mentor.programme_ids:
        points += PROGRAMME_POINTS
    if mentee.industry and mentee.industry == mentor.industry:
        points += INDUSTRY_POINTS
    return points + INTEREST_POINTS * len(mentee.interest_ids & mentor.interest_ids)


def facts_for(user_ids, mentor_ids=()) -> dict[int, Facts]:
    """Facts for each user id, in four queries however many; `mentor_ids` get their mentor
    topics counted among their interests."""
    user_ids = list(user_ids)
    industries = dict(
        Profile.objects.filter(user_id__in=user_ids).values_list("user_id", "industry")
    )
    programmes, interests = defaultdict(set), defaultdict(set)
    for user_id, programme_id in (
        EducationRecord.objects.filter(profile__user_id__in=user_ids)
        .exclude(programme=None)
        .values_list("profile__user_id", "programme_id")
    ):
        programmes[user_id].add(programme_id)
    for user_id, tag_id in ProfileInterest.objects.filter(
        content_object__user_id__in=user_ids
    ).values_list("content_object__user_id", "tag_id"):
        interests[user_id].add(tag_id)
    for user_id, tag_id in MentorProfile.topics.through.objects.filter(
        mentorprofile__user_id__in=list(mentor_ids)
    ).values_list("mentorprofile__user_id", "interesttag_id"):
        interests[user_id].add(tag_id)
    return {
        user_id: Facts(
            frozenset(programmes[user_id]),
            industries.get(user_id) or "",
            frozenset(interests[user_id]),
        )
        for user_id in user_ids
    }


def room_of(mentor_ids) -> dict[int, int]:
    """How many more mentees each mentor may take: capacity less active mentorships and less
    suggestions waiting for a coordinator (in any programme)."""
    mentor_ids = list(mentor_ids)
    capacity = dict(
        MentorProfile.objects.filter(user_id__in=mentor_ids).values_list("user_id", "capacity")
    )
    active = dict(
        Mentorship.objects.filter(mentor_id__in=mentor_ids, status=Mentorship.Status.ACTIVE)
        .values("mentor_id")
        .annotate(n=Count("pk"))
        .values_list("mentor_id", "n")
    )
    waiting = dict(
        ProgrammeMatch.objects.filter(
            mentor_application__user_id__in=mentor_ids, status=ProgrammeMatch.Status.SUGGESTED
        )
        .values("mentor_application__user_id")
        .annotate(n=Count("pk"))
        .values_list("mentor_application__user_id", "n")
    )
    return {
        user_id: capacity.get(user_id, DEFAULT_CAPACITY)
        - active.get(user_id, 0)
        - waiting.get(user_id, 0)
        for user_id in mentor_ids
    }


def blocked_pairs(user_ids) -> set[frozenset]:
    user_ids = list(user_ids)
    return {
        frozenset(pair)
        for pair in MemberBlock.objects.filter(
            blocker_id__in=user_ids, blocked_id__in=user_ids
        ).values_list("blocker_id", "blocked_id")
    }


def mentor_applications(programme):
    return (
        programme.applications.filter(
            role=ProgrammeApplication.Role.MENTOR,
            status__in=[ProgrammeApplication.Status.APPLIED, ProgrammeApplication.Status.MATCHED],
            user__is_active=True,
        )
        .select_related("user__profile")
        .order_by("created_at", "pk")
    )


def unmatched_mentee_applications(programme):
    """Mentees of the programme still waiting for a mentor: no live (suggested or confirmed)
    match."""
    live = ProgrammeMatch.objects.filter(programme=programme).exclude(
        status=ProgrammeMatch.Status.REJECTED
    )
    return (
        programme.applications.filter(
            role=ProgrammeApplication.Role.MENTEE,
            status=ProgrammeApplication.Status.APPLIED,
            user__is_active=True,
        )
        .exclude(pk__in=live.values("mentee_application_id"))
        .select_related("user__profile")
        .order_by("created_at", "pk")
    )


def rejected_pairs(programme) -> set[tuple[int, int]]:
    return set(
        ProgrammeMatch.objects.filter(
            programme=programme, status=ProgrammeMatch.Status.REJECTED
        ).values_list("mentor_application_id", "mentee_application_id")
    )


def plan_matches(programme) -> list[tuple[int, ProgrammeApplication, ProgrammeApplication]]:
    """(score, mentor application, mentee application) for the pairs to suggest, best first;
    writes nothing."""
    mentors = list(mentor_applications(programme))
    mentees = list(unmatched_mentee_applications(programme))
    if not mentors or not mentees:
        return []
    mentor_ids = [a.user_id for a in mentors]
    facts = facts_for(mentor_ids + [a.user_id for a in mentees], mentor_ids=mentor_ids)
    room = room_of(mentor_ids)
    blocked = blocked_pairs(mentor_ids + [a.user_id for a in mentees])
    rejected = rejected_pairs(programme)
    candidates = [
        (score(facts[mentee.user_id], facts[mentor.user_id]), mentee_rank, mentor_rank)
        for mentee_rank, mentee in enumerate(mentees)
        for mentor_rank, mentor in enumerate(mentors)
        if (mentor.pk, mentee.pk) not in rejected
        and frozenset((mentor.user_id, mentee.user_id)) not in blocked
    ]
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    planned, matched = [], set()
    for points, mentee_rank, mentor_rank in candidates:
        mentor = mentors[mentor_rank]
        if mentee_rank in matched or room[mentor.user_id] <= 0:
            continue
        matched.add(mentee_rank)
        room[mentor.user_id] -= 1
        planned.append((points, mentor, mentees[mentee_rank]))
    return planned


def suggest_matches(programme) -> list[ProgrammeMatch]:
    """Store the planned pairs as suggestions for the coordinator. Running it again suggests
    only for mentees who still have no live match."""
    with transaction.atomic():
        return ProgrammeMatch.objects.bulk_create(
            [
                ProgrammeMatch(
                    programme=programme,
                    mentor_application=mentor,
                    mentee_application=mentee,
                    score=points,
                )
                for points, mentor, mentee in plan_matches(programme)
            ]
        )


def mentor_options(programme, mentee_application) -> list[dict]:
    """The programme's mentors the coordinator may pick for this mentee instead: with room, not
    rejected for them, not blocked; best fit first."""
    mentors = list(mentor_applications(programme))
    mentor_ids = [a.user_id for a in mentors]
    facts = facts_for(mentor_ids + [mentee_application.user_id], mentor_ids=mentor_ids)
    room = room_of(mentor_ids)
    blocked = blocked_pairs(mentor_ids + [mentee_application.user_id])
    rejected = {
        mentor_id
        for mentor_id, mentee_id in rejected_pairs(programme)
        if mentee_id == mentee_application.pk
    }
    options = [
        {
            "application": mentor,
            "score": score(facts[mentee_application.user_id], facts[mentor.user_id]),
            "room": room[mentor.user_id],
        }
        for mentor in mentors
        if room[mentor.user_id] > 0
        and mentor.pk not in rejected
        and frozenset((mentor.user_id, mentee_application.user_id)) not in blocked
    ]
    options.sort(key=lambda option: -option["score"])  # stable: earlier applications first
    return options
