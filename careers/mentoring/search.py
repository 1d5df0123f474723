"""Finding a mentor: the mentors a member may see, search and filters, and the ranking for them.

Mentors on offer are active, verified, with room for another mentee (fewer active mentorships than
their capacity), not the viewer, and not blocked in either direction. The list is ranked for the
viewer with the score of matching.py, computed in SQL: a shared programme 3, the same industry 2,
each shared interest 1. A part of the mentor's profile counts only where the viewer may see it
(community/privacy.py), so neither the ranking nor a filter reveals what a mentor hides; the
topics a mentor chose for mentoring are part of the offer and always count.

A page runs a constant number of queries however many mentors there are (R2).
"""

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)

from community.models import EducationRecord, InterestTag, MemberBlock, ProfileInterest, Visibility
from community.privacy import Viewer, visible_groups

from ..models import MentoringFormat, MentorProfile, Mentorship
from .matching import INDUSTRY_POINTS, INTEREST_POINTS, PROGRAMME_POINTS

PAGE_SIZE = 20
MAX_TERMS = 10
NOTHING = Q(pk__in=[])


class SubqueryCount(Subquery):
    """COUNT(*) of a correlated subquery's rows, 0 when there are none."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()


def visible_on_mentor(viewer: Viewer, attribute: str) -> Q:
    """Mentor offers whose profile lets the viewer see the part `attribute` governs."""
    if not (viewer.verified or viewer.is_staff_viewer):
        return NOTHING  # profiles are for verified members (community/privacy.py)
    field = f"user__profile__{attribute}"
    query = Q(**{field: Visibility.MEMBERS})
    if viewer.is_staff_viewer:
        return query | Q(**{field: Visibility.FACULTY})
    if viewer.faculty_ids:
        same_faculty = EducationRecord.objects.filter(faculty_id__in=viewer.faculty_ids)
        query |= Q(**{field: Visibility.FACULTY}) & Q(
            user__profile__in=same_faculty.values("profile_id")
        )
    return query


def available_mentors(viewer: Viewer):
    """Mentor offers the viewer may ask: active, verified, with room, not blocked, not theirs."""
    user = viewer.user
    active_mentorships = Mentorship.objects.filter(
        mentor_id=OuterRef("user_id"), status=Mentorship.Status.ACTIVE
    ).values("pk")
    return (
        MentorProfile.objects.filter(
            active=True, user__is_active=True, user__profile__is_verified=True
        )
        .exclude(user=user)
        .exclude(user__in=MemberBlock.objects.filter(blocked=user).values("blocker_id"))
        .exclude(user__in=MemberBlock.objects.filter(blocker=user).values("blocked_id"))
        .annotate(active_mentorships=SubqueryCount(active_mentorships))
        .filter(active_mentorships__lt=F("capacity"))
    )


def viewer_facts(viewer: Viewer) -> dict:
    """The viewer's programmes, industry and interests (three small queries)."""
    profile = getattr(viewer.user, "profile", None)
    if profile is None:
        return {"programmes": [], "industry": "", "interests": []}
    return {
        "programmes": list(
            profile.education.exclude(programme=None).values_list("programme_id", flat=True)
        ),
        "industry": profile.industry,
        "interests": list(profile.tagged_interests.values_list("tag_id", flat=True)),
    }


def with_scores(mentors, viewer: Viewer, facts: dict):
    """Annotate `same_programme`, `same_industry`, `shared_interests` and `score`."""
    zero = Value(0, output_field=IntegerField())
    if facts["programmes"]:
        shared = EducationRecord.objects.filter(
            profile__user_id=OuterRef("user_id"), programme_id__in=facts["programmes"]
        )
        same_programme = Case(
            When(Q(Exists(shared)) & visible_on_mentor(viewer, "education_visibility"), then=1),
            default=0,
            output_field=IntegerField(),
        )
    else:
        same_programme = zero
    if facts["industry"]:
        same_industry = Case(
            When(
                Q(user__profile__industry=facts["industry"])
                & visible_on_mentor(viewer, "industry_visibility"),
                then=1,
            ),
            default=0,
            output_field=IntegerField(),
        )
    else:
        same_industry = zero
    if facts["interests"]:
        in_topics = MentorProfile.topics.through.objects.filter(
            mentorprofile_id=OuterRef(OuterRef("pk")), interesttag_id=OuterRef("pk")
        )
        in_profile = ProfileInterest.objects.filter(
            content_object__user_id=OuterRef(OuterRef("user_id")), tag_id=OuterRef("pk")
        )
        mine = InterestTag.objects.filter(pk__in=facts["interests"])
        topics_only = SubqueryCount(mine.filter(Exists(in_topics)).values("pk"))
        topics_or_profile = SubqueryCount(
            mine.filter(Q(Exists(in_topics)) | Q(Exists(in_profile))).values("pk")
        )
        shared_interests = Case(
            When(visible_on_mentor(viewer, "interests_visibility"), then=topics_or_profile),
            default=topics_only,
            output_field=IntegerField(),
        )
    else:
        shared_interests = zero
    return mentors.annotate(
        same_programme=same_programme,
        same_industry=same_industry,
        shared_interests=shared_interests,
    ).annotate(
        score=F("same_programme") * PROGRAMME_POINTS
        + F("same_industry") * INDUSTRY_POINTS
        + F("shared_interests") * INTEREST_POINTS
    )


