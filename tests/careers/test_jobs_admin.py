"""The job board in the admin: the review queue scoped by faculty (SECURITY.md C3) for editors,
the HH coordinator and the HS coordinator; approving and rejecting with mail to the poster;
editors posting and editing from the admin; trusted posters; a listing that does not grow in
queries."""

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

import pytest

from careers.jobs.factories import JobPostingFactory
from careers.models import JobPosting, JobStatus, TrustedJobPoster
from tests.community.conftest import make_member
from tests.conftest import login_to_admin

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_admin(db, editor, coordinator_hh, coordinator_hs, superuser):
    """The staff here use the admin in English, the language these tests read."""
    for user in (editor, coordinator_hh, coordinator_hs, superuser):
        UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "en"})
    with translation.override("en"):
        yield


@pytest.fixture
def poster(db):
    return make_member("poster@example.no", programme_code="MØA", display_name="Petter Poster")


@pytest.fixture
def pending_hh(poster, faculties):
    return JobPostingFactory(
        posted_by=poster,
        status=JobStatus.PENDING,
        title="Controller i Vestfold",
        faculties=[faculties["HH"]],
    )


@pytest.fixture
def pending_hs(poster, faculties):
    return JobPostingFactory(
        posted_by=poster,
        status=JobStatus.PENDING,
        title="Sykepleier i Drammen",
        faculties=[faculties["HS"]],
    )


@pytest.fixture
def pending_none(poster):
    return JobPostingFactory(posted_by=poster, status=JobStatus.PENDING, title="Uten fakultet")


def html(response) -> str:
    return response.content.decode()


def state(posting):
    posting.refresh_from_db()
    return (posting.status, posting.reviewed_by_id, posting.review_note, posting.published_at)


# --- The queue and its scope (C3) ---------------------------------------------------------------


def test_an_editor_sees_every_waiting_posting(client, editor, pending_hh, pending_hs, pending_none):
    login_to_admin(client, editor)
    page = html(client.get(reverse("job_postings:index")))
    for posting in (pending_hh, pending_hs, pending_none):
        assert posting.title in page


def test_the_hh_coordinator_sees_hh_postings_only(
    client, coordinator_hh, pending_hh, pending_hs, pending_none
):
    login_to_admin(client, coordinator_hh)
    page = html(client.get(reverse("job_postings:index")))
    assert "Controller i Vestfold" in page
    assert "Sykepleier i Drammen" not in page
    assert "Uten fakultet" not in page


def test_the_hs_coordinator_sees_hs_postings_only(client, coordinator_hs, pending_hh, pending_hs):
    login_to_admin(client, coordinator_hs)
    page = html(client.get(reverse("job_postings:index")))
    assert "Sykepleier i Drammen" in page
    assert "Controller i Vestfold" not in page


def test_waiting_postings_come_first_and_filters_work(client, editor, poster, pending_hh):
    JobPostingFactory(posted_by=poster, title="Allerede publisert")
    login_to_admin(client, editor)
    page = html(client.get(reverse("job_postings:index")))
    assert page.index("Controller i Vestfold") < page.index("Allerede publisert")
    filtered = html(client.get(reverse("job_postings:index"), {"status": "published"}))
    assert "Allerede publisert" in filtered and "Controller i Vestfold" not in filtered
    searched = html(client.get(reverse("job_postings:index"), {"q": "controller"}))
    assert "Controller i Vestfold" in searched and "Allerede publisert" not in searched


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "review"),
        ("post", "approve"),
        ("post", "reject"),
        ("get", "edit"),
        ("post", "edit"),
    ],
)
def test_the_hh_coordinator_is_refused_an_hs_posting_and_nothing_changes(
    client, coordinator_hh, pending_hs, method, name
):
    login_to_admin(client, coordinator_hh)
    before = state(pending_hs)

    response = getattr(client, method)(
        reverse(f"job_postings:{name}", args=[pending_hs.pk]), {"note": "Nei", "title": "Kapret"}
    )

    assert response.status_code == 403
    assert "Sykepleier i Drammen" not in html(response)
    assert state(pending_hs) == before
    assert JobPosting.objects.get(pk=pending_hs.pk).title == "Sykepleier i Drammen"
    assert mail.outbox == []


