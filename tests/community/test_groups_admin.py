"""The groups overview in the admin: administrators see, inspect and correct every group; a
coordinator sees and inspects only the groups linked to their faculty (SECURITY.md C3)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.users.models import UserProfile

import pytest

from community.factories import GroupFactory
from community.models import Group, GroupKind
from tests.conftest import login_to_admin

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_admin(db, coordinator_hh, coordinator_hs, superuser):
    for user in (coordinator_hh, coordinator_hs, superuser):
        UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "en"})
    with translation.override("en"):
        yield


@pytest.fixture
def groups(faculties):
    return {
        "hh": GroupFactory(name="Regnskap og revisjon", faculty=faculties["HH"]),
        "hs": GroupFactory(
            name="Sykepleiere i Vestfold", faculty=faculties["HS"], kind=GroupKind.HIDDEN
        ),
        "none": GroupFactory(name="Gründere fra USN", archived_at=timezone.now()),
    }


def html(response) -> str:
    return response.content.decode()


def test_an_administrator_sees_every_group(client, superuser, groups):
    login_to_admin(client, superuser)

    page = html(client.get(reverse("groups:index")))

    for group in groups.values():
        assert group.name in page


def test_a_coordinator_sees_only_their_faculty_groups(client, coordinator_hh, groups):
    login_to_admin(client, coordinator_hh)

    response = client.get(reverse("groups:index"))

    assert response.status_code == 200
    page = html(response)
    assert "Regnskap og revisjon" in page
    assert "Sykepleiere i Vestfold" not in page and "Gründere fra USN" not in page


def test_a_coordinator_finds_the_groups_in_the_menu(client, coordinator_hs):
    login_to_admin(client, coordinator_hs)

    page = html(client.get(reverse("wagtailadmin_home")))

    assert f'"{reverse("groups:index")}"' in page


def test_a_coordinator_cannot_reach_another_faculty_group(client, coordinator_hh, groups):
    login_to_admin(client, coordinator_hh)

    for other in (groups["hs"], groups["none"]):
        # Inspecting it: as if it did not exist. Editing: coordinators edit no group at all.
        assert client.get(reverse("groups:inspect", args=[other.pk])).status_code == 404
        assert client.get(reverse("groups:edit", args=[other.pk])).status_code == 403
    response = client.post(
        reverse("groups:edit", args=[groups["hs"].pk]),
        {"name": "Kapret", "description": "x", "kind": GroupKind.OPEN},
    )
    assert response.status_code == 403
    assert Group.objects.get(pk=groups["hs"].pk).name == "Sykepleiere i Vestfold"


def test_edit_rights_still_stop_at_the_coordinators_faculty(client, coordinator_hh, groups):
    from django.contrib.auth.models import Permission

    change = Permission.objects.get(codename="change_group", content_type__app_label="community")
    coordinator_hh.user_permissions.add(change)
    login_to_admin(client, coordinator_hh)

    assert client.get(reverse("groups:edit", args=[groups["hs"].pk])).status_code == 404
    assert client.get(reverse("groups:edit", args=[groups["hh"].pk])).status_code == 200


def test_a_coordinator_inspects_but_does_not_edit_their_faculty_group(
    client, coordinator_hh, groups
):
    login_to_admin(client, coordinator_hh)
    group = groups["hh"]

    inspect = client.get(reverse("groups:inspect", args=[group.pk]))
    edit = client.post(
        reverse("groups:edit", args=[group.pk]),
        {"name": "Kapret", "description": "x", "kind": GroupKind.OPEN},
    )

    assert inspect.status_code == 200 and "Regnskap og revisjon" in html(inspect)
    assert edit.status_code == 403
    assert Group.objects.get(pk=group.pk).name == "Regnskap og revisjon"


def test_an_administrator_corrects_a_group(client, superuser, groups, faculties):
    login_to_admin(client, superuser)
    group = groups["none"]

    form = client.get(reverse("groups:edit", args=[group.pk]))
    response = client.post(
        reverse("groups:edit", args=[group.pk]),
        {
            "name": "Gründere ved USN",
            "description": "Ny beskrivelse",
            "kind": GroupKind.REQUEST,
            "faculty": faculties["TNM"].pk,
        },
    )

    assert form.status_code == 200
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.name, group.kind, group.faculty) == (
        "Gründere ved USN",
        GroupKind.REQUEST,
        faculties["TNM"],
    )


def test_there_is_no_adding_or_deleting_groups_here(client, superuser, groups):
    login_to_admin(client, superuser)

    page = html(client.get(reverse("groups:index")))

    assert "/admin/alumni-groups/new/" not in page and "/delete/" not in page


@pytest.mark.parametrize("view", ["index", "edit"])
def test_wagtails_own_user_groups_admin_is_not_shadowed_by_the_alumni_groups(
    client, superuser, faculties, view
):
    """Settings → Groups edits the permission groups (a faculty's coordinators among them)."""
    coordinators = faculties["HH"].coordinator_group
    login_to_admin(client, superuser)
    args = [coordinators.pk] if view == "edit" else []

    response = client.get(reverse(f"wagtailusers_groups:{view}", args=args))

    assert response.status_code == 200
    assert response.resolver_match.namespace == "wagtailusers_groups"
    if view == "edit":
        assert response.context["object"] == coordinators


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"kind": GroupKind.HIDDEN}, "Sykepleiere i Vestfold", "Regnskap og revisjon"),
        ({"archived": "true"}, "Gründere fra USN", "Regnskap og revisjon"),
        ({"archived": "false"}, "Regnskap og revisjon", "Gründere fra USN"),
        ({"q": "revisjon"}, "Regnskap og revisjon", "Sykepleiere i Vestfold"),
    ],
)
def test_groups_are_filtered_and_searched(client, superuser, groups, query, shown, hidden):
    login_to_admin(client, superuser)

    page = html(client.get(reverse("groups:index"), query))

    assert shown in page and hidden not in page


def test_the_faculty_filter_offers_a_coordinator_only_their_faculty(
    client, coordinator_hh, groups, faculties
):
    login_to_admin(client, coordinator_hh)

    page = html(client.get(reverse("groups:index"), {"faculty": faculties["HS"].pk}))

    assert "Sykepleiere i Vestfold" not in page


def test_the_listing_runs_the_same_queries_for_few_and_many(client, superuser, faculties):
    login_to_admin(client, superuser)

    def count():
        client.get(reverse("groups:index"))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("groups:index")).status_code == 200
        return len(captured)

    for _n in range(3):
        GroupFactory(faculty=faculties["HH"])
    few = count()
    for n in range(40):
        GroupFactory(faculty=faculties["HS"] if n % 2 else None)
    assert count() == few
