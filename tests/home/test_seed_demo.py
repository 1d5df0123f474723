"""seed_demo builds an explorable site, and running it again changes nothing."""

import io

from django.core.management import call_command

from wagtail.images import get_image_model
from wagtail.models import Page, Revision

import pytest

from accounts.models import User
from home.models import FacultySectionPage, LaunchState, NewsPage, SiteSettings


def seed(**options):
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_builds_the_site_in_both_languages_and_is_idempotent(client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    output = seed()
    counts = (
        Page.objects.count(),
        Revision.objects.count(),
        User.objects.count(),
        get_image_model().objects.count(),
    )
    assert "admin@usn.example" in output
    assert "koordinator.hh@usn.example" in output
    assert "kommunikasjon@usn.example" in output  # approves campaigns (newsletters)
    assert (tmp_path / "demo_logins.txt").read_text().count("@") == 5

    # Every faculty has a section in both languages; only the pilot is public.
    for language in ("nb", "en"):
        sections = FacultySectionPage.objects.filter(locale__language_code=language)
        assert sections.count() == 4
        assert set(sections.values_list("launch_state", flat=True)) == {"pilot", "planned"}
    hh = FacultySectionPage.objects.get(faculty__code="HH", locale__language_code="nb")
    assert hh.launch_state == LaunchState.PILOT
    assert NewsPage.objects.filter(locale__language_code="en").count() == 5
    assert client.get("/").status_code == 200
    assert client.get("/en/").status_code == 200
    assert client.get(hh.url).status_code == 200
    assert client.get("/hs/").status_code == 404
    settings_row = SiteSettings.objects.get()
    assert client.get(settings_row.accessibility_statement_page.url).status_code == 200
    # The English footer links to the English statement.
    english_footer = client.get("/en/").content.decode().split("<footer")[1]
    assert 'href="/en/about/accessibility/"' in english_footer

    seed()
    assert (
        Page.objects.count(),
        Revision.objects.count(),
        User.objects.count(),
        get_image_model().objects.count(),
    ) == counts


@pytest.mark.django_db
def test_demo_coordinator_can_log_in_to_the_admin(client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    seed()
    assert client.login(email="koordinator.hh@usn.example", password="koordinator-demo-2026")
    assert client.get("/admin/").status_code == 200