def test_an_unknown_posting_is_a_404(client, editor):
    login_to_admin(client, editor)
    assert client.get(reverse("job_postings:review", args=[999999])).status_code == 404


def test_a_member_without_the_admin_cannot_open_the_queue(client, poster, pending_hh):
    client.force_login(poster)
    response = client.get(reverse("job_postings:review", args=[pending_hh.pk]))
    assert response.status_code in (302, 403)
    assert "Controller i Vestfold" not in html(response)


# --- The decision -------------------------------------------------------------------------------


def test_the_review_page_shows_the_posting_and_the_poster(client, coordinator_hh, pending_hh):
    login_to_admin(client, coordinator_hh)
    page = html(client.get(reverse("job_postings:review", args=[pending_hh.pk])))
    assert "Controller i Vestfold" in page
    assert "poster@example.no" in page
    assert "Approve and publish" in page and "Reject" in page


def test_the_hh_coordinator_approves_and_the_poster_is_mailed(client, coordinator_hh, pending_hh):
    login_to_admin(client, coordinator_hh)

    response = client.post(reverse("job_postings:approve", args=[pending_hh.pk]))

    assert response.status_code == 302
    pending_hh.refresh_from_db()
    assert pending_hh.status == JobStatus.PUBLISHED
    assert pending_hh.reviewed_by == coordinator_hh
    assert pending_hh.expires_at is not None
    assert [message.to for message in mail.outbox] == [["poster@example.no"]]
    assert ModelLogEntry.objects.filter(action="careers.job_approved").exists()
    # a coordinator may not make trusted posters: the box is ignored
    assert not TrustedJobPoster.objects.exists()


def test_an_editor_approves_and_trusts_the_poster(client, editor, poster, pending_none):
    login_to_admin(client, editor)
    page = html(client.get(reverse("job_postings:review", args=[pending_none.pk])))
    assert "Trust the poster" in page

    client.post(reverse("job_postings:approve", args=[pending_none.pk]), {"trust_poster": "on"})

    assert TrustedJobPoster.objects.get().user == poster


def test_rejecting_needs_a_note_which_the_poster_gets(client, editor, pending_hh):
    login_to_admin(client, editor)

    response = client.post(reverse("job_postings:reject", args=[pending_hh.pk]), {"note": ""})
    assert response.status_code == 200
    assert "This field is required" in html(response)
    assert state(pending_hh)[0] == JobStatus.PENDING

    client.post(
        reverse("job_postings:reject", args=[pending_hh.pk]),
        {"note": "Stillingen finnes ikke hos arbeidsgiveren."},
    )

    pending_hh.refresh_from_db()
    assert pending_hh.status == JobStatus.REJECTED
    assert len(mail.outbox) == 1
    assert "Stillingen finnes ikke hos arbeidsgiveren." in mail.outbox[0].body
    assert ModelLogEntry.objects.filter(action="careers.job_rejected").exists()


def test_a_decided_posting_cannot_be_decided_again(client, editor, pending_hh):
    login_to_admin(client, editor)
    client.post(reverse("job_postings:approve", args=[pending_hh.pk]))
    response = client.post(
        reverse("job_postings:reject", args=[pending_hh.pk]), {"note": "For sent"}, follow=True
    )
    assert "already been decided" in html(response)
    assert state(pending_hh)[0] == JobStatus.PUBLISHED
    assert len(mail.outbox) == 1


# --- Editors post and edit ----------------------------------------------------------------------


