"""The figures dashboard and its CSV exports: who sees what (C3), formula-safe CSV (X6), and a
constant, small number of queries."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import translation

import pytest
from freezegun import freeze_time

from accounts.factories import UserFactory
from figures import computing
from figures.models import FigureSnapshot
from newsletters.factories import TopicFactory
from tests.conftest import login_to_admin

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(known_data, faculties):
    with freeze_time(NOW):
        computing.compute(months=12)
    return known_data


def get(client, url, **kwargs):
    with freeze_time(NOW), translation.override("en"):
        return client.get(url, HTTP_ACCEPT_LANGUAGE="en", **kwargs)


def overview_headings(response):
    return response.context["overview"]["headings"]


def test_superuser_sees_every_faculty_side_by_side_and_the_total(client, superuser, computed):
    login_to_admin(client, superuser)
    response = get(client, reverse("figures:dashboard"))
    assert response.status_code == 200
    headings = [str(heading) for heading in overview_headings(response)]
    assert headings == ["HH", "HS", "HIU", "TNM", "USN totalt"]
    assert response.context["scope_code"] == "usn"


def test_editors_have_the_view_all_permission(client, editor, computed):
    login_to_admin(client, editor)
    response = get(client, reverse("figures:scope", args=["hs"]))
    assert response.status_code == 200
    assert len(overview_headings(response)) == 5


def test_a_coordinator_sees_only_their_faculty(client, coordinator_hh, computed):
    login_to_admin(client, coordinator_hh)
    response = get(client, reverse("figures:dashboard"))
    assert response.status_code == 200
    assert [str(h) for h in overview_headings(response)] == ["HH"]
    assert response.context["scope_code"] == "hh"
    assert b"USN totalt" not in response.content
    members = response.context["overview"]["rows"][0]
    assert members["cells"] == ["3"]


@pytest.mark.parametrize(
    "url",
    [
        reverse("figures:scope", args=["hs"]),
        reverse("figures:scope", args=["usn"]),
        reverse("figures:csv", args=["hs", "members"]),
        reverse("figures:csv", args=["hs", "consent"]),
        reverse("figures:csv", args=["usn", "members"]),
    ],
)
def test_c3_a_coordinator_of_hh_gets_403_on_other_figures_and_exports(
    client, coordinator_hh, computed, url
):
    login_to_admin(client, coordinator_hh)
    assert get(client, url).status_code == 403


def test_c3_the_overview_export_of_a_coordinator_holds_only_their_faculty(
    client, coordinator_hh, computed
):
    login_to_admin(client, coordinator_hh)
    response = get(client, reverse("figures:overview_csv"))
    assert response.status_code == 200
    header = response.content.decode().splitlines()[0]
    assert header == "Tall,HH"


def test_an_unknown_faculty_is_a_404(client, superuser, computed):
    login_to_admin(client, superuser)
    assert get(client, reverse("figures:scope", args=["xyz"])).status_code == 404


@pytest.mark.parametrize("who", ["member", "plain_admin"])
def test_people_without_a_faculty_or_the_permission_see_no_figures(client, who, computed):
    user = UserFactory(email=f"{who}@example.no")
    if who == "plain_admin":
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    login_to_admin(client, user)
    response = get(client, reverse("figures:dashboard"))
    assert response.status_code in (302, 403)
    assert b"members_total" not in response.content


def test_the_menu_shows_figures_to_coordinators(client, coordinator_hh, computed):
    login_to_admin(client, coordinator_hh)
    response = get(client, "/admin/")
    assert reverse("figures:dashboard").encode() in response.content


def test_a_trend_table_exports_as_csv_with_twelve_months(client, coordinator_hh, computed):
    login_to_admin(client, coordinator_hh)
    response = get(client, reverse("figures:csv", args=["hh", "members"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert len(lines[0].split(",")) == 4  # the month and the three member figures
    assert len(lines) == 13
    assert lines[-1].endswith(",3,2,1")


def test_x6_csv_cells_that_look_like_formulas_are_neutralised(client, superuser, computed):
    TopicFactory(slug="formel", name_nb="=HYPERLINK(1)", name_en="=HYPERLINK(1)")
    with freeze_time(NOW):
        computing.compute(months=1)
    login_to_admin(client, superuser)
    response = get(client, reverse("figures:csv", args=["usn", "consent"]))
    assert "'=HYPERLINK(1)" in response.content.decode()


def test_charts_get_their_data_as_json_and_a_table_as_text_alternative(
    client, coordinator_hh, computed
):
    login_to_admin(client, coordinator_hh)
    html = get(client, reverse("figures:dashboard")).content.decode()
    assert 'id="figures-data-members" type="application/json"' in html
    assert 'data-figures-data="figures-data-members"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "<caption>" in html
    assert "<script>" not in html.split("figures-overview")[1]  # no inline script of ours


def dashboard_queries(client, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login_to_admin(client, user)
    get(client, reverse("figures:dashboard"))  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert get(client, reverse("figures:dashboard")).status_code == 200
    return len(queries)


def test_the_dashboard_costs_the_same_queries_however_much_data(
    client, coordinator_hh, superuser, faculties
):
    """The whole page, the admin's own chrome included, within the site's 15-query budget and
    the same with no figures as with a year of them."""
    before = {user.pk: dashboard_queries(client, user) for user in (coordinator_hh, superuser)}
    TopicFactory(slug="evu")
    with freeze_time(NOW):
        computing.compute(months=12)
    for user in (coordinator_hh, superuser):
        count = dashboard_queries(client, user)
        assert count <= 15
        assert count <= before[user.pk] + 1  # the topics' names, once there are consent rates


def test_the_figures_themselves_cost_at_most_10_queries(
    rf, coordinator_hh, superuser, computed, django_assert_max_num_queries
):
    """What the dashboard adds to the admin page: who sees what, the snapshot rows, topics."""
    from figures.views import DashboardView

    TopicFactory(slug="evu")
    with freeze_time(NOW):
        computing.compute(months=1)
    for user in (coordinator_hh, superuser):
        user = type(user).objects.get(pk=user.pk)
        request = rf.get(reverse("figures:dashboard"))
        request.user = user
        view = DashboardView()
        view.setup(request)
        with freeze_time(NOW), django_assert_max_num_queries(10):
            view.check_access(request, None)
            months, values = view.load([f.pk for f in view.faculties], view.central)
            view.overview(values, months[-1])
            view.consent(values, months[-1])


def test_no_figures_yet_says_so(client, superuser, faculties):
    login_to_admin(client, superuser)
    response = get(client, reverse("figures:dashboard"))
    assert response.status_code == 200
    assert not response.context["has_figures"]
    assert not FigureSnapshot.objects.exists()


def test_the_communications_group_gets_the_permission_when_present(db):
    """The data migration grants it to Editors (and a communications group if there is one)."""
    editors = Group.objects.get(name="Editors")
    assert editors.permissions.filter(codename="view_all_figures").exists()
    assert datetime.date(2026, 6, 1)  # (keeps the import used for the dates above)
