"""The community app's admin screens: the graduate import (upload, preview, run, progress), the
graduate register, the members overview and the interests vocabulary; and who may reach them."""

import re

from django.contrib.auth.models import Group
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from wagtail.users.models import UserProfile

import pytest

from accounts.factories import UserFactory
from community.graduate_import import preview
from community.members import ensure_profile
from community.models import EducationRecord, GraduateImport, GraduateRecord, InterestTag
from home.models import Faculty, Programme
from tests.conftest import login_to_admin

HEADER = "studentnummer;navn;epost;fakultet;studieprogramkode;studieprogram;grad;eksamensdato"
ANNE = (
    "100001;Anne Aasen;anne@example.no;HH;MØA;Master i økonomi og administrasjon;Master;2015-06-20"
)
BJORN = "100002;Bjørn Berg;bjorn@example.no;HS;BSP;Bachelor i sykepleie;Bachelor;20.06.2018"
BAD = "100003;Eva Feil;eva@example.no;XYZ;;Bachelor;;2015-06-20"


def csv_bytes(*rows):
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode()


def upload(data: bytes, name="uteksaminerte.csv"):
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture(autouse=True)
def import_storage(tmp_path, monkeypatch):
    storage = FileSystemStorage(location=tmp_path / "graduate-imports")
    monkeypatch.setattr(GraduateImport._meta.get_field("file"), "storage", storage)
    return storage


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def admin_client(client, superuser):
    """An administrator who uses the admin in English (the texts asserted here)."""
    UserProfile.objects.update_or_create(user=superuser, defaults={"preferred_language": "en"})
    return login_to_admin(client, superuser)


def html(response) -> str:
    return response.content.decode()


def uploaded(admin_client, data: bytes) -> GraduateImport:
    response = admin_client.post(reverse("graduate_imports:index"), {"file": upload(data)})
    assert response.status_code == 302, html(response)
    return GraduateImport.objects.latest("pk")


# --- The import, as an administrator -------------------------------------------------------------


def test_upload_screen_offers_a_csv_file_field(admin_client):
    response = admin_client.get(reverse("graduate_imports:index"))

    assert response.status_code == 200
    assert 'type="file"' in html(response)
    assert 'accept=".csv,text/csv"' in html(response)


def test_uploading_a_file_shows_its_dry_run_with_row_numbers_and_errors(admin_client):
    response = admin_client.post(
        reverse("graduate_imports:index"), {"file": upload(csv_bytes(ANNE, BAD))}, follow=True
    )

    graduate_import = GraduateImport.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "graduate_imports:preview", args=[graduate_import.pk]
    )
    page = html(response)
    assert graduate_import.status == GraduateImport.Status.PREVIEWED
    assert graduate_import.uploaded_by is not None
    assert "Unknown faculty “XYZ”" in page
    assert re.search(r"<td>3</td>\s*<td>100003</td>", page)
    assert "Run import" in page
    assert not GraduateRecord.objects.exists()


def test_preview_can_show_only_the_rows_with_errors(admin_client):
    graduate_import = uploaded(admin_client, csv_bytes(ANNE, BAD))

    response = admin_client.get(
        reverse("graduate_imports:preview", args=[graduate_import.pk]), {"show": "error"}
    )

    assert "<td>100003</td>" in html(response)
    assert "<td>100001</td>" not in html(response)


def test_preview_shows_at_most_500_rows_with_the_total(admin_client):
    rows = [f"{200000 + n};Person {n};;HH;;Bachelor;;2015-06-20" for n in range(510)]
    graduate_import = uploaded(admin_client, csv_bytes(*rows))

    response = admin_client.get(reverse("graduate_imports:preview", args=[graduate_import.pk]))

    assert html(response).count('class="import-row') == 500
    assert "Showing the first 500 of 510 rows." in html(response)


def test_running_the_import_imports_and_shows_the_outcome(admin_client):
    graduate_import = uploaded(admin_client, csv_bytes(ANNE, BJORN, BAD))

    response = admin_client.post(
        reverse("graduate_imports:run", args=[graduate_import.pk]), follow=True
    )

    assert response.redirect_chain[-1][0] == reverse(
        "graduate_imports:progress", args=[graduate_import.pk]
    )
    assert GraduateRecord.objects.count() == 2
    page = html(response)
    assert "The import is finished" in page
    assert "Rows that were skipped" in page
    assert "<td>100003</td>" in page
    graduate_import.refresh_from_db()
    assert graduate_import.status == GraduateImport.Status.DONE