def admin_form(**changes):
    data = {
        "title": "Rådgiver ved USN",
        "employer": "Universitetet i Sørøst-Norge",
        "location": "Bø",
        "workplace": "on_site",
        "job_type": "full_time",
        "description": "Vi søker en rådgiver.",
        "apply_url": "https://www.usn.example/jobb/1",
        "apply_email": "",
        "visible_to_visitors": "on",
    }
    data.update(changes)
    return data


def test_an_editor_posts_from_the_admin_and_it_is_published_at_once(client, editor):
    login_to_admin(client, editor)
    assert client.get(reverse("job_postings:add")).status_code == 200

    response = client.post(reverse("job_postings:add"), admin_form())

    assert response.status_code == 302
    posting = JobPosting.objects.get()
    assert posting.status == JobStatus.PUBLISHED
    assert posting.posted_by == editor
    assert list(JobPosting.objects.published()) == [posting]


def test_the_admin_form_explains_bad_input(client, editor):
    login_to_admin(client, editor)
    response = client.post(reverse("job_postings:add"), admin_form(apply_url=""))
    assert response.status_code == 200
    assert "Say how to apply" in html(response)
    assert not JobPosting.objects.exists()


def test_a_coordinator_cannot_add_postings(client, coordinator_hh):
    login_to_admin(client, coordinator_hh)
    assert client.get(reverse("job_postings:add")).status_code == 403
    assert client.post(reverse("job_postings:add"), admin_form()).status_code == 403
    assert not JobPosting.objects.exists()


def test_staff_edits_keep_the_status(client, coordinator_hh, poster, faculties):
    posting = JobPostingFactory(posted_by=poster, faculties=[faculties["HH"]])
    login_to_admin(client, coordinator_hh)
    response = client.post(
        reverse("job_postings:edit", args=[posting.pk]),
        admin_form(title="Rettet tittel", faculties=[faculties["HH"].pk]),
    )
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.title == "Rettet tittel"
    assert posting.status == JobStatus.PUBLISHED


# --- Trusted posters ----------------------------------------------------------------------------


def test_an_editor_trusts_a_member_by_address_and_removes_the_trust(client, editor, poster):
    login_to_admin(client, editor)
    response = client.post(
        reverse("trusted_job_posters:add"), {"email": "POSTER@example.no", "note": "Arbeidsgiver"}
    )
    assert response.status_code == 302
    trusted = TrustedJobPoster.objects.get()
    assert trusted.user == poster and trusted.granted_by == editor
    assert "poster@example.no" in html(client.get(reverse("trusted_job_posters:index")))

    client.post(reverse("trusted_job_posters:delete", args=[trusted.pk]))
    assert not TrustedJobPoster.objects.exists()


def test_an_unknown_address_cannot_be_trusted(client, editor):
    login_to_admin(client, editor)
    response = client.post(reverse("trusted_job_posters:add"), {"email": "ingen@example.no"})
    assert response.status_code == 200
    assert "No member has this e-mail address." in html(response)
    assert not TrustedJobPoster.objects.exists()


def test_a_coordinator_cannot_manage_trusted_posters(client, coordinator_hh, poster):
    login_to_admin(client, coordinator_hh)
    assert client.get(reverse("trusted_job_posters:index")).status_code in (302, 403)
    client.post(reverse("trusted_job_posters:add"), {"email": poster.email})
    assert not TrustedJobPoster.objects.exists()


# --- Queries (R2) -------------------------------------------------------------------------------


def test_the_listing_runs_the_same_queries_for_3_and_40_postings(
    client, coordinator_hh, poster, faculties
):
    for _n in range(3):
        JobPostingFactory(posted_by=poster, status=JobStatus.PENDING, faculties=[faculties["HH"]])
    login_to_admin(client, coordinator_hh)
    client.get(reverse("job_postings:index"))  # warm per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("job_postings:index"))
    for _n in range(37):
        JobPostingFactory(posted_by=poster, faculties=[faculties["HH"], faculties["HS"]])

    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("job_postings:index"))

    assert html(response).count('href="/admin/job-postings/') >= 40
    assert len(many) == len(few)
