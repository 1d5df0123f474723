"""Sign-up, sign-in and account management through allauth, against SECURITY.md A1, A3, A4, A6,
A7, A9, M7 and S7, and the accessible house markup of the account pages."""

import re
from datetime import timedelta
from html.parser import HTMLParser
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.usersessions.models import UserSession
from freezegun import freeze_time

from accounts.factories import UserFactory

User = get_user_model()
PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "a-new-long-passphrase-2026"


def member_with_address(email="kari@example.no", verified=True, **fields):
    user = UserFactory(email=email, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def signed_in_client(user, password=PASSWORD):
    """A separate browser, signed in through allauth (so its session is tracked)."""
    browser = Client()
    response = sign_in(browser, user.email, password)
    assert response.status_code == 302, response.content[:500]
    assert browser.session.get("_auth_user_id") == str(user.pk)
    return browser


def is_signed_in(client):
    """Whether `client` is signed in, judged by a page that needs it."""
    return client.get(reverse("account_email")).status_code == 200


def signup(client, email, password=PASSWORD, first_name="Kari", last_name="Nordmann"):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": password,
            "password2": password,
            "first_name": first_name,
            "last_name": last_name,
        },
    )


def session_exists(session_key):
    engine = import_module(settings.SESSION_ENGINE)
    return engine.SessionStore().exists(session_key)


