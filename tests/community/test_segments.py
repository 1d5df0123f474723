"""Export members: a coordinator's segment of their faculty's members as CSV (issue 9; C3, X6)."""

import csv
import io

from django.urls import reverse
from django.utils import translation

import pytest

from accounts.models import AuditAction, AuditEvent
from community.admin_views.segments import csv_header
from community.models import Visibility
from home.models import Programme

from .conftest import make_member

pytestmark = pytest.mark.django_db

URL = reverse("member_segments:index")


def rows_of(response):
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def hh_members(db):
    return [
        make_member(
            "anne@example.no",
            programme_code="MØA",
            year=2015,
            display_name="Anne",
            employer="DNB",
            work_visibility=Visibility.FACULTY,
        ),
        make_member(
            "bjorn@example.no",
            programme_code="MØA",
            year=2020,
            display_name='=HYPERLINK("http://evil")',
            employer="Hemmelig AS",
            work_visibility=Visibility.PRIVATE,
        ),
    ]


@pytest.fixture
def hs_member(db):
    return make_member("sara@example.no", programme_code="BSP", display_name="Sara HS")


def download(client, **params):
    return client.get(URL, {**params, "download": "1"})


def test_c3_coordinator_downloads_only_their_facultys_members(
    client, coordinator_hh, hh_members, hs_member
):
    client.force_login(coordinator_hh)
    with translation.override("en"):
        response = download(client)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    rows = rows_of(response)
    emails = {row[1] for row in rows[1:]}
    assert emails == {"anne@example.no", "bjorn@example.no"}


def test_c3_another_facultys_programme_posted_is_refused_and_leaks_nothing(
    client, coordinator_hh, hh_members, hs_member
):
    client.force_login(coordinator_hh)
    bsp = Programme.objects.get(code="BSP")
    response = download(client, programme=bsp.pk)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")  # the form with its error, no file
    assert b"sara@example.no" not in response.content
    assert not AuditEvent.objects.exists()


def test_c3_another_faculty_chosen_by_id_is_refused(client, coordinator_hh, faculties, hs_member):
    client.force_login(coordinator_hh)
    response = download(client, faculty=faculties["HS"].pk)
    assert response["Content-Type"].startswith("text/html")
    assert b"sara@example.no" not in response.content


def test_c3_editor_without_a_faculty_gets_403(client, editor):
    client.force_login(editor)
    assert client.get(URL).status_code == 403
    assert download(client).status_code == 403


def test_member_gets_no_admin(client, hh_alumnus):
    client.force_login(hh_alumnus)
    assert client.get(URL).status_code in (302, 403)


def test_central_staff_export_any_faculty(client, superuser, hh_members, hs_member):
    client.force_login(superuser)
    emails = {row[1] for row in rows_of(download(client))[1:]}
    assert {"anne@example.no", "bjorn@example.no", "sara@example.no"} <= emails


def test_filters_narrow_the_count_and_the_file(client, coordinator_hh, hh_members):
    client.force_login(coordinator_hh)
    response = client.get(URL, {"year_from": 2018})
    assert response.context["count"] == 1
    rows = rows_of(download(client, year_from=2018))
    assert [row[1] for row in rows[1:]] == ["bjorn@example.no"]


def test_x6_formula_cells_are_neutralised(client, coordinator_hh, hh_members):
    client.force_login(coordinator_hh)
    rows = rows_of(download(client, year_from=2018))
    assert rows[1][0].startswith("'=")


def test_employer_only_where_the_member_shares_it_with_the_faculty(
    client, coordinator_hh, hh_members
):
    client.force_login(coordinator_hh)
    rows = rows_of(download(client))
    with translation.override("en"):
        employer = csv_header().index("Employer")
    by_email = {row[1]: row for row in rows[1:]}
    assert by_email["anne@example.no"][employer] == "DNB"
    assert by_email["bjorn@example.no"][employer] == ""


def test_the_export_is_in_the_audit_log(client, coordinator_hh, hh_members):
    client.force_login(coordinator_hh)
    download(client, year_from=2010)
    event = AuditEvent.objects.get(action=AuditAction.CSV_EXPORT)
    assert event.actor == coordinator_hh
    assert event.count == 2
    assert event.detail["year_from"] == 2010


def test_the_file_costs_the_same_queries_for_more_members(
    client, coordinator_hh, hh_members, django_assert_max_num_queries
):
    client.force_login(coordinator_hh)
    download(client)  # warm caches (session, permissions)
    for n in range(10):
        make_member(f"flere{n}@example.no", programme_code="MØA", display_name=f"M {n}")
    with django_assert_max_num_queries(20):
        rows_of(download(client))
