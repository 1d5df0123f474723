"""Shared fixtures: the page tree in both languages, people in each role, and a logged-in client."""

from django.contrib.auth.models import Group

from wagtail.models import Locale, Page

import pytest

from accounts.factories import UserFactory
from home.factories import (
    FacultySectionPageFactory,
    FormFieldFactory,
    FormPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
)
from home.models import Faculty, HomePage, LaunchState


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def locales(db):
    nb = Locale.objects.get(language_code="nb")
    en, _ = Locale.objects.get_or_create(language_code="en")
    return {"nb": nb, "en": en}


@pytest.fixture
def home(locales):
    """The Norwegian home page the migrations create, which the default site points at."""
    return HomePage.objects.get(locale=locales["nb"])


@pytest.fixture
def home_en(home, locales):
    existing = HomePage.objects.filter(locale=locales["en"]).first()
    if existing:
        return existing
    page = home.copy_for_translation(locales["en"])
    page.title = "USN Alumni"
    page.hero_title = "Welcome to USN Alumni"
    page.save_revision().publish()
    return page


@pytest.fixture
def faculties(db):
    return {faculty.code: faculty for faculty in Faculty.objects.all()}


@pytest.fixture
def sections(home, faculties):
    """One Norwegian section per faculty: HH is the pilot, HS live, HIU and TNM planned."""
    states = {
        "HH": LaunchState.PILOT,
        "HS": LaunchState.LIVE,
        "HIU": LaunchState.PLANNED,
        "TNM": LaunchState.PLANNED,
    }
    return {
        code: FacultySectionPageFactory(
            parent=home,
            faculty=faculty,
            title=faculty.name_nb,
            slug=code.lower(),
            launch_state=states[code],
            show_in_menus=True,
        )
        for code, faculty in faculties.items()
    }


@pytest.fixture
def site_tree(home, sections):
    """A small, complete site: news in a section and at the top, a standard page and a form."""
    news_index = NewsIndexPageFactory(parent=home, title="Nyheter", slug="nyheter")
    hh_news_index = NewsIndexPageFactory(parent=sections["HH"], title="HH-nyheter", slug="nyheter")
    news = NewsPageFactory(parent=news_index, title="Alumnidagen 2026", slug="alumnidagen")
    hh_news = NewsPageFactory(parent=hh_news_index, title="Pilot ved HH", slug="pilot")
    about = StandardPageFactory(parent=home, title="Om oss", slug="om", show_in_menus=True)
    form = FormPageFactory(parent=home, slug="kontakt")
    FormFieldFactory(page=form, label="Navn", field_type="singleline", sort_order=0)
    FormFieldFactory(page=form, label="Melding", field_type="multiline", sort_order=1)
    return {
        "home": home,
        "sections": sections,
        "news_index": news_index,
        "hh_news_index": hh_news_index,
        "news": news,
        "hh_news": hh_news,
        "about": about,
        "form": form,
    }


@pytest.fixture
def member(db):
    return UserFactory(email="medlem@example.no", first_name="Kari", last_name="Nordmann")


@pytest.fixture
def editor(db):
    user = UserFactory(email="redaktor@usn.example", first_name="Erik", last_name="Redaktør")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(email="admin@usn.example", is_staff=True, is_superuser=True)


def make_coordinator(faculty_code: str, email: str):
    user = UserFactory(email=email)
    user.groups.add(Faculty.objects.get(code=faculty_code).coordinator_group)
    return user


@pytest.fixture
def coordinator_hh(db):
    return make_coordinator("HH", "koordinator.hh@usn.example")


@pytest.fixture
def coordinator_hs(db):
    return make_coordinator("HS", "koordinator.hs@usn.example")


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()
