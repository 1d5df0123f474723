"""Shared fixtures: the page tree in both languages, people in each role, and a logged-in client."""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client

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
from home.locales import forget_locales
from home.menus import invalidate_menus
from home.models import Faculty, HomePage, LaunchState


@pytest.fixture(autouse=True)
def fresh_content_types_after_a_flush(request):
    """A transactional test starts after another one flushed the database, and post_migrate
    made the content types again under new ids: forget the ids cached in this process."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with empty caches: rolling back a test's database sends no signals, so
    chrome cached in one test (home.menus) or a memoised Locale (home.locales) could otherwise
    point at rows the next test never had."""
    cache.clear()  # rate limits (allauth, M1, deletion) counted by an earlier test in this worker
    invalidate_menus()
    forget_locales()
    yield
    invalidate_menus()
    forget_locales()


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


class SignedInThroughAllauthClient(Client):
    """The test client, signing people in as allauth's login flow leaves them.

    The admin requires a second factor (SECURITY.md A5, accounts/middleware.py). Tests about
    something else sign editors and coordinators in with `force_login`/`login`; this client then
    also records the second factor, as a real sign-in with TOTP would. The MFA flow itself is
    tested end to end in tests/accounts/test_admin_mfa.py with plain `Client()` instances."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        self._complete_second_factor(user)

    def login(self, **credentials):
        logged_in = super().login(**credentials)
        if logged_in:
            from django.contrib.auth import get_user_model

            user = get_user_model().objects.get(pk=self.session["_auth_user_id"])
            self._complete_second_factor(user)
        return logged_in

    def _complete_second_factor(self, user):
        from accounts.mfa_policy import can_reach_admin

        if can_reach_admin(user):
            record_second_factor(self, user)


@pytest.fixture
def client():
    return SignedInThroughAllauthClient()


def record_second_factor(client, user):
    import time

    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    session = client.session
    session["account_authentication_methods_user"] = str(user.pk)
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session.save()


def login_to_admin(client, user):
    """Sign `user` in as the admin requires (SECURITY.md A5): with a TOTP authenticator set up
    and this session's second factor recorded, as allauth's login flow leaves it."""
    Client.force_login(client, user)
    record_second_factor(client, user)
    return client


@pytest.fixture
def verified_member(db):
    """A verified HH alumnus (Master i økonomi og administrasjon, 2015), listed in the directory."""
    from allauth.account.models import EmailAddress

    from community.members import ensure_profile
    from community.models import EducationRecord
    from home.models import Programme

    user = UserFactory(email="verifisert@example.no", first_name="Vera", last_name="Verifisert")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    profile = ensure_profile(user)
    programme = Programme.objects.get(code="MØA")
    EducationRecord.objects.create(
        profile=profile,
        faculty=programme.faculty,
        programme=programme,
        graduation_year=2015,
        degree_level=programme.degree_level,
        verified=True,
    )
    profile.listed_in_directory = True
    profile.save()
    profile.mark_verified("register")
    return user
