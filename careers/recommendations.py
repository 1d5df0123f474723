""" "Recommended for you" on the member's own dashboard: course offers, jobs, mentors and groups
matched to the member's interests and education. At most three of each, best match first, in
seven queries whatever the numbers (three to know the member, one per kind).

What is matched, and how much each match counts:
- course offers still open for application (deadline not passed, not started): a shared topic
  counts 1, a course of one of the member's faculties 1;
- published jobs not posted by the member: a shared field 1, a relevant faculty 1, a relevant
  programme 2;
- mentors who take requests and have room for another mentee (verified members only): a shared
  topic 1, a shared programme 2, the same industry 1. A mentor is suggested only if their profile
  lets the member see their mentoring, and the programme and industry count only where the
  mentor lets the member see them; only the name and (if visible) the headline are shown.
  Mentors the member blocked, or who blocked the member, are never suggested;
- groups the member may see and join (verified members only), not archived, not hidden, with no
  membership of the member's in any state: a shared topic 1, the member's faculty 1.

Course offers reach members by mail only through the newsletters' consent mechanism (a later
issue); until then they are recommended here and nowhere else.
"""

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from wagtail.models import Locale

from community.groups.policy import groups_visible_to
from community.models import (
    EducationRecord,
    GroupKind,
    GroupMembership,
    GroupTopic,
    MemberBlock,
    Profile,
    ProfileInterest,
    Visibility,
)

from .models import CourseOfferPage, JobPosting, MentorProfile, Mentorship
from .models.pages import CourseOfferTopic

LIMIT = 3


@dataclass
class Member:
    """What the matching needs to know about the member."""

    user: object
    verified: bool = False
    industry: str = ""
    interest_ids: list[int] = field(default_factory=list)
    faculty_ids: set[int] = field(default_factory=set)
    programme_ids: set[int] = field(default_factory=set)

    @classmethod
    def load(cls, user) -> "Member":
        profile = (
            Profile.objects.filter(user=user)
            .only("pk", "industry", "is_verified", "user_id")
            .first()
        )
        if profile is None:
            return cls(user=user)
        education = list(
            EducationRecord.objects.filter(profile=profile).values_list(
                "faculty_id", "programme_id"
            )
        )
        return cls(
            user=user,
            verified=profile.is_verified and user.is_active,
            industry=profile.industry,
            interest_ids=list(
                ProfileInterest.objects.filter(content_object=profile).values_list(
                    "tag_id", flat=True
                )
            ),
            faculty_ids={faculty_id for faculty_id, _programme in education},
            programme_ids={programme for _faculty, programme in education if programme},
        )


@dataclass(frozen=True)
class MentorSuggestion:
    """A mentor as the member may see them: the name, and the headline if it is visible."""

    mentor_profile_id: int
    profile_id: int
    name: str
    headline: str

    @property
    def url(self) -> str:
        return reverse("community:profile_detail", args=[self.profile_id])


@dataclass
class Recommendations:
    courses: list = field(default_factory=list)
    jobs: list = field(default_factory=list)
    mentors: list = field(default_factory=list)
    groups: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.courses or self.jobs or self.mentors or self.groups)


def matches(queryset, outer_field: str):
    """The number of rows of `queryset` (already narrowed to the member's tags, faculties or
    programmes and to OuterRef rows) as a subquery, 0 when there are none."""
    counted = queryset.order_by().values(outer_field).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def points(condition: Q, worth: int = 1):
    return Case(When(condition, then=Value(worth)), default=Value(0), output_field=IntegerField())


def recommended_courses(member: Member, limit=LIMIT, today=None) -> list[CourseOfferPage]:
    if not (member.interest_ids or member.faculty_ids):
        return []
    today = today or timezone.localdate()
    active = Locale.get_active()
    # In the member's language where the page has been translated, else in the language it has.
    translated = CourseOfferPage.objects.filter(
        translation_key=OuterRef("translation_key"), locale=active, live=True
    )
    shared_topics = CourseOfferTopic.objects.filter(
        content_object=OuterRef("pk"), tag_id__in=member.interest_ids
    )
    return list(
        CourseOfferPage.objects.live()
        .public()
        .exclude_planned_sections()
        .current(today)
        .open_for_application(today)
        .filter(Q(locale=active) | ~Exists(translated))
        .annotate(
            score=matches(shared_topics, "content_object")
            + points(Q(faculty_id__in=member.faculty_ids))
        )
        .filter(score__gt=0)
        .select_related("faculty")
        .order_by("-score", F("start_date").asc(nulls_last=True), "title", "pk")[:limit]
    )


def job_url(job) -> str | None:
    """The job's page on the job board (careers.jobs), if the board offers one."""
    try:
        return reverse("careers:job_detail", args=[job.pk])
    except NoReverseMatch:
        return None


