"""MFA for everyone who can reach the Wagtail admin (SECURITY.md A5), end to end through
allauth's own views: set-up on the way in, the code at every sign-in, recovery codes, and members
left alone."""

import re
import time

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)

from .test_auth_flows import assert_accessible_account_page

PASSWORD = "correct-horse-battery"


def totp_code(secret, offset=0):
    """The code an authenticator app shows now for `secret` (offset in 30-second steps)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def with_verified_address(user):
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def sign_in(client, user, password=PASSWORD, next_url=None):
    url = reverse("account_login")
    if next_url:
        url = f"{url}?next={next_url}"
    return client.post(url, {"login": user.email, "password": password})


def is_signed_in(client, user):
    return client.session.get("_auth_user_id") == str(user.pk)


@pytest.fixture
def editor_with_address(editor):
    return with_verified_address(editor)


@pytest.fixture
def editor_with_totp(editor_with_address):
    secret = generate_totp_secret()
    TOTP.activate(editor_with_address, secret)
    return editor_with_address, secret


@pytest.mark.django_db
@pytest.mark.parametrize("admin_url", ["/admin/", "/admin/pages/", "/admin/images/"])
def test_editor_without_mfa_is_sent_to_set_up_totp_from_any_admin_url(
    client, editor_with_address, admin_url
):
    sign_in(client, editor_with_address)

    response = client.get(admin_url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


# Transactional: allauth announces the new authenticator on commit, inside the request, as in
# production (a test transaction would hold the announcement back until after the response).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_sets_up_totp_with_allauth_and_the_dashboard_opens(client, editor_with_address):
    sign_in(client, editor_with_address)
    to_setup = client.get("/admin/")["Location"]
    # Setting up MFA is an account change: allauth asks for the password first (A9).
    to_reauthenticate = client.get(to_setup)
    assert to_reauthenticate["Location"].startswith(reverse("account_reauthenticate"))
    back = client.post(to_reauthenticate["Location"], {"password": PASSWORD})
    setup_page = client.get(back["Location"])
    assert setup_page.status_code == 200
    secret = setup_page.context["form"].secret
    assert secret in setup_page.content.decode()  # shown for typing into the app by hand

    activated = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert activated.status_code == 302
    assert activated["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(
        user=editor_with_address, type=Authenticator.Type.TOTP
    ).exists()
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_code_does_not_activate_totp(client, editor_with_address):
    sign_in(client, editor_with_address)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("mfa_activate_totp"), {"code": wrong})

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not Authenticator.objects.filter(user=editor_with_address).exists()
    assert client.get("/admin/")["Location"].startswith(reverse("mfa_activate_totp"))


@pytest.mark.django_db
def test_next_sign_in_asks_for_the_code_before_the_admin_opens(client, editor_with_totp):
    editor, secret = editor_with_totp

    response = sign_in(client, editor, next_url="/admin/")

    assert response["Location"] == reverse("mfa_authenticate")
    assert not is_signed_in(client, editor)
    assert client.get("/admin/")["Location"].startswith(reverse("account_login"))
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response["Location"] == "/admin/"
    assert is_signed_in(client, editor)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_code_page_uses_the_accessible_account_markup(client, editor_with_totp):
    editor, _secret = editor_with_totp
    sign_in(client, editor)

    response = client.get(reverse("mfa_authenticate"))

    assert response.status_code == 200
    assert_accessible_account_page(response)


@pytest.mark.django_db
def test_a_wrong_code_at_sign_in_keeps_the_editor_out(client, editor_with_totp):
    editor, secret = editor_with_totp
    sign_in(client, editor)
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert response.status_code == 200
    assert not is_signed_in(client, editor)
    assert client.get("/admin/")["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_a_recovery_code_works_as_the_second_factor_once(client, editor_with_totp):
    editor, _secret = editor_with_totp
    codes = RecoveryCodes.activate(editor).generate_codes()
    sign_in(client, editor)

    client.post(reverse("mfa_authenticate"), {"code": codes[0]})

    assert is_signed_in(client, editor)
    assert client.get("/admin/").status_code == 200
    client.post(reverse("account_logout"))
    sign_in(client, editor)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert not is_signed_in(client, editor)


@pytest.mark.django_db
def test_admin_session_without_the_second_factor_is_asked_to_confirm_it(client, member):
    """A member who becomes an editor while signed in (MFA set up in another browser) confirms a
    code before the admin opens; allauth's mfa_reauthenticate records it as the second factor."""
    with_verified_address(member)
    sign_in(client, member)
    assert is_signed_in(client, member)
    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    member.groups.add(Group.objects.get(name="Editors"))

    response = client.get("/admin/pages/")

    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    response = client.post(response["Location"], {"code": totp_code(secret)})
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


@pytest.mark.django_db
def test_member_without_admin_access_is_never_asked_for_mfa(client, member):
    with_verified_address(member)

    response = sign_in(client, member)

    assert response["Location"] == reverse("community:dashboard")
    assert is_signed_in(client, member)
    for url in (reverse("account_email"), reverse("community:dashboard"), "/admin/"):
        response = client.get(url)
        location = response.get("Location", "")
        assert reverse("mfa_activate_totp") not in location
        assert reverse("mfa_reauthenticate") not in location
        assert reverse("mfa_authenticate") not in location


@pytest.mark.django_db
def test_admin_login_page_hands_over_to_the_allauth_login(client):
    response = client.get("/admin/login/?next=/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fadmin%2Fpages%2F"


@pytest.mark.django_db
def test_admin_login_page_refuses_a_foreign_next(client):
    response = client.get("/admin/login/?next=https://evil.example/")

    assert response["Location"] == f"{reverse('account_login')}?next=%2Fadmin%2F"


@pytest.mark.django_db
def test_anonymous_visitor_of_the_admin_is_sent_to_the_allauth_login(client):
    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert re.match(rf"^{reverse('account_login')}\?next=", response["Location"])


@pytest.mark.django_db
def test_superuser_needs_mfa_too(client, superuser):
    with_verified_address(superuser)
    sign_in(client, superuser)

    response = client.get("/admin/")

    assert response["Location"].startswith(reverse("mfa_activate_totp"))


@pytest.mark.django_db
def test_login_to_admin_helper_leaves_the_session_as_allauth_does(client, editor):
    """tests/conftest.py's shortcut must pass the same middleware as the real flow above."""
    from tests.conftest import login_to_admin

    login_to_admin(client, editor)

    assert client.get("/admin/").status_code == 200
