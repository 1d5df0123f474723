""" "Recommended for you": what is matched to a member's interests and education, in which order,
what is never suggested (closed courses, unpublished jobs, full or hidden mentors, hidden or
archived groups, the member's own things), what a mentor's privacy settings let through, and that
the widget costs a handful of queries and shows visitors nothing."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

import pytest
from freezegun import freeze_time

from careers.factories import CourseOfferIndexPageFactory, CourseOfferPageFactory
from careers.models import (
    JobPosting,
    JobStatus,
    MentoringFormat,
    MentorProfile,
    Mentorship,
)
from careers.recommendations import LIMIT, Member, recommend_for
from community.models import (
    Group,
    GroupKind,
    GroupMembership,
    InterestTag,
    MemberBlock,
    MembershipStatus,
    Visibility,
)
from home.models import Programme
from tests.community.conftest import make_member

from .conftest import tag

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def first_of_march_2030():
    with freeze_time("2030-03-01 12:00"):
        yield


def interests(user, *names):
    profile = user.profile
    profile.interests.add(*names)
    profile.save()
    return user


@pytest.fixture
def kari(db):
    """A verified HH alumna (MØA) in banking, interested in leadership and sustainability."""
    user = make_member(
        "kari@example.no", programme_code="MØA", display_name="Kari", industry="banking"
    )
    return interests(user, "Ledelse", "Bærekraft")


# Course offers


@pytest.fixture
def courses(home, sections, faculties):
    index = CourseOfferIndexPageFactory(parent=home, slug="evu")
    planned = CourseOfferIndexPageFactory(parent=sections["TNM"], slug="evu")

    def course(title, *topics, parent=index, **fields):
        fields.setdefault("start_date", date(2030, 9, 1))
        fields.setdefault("application_deadline", date(2030, 5, 1))
        return tag(CourseOfferPageFactory(parent=parent, title=title, **fields), *topics)

    made = {
        "two_topics": course(
            "Bærekraftig ledelse", "Ledelse", "Bærekraft", faculty=faculties["HS"]
        ),
        "one_topic": course("Ledelse i praksis", "Ledelse", start_date=date(2030, 8, 1)),
        "faculty": course("Økonomistyring", faculty=faculties["HH"], start_date=date(2030, 8, 20)),
        "later": course("Ledelse for viderekomne", "Ledelse", start_date=date(2030, 10, 1)),
        "closed": course("Fristen er ute", "Ledelse", application_deadline=date(2030, 2, 1)),
        "no_match": course("Sykepleie", "Folkehelse", faculty=faculties["HS"]),
        "planned": course("Planlagt", "Ledelse", "Bærekraft", parent=planned),
        "draft": course("Utkast", "Ledelse", "Bærekraft"),
    }
    made["draft"].unpublish()
    return made


def test_courses_are_ranked_by_shared_topics_and_faculty_then_start(kari, courses):
    titles = [page.title for page in recommend_for(kari).courses]
    assert titles == ["Bærekraftig ledelse", "Ledelse i praksis", "Økonomistyring"]


def test_closed_unmatched_planned_and_unpublished_courses_are_never_suggested(kari, courses):
    titles = [page.title for page in recommend_for(kari, limit=20).courses]
    assert "Ledelse for viderekomne" in titles
    for title in ("Fristen er ute", "Sykepleie", "Planlagt", "Utkast"):
        assert title not in titles


def test_an_unverified_member_gets_courses_but_no_mentors_or_groups(courses, mentors, groups):
    member = interests(
        make_member("ny@example.no", programme_code="MØA", verified=False), "Ledelse"
    )
    result = recommend_for(member)
    assert result.courses
    assert result.mentors == [] and result.groups == []


# Jobs


@pytest.fixture
def jobs(kari, faculties):
    now = timezone.now()
    leadership = InterestTag.objects.get(name="Ledelse")

    def job(title, status=JobStatus.PUBLISHED, topics=(), faculties=(), programmes=(), **fields):
        posting = JobPosting.objects.create(
            title=title,
            employer="Arbeidsgiver AS",
            job_type="full_time",
            description="Stillingen",
            status=status,
            published_at=now - timedelta(days=fields.pop("age", 1)),
            expires_at=fields.pop("expires_at", now + timedelta(days=30)),
            **fields,
        )
        posting.topics.set(topics)
        posting.faculties.set(faculties)
        posting.programmes.set(programmes)
        return posting

    moa = Programme.objects.get(code="MØA")
    return {
        "programme": job("Controller", topics=[leadership], programmes=[moa], age=5),
        "topic_and_faculty": job("Leder", topics=[leadership], faculties=[faculties["HH"]], age=3),
        "topic": job("Teamleder", topics=[leadership], age=2),
        "pending": job("Venter", status=JobStatus.PENDING, topics=[leadership]),
        "expired": job("Utløpt", topics=[leadership], expires_at=now - timedelta(hours=1)),
        "hidden": job("Skjult", topics=[leadership], hidden_at=now),
        "own": job("Min egen", topics=[leadership], posted_by=kari),
        "no_match": job("Sykepleier", faculties=[faculties["HS"]]),
    }


def test_jobs_are_ranked_programme_first_and_only_published_ones_of_others(kari, jobs):
    titles = [job.title for job in recommend_for(kari, limit=20).jobs]
    assert titles == ["Controller", "Leder", "Teamleder"]


# Mentors


def mentor(email, *topics, capacity=2, active=True, **profile_fields):
    user = make_member(email, **{"display_name": email.split("@")[0].title(), **profile_fields})
    offer = MentorProfile.objects.create(
        user=user, about="Jeg hjelper gjerne.", capacity=capacity, active=active
    )
    offer.topics.set(InterestTag.objects.filter(name__in=topics))
    return offer


@pytest.fixture
def mentors(kari):
    InterestTag.objects.get_or_create(name="Ledelse")
    full = mentor("full@example.no", "Ledelse", capacity=1, headline="Full")
    Mentorship.objects.create(
        mentor=full.user,
        mentee=make_member("mentee@example.no"),
        format=MentoringFormat.TERM,
        agreed_end=date(2030, 12, 1),
    )
    blocked = mentor("blokkert@example.no", "Ledelse")
    MemberBlock.objects.create(blocker=kari, blocked=blocked.user)
    return {
        "programme_industry": mentor(
            "okonom@example.no",
            programme_code="MØA",
            industry="banking",
            industry_visibility=Visibility.MEMBERS,
            headline="Finansdirektør",
        ),
        "topic": mentor("leder@example.no", "Ledelse", headline="Leder i Skagerak"),
        "hidden_headline": mentor(
            "stille@example.no",
            "Ledelse",
            headline="Hemmelig tittel",
            headline_visibility=Visibility.PRIVATE,
        ),
        "hidden_mentoring": mentor(
            "privat@example.no", "Ledelse", "Bærekraft", mentoring_visibility=Visibility.PRIVATE
        ),
        "hidden_industry": mentor(
            "bransje@example.no", industry="banking", industry_visibility=Visibility.PRIVATE
        ),
        "paused": mentor("pause@example.no", "Ledelse", active=False),
        "full": full,
        "blocked": blocked,
    }


def test_mentors_are_ranked_and_show_only_what_their_profile_lets_the_member_see(kari, mentors):
    suggested = recommend_for(kari, limit=20).mentors
    assert [m.name for m in suggested] == ["Okonom", "Leder", "Stille"]
    by_name = {m.name: m for m in suggested}
    assert by_name["Okonom"].headline == "Finansdirektør"
    assert by_name["Stille"].headline == ""  # "only me": not shown
    assert by_name["Leder"].url == reverse(
        "community:profile_detail", args=[mentors["topic"].user.profile.pk]
    )


def test_a_faculty_only_setting_counts_for_members_of_that_faculty(kari):
    offer = mentor(
        "fakultet@example.no",
        programme_code="BØA",  # HH too
        headline="Revisor",
        mentoring_visibility=Visibility.FACULTY,
        headline_visibility=Visibility.FACULTY,
        industry="banking",
        industry_visibility=Visibility.FACULTY,
    )
    assert [(m.name, m.headline) for m in recommend_for(kari).mentors] == [("Fakultet", "Revisor")]
    outsider = interests(make_member("hs@example.no", programme_code="BSP", industry="banking"))
    assert recommend_for(outsider).mentors == []
    assert offer.pk


def test_a_member_is_never_recommended_as_their_own_mentor(kari):
    own = MentorProfile.objects.create(user=kari, about="Meg selv", capacity=3)
    own.topics.set(InterestTag.objects.filter(name="Ledelse"))
    assert recommend_for(kari).mentors == []


# Groups


@pytest.fixture
def groups(kari, faculties):
    def group(name, *topics, kind=GroupKind.OPEN, **fields):
        made = Group.objects.create(name=name, description="Om gruppa", kind=kind, **fields)
        made.topics.add(*topics)
        made.save()
        return made

    made = {
        "topic_faculty": group(
            "Bærekraft HH", "Bærekraft", faculty=faculties["HH"], member_count=5
        ),
        "topic_big": group("Ledere i Vestfold", "Ledelse", member_count=40),
        "topic_small": group("Ledere i Drammen", "Ledelse", kind=GroupKind.REQUEST, member_count=3),
        "hidden": group("Skjult ledergruppe", "Ledelse", kind=GroupKind.HIDDEN),
        "archived": group("Gammel gruppe", "Ledelse", archived_at=timezone.now()),
        "member": group("Allerede med", "Ledelse"),
        "banned": group("Utestengt", "Ledelse"),
        "no_match": group("Sykepleiere", "Folkehelse", faculty=faculties["HS"]),
    }
    GroupMembership.objects.create(group=made["member"], user=kari, status=MembershipStatus.ACTIVE)
    GroupMembership.objects.create(group=made["banned"], user=kari, status=MembershipStatus.BANNED)
    GroupMembership.objects.create(group=made["hidden"], user=kari, status=MembershipStatus.INVITED)
    return made


def test_groups_are_ranked_by_match_then_size_and_exclude_hidden_archived_and_joined(kari, groups):
    names = [group.name for group in recommend_for(kari, limit=20).groups]
    assert names == ["Bærekraft HH", "Ledere i Vestfold", "Ledere i Drammen"]


# The widget


def test_visitors_get_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert not recommend_for(AnonymousUser())


def test_a_member_without_interests_or_education_gets_nothing(courses):
    member = make_member("tom@example.no")
    assert not recommend_for(member)


def test_the_widget_costs_at_most_eight_queries(
    kari, courses, jobs, mentors, groups, django_assert_max_num_queries
):
    kari = type(kari).objects.get(pk=kari.pk)
    recommend_for(kari)  # warm the site chrome caches (planned sections, restrictions)
    with django_assert_max_num_queries(8):
        result = recommend_for(kari)
    assert all(len(items) == LIMIT for items in (result.courses, result.jobs, result.mentors))


def test_the_dashboard_shows_the_recommendations(client, kari, courses, jobs, mentors, groups):
    client.force_login(kari)
    html = client.get(reverse("community:dashboard")).content.decode()
    section = html.split('id="recommended-heading"')[1]
    assert "Bærekraftig ledelse" in section
    assert "Controller" in section
    assert "Okonom" in section and "Finansdirektør" in section
    assert reverse("community:group_detail", args=[groups["topic_faculty"].pk]) in section
    assert "Hemmelig tittel" not in html


def test_member_matching_reads_the_profile_once(kari, django_assert_num_queries):
    kari = type(kari).objects.get(pk=kari.pk)
    with django_assert_num_queries(3):
        member = Member.load(kari)
    assert member.verified and member.industry == "banking"
    assert len(member.interest_ids) == 2


def test_course_deadline_today_still_counts(kari, courses):
    courses["one_topic"].application_deadline = date(2030, 3, 1)
    courses["one_topic"].save()
    with freeze_time("2030-03-01 21:30"):  # 22:30 in Oslo
        assert "Ledelse i praksis" in [c.title for c in recommend_for(kari).courses]