def recommended_jobs(member: Member, limit=LIMIT, now=None) -> list[JobPosting]:
    if not (member.interest_ids or member.faculty_ids or member.programme_ids):
        return []
    fields = JobPosting.topics.through.objects.filter(
        jobposting_id=OuterRef("pk"), interesttag_id__in=member.interest_ids
    )
    faculties = JobPosting.faculties.through.objects.filter(
        jobposting_id=OuterRef("pk"), faculty_id__in=member.faculty_ids
    )
    programmes = JobPosting.programmes.through.objects.filter(
        jobposting_id=OuterRef("pk"), programme_id__in=member.programme_ids
    )
    jobs = list(
        JobPosting.objects.published(now)
        .exclude(posted_by=member.user)
        .annotate(
            score=matches(fields, "jobposting_id")
            + matches(faculties, "jobposting_id")
            + 2 * matches(programmes, "jobposting_id")
        )
        .filter(score__gt=0)
        .order_by("-score", "-published_at", "-pk")[:limit]
    )
    for job in jobs:
        job.url = job_url(job)
    return jobs


def recommended_mentors(member: Member, limit=LIMIT) -> list[MentorSuggestion]:
    if not member.verified or not (member.interest_ids or member.programme_ids or member.industry):
        return []
    user = member.user
    mentor_profile = OuterRef("user__profile")
    shares_faculty = Exists(
        EducationRecord.objects.filter(profile=mentor_profile, faculty_id__in=member.faculty_ids)
    )
    shares_programme = Exists(
        EducationRecord.objects.filter(
            profile=mentor_profile, programme_id__in=member.programme_ids
        )
    )
    active_mentees = Mentorship.objects.filter(
        mentor=OuterRef("user"), status=Mentorship.Status.ACTIVE
    )
    blocked = MemberBlock.objects.filter(
        Q(blocker=user, blocked=OuterRef("user")) | Q(blocker=OuterRef("user"), blocked=user)
    )
    topics = MentorProfile.topics.through.objects.filter(
        mentorprofile_id=OuterRef("pk"), interesttag_id__in=member.interest_ids
    )

    def visible(part: str) -> Q:
        """The mentor lets the member see this part of their profile."""
        setting = f"user__profile__{part}_visibility"
        return Q(**{setting: Visibility.MEMBERS}) | Q(
            **{setting: Visibility.FACULTY, "shares_faculty": True}
        )

    same_industry = Q(user__profile__industry=member.industry) if member.industry else Q(pk=None)
    rows = (
        MentorProfile.objects.filter(
            active=True, user__is_active=True, user__profile__is_verified=True
        )
        .exclude(user=user)
        .annotate(
            shares_faculty=shares_faculty,
            shares_programme=shares_programme,
            mentees=matches(active_mentees, "mentor"),
            blocked=Exists(blocked),
        )
        .filter(visible("mentoring"), mentees__lt=F("capacity"), blocked=False)
        .annotate(
            score=matches(topics, "mentorprofile_id")
            + points(Q(shares_programme=True) & visible("education"), 2)
            + points(same_industry & visible("industry")),
            headline_shown=points(visible("headline")),
        )
        .filter(score__gt=0)
        .order_by("-score", "user__profile__display_name", "pk")
        .values(
            "pk",
            "user__profile__pk",
            "user__profile__display_name",
            "user__profile__headline",
            "headline_shown",
        )[:limit]
    )
    return [
        MentorSuggestion(
            mentor_profile_id=row["pk"],
            profile_id=row["user__profile__pk"],
            name=row["user__profile__display_name"],
            headline=row["user__profile__headline"] if row["headline_shown"] else "",
        )
        for row in rows
    ]


def recommended_groups(member: Member, limit=LIMIT):
    if not member.verified or not (member.interest_ids or member.faculty_ids):
        return []
    mine = GroupMembership.objects.filter(group=OuterRef("pk"), user=member.user)
    topics = GroupTopic.objects.filter(
        content_object=OuterRef("pk"), tag_id__in=member.interest_ids
    )
    return list(
        groups_visible_to(member.user)
        .active()
        .exclude(kind=GroupKind.HIDDEN)
        .filter(~Exists(mine))
        .annotate(
            score=matches(topics, "content_object") + points(Q(faculty_id__in=member.faculty_ids))
        )
        .filter(score__gt=0)
        .order_by("-score", "-member_count", "name", "pk")[:limit]
    )


def recommend_for(user, limit=LIMIT) -> Recommendations:
    """Everything recommended for the signed-in member; nothing for visitors."""
    if not (user.is_authenticated and user.is_active):
        return Recommendations()
    member = Member.load(user)
    return Recommendations(
        courses=recommended_courses(member, limit),
        jobs=recommended_jobs(member, limit),
        mentors=recommended_mentors(member, limit),
        groups=recommended_groups(member, limit),
    )