def test_an_import_cannot_be_run_twice_from_the_admin(admin_client):
    graduate_import = uploaded(admin_client, csv_bytes(ANNE))
    admin_client.post(reverse("graduate_imports:run", args=[graduate_import.pk]))
    GraduateRecord.objects.update(full_name="Endret")

    admin_client.post(reverse("graduate_imports:run", args=[graduate_import.pk]))

    assert GraduateRecord.objects.get().full_name == "Endret"


def test_progress_page_has_an_accessible_progress_bar_while_importing(admin_client):
    graduate_import = uploaded(admin_client, csv_bytes(ANNE))
    GraduateImport.objects.filter(pk=graduate_import.pk).update(
        status=GraduateImport.Status.IMPORTING, total_rows=200, processed_rows=50
    )

    response = admin_client.get(reverse("graduate_imports:progress", args=[graduate_import.pk]))

    page = html(response)
    bar = re.search(r'<progress id="([^"]+)"[^>]*max="200" value="50"', page)
    assert bar
    assert f'<label for="{bar.group(1)}"' in page
    assert re.search(r'aria-live="polite"[^>]*>50 of 200 rows imported \(25 %\)', page)
    assert "js/admin_import_progress.js" in page
    progress_url = reverse("graduate_imports:progress", args=[graduate_import.pk])
    assert f'href="{progress_url}"' in page  # the refresh link for browsers without JS


def test_status_endpoint_reports_progress_as_json(admin_client):
    graduate_import = uploaded(admin_client, csv_bytes(ANNE))
    GraduateImport.objects.filter(pk=graduate_import.pk).update(
        status=GraduateImport.Status.IMPORTING, total_rows=200, processed_rows=50
    )

    response = admin_client.get(reverse("graduate_imports:status", args=[graduate_import.pk]))

    assert "no-store" in response["Cache-Control"]
    assert response.json() == {
        "status": "importing",
        "processed": 50,
        "total": 200,
        "percent": 25,
        "finished": False,
        "message": "50 of 200 rows imported (25 %).",
    }


def test_a_file_with_a_wrong_header_is_refused_with_the_reason(admin_client):
    graduate_import = uploaded(admin_client, b"kundenummer;navn\r\n1;Eva\r\n")

    response = admin_client.get(reverse("graduate_imports:preview", args=[graduate_import.pk]))

    assert "This file cannot be imported." in html(response)
    assert "Unknown column(s) in the header: kundenummer" in html(response)
    assert "Nothing was changed." in html(response)
    assert "Run import" not in html(response)


def test_upload_refuses_a_file_that_is_not_csv(admin_client):
    response = admin_client.post(
        reverse("graduate_imports:index"), {"file": upload(csv_bytes(ANNE), name="liste.xlsx")}
    )

    assert response.status_code == 200
    assert "Upload a .csv file." in html(response)
    assert not GraduateImport.objects.exists()


def test_upload_refuses_a_file_over_the_size_limit(admin_client, monkeypatch):
    monkeypatch.setattr("community.admin_views.imports.MAX_UPLOAD_SIZE", 100)

    response = admin_client.post(
        reverse("graduate_imports:index"), {"file": upload(csv_bytes(ANNE, BJORN))}
    )

    assert "The file is larger than 50 MB." in html(response)
    assert not GraduateImport.objects.exists()


# --- Who may import ------------------------------------------------------------------------------


@pytest.fixture
def previewed_import(db, superuser):
    graduate_import = GraduateImport(original_name="filen.csv", uploaded_by=superuser)
    graduate_import.file.save("filen.csv", upload(csv_bytes(ANNE)), save=True)
    return preview(graduate_import)


IMPORT_URLS = [
    ("get", "graduate_imports:index", False),
    ("post", "graduate_imports:index", False),
    ("get", "graduate_imports:preview", True),
    ("post", "graduate_imports:run", True),
    ("get", "graduate_imports:progress", True),
    ("get", "graduate_imports:status", True),
]


@pytest.mark.parametrize(("method", "name", "with_pk"), IMPORT_URLS)
def test_a_coordinator_cannot_reach_the_import_screens(
    client, coordinator_hh, previewed_import, method, name, with_pk
):
    login_to_admin(client, coordinator_hh)
    url = reverse(name, args=[previewed_import.pk] if with_pk else [])

    response = getattr(client, method)(
        url, {"file": upload(csv_bytes(BJORN))} if method == "post" else {}
    )

    assert response.status_code == 403
    assert GraduateImport.objects.count() == 1
    assert not GraduateRecord.objects.exists()
    previewed_import.refresh_from_db()
    assert previewed_import.status == GraduateImport.Status.PREVIEWED