def search_terms(text: str) -> list[str]:
    return [term for term in (text or "").split() if term][:MAX_TERMS]


def apply_filters(mentors, viewer: Viewer, filters: dict):
    """Narrow by the words and filters; profile parts only where the viewer may see them."""
    for term in search_terms(filters.get("q", "")):
        topic_hit = MentorProfile.topics.through.objects.filter(interesttag__name__icontains=term)
        mentors = mentors.filter(
            Q(user__profile__display_name__icontains=term)
            | Q(about__icontains=term)
            | Q(pk__in=topic_hit.values("mentorprofile_id"))
        )
    if filters.get("topic"):
        mentors = mentors.filter(
            pk__in=MentorProfile.topics.through.objects.filter(
                interesttag_id=filters["topic"].pk
            ).values("mentorprofile_id")
        )
    if filters.get("industry"):
        mentors = mentors.filter(
            Q(user__profile__industry=filters["industry"])
            & visible_on_mentor(viewer, "industry_visibility")
        )
    if filters.get("faculty"):
        studied_there = EducationRecord.objects.filter(faculty_id=filters["faculty"])
        mentors = mentors.filter(
            Q(user__profile__in=studied_there.values("profile_id"))
            & visible_on_mentor(viewer, "education_visibility")
        )
    if filters.get("format") == MentoringFormat.ONE_OFF:
        mentors = mentors.filter(offers_one_off=True)
    elif filters.get("format") == MentoringFormat.TERM:
        mentors = mentors.filter(offers_term=True)
    return mentors


def for_display(mentors):
    return mentors.select_related("user__profile").prefetch_related(
        Prefetch("topics", queryset=InterestTag.objects.order_by("name")),
        Prefetch(
            "user__profile__education",
            queryset=EducationRecord.objects.select_related("faculty", "programme"),
        ),
    )


def ranked_mentors(viewer: Viewer, filters: dict | None = None):
    mentors = apply_filters(available_mentors(viewer), viewer, filters or {})
    return with_scores(mentors, viewer, viewer_facts(viewer)).order_by(
        "-score", "user__profile__display_name", "pk"
    )


def search_mentors(viewer: Viewer, filters: dict, page_number):
    """One page of mentors for the viewer, best fit first, each with what the viewer may see."""
    page = Paginator(for_display(ranked_mentors(viewer, filters)), PAGE_SIZE).get_page(page_number)
    page.object_list = [decorate(mentor, viewer) for mentor in page.object_list]
    return page


def suggested_mentors(viewer: Viewer, limit: int = 4) -> list[MentorProfile]:
    """The best fits with something in common with the viewer (a score above 0)."""
    mentors = ranked_mentors(viewer).filter(score__gt=0)
    return [decorate(mentor, viewer) for mentor in for_display(mentors)[:limit]]


def decorate(mentor: MentorProfile, viewer: Viewer) -> MentorProfile:
    """Attach `show`, the profile parts the viewer may see (the education must be prefetched)."""
    profile = mentor.user.profile
    faculty_ids = {record.faculty_id for record in profile.education.all()}
    mentor.show = visible_groups(viewer, profile, faculty_ids)
    return mentor


def mentor_topic_choices():
    """The topics active mentors offer, for the topic filter (one query)."""
    return InterestTag.objects.filter(
        pk__in=MentorProfile.topics.through.objects.filter(mentorprofile__active=True).values(
            "interesttag_id"
        )
    ).order_by("name")
