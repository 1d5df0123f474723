"""The job board's pages as visitors, members, posters and strangers use them: the list with
search and filters (hostile input too, SECURITY.md X1, X4), who sees which posting, posting and
editing, a stranger's 404 on another member's posting (C1), reporting, job alerts, and the same
number of queries for 3 or 40 postings (R2)."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone, translation

import pytest

from careers.jobs.factories import JobPostingFactory
from careers.models import JobPosting, JobStatus, SavedJobSearch, TrustedJobPoster
from community.models import InterestTag, Report
from tests.community.conftest import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """These tests read the English pages (URLs under /en/)."""
    with translation.override("en"):
        yield


@pytest.fixture
def poster(db):
    return make_member("poster@example.no", programme_code="MØA", display_name="Petter Poster")


@pytest.fixture
def stranger(db):
    return make_member("fremmed@example.no", programme_code="BSP", display_name="Frida Fremmed")


@pytest.fixture
def tags(db):
    return {
        "ledelse": InterestTag.objects.create(name="Ledelse", slug="ledelse", curated=True),
        "helse": InterestTag.objects.create(name="Folkehelse", slug="folkehelse", curated=True),
    }


def html(response) -> str:
    return response.content.decode()


def list_url(**params):
    from urllib.parse import urlencode

    url = reverse("careers:job_list")
    return f"{url}?{urlencode(params)}" if params else url


# --- The list -----------------------------------------------------------------------------------


def test_visitors_see_only_public_published_postings(client, poster):
    public = JobPostingFactory(title="Offentlig stilling")
    JobPostingFactory(title="Bare for medlemmer", visible_to_visitors=False)
    JobPostingFactory(title="Venter på vurdering", status=JobStatus.PENDING)
    JobPostingFactory(title="Skjult etter rapporter", hidden_at=timezone.now())
    JobPostingFactory(title="Utløpt", status=JobStatus.EXPIRED)
    JobPostingFactory(title="Avvist", status=JobStatus.REJECTED)
    JobPostingFactory(title="Lukket", status=JobStatus.CLOSED)
    JobPostingFactory(title="Gått ut på tid", expires_at=timezone.now() - timedelta(minutes=1))

    page = html(client.get(list_url()))

    assert public.title in page
    for hidden in (
        "Bare for medlemmer",
        "Venter på vurdering",
        "Skjult etter rapporter",
        "Utløpt",
        "Avvist",
        "Lukket",
        "Gått ut på tid",
    ):
        assert hidden not in page
    assert "1 position found." in page


def test_members_also_see_members_only_postings(client, stranger):
    JobPostingFactory(title="Bare for medlemmer", visible_to_visitors=False)
    client.force_login(stranger)
    page = html(client.get(list_url()))
    assert "Bare for medlemmer" in page
    assert "For members" in page


def test_the_list_is_newest_first_20_a_page(client):
    now = timezone.now()
    for i in range(25):
        JobPostingFactory(title=f"Stilling {i:02d}", published_at=now - timedelta(hours=i))

    first = html(client.get(list_url()))
    second = html(client.get(list_url(page=2)))

    assert first.index("Stilling 00") < first.index("Stilling 01")
    assert "Stilling 19" in first and "Stilling 20" not in first
    assert "Stilling 20" in second and "Stilling 24" in second


def test_search_matches_title_employer_and_description_every_word(client):
    JobPostingFactory(title="Controller", employer="Telemark Kraft AS", description="Skien")
    JobPostingFactory(title="Rådgiver", employer="Skatteetaten", description="Økonomi og kontroll")
    JobPostingFactory(title="Sykepleier", employer="Sykehuset i Vestfold", description="Turnus")

    assert "Controller" in html(client.get(list_url(q="telemark")))
    assert "Rådgiver" in html(client.get(list_url(q="økonomi")))  # ø folded on SQLite too
    page = html(client.get(list_url(q="kontroll skatteetaten")))
    assert "Rådgiver" in page and "Controller" not in page
    assert "No positions match" in html(client.get(list_url(q="telemark sykehuset")))


def test_filters_type_workplace_topic_faculty_and_place(client, tags, faculties):
    JobPostingFactory(
        title="Trainee i ledelse",
        job_type="trainee",
        workplace="remote",
        location="Bø i Telemark",
        topics=[tags["ledelse"]],
        faculties=[faculties["HH"]],
    )
    JobPostingFactory(
        title="Helsesykepleier",
        job_type="full_time",
        workplace="on_site",
        location="Drammen",
        topics=[tags["helse"]],
        faculties=[faculties["HS"]],
    )
    checks = {
        "job_type": "trainee",
        "workplace": "remote",
        "topic": tags["ledelse"].pk,
        "faculty": faculties["HH"].pk,
        "location": "BØ",
    }
    for name, value in checks.items():
        page = html(client.get(list_url(**{name: value})))
        assert "Trainee i ledelse" in page, name
        assert "Helsesykepleier" not in page, name
    page = html(client.get(list_url(job_type="trainee", faculty=faculties["HS"].pk)))
    assert "No positions match" in page


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 1001},
        {"q": "<script>alert(1)</script>"},
        {"q": "' OR 1=1 --"},
        {"q": "a " * 500},
        {"q": "%_\\[]*+?.^$"},
        {"job_type": "boss"},
        {"topic": "not-a-number"},
        {"faculty": "99999"},
        {"page": "-1"},
        {"page": "abc"},
    ],
)
def test_hostile_search_input_gets_an_answer_not_an_error(client, params):
    JobPostingFactory(title="Controller")
    response = client.get(list_url(**params))
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html(response)


def test_an_overlong_search_is_explained_and_the_other_filters_still_apply(client):
    JobPostingFactory(title="Controller", job_type="full_time")
    JobPostingFactory(title="Sommerjobb", job_type="summer")
    page = html(client.get(list_url(q="x" * 1001, job_type="summer")))
    assert "at most 1000 characters" in page
    assert "Sommerjobb" in page and "Controller" not in page


def test_member_text_is_escaped_and_links_are_clickable(client):
    posting = JobPostingFactory(
        title="<img src=x onerror=alert(1)>",
        employer="<b>Firma</b>",
        description="Les mer: https://firma.example.no/om\n<script>alert(2)</script>",
    )
    detail = html(client.get(reverse("careers:job_detail", args=[posting.pk])))
    listing = html(client.get(list_url()))
    for page in (detail, listing):
        assert "<img src=x" not in page
        assert "<b>Firma</b>" not in page
    assert "<script>alert(2)</script>" not in detail
    assert '<a href="https://firma.example.no/om"' in detail
    assert "<br>" in detail


# --- A posting ----------------------------------------------------------------------------------


def test_a_posting_shows_how_to_apply(client):
    posting = JobPostingFactory(
        apply_url="https://jobb.example.no/123", apply_email="jobb@firma.example.no"
    )
    page = html(client.get(reverse("careers:job_detail", args=[posting.pk])))
    assert 'href="https://jobb.example.no/123"' in page
    assert 'href="mailto:jobb@firma.example.no?subject=' in page


def test_a_visitor_is_asked_to_sign_in_for_a_members_only_posting(client):
    posting = JobPostingFactory(visible_to_visitors=False)
    response = client.get(reverse("careers:job_detail", args=[posting.pk]))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize(
    "fields",
    [
        {"status": JobStatus.PENDING},
        {"status": JobStatus.REJECTED},
        {"status": JobStatus.CLOSED},
        {"status": JobStatus.EXPIRED},
        {"hidden_at": timezone.now()},
    ],
)
def test_an_unpublished_posting_is_404_for_strangers_and_visitors(client, poster, stranger, fields):
    posting = JobPostingFactory(posted_by=poster, **fields)
    url = reverse("careers:job_detail", args=[posting.pk])

    assert client.get(url).status_code == 404
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.force_login(poster)
    response = client.get(url)
    assert response.status_code == 200
    assert "Status:" in html(response)


def test_a_reviewer_sees_a_waiting_posting_in_their_faculty_only(
    client, poster, coordinator_hh, coordinator_hs, faculties
):
    posting = JobPostingFactory(
        posted_by=poster, status=JobStatus.PENDING, faculties=[faculties["HH"]]
    )
    url = reverse("careers:job_detail", args=[posting.pk])
    client.force_login(coordinator_hh)
    page = html(client.get(url))
    assert reverse("job_postings:review", args=[posting.pk]) in page
    client.force_login(coordinator_hs)
    assert client.get(url).status_code == 404


def test_an_unknown_posting_is_404(client):
    assert client.get(reverse("careers:job_detail", args=[987654])).status_code == 404


# --- Posting and editing ------------------------------------------------------------------------


def valid_form(**changes):
    data = {
        "title": "Prosjektleder",
        "employer": "Kongsberg Maritime",
        "location": "Kongsberg",
        "workplace": "hybrid",
        "job_type": "full_time",
        "description": "Vi søker en prosjektleder.",
        "deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "apply_url": "https://jobb.kongsberg.example/123",
        "apply_email": "",
        "visible_to_visitors": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_verified_member_posts_a_job_that_waits_for_review(client, poster, tags, faculties):
    client.force_login(poster)
    form = html(client.get(reverse("careers:job_create")))
    assert "A reviewer looks at your posting" in form

    response = client.post(
        reverse("careers:job_create"),
        valid_form(topics=[tags["ledelse"].pk], faculties=[faculties["HH"].pk]),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("careers:job_mine")
    posting = JobPosting.objects.get()
    assert posting.posted_by == poster
    assert posting.status == JobStatus.PENDING
    assert list(posting.faculties.all()) == [faculties["HH"]]
    mine = html(client.get(reverse("careers:job_mine")))
    assert "Prosjektleder" in mine and "Waiting for review" in mine


def test_a_trusted_posters_job_is_published_at_once(client, poster):
    TrustedJobPoster.objects.create(user=poster)
    client.force_login(poster)
    client.post(reverse("careers:job_create"), valid_form())
    assert JobPosting.objects.get().status == JobStatus.PUBLISHED
    assert "Prosjektleder" in html(client.get(list_url()))


def test_an_unverified_member_cannot_post(client):
    unverified = make_member("ny@example.no", verified=False)
    client.force_login(unverified)
    response = client.post(reverse("careers:job_create"), valid_form())
    assert response.status_code == 403
    assert "Ask to be verified" in html(response)
    assert not JobPosting.objects.exists()


def test_a_visitor_is_sent_to_sign_in_to_post(client):
    response = client.get(reverse("careers:job_create"))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"apply_url": "", "apply_email": ""}, "Say how to apply"),
        ({"apply_url": "http://jobb.example.no/1"}, "starts with https://"),
        ({"apply_url": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"deadline": "2020-01-01"}, "cannot be in the past"),
        ({"title": ""}, "This field is required"),
        ({"job_type": "boss"}, "Select a valid choice"),
        ({"description": "x" * 8001}, "at most 8000 characters"),
    ],
)
def test_bad_postings_are_explained(client, poster, changes, message):
    client.force_login(poster)
    response = client.post(reverse("careers:job_create"), valid_form(**changes))
    assert response.status_code == 400
    assert message in html(response)
    assert not JobPosting.objects.exists()


def test_an_email_alone_is_enough_to_apply(client, poster):
    client.force_login(poster)
    client.post(
        reverse("careers:job_create"), valid_form(apply_url="", apply_email="hr@firma.example.no")
    )
    assert JobPosting.objects.get().apply_email == "hr@firma.example.no"


def test_the_poster_edits_and_a_text_change_goes_back_for_review(client, poster):
    posting = JobPostingFactory(posted_by=poster, title="Prosjektleder", employer="Kongsberg")
    client.force_login(poster)
    form = html(client.get(reverse("careers:job_edit", args=[posting.pk])))
    assert "reviewed again" in form

    response = client.post(
        reverse("careers:job_edit", args=[posting.pk]),
        valid_form(title="Prosjektleder (vikariat)", employer="Kongsberg"),
    )

    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.title == "Prosjektleder (vikariat)"
    assert posting.status == JobStatus.PENDING


def test_the_poster_renews_and_closes(client, poster):
    posting = JobPostingFactory(
        posted_by=poster,
        published_at=timezone.now() - timedelta(days=59),
        expires_at=timezone.now() + timedelta(days=1),
    )
    client.force_login(poster)
    confirm = client.get(reverse("careers:job_renew", args=[posting.pk]))
    assert confirm.status_code == 200
    posting.refresh_from_db()
    assert posting.expires_at < timezone.now() + timedelta(days=2)  # GET changed nothing

    client.post(reverse("careers:job_renew", args=[posting.pk]))
    posting.refresh_from_db()
    assert posting.expires_at > timezone.now() + timedelta(days=59)

    client.post(reverse("careers:job_close", args=[posting.pk]))
    posting.refresh_from_db()
    assert posting.status == JobStatus.CLOSED
    response = client.get(reverse("careers:job_edit", args=[posting.pk]), follow=True)
    assert "A closed posting cannot be changed." in html(response)


def test_a_refused_renewal_is_explained(client, poster):
    posting = JobPostingFactory(posted_by=poster, deadline=timezone.localdate() + timedelta(days=5))
    client.force_login(poster)
    response = client.post(reverse("careers:job_renew", args=[posting.pk]), follow=True)
    assert "already open as long as it can be" in html(response)


@pytest.mark.parametrize(
    "name,method",
    [
        ("careers:job_edit", "get"),
        ("careers:job_edit", "post"),
        ("careers:job_renew", "get"),
        ("careers:job_renew", "post"),
        ("careers:job_close", "get"),
        ("careers:job_close", "post"),
    ],
)
def test_a_stranger_gets_404_on_another_members_posting_and_nothing_changes(
    client, poster, stranger, name, method
):
    posting = JobPostingFactory(
        posted_by=poster,
        title="Original",
        published_at=timezone.now() - timedelta(days=59),
        expires_at=timezone.now() + timedelta(days=1),
    )
    before = JobPosting.objects.filter(pk=posting.pk).values().get()
    client.force_login(stranger)
    url = reverse(name, args=[posting.pk])

    response = getattr(client, method)(url, valid_form(title="Kapret") if method == "post" else {})

    assert response.status_code == 404
    assert JobPosting.objects.filter(pk=posting.pk).values().get() == before


def test_a_visitor_is_sent_to_sign_in_for_the_posters_pages(client, poster):
    posting = JobPostingFactory(posted_by=poster)
    for name in ("careers:job_edit", "careers:job_renew", "careers:job_close"):
        response = client.post(reverse(name, args=[posting.pk]))
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert JobPosting.objects.get().status == JobStatus.PUBLISHED


# --- Reporting (M5) -----------------------------------------------------------------------------


def test_members_report_a_posting_and_three_reports_hide_it(client, poster):
    posting = JobPostingFactory(posted_by=poster, title="Tjen raskt")
    url = reverse("careers:job_report", args=[posting.pk])
    for i in range(3):
        client.force_login(make_member(f"leser{i}@example.no"))
        assert client.get(url).status_code == 200
        response = client.post(url, {"reason": Report.Reason.SPAM, "comment": "Svindel"})
        assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.hidden_at is not None
    assert Report.objects.filter(object_id=posting.pk).count() == 3
    assert "Tjen raskt" not in html(client.get(list_url()))


def test_a_posting_that_cannot_be_seen_cannot_be_reported(client, poster, stranger):
    posting = JobPostingFactory(posted_by=poster, status=JobStatus.PENDING)
    client.force_login(stranger)
    url = reverse("careers:job_report", args=[posting.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": Report.Reason.SPAM}).status_code == 404
    assert not Report.objects.exists()


def test_the_poster_is_not_offered_to_report_their_own_posting(client, poster):
    posting = JobPostingFactory(posted_by=poster)
    client.force_login(poster)
    page = html(client.get(reverse("careers:job_detail", args=[posting.pk])))
    assert reverse("careers:job_report", args=[posting.pk]) not in page
    response = client.post(
        reverse("careers:job_report", args=[posting.pk]), {"reason": "spam"}, follow=True
    )
    assert "You cannot report something you wrote yourself." in html(response)
    assert not Report.objects.exists()


# --- Job alerts ---------------------------------------------------------------------------------


def test_a_member_saves_the_search_and_sees_it_among_their_alerts(client, stranger, faculties):
    client.force_login(stranger)
    page = html(client.get(list_url(q="sykepleier", faculty=faculties["HS"].pk)))
    assert reverse("careers:job_alert_save") in page

    response = client.post(
        reverse("careers:job_alert_save"),
        {"name": "Sykepleie i HS", "q": "sykepleier", "faculty": faculties["HS"].pk},
    )

    assert response.status_code == 302
    search = SavedJobSearch.objects.get(user=stranger)
    assert search.query == {"q": "sykepleier", "faculty": faculties["HS"].pk}
    alerts_page = html(client.get(reverse("careers:job_alerts")))
    assert "Sykepleie i HS" in alerts_page
    assert faculties["HS"].name_en in alerts_page
    assert "notification settings" in alerts_page


def test_saving_without_a_name_is_explained(client, stranger):
    client.force_login(stranger)
    response = client.post(reverse("careers:job_alert_save"), {"name": "", "q": "x"}, follow=True)
    assert "Give the job alert a name" in html(response)
    assert not SavedJobSearch.objects.exists()


def test_a_member_deletes_their_alert_and_a_stranger_gets_404(client, poster, stranger):
    search = SavedJobSearch.objects.create(user=poster, name="Mitt søk", query={})
    url = reverse("careers:job_alert_delete", args=[search.pk])

    client.force_login(stranger)
    assert client.post(url).status_code == 404
    assert SavedJobSearch.objects.filter(pk=search.pk).exists()
    assert "Mitt søk" not in html(client.get(reverse("careers:job_alerts")))

    client.force_login(poster)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not SavedJobSearch.objects.exists()


# --- Query counts (R2) --------------------------------------------------------------------------


def make_postings(count, tags, faculties):
    for i in range(count):
        JobPostingFactory(
            title=f"Stilling {i}",
            topics=list(tags.values()),
            faculties=[faculties["HH"], faculties["HS"]],
            visible_to_visitors=i % 2 == 0,
        )


@pytest.mark.parametrize("count", [3, 40])
def test_the_list_runs_a_constant_number_of_queries(
    client, stranger, tags, faculties, count, django_assert_max_num_queries
):
    make_postings(count, tags, faculties)
    client.get(list_url())  # warm the caches (reference choices, menus, site)
    with django_assert_max_num_queries(8):
        assert client.get(list_url(q="stilling", faculty=faculties["HH"].pk)).status_code == 200
    client.force_login(stranger)
    client.get(list_url())
    with django_assert_max_num_queries(15):
        assert client.get(list_url(q="stilling")).status_code == 200


@pytest.mark.parametrize("count", [3, 40])
def test_my_postings_run_a_constant_number_of_queries(
    client, poster, count, django_assert_max_num_queries
):
    for i in range(count):
        JobPostingFactory(posted_by=poster, title=f"Stilling {i}")
    client.force_login(poster)
    client.get(reverse("careers:job_mine"))
    with django_assert_max_num_queries(15):
        assert client.get(reverse("careers:job_mine")).status_code == 200


def test_deadline_helper_dates(client):
    """The factory's published posting with a deadline expires at the deadline's end."""
    posting = JobPostingFactory(deadline=date.today() + timedelta(days=3))
    assert posting.expires_at.date() >= date.today() + timedelta(days=3)