@pytest.mark.parametrize(
    "name", ["graduate_imports:index", "graduate_register:index", "members:index"]
)
def test_an_editor_cannot_reach_the_administrators_screens(client, editor, name):
    login_to_admin(client, editor)

    assert client.get(reverse(name)).status_code == 403


# --- The admin menu ------------------------------------------------------------------------------

ALUMNI_SCREENS = ["verification_claims:index", "members:index", "graduate_register:index",
                  "graduate_imports:index"]  # fmt: skip


def test_an_administrator_finds_every_alumni_screen_in_the_menu(admin_client):
    page = html(admin_client.get(reverse("wagtailadmin_home")))

    for name in ALUMNI_SCREENS:
        assert f'"{reverse(name)}"' in page, name
    assert f'"{reverse("wagtailsnippets_community_interesttag:list")}"' in page


def test_a_coordinator_finds_the_claims_and_nothing_else_of_the_alumni_menu(client, coordinator_hh):
    login_to_admin(client, coordinator_hh)

    page = html(client.get(reverse("wagtailadmin_home")))

    assert f'"{reverse("verification_claims:index")}"' in page
    for name in ALUMNI_SCREENS[1:]:
        assert f'"{reverse(name)}"' not in page, name


# --- The graduate register -----------------------------------------------------------------------


@pytest.fixture
def register(db, faculties):
    hh, hs = faculties["HH"], faculties["HS"]
    return [
        GraduateRecord.objects.create(
            student_number="100001", full_name="Anne Aasen", email="anne@example.no",
            faculty=hh, programme_name="Master", graduation_date="2015-06-20",
        ),
        GraduateRecord.objects.create(
            student_number="100002", full_name="Bjørn Berg", email="bjorn@example.no",
            faculty=hs, programme_name="Sykepleie", graduation_date="2018-06-20",
        ),
    ]  # fmt: skip


@pytest.mark.parametrize("query", ["Aasen", "100001", "anne@example"])
def test_register_is_searched_by_name_student_number_and_address(admin_client, register, query):
    response = admin_client.get(reverse("graduate_register:index"), {"q": query})

    assert "Anne Aasen" in html(response)
    assert "Bjørn Berg" not in html(response)


def test_register_is_filtered_by_faculty(admin_client, register, faculties):
    response = admin_client.get(reverse("graduate_register:index"), {"faculty": faculties["HS"].pk})

    assert "Bjørn Berg" in html(response)
    assert "Anne Aasen" not in html(response)


def test_register_entry_can_be_inspected_but_not_edited(admin_client, register):
    response = admin_client.get(reverse("graduate_register:inspect", args=[register[0].pk]))

    assert response.status_code == 200
    assert "anne@example.no" in html(response)
    assert "/edit/" not in html(response)


@pytest.mark.parametrize("name", ["graduate_register:index", "members:index"])
def test_a_coordinator_cannot_see_the_register_or_the_members(client, coordinator_hh, name):
    login_to_admin(client, coordinator_hh)

    assert client.get(reverse(name)).status_code == 403


def test_a_coordinator_cannot_inspect_a_register_entry(client, coordinator_hh, register):
    login_to_admin(client, coordinator_hh)

    response = client.get(reverse("graduate_register:inspect", args=[register[0].pk]))

    assert response.status_code == 403
    assert "anne@example.no" not in html(response)


def test_register_listing_runs_the_same_queries_for_few_and_many(admin_client, faculties):
    def make(count, start):
        GraduateRecord.objects.bulk_create(
            GraduateRecord(
                student_number=str(start + n), full_name=f"Person {n}", faculty=faculties["HH"],
                programme_name="Master", graduation_date="2015-06-20",
            )
            for n in range(count)
        )  # fmt: skip

    make(3, 300000)
    admin_client.get(reverse("graduate_register:index"))
    with CaptureQueriesContext(connection) as few:
        admin_client.get(reverse("graduate_register:index"))
    make(45, 400000)
    with CaptureQueriesContext(connection) as many:
        admin_client.get(reverse("graduate_register:index"))

    assert len(many) == len(few)


# --- Members overview ----------------------------------------------------------------------------


