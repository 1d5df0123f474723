"""The page chooser (links in the rich text and page-link blocks) over the whole tree: live pages
for everyone who may link, drafts only for those who may edit them (SECURITY.md C3)."""

from django.urls import reverse

import pytest

from home.factories import StandardPageFactory
from tests.conftest import login_to_admin


@pytest.fixture
def hh_pages(sections):
    live = StandardPageFactory(parent=sections["HH"], title="Studietur til Bergen", slug="tur")
    live.save_revision().publish()
    draft = StandardPageFactory(
        parent=sections["HH"], title="Hemmelig utkast om budsjett", slug="utkast", live=False
    )
    return live, draft


def browse(client, section):
    return client.get(reverse("wagtailadmin_choose_page_child", args=[section.pk]))


def search(client, text):
    return client.get(reverse("wagtailadmin_choose_page_search"), {"q": text})


@pytest.mark.django_db
def test_another_faculty_coordinator_sees_live_pages_but_not_drafts(
    client, sections, hh_pages, coordinator_hs
):
    login_to_admin(client, coordinator_hs)
    response = browse(client, sections["HH"])
    assert response.status_code == 200
    content = response.content.decode()
    assert "Studietur til Bergen" in content
    assert "Hemmelig utkast om budsjett" not in content
    found = search(client, "Hemmelig").content.decode()
    assert "Hemmelig utkast om budsjett" not in found


@pytest.mark.django_db
def test_the_sections_own_coordinator_sees_its_drafts(client, sections, hh_pages, coordinator_hh):
    login_to_admin(client, coordinator_hh)
    content = browse(client, sections["HH"]).content.decode()
    assert "Studietur til Bergen" in content
    assert "Hemmelig utkast om budsjett" in content


@pytest.mark.django_db
def test_editors_see_every_draft(client, sections, hh_pages, editor):
    login_to_admin(client, editor)
    assert "Hemmelig utkast om budsjett" in browse(client, sections["HH"]).content.decode()