def main_of(response, *variable):
    """The <main> of a page, without CSRF tokens and the given per-request strings."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)
    for text in variable:
        main = main.replace(text, "…")
    return main


class Markup(HTMLParser):
    """The few facts about a page that the accessibility tests look at."""

    def __init__(self, html):
        super().__init__()
        self.elements = []
        self.ids = set()
        self.label_targets = set()
        self._open_labels = 0
        self.scripts = []
        self._in_main = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self._in_main = True
        if tag == "label":
            self._open_labels += 1
            if attrs.get("for"):
                self.label_targets.add(attrs["for"])
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "script":
            self.scripts.append(attrs)
        self.elements.append((tag, attrs, self._open_labels > 0, self._in_main))

    def handle_endtag(self, tag):
        if tag == "label":
            self._open_labels -= 1
        if tag == "main":
            self._in_main = False

    def count(self, tag):
        return sum(1 for name, *_ in self.elements if name == tag)

    def unlabelled_inputs(self):
        missing = []
        for tag, attrs, in_label, _ in self.elements:
            if tag not in ("input", "select", "textarea"):
                continue
            if attrs.get("type") in ("hidden", "submit", "button"):
                continue
            if not in_label and attrs.get("id") not in self.label_targets:
                missing.append(attrs.get("name") or attrs.get("id"))
        return missing

    def dangling_describedby(self):
        dangling = []
        for _tag, attrs, *_ in self.elements:
            for ref in (attrs.get("aria-describedby") or "").split():
                if ref not in self.ids:
                    dangling.append(ref)
        return dangling

    def main_buttons_without_house_class(self):
        return [
            attrs
            for tag, attrs, _, in_main in self.elements
            if tag == "button" and in_main and "button" not in (attrs.get("class") or "").split()
        ]

    def inline_scripts(self):
        return [s for s in self.scripts if not s.get("src") and s.get("type") != "application/json"]


# A1: passwords.


@pytest.mark.django_db
def test_signup_refuses_a_password_shorter_than_12_characters(client):
    response = signup(client, "ny@example.no", password="fjordsolski")  # 11

    assert response.status_code == 200
    assert not User.objects.filter(email="ny@example.no").exists()
    assert response.context["form"].errors["password1"]


@pytest.mark.django_db
def test_signup_accepts_12_lowercase_letters_with_no_composition_rules(client):
    response = signup(client, "ny@example.no", password="fjordsolskin")

    assert response.status_code == 302
    assert User.objects.filter(email="ny@example.no").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("length", [64, 200])
def test_signup_accepts_long_passphrases(client, length):
    passphrase = ("blåbærsyltetøy på vaffel " * 10)[:length]

    response = signup(client, "lang@example.no", password=passphrase)

    assert response.status_code == 302
    assert User.objects.get(email="lang@example.no").check_password(passphrase)


@pytest.mark.django_db
def test_signup_refuses_a_common_password(client):
    response = signup(client, "ny@example.no", password="qwerty123456")

    assert response.status_code == 200
    assert not User.objects.filter(email="ny@example.no").exists()


# Mandatory e-mail verification.


@pytest.mark.django_db
def test_signup_does_not_sign_in_before_the_address_is_confirmed(client):
    response = signup(client, "ny@example.no")

    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert mail.outbox[-1].to == ["ny@example.no"]


@pytest.mark.django_db
def test_unconfirmed_member_cannot_sign_in(client):
    member_with_address("ubekreftet@example.no", verified=False)

    response = sign_in(client, "ubekreftet@example.no")

    assert response["Location"] == reverse("account_email_verification_sent")
    assert not is_signed_in(client)
    assert client.get(reverse("community:dashboard")).status_code == 302


@pytest.mark.django_db
def test_confirming_the_address_signs_the_member_in(client):
    signup(client, "ny@example.no")
    link = re.search(r"https?://testserver(/\S+/)", mail.outbox[-1].body).group(1)

    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="ny@example.no").verified
    assert client.get(reverse("community:dashboard")).status_code == 200


# A3: throttled sign-in, answered with 429, never a permanent lockout.


def fail_logins(client, email, times):
    for _ in range(times):
        response = sign_in(client, email, password="not-the-password")
        assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_26th_failed_sign_in_for_an_account_within_an_hour_is_answered_with_429(client):
    member = member_with_address()
    with freeze_time() as frozen:
        for _ in range(25):
            assert sign_in(client, member.email, "not-the-password").status_code == 200
            frozen.tick(timedelta(seconds=100))  # 25 tries spread over 42 minutes

        response = sign_in(client, member.email)  # even the right password waits

    assert response.status_code == 429
    assert not is_signed_in(client)


@pytest.mark.django_db
def test_throttled_answer_is_a_friendly_page_in_the_site_layout(client):
    member = member_with_address()
    fail_logins(client, member.email, 25)

    response = sign_in(client, member.email, "not-the-password")

    assert response.status_code == 429
    html = response.content.decode()
    assert "429.html" in [template.name for template in response.templates]
    assert '<a class="skip-link"' in html  # base.html's layout
    assert Markup(html).count("h1") == 1
    assert reverse("account_reset_password") in html


@pytest.mark.django_db
def test_sign_in_works_again_when_the_hour_has_passed(client):
    member = member_with_address()
    with freeze_time() as frozen:
        fail_logins(client, member.email, 25)
        assert sign_in(client, member.email).status_code == 429

        frozen.tick(timedelta(hours=1, seconds=1))
        response = sign_in(client, member.email)

    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(member.pk)


@pytest.mark.django_db
def test_throttling_one_account_leaves_other_accounts_alone(client):
    target = member_with_address("mål@example.no")
    other = member_with_address("annen@example.no")
    fail_logins(client, target.email, 25)

    response = sign_in(client, other.email)

    assert response.status_code == 302


# A4: no account enumeration.


@pytest.mark.django_db
def test_sign_in_answers_the_same_for_an_unknown_address_and_a_wrong_password(client):
    member_with_address("kjent@example.no")

    known = sign_in(client, "kjent@example.no", "not-the-password")
    unknown = sign_in(client, "ukjent@example.no", "not-the-password")

    assert known.status_code == unknown.status_code == 200
    assert main_of(known, "kjent@example.no") == main_of(unknown, "ukjent@example.no")


@pytest.mark.django_db
def test_signup_with_a_taken_address_looks_like_any_other_signup(client):
    member_with_address("kjent@example.no")
    other_browser = Client()

    taken = signup(other_browser, "kjent@example.no")
    new = signup(client, "ny@example.no")

    assert taken.status_code == new.status_code == 302
    assert taken["Location"] == new["Location"]
    assert main_of(client.get(new["Location"]), "ny@example.no") == main_of(
        other_browser.get(taken["Location"]), "kjent@example.no"
    )
    assert User.objects.filter(email__iexact="kjent@example.no").count() == 1
    # Both addresses get a mail; the owner's says someone tried to sign up with it.
    assert {tuple(m.to) for m in mail.outbox} == {("kjent@example.no",), ("ny@example.no",)}


@pytest.mark.django_db
def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client):
    member_with_address("kjent@example.no")
    url = reverse("account_reset_password")

    known = client.post(url, {"email": "kjent@example.no"})
    unknown = client.post(url, {"email": "ukjent@example.no"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    done = client.get(known["Location"])
    assert done.status_code == 200
    assert "kjent@example.no" not in done.content.decode()


# A6: a new session key at sign-in.


@pytest.mark.django_db
def test_session_key_changes_at_sign_in(client):
    member = member_with_address()
    session = client.session
    session["seen_front_page"] = True
    session.save()
    before = session.session_key

    sign_in(client, member.email)

    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not session_exists(before)
    assert client.session.get("_auth_user_id") == str(member.pk)


# A7: sign-out, password change and deactivation end the other sessions.


@pytest.mark.django_db
def test_signing_out_ends_the_members_other_sessions(client):
    member = member_with_address()
    laptop, phone = signed_in_client(member), signed_in_client(member)
    stranger = signed_in_client(member_with_address("annen@example.no"))

    laptop.post(reverse("account_logout"))

    assert not is_signed_in(laptop)
    assert not is_signed_in(phone)
    assert is_signed_in(stranger)
    assert not UserSession.objects.filter(user=member).exists()


@pytest.mark.django_db
def test_password_change_ends_the_other_sessions_and_keeps_this_one(client):
    member = member_with_address()
    laptop, phone = signed_in_client(member), signed_in_client(member)

    response = laptop.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)


@pytest.mark.django_db
def test_deactivation_ends_every_session(client):
    member = member_with_address()
    laptop, phone = signed_in_client(member), signed_in_client(member)
    keys = list(UserSession.objects.filter(user=member).values_list("session_key", flat=True))
    assert len(keys) == 2

    member.is_active = False
    member.save()

    assert not UserSession.objects.filter(user=member).exists()
    assert not any(session_exists(key) for key in keys)
    assert not is_signed_in(laptop)
    assert not is_signed_in(phone)


@pytest.mark.django_db
def test_deactivation_in_the_wagtail_admin_ends_the_members_sessions(client, superuser):
    from tests.conftest import login_to_admin

    member = member_with_address(first_name="Kari", last_name="Nordmann")
    phone = signed_in_client(member)
    login_to_admin(client, superuser)

    response = client.post(
        reverse("wagtailusers_users:edit", args=[member.pk]),
        {
            "email": member.email,
            "first_name": member.first_name,
            "last_name": member.last_name,
            "password1": "",
            "password2": "",
            # "is_active" left out: the box is unticked.
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    member.refresh_from_db()
    assert not member.is_active
    assert not is_signed_in(phone)
    assert not UserSession.objects.filter(user=member).exists()


@pytest.mark.django_db
def test_session_list_shows_the_members_sessions_and_ends_the_others(client):
    member = member_with_address()
    laptop, phone = signed_in_client(member), signed_in_client(member)

    page = laptop.get(reverse("usersessions_list"))
    assert page.status_code == 200
    assert page.context["session_count"] == 2
    laptop.post(reverse("usersessions_list"))

    assert is_signed_in(laptop)
    assert not is_signed_in(phone)


# A9: account changes ask for the password again.


@pytest.mark.django_db
def test_adding_an_email_address_asks_for_the_password_again(client):
    member = member_with_address()
    sign_in(client, member.email)
    add = {"action_add": "", "email": "ny.adresse@example.no"}

    response = client.post(reverse("account_email"), add)

    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="ny.adresse@example.no").exists()
    # The password confirms it, and the change the member asked for goes through.
    client.post(response["Location"], {"password": PASSWORD})
    assert EmailAddress.objects.filter(user=member, email="ny.adresse@example.no").exists()


@pytest.mark.django_db
def test_a_wrong_password_does_not_confirm_an_email_change(client):
    member = member_with_address()
    sign_in(client, member.email)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "ny.adresse@example.no"}
    )

    client.post(response["Location"], {"password": "not-the-password"})

    assert not EmailAddress.objects.filter(email="ny.adresse@example.no").exists()


@pytest.mark.django_db
def test_the_confirmation_lasts_five_minutes(client):
    member = member_with_address()
    with freeze_time() as frozen:
        sign_in(client, member.email)
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        frozen.tick(timedelta(minutes=6))

        response = client.post(
            reverse("account_email"), {"action_add": "", "email": "ny.adresse@example.no"}
        )

    assert response["Location"].startswith(reverse("account_reauthenticate"))


@pytest.mark.django_db
def test_mfa_setup_page_asks_for_the_password_again(client):
    member = member_with_address()
    sign_in(client, member.email)

    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


@pytest.mark.django_db
def test_password_change_needs_the_current_password(client):
    member = member_with_address()
    sign_in(client, member.email)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not-the-password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["oldpassword"]
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


# M7: at most 5 sign-up, reset and confirmation mails per address per 30 minutes.


@pytest.mark.django_db
def test_sixth_password_reset_for_an_address_within_30_minutes_sends_no_mail(client):
    member_with_address("kjent@example.no")
    url = reverse("account_reset_password")
    with freeze_time() as frozen:
        for _ in range(5):
            assert client.post(url, {"email": "kjent@example.no"}).status_code == 302
            frozen.tick(timedelta(minutes=5))
        assert len(mail.outbox) == 5

        response = client.post(url, {"email": "kjent@example.no"})

    assert response.status_code == 429
    assert len(mail.outbox) == 5


@pytest.mark.django_db
def test_reset_mail_can_be_asked_for_again_after_30_minutes(client):
    member_with_address("kjent@example.no")
    url = reverse("account_reset_password")
    with freeze_time() as frozen:
        for _ in range(5):
            client.post(url, {"email": "kjent@example.no"})
        frozen.tick(timedelta(minutes=31))

        response = client.post(url, {"email": "kjent@example.no"})

    assert response.status_code == 302
    assert len(mail.outbox) == 6


@pytest.mark.django_db
def test_unknown_addresses_are_throttled_alike(client):
    url = reverse("account_reset_password")
    for _ in range(5):
        client.post(url, {"email": "ukjent@example.no"})

    response = client.post(url, {"email": "ukjent@example.no"})

    assert response.status_code == 429
    assert len(mail.outbox) == 5


@pytest.mark.django_db
def test_at_most_five_signup_mails_per_address_per_30_minutes(client):
    for _ in range(7):
        response = signup(Client(), "ny@example.no")
        assert response.status_code == 302  # the same neutral answer every time

    assert len([m for m in mail.outbox if m.to == ["ny@example.no"]]) == 5


@pytest.mark.django_db
def test_at_most_five_confirmation_mails_per_address_per_30_minutes(client):
    member_with_address("ubekreftet@example.no", verified=False)

    for _ in range(7):
        sign_in(client, "ubekreftet@example.no")  # each try would resend the confirmation

    assert len(mail.outbox) == 5


# The account pages: site layout, accessible markup, noindex, no-store, both languages.

ANONYMOUS_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
]
MEMBER_PAGES = [
    "account_email",
    "account_change_password",
    "mfa_index",
    "usersessions_list",
    "account_logout",
    "account_reauthenticate",
    "socialaccount_connections",
]


@pytest.fixture
def member_client(client):
    member = member_with_address()
    sign_in(client, member.email)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ANONYMOUS_PAGES)
def test_entrance_pages_use_the_site_layout_and_accessible_markup(client, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert_accessible_account_page(response)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", MEMBER_PAGES)
def test_member_pages_use_the_site_layout_and_accessible_markup(member_client, url_name):
    response = member_client.get(reverse(url_name))

    assert response.status_code == 200
    assert_accessible_account_page(response)
    assert 'class="account-nav"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/konto/password/reset/key/1-not-a-key/", "/konto/confirm-email/not-a-key/"],
)
def test_pages_for_stale_links_use_the_site_layout(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert_accessible_account_page(response)


@pytest.mark.django_db
def test_mfa_setup_page_uses_accessible_markup(member_client):
    member_client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    response = member_client.get(reverse("mfa_activate_totp"))

    assert_accessible_account_page(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    [
        "mfa_index",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_deactivate_totp",
        "mfa_add_webauthn",
        "mfa_reauthenticate",
        "account_request_reauthentication_code",
    ],
)
def test_two_factor_pages_use_accessible_markup(client, url_name):
    member_with_two_factors(client)

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert_accessible_account_page(response)


@pytest.mark.django_db
def test_security_key_list_renders_dates_without_humanize(client):
    member = member_with_two_factors(client)
    Authenticator.objects.create(
        user=member, type=Authenticator.Type.WEBAUTHN, data={"name": "Nøkkel", "credential": {}}
    )

    response = client.get(reverse("mfa_list_webauthn"))

    assert response.status_code == 200
    assert timezone.localdate().strftime("%d.%m.%Y") in response.content.decode()
    assert_accessible_account_page(response)


def member_with_two_factors(client):
    """A signed-in member who just confirmed their password, with TOTP and recovery codes."""
    member = member_with_address()
    sign_in(client, member.email)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    TOTP.activate(member, generate_totp_secret())
    RecoveryCodes.activate(member)
    return member


def assert_accessible_account_page(response):
    html = response.content.decode()
    markup = Markup(html)
    assert '<a class="skip-link"' in html  # our base.html, not allauth's bare layout
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert markup.count("h1") == 1
    assert markup.unlabelled_inputs() == []
    assert markup.dangling_describedby() == []
    assert markup.main_buttons_without_house_class() == []
    assert markup.inline_scripts() == []  # CSP script-src 'self'


@pytest.mark.django_db
def test_form_errors_are_summarised_and_tied_to_their_fields(client):
    response = signup(client, "ikke-en-adresse", password="kort")

    html = response.content.decode()
    markup = Markup(html)
    assert 'role="alert"' in html
    assert markup.count("h1") == 1
    described = [
        attrs for tag, attrs, *_ in markup.elements if tag == "input" and attrs.get("aria-invalid")
    ]
    assert {attrs["name"] for attrs in described} >= {"email", "password1"}
    for attrs in described:
        assert f"{attrs['id']}_error" in attrs["aria-describedby"].split()
    assert markup.dangling_describedby() == []


@pytest.mark.django_db
def test_sign_in_error_is_announced(client):
    response = sign_in(client, "ukjent@example.no", "not-the-password")

    html = response.content.decode()
    assert 'role="alert"' in html
    assert "E-postadressen og/eller passordet du oppgav er feil." in html


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", MEMBER_PAGES)
def test_account_management_pages_are_not_stored(member_client, url_name):
    response = member_client.get(reverse(url_name))

    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_account_sub_navigation_marks_the_current_page(member_client):
    html = member_client.get(reverse("usersessions_list")).content.decode()

    nav = html[
        html.index('<nav class="account-nav"') : html.index("</nav>", html.index("account-nav"))
    ]
    for url_name in ("account_email", "account_change_password", "mfa_index", "account_logout"):
        assert f'href="{reverse(url_name)}"' in nav
    assert f'<a href="{reverse("usersessions_list")}" aria-current="page">' in nav


@pytest.mark.django_db
def test_visitors_see_no_account_sub_navigation(client):
    assert 'class="account-nav"' not in client.get(reverse("account_login")).content.decode()


@pytest.mark.django_db
def test_account_pages_speak_norwegian_by_default_and_english_under_en(client):
    norwegian = client.get(reverse("account_login")).content.decode()
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    english = client.get("/en" + reverse("account_login")).content.decode()

    assert "Logg inn" in norwegian and '<html lang="nb">' in norwegian
    assert "Sign In" in english and '<html lang="en">' in english


@pytest.mark.django_db
def test_editors_group_reaches_the_admin():
    # The MFA tests rely on Wagtail's "Editors" group having admin access.
    assert Group.objects.get(name="Editors").permissions.filter(codename="access_admin").exists()


@pytest.mark.django_db
def test_session_list_shows_when_each_session_started(member_client):
    page = member_client.get(reverse("usersessions_list")).content.decode()

    assert timezone.localtime().strftime("%Y-%m-%d") in page