@pytest.fixture
def members(verified_member, member):
    ensure_profile(member)
    return {"verified": verified_member, "unverified": member}


def test_members_overview_lists_members_with_their_faculty(admin_client, members):
    response = admin_client.get(reverse("members:index"))

    page = html(response)
    assert "verifisert@example.no" in page
    assert "medlem@example.no" in page
    assert "HH" in page


def test_members_overview_filters_verified_members(admin_client, members):
    response = admin_client.get(reverse("members:index"), {"is_verified": "false"})

    assert "medlem@example.no" in html(response)
    assert "verifisert@example.no" not in html(response)


def test_members_overview_filters_by_faculty(admin_client, members, faculties):
    response = admin_client.get(reverse("members:index"), {"faculty": faculties["HS"].pk})

    assert "verifisert@example.no" not in html(response)


def test_members_overview_is_searched_by_name_and_address(admin_client, members):
    response = admin_client.get(reverse("members:index"), {"q": "verifisert@"})

    assert "verifisert@example.no" in html(response)
    assert "medlem@example.no" not in html(response)


def test_members_overview_has_no_editing(admin_client, members):
    page = html(admin_client.get(reverse("members:index")))

    assert "/edit/" not in page
    assert "/delete/" not in page


def test_members_overview_runs_the_same_queries_for_few_and_many(admin_client, faculties):
    programme = Programme.objects.get(code="MØA")

    def make(count, start):
        for n in range(count):
            profile = ensure_profile(UserFactory(email=f"m{start + n}@example.no"))
            EducationRecord.objects.create(
                profile=profile,
                faculty=programme.faculty,
                programme=programme,
                graduation_year=2015,
            )

    make(3, 0)
    admin_client.get(reverse("members:index"))
    with CaptureQueriesContext(connection) as few:
        admin_client.get(reverse("members:index"))
    make(30, 100)
    with CaptureQueriesContext(connection) as many:
        admin_client.get(reverse("members:index"))

    assert len(many) == len(few)


# --- Interests -----------------------------------------------------------------------------------


def test_an_editor_adds_a_curated_interest(client, editor):
    login_to_admin(client, editor)

    response = client.post(
        reverse("wagtailsnippets_community_interesttag:add"),
        {"name": "Bærekraft", "slug": "baerekraft", "curated": "on"},
    )

    assert response.status_code == 302
    assert InterestTag.objects.get(slug="baerekraft").curated


def test_an_editor_sees_the_interests_with_how_many_members_chose_them(
    client, editor, verified_member
):
    verified_member.profile.interests.add("Ledelse")
    login_to_admin(client, editor)

    response = client.get(reverse("wagtailsnippets_community_interesttag:list"))

    assert response.status_code == 200
    assert "Ledelse" in html(response)


def test_a_coordinator_cannot_curate_interests(client, coordinator_hh):
    login_to_admin(client, coordinator_hh)

    response = client.post(
        reverse("wagtailsnippets_community_interesttag:add"), {"name": "Reklame", "slug": "reklame"}
    )

    assert response.status_code == 403
    assert not InterestTag.objects.filter(slug="reklame").exists()


@pytest.mark.parametrize("view", ["edit", "delete"])
def test_a_coordinator_cannot_change_or_delete_an_interest(client, coordinator_hh, view):
    tag = InterestTag.objects.create(name="Ledelse", slug="ledelse", curated=True)
    login_to_admin(client, coordinator_hh)

    response = client.post(
        reverse(f"wagtailsnippets_community_interesttag:{view}", args=[tag.pk]),
        {"name": "Reklame", "slug": "reklame"},
    )

    assert response.status_code == 403
    tag.refresh_from_db()
    assert (tag.name, tag.curated) == ("Ledelse", True)


# --- Permissions the migration gives -------------------------------------------------------------


@pytest.mark.parametrize("code", ["HH", "HS", "HIU", "TNM"])
def test_each_coordinator_group_may_see_and_decide_claims(db, code):
    group = Faculty.objects.get(code=code).coordinator_group

    codenames = set(group.permissions.values_list("codename", flat=True))

    assert {"view_verificationclaim", "change_verificationclaim"} <= codenames
    assert "add_graduateimport" not in codenames
    assert "view_graduaterecord" not in codenames


def test_editors_may_curate_interests(db):
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )

    assert {"add_interesttag", "change_interesttag", "delete_interesttag"} <= codenames
    assert "change_verificationclaim" not in codenames
