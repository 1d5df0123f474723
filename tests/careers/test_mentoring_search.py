"""Finding a mentor: the ranking for the viewer (programme 3, industry 2, each shared interest
1), mentors at capacity, paused, blocked or oneself left out, hidden profile parts neither ranked
nor filtered on, the search words and filters, and a constant number of queries."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from careers.mentoring import search, service
from careers.models import MentoringFormat
from community.models import MemberBlock, Profile, Visibility
from community.privacy import Viewer
from home.models import Faculty
from tests.community.conftest import make_member

from .mentoring_fixtures import make_mentee, make_mentor, mentee_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def names(mentors):
    return [mentor.user.profile.display_name for mentor in mentors]


def ranked(user, **filters):
    return names(search.ranked_mentors(Viewer.for_user(user), filters))


@pytest.fixture
def mentors(db):
    """Known scores for the mentee (MØA, banking, Ledelse + Økonomi og finans):
    Anne 3+2+2=7, Bjørn 3, Cecilie 2+1=3 (a topic), Dag 1 (a profile interest), Eva 0."""
    return {
        "anne": make_mentor(
            "anne@example.no", name="Anne", programme_code="MØA", industry="banking",
            topics=("Ledelse",), interests=("Økonomi og finans",),
        ),
        "bjorn": make_mentor("bjorn@example.no", name="Bjørn", programme_code="MØA"),
        "cecilie": make_mentor(
            "cecilie@example.no", name="Cecilie", industry="banking", topics=("Ledelse",)
        ),
        "dag": make_mentor("dag@example.no", name="Dag", interests=("Økonomi og finans",)),
        "eva": make_mentor("eva@example.no", name="Eva", topics=("Friluftsliv",)),
    }  # fmt: skip


def test_mentors_are_ranked_by_what_they_share_with_the_viewer(mentee, mentors):
    # Bjørn and Cecilie tie at 3: by name.
    assert ranked(mentee) == ["Anne", "Bjørn", "Cecilie", "Dag", "Eva"]
    scores = {
        m.user.profile.display_name: m.score for m in search.ranked_mentors(Viewer.for_user(mentee))
    }
    assert scores == {"Anne": 7, "Bjørn": 3, "Cecilie": 3, "Dag": 1, "Eva": 0}


def test_suggestions_are_the_best_fits_with_something_in_common(mentee, mentors):
    suggestions = search.suggested_mentors(Viewer.for_user(mentee), limit=3)
    assert names(suggestions) == ["Anne", "Bjørn", "Cecilie"]
    assert all(mentor.score > 0 for mentor in suggestions)
    everyone = search.suggested_mentors(Viewer.for_user(mentee), limit=10)
    assert "Eva" not in names(everyone)


def test_mentors_at_capacity_are_left_out(mentee, mentors):
    full = mentors["anne"]  # capacity 2
    for n in range(2):
        other = make_mentee(f"annen{n}@example.no")
        request = service.send_request(other, full, format=MentoringFormat.TERM, purpose="Hei")
        service.accept_request(full.user, request, timezone.localdate() + timedelta(days=90))
    assert "Anne" not in ranked(mentee)


def test_paused_mentors_are_left_out(mentee, mentors):
    service.pause_offer(mentors["bjorn"].user)
    assert "Bjørn" not in ranked(mentee)


def test_mentors_who_blocked_the_viewer_or_whom_the_viewer_blocked_are_left_out(mentee, mentors):
    MemberBlock.objects.create(blocker=mentors["anne"].user, blocked=mentee)
    MemberBlock.objects.create(blocker=mentee, blocked=mentors["eva"].user)
    assert ranked(mentee) == ["Bjørn", "Cecilie", "Dag"]


def test_the_viewers_own_offer_is_left_out(mentors):
    assert "Anne" not in ranked(mentors["anne"].user)


def test_unverified_mentors_are_left_out(mentee, mentors):
    Profile.objects.filter(user=mentors["dag"].user).update(is_verified=False)
    assert "Dag" not in ranked(mentee)


def test_hidden_profile_parts_do_not_count_in_the_ranking(mentee, mentors):
    Profile.objects.filter(user=mentors["anne"].user).update(
        education_visibility=Visibility.PRIVATE,
        industry_visibility=Visibility.PRIVATE,
        interests_visibility=Visibility.PRIVATE,
    )
    anne = search.ranked_mentors(Viewer.for_user(mentee)).get(user=mentors["anne"].user)
    # Only the topic she mentors on is left: Ledelse.
    assert (anne.same_programme, anne.same_industry, anne.shared_interests) == (0, 0, 1)


def test_faculty_only_parts_count_for_the_same_faculty(mentee, mentors):
    Profile.objects.filter(user=mentors["bjorn"].user).update(
        education_visibility=Visibility.FACULTY
    )
    viewer = Viewer.for_user(mentee)  # HH, like Bjørn
    assert search.ranked_mentors(viewer).get(user=mentors["bjorn"].user).same_programme == 1


def test_a_student_who_is_not_verified_sees_only_the_offer_parts(mentors):
    student = make_member(
        "student@example.no", programme_code="MØA", verified=False, industry="banking"
    )
    viewer = Viewer.for_user(student)
    anne = search.ranked_mentors(viewer).get(user=mentors["anne"].user)
    # Profiles are for verified members: only the offer itself counts (no shared interests set).
    assert anne.score == 0
    assert search.decorate(anne, viewer).show == set()


def test_search_words_match_name_about_and_topics(mentee, mentors):
    assert ranked(mentee, q="cecilie") == ["Cecilie"]
    assert ranked(mentee, q="friluftsliv") == ["Eva"]  # a topic
    assert set(ranked(mentee, q="hjelper ledelse")) == {"Anne", "Cecilie"}  # about + topic


def test_filters_by_topic_format_industry_and_faculty(mentee, mentors):
    ledelse = mentors["anne"].topics.get()
    assert ranked(mentee, topic=ledelse) == ["Anne", "Cecilie"]
    service.save_offer(
        mentors["dag"].user, about="Kort prat", topics=[], capacity=1, offers_one_off=True,
        offers_term=False,
    )  # fmt: skip
    assert "Dag" in ranked(mentee, format=MentoringFormat.ONE_OFF)
    assert "Dag" not in ranked(mentee, format=MentoringFormat.TERM)
    assert ranked(mentee, industry="banking") == ["Anne", "Cecilie"]
    hh = Faculty.objects.get(code="HH")
    assert ranked(mentee, faculty=hh.pk) == ["Anne", "Bjørn"]


def test_filters_cannot_probe_a_hidden_industry_or_faculty(mentee, mentors):
    Profile.objects.filter(user=mentors["cecilie"].user).update(
        industry_visibility=Visibility.PRIVATE
    )
    Profile.objects.filter(user=mentors["bjorn"].user).update(
        education_visibility=Visibility.PRIVATE
    )
    assert ranked(mentee, industry="banking") == ["Anne"]
    hh = Faculty.objects.get(code="HH")
    assert ranked(mentee, faculty=hh.pk) == ["Anne"]


def test_the_list_page_runs_the_same_queries_for_few_and_many_mentors(client, mentee):
    client.force_login(mentee)
    url = reverse("careers:mentor_list") + "?q=hjelper&format=term"
    for n in range(2):
        make_mentor(f"få{n}@example.no", topics=("Ledelse",), interests=("Karriere",))
    client.get(url)  # warm the caches (site chrome, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(25):
        make_mentor(f"mange{n}@example.no", topics=("Ledelse", "Bærekraft"))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["mentors"]) == 20  # a full page
    assert response.context["page_obj"].paginator.count == 27
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    assert len(many) <= 15
