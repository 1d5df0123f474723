"""Mentoring programmes in the admin (SECURITY.md C3): a coordinator sees, creates and runs their
own faculty's programmes only; every URL of another faculty's programme, match or application is
the admin's 403 and changes nothing; an unknown one is 404; the figures and the matches page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

import pytest

from careers.mentoring import matching, programmes
from careers.models import MentoringProgramme, Mentorship, ProgrammeApplication, ProgrammeMatch
from home.models import Faculty
from tests.conftest import login_to_admin

from .mentoring_fixtures import make_mentee, make_mentor, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def cohort(programme):
    """One mentor, one mentee, one suggested match."""
    code = programme.faculty.code.lower()
    mentor = make_mentor(f"mentor.{code}@example.no", name=f"Mentor {code}")
    mentee = make_mentee(
        f"mentee.{code}@example.no", programme_code="MØA" if code == "hh" else "BSP"
    )
    programmes.apply(mentor.user, programme, role="mentor", motivation="Gjerne")
    mentee_application = programmes.apply(mentee, programme, role="mentee", motivation="Ja")
    (match,) = matching.suggest_matches(programme)
    return {"match": match, "mentee_application": mentee_application}


@pytest.fixture
def hh_programme(db):
    return make_programme("HH", name="Mentorprogram for økonomistudenter")


@pytest.fixture
def hs_programme(db):
    return make_programme("HS", name="Mentorprogram for sykepleiestudenter")


def programme_urls(programme, match, mentee_application):
    return [
        ("get", reverse("mentoring_programmes:edit", args=[programme.pk])),
        ("post", reverse("mentoring_programmes:edit", args=[programme.pk])),
        ("get", reverse("mentoring_programmes:delete", args=[programme.pk])),
        ("post", reverse("mentoring_programmes:delete", args=[programme.pk])),
        ("get", reverse("mentoring_programmes:matches", args=[programme.pk])),
        ("post", reverse("mentoring_programmes:suggest", args=[programme.pk])),
        ("post", reverse("mentoring_programmes:confirm", args=[match.pk])),
        ("post", reverse("mentoring_programmes:reject", args=[match.pk])),
        ("get", reverse("mentoring_programmes:assign", args=[mentee_application.pk])),
        ("post", reverse("mentoring_programmes:assign", args=[mentee_application.pk])),
    ]


def snapshot():
    return (
        list(MentoringProgramme.objects.order_by("pk").values_list("pk", "name", "faculty_id")),
        list(
            ProgrammeMatch.objects.order_by("pk").values_list(
                "pk", "status", "mentor_application_id"
            )
        ),
        Mentorship.objects.count(),
    )  # fmt: skip


def test_the_listing_shows_only_the_coordinators_faculty(
    client, coordinator_hh, hh_programme, hs_programme
):
    login_to_admin(client, coordinator_hh)
    html = client.get(reverse("mentoring_programmes:index")).content.decode()
    assert "økonomistudenter" in html
    assert "sykepleiestudenter" not in html


def test_an_administrator_sees_every_faculty(client, superuser, hh_programme, hs_programme):
    login_to_admin(client, superuser)
    html = client.get(reverse("mentoring_programmes:index")).content.decode()
    assert "økonomistudenter" in html and "sykepleiestudenter" in html


@pytest.mark.parametrize("index", range(10))
def test_a_coordinator_of_another_faculty_is_refused_everywhere_and_nothing_changes(
    client, coordinator_hs, hh_programme, index
):
    data = cohort(hh_programme)
    method, url = programme_urls(hh_programme, data["match"], data["mentee_application"])[index]
    login_to_admin(client, coordinator_hs)
    before = snapshot()
    response = getattr(client, method)(url, {"name": "Kapret", "mentor": "1"})
    assert response.status_code == 403, url
    assert snapshot() == before


@pytest.mark.parametrize("index", [0, 4, 6, 8])
def test_an_unknown_programme_match_or_application_is_404(client, coordinator_hh, index):
    method, url = [
        ("get", reverse("mentoring_programmes:edit", args=[999])),
        None, None, None,
        ("get", reverse("mentoring_programmes:matches", args=[999])),
        None,
        ("post", reverse("mentoring_programmes:confirm", args=[999])),
        None,
        ("get", reverse("mentoring_programmes:assign", args=[999])),
    ][index]  # fmt: skip
    login_to_admin(client, coordinator_hh)
    assert getattr(client, method)(url).status_code == 404


def test_a_member_without_admin_access_gets_nothing(client, hh_programme):
    member = make_mentee("vanlig@example.no")
    client.force_login(member)
    response = client.get(reverse("mentoring_programmes:matches", args=[hh_programme.pk]))
    assert response.status_code in (302, 403)


def programme_form(faculty, **overrides):
    return {
        "name": "Nytt program",
        "description": "Om programmet",
        "faculty": faculty.pk,
        "applications_open": "2030-01-01 09:00",
        "applications_close": "2030-01-31 16:00",
        "starts": "2030-02-01",
        "ends": "2030-06-30",
        **overrides,
    }


def test_a_coordinator_creates_a_programme_for_their_faculty_only(client, coordinator_hh):
    hh, hs = Faculty.objects.get(code="HH"), Faculty.objects.get(code="HS")
    login_to_admin(client, coordinator_hh)
    add = reverse("mentoring_programmes:add")
    form = client.get(add).context["form"]
    assert list(form.fields["faculty"].queryset) == [hh]
    response = client.post(add, programme_form(hs))
    assert response.status_code == 200  # the form again, with the error
    assert not MentoringProgramme.objects.exists()
    response = client.post(add, programme_form(hh))
    assert response.status_code == 302
    programme = MentoringProgramme.objects.get()
    assert programme.faculty == hh and programme.created_by == coordinator_hh


def test_the_dates_must_follow_each_other(client, coordinator_hh):
    login_to_admin(client, coordinator_hh)
    hh = Faculty.objects.get(code="HH")
    response = client.post(
        reverse("mentoring_programmes:add"),
        programme_form(hh, applications_close="2029-12-01 09:00", ends="2030-01-15"),
    )
    # The admin speaks the user's language: the errors are checked on the form.
    errors = response.context["form"].errors
    assert "applications_close" in errors and "ends" in errors
    assert not MentoringProgramme.objects.exists()


def test_the_coordinator_runs_the_matches_of_their_programme(client, coordinator_hh, hh_programme):
    data = cohort(hh_programme)
    login_to_admin(client, coordinator_hh)
    page = client.get(reverse("mentoring_programmes:matches", args=[hh_programme.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Mentor hh" in html
    edit = reverse("mentoring_programmes:edit", args=[hh_programme.pk])
    assert client.get(edit).status_code == 200
    assert [m.pk for m in page.context["suggested"]] == [data["match"].pk]
    assert page.context["figures"]["applied"] == 2
    response = client.post(reverse("mentoring_programmes:confirm", args=[data["match"].pk]))
    assert response.status_code == 302
    assert Mentorship.objects.get().programme == hh_programme
    page = client.get(reverse("mentoring_programmes:matches", args=[hh_programme.pk]))
    assert page.context["figures"]["matched"] == 1 and page.context["figures"]["active"] == 1


def test_the_coordinator_rejects_and_chooses_another_mentor(client, coordinator_hh, hh_programme):
    data = cohort(hh_programme)
    other = make_mentor("annen.mentor@example.no", name="Annen Mentor")
    other_application = programmes.apply(other.user, hh_programme, role="mentor", motivation="x")
    login_to_admin(client, coordinator_hh)
    assign = reverse("mentoring_programmes:assign", args=[data["mentee_application"].pk])
    page = client.get(assign)
    assert "Annen Mentor" in page.content.decode()
    client.post(assign, {"mentor": other_application.pk})
    live = ProgrammeMatch.objects.exclude(status=ProgrammeMatch.Status.REJECTED).get()
    assert live.mentor_application == other_application
    assert ProgrammeMatch.objects.get(pk=data["match"].pk).status == "rejected"
    client.post(reverse("mentoring_programmes:reject", args=[live.pk]))
    assert not ProgrammeMatch.objects.exclude(status=ProgrammeMatch.Status.REJECTED).exists()
    assert ProgrammeApplication.objects.get(pk=data["mentee_application"].pk).status == "applied"


def test_feedback_is_shown_only_in_aggregate(client, coordinator_hh, hh_programme):
    from careers.mentoring import service

    data = cohort(hh_programme)
    mentorship = programmes.confirm_match(coordinator_hh, data["match"])
    service.end_mentorship(mentorship.mentee, mentorship)
    service.give_feedback(mentorship.mentee, mentorship, 2, "Hemmelig kommentar")
    login_to_admin(client, coordinator_hh)
    page = client.get(reverse("mentoring_programmes:matches", args=[hh_programme.pk]))
    assert "Hemmelig kommentar" not in page.content.decode()
    assert page.context["figures"]["feedback_count"] == 1
    assert page.context["figures"]["average_rating"] == 2


def test_the_listing_runs_the_same_queries_for_few_and_many(client, coordinator_hh):
    for n in range(2):
        make_programme("HH", name=f"Program {n}")
    login_to_admin(client, coordinator_hh)
    url = reverse("mentoring_programmes:index")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(2, 30):
        make_programme("HH", name=f"Program {n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("Program ") >= 30
    assert len(many) == len(few)


def test_the_index_shows_the_figures(client, coordinator_hh, hh_programme):
    data = cohort(hh_programme)
    programmes.confirm_match(coordinator_hh, data["match"])
    login_to_admin(client, coordinator_hh)
    response = client.get(reverse("mentoring_programmes:index"))
    programme = response.context["object_list"][0]
    assert (programme.applied, programme.matched, programme.active) == (2, 1, 1)


def test_coordinators_find_the_programmes_in_the_admin_menu_and_editors_do_not(
    client, coordinator_hh, editor
):
    link = f'"{reverse("mentoring_programmes:index")}"'
    login_to_admin(client, coordinator_hh)
    assert link in client.get(reverse("wagtailadmin_home")).content.decode()
    login_to_admin(client, editor)
    assert link not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get(reverse("mentoring_programmes:index")).status_code == 403
