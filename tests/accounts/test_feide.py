"""Feide (OpenID Connect) sign-in against a local provider stub: a lasting e-mail login, automatic
connection of existing members, verification of USN identities, and an account that outlives the
Feide connection."""

import re
import uuid
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from accounts.factories import UserFactory
from community.members import ensure_profile

from .oidc_stub import OpenIDProviderStub
from .test_auth_flows import assert_accessible_account_page

User = get_user_model()
PASSWORD = "correct-horse-battery"
EPPN = "https://n.feide.no/claims/eduPersonPrincipalName"


@pytest.fixture
def feide(settings):
    """Feide switched on as production configures it, pointing at the local stub."""
    with OpenIDProviderStub() as stub:
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {
                "OAUTH_PKCE_ENABLED": True,
                "APPS": [
                    {
                        "provider_id": "feide",
                        "name": "Feide",
                        "client_id": stub.client_id,
                        "secret": stub.client_secret,
                        "settings": {
                            "server_url": stub.base_url,
                            "scope": ["openid", "email", "profile", "userid-feide"],
                        },
                    }
                ],
            }
        }
        yield stub


def feide_identity(email, principal=None, **extra):
    return {
        "sub": str(uuid.uuid4()),
        "email": email,
        "email_verified": True,
        "name": "Ola Nordmann",
        "given_name": "Ola",
        "family_name": "Nordmann",
        EPPN: principal or email,
        **extra,
    }


def sign_in_with_feide(client, feide, process="login"):
    """Press the Feide button, let the provider send the browser back, and return the response
    of our callback."""
    login_url = reverse("openid_connect_login", kwargs={"provider_id": "feide"})
    start = client.post(f"{login_url}?process={process}")
    assert start.status_code == 302, start.content[:500]
    assert start["Location"].startswith(f"{feide.base_url}/authorize?")
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == reverse("openid_connect_callback", kwargs={"provider_id": "feide"})
    return client.get(f"{back.path}?{back.query}")


def complete_signup(client, email, first_name="Ola", last_name="Nordmann"):
    return client.post(
        reverse("socialaccount_signup"),
        {"email": email, "first_name": first_name, "last_name": last_name},
    )


def confirmation_link(address):
    message = next(m for m in reversed(mail.outbox) if address in m.to)
    return re.search(r"https?://testserver(/\S+/)", message.body).group(1)


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_new_usn_feide_user_is_asked_for_a_lasting_address(client, feide):
    feide.sign_in_as(**feide_identity("ola.nordmann@student.usn.no", "olanor@usn.no"))

    response = sign_in_with_feide(client, feide)

    assert response.status_code == 302
    assert response["Location"] == reverse("socialaccount_signup")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["form"]["email"].value() in ("", None)
    assert "ola.nordmann@student.usn.no" not in page.content.decode()


@pytest.mark.django_db
def test_new_usn_feide_user_gets_an_account_with_the_lasting_address_and_is_verified(client, feide):
    feide.sign_in_as(**feide_identity("ola.nordmann@student.usn.no", "olanor@usn.no"))
    sign_in_with_feide(client, feide)

    response = complete_signup(client, "ola.privat@example.no")

    assert response.status_code == 302
    user = User.objects.get(email="ola.privat@example.no")
    assert (user.first_name, user.last_name) == ("Ola", "Nordmann")
    primary = EmailAddress.objects.get(user=user, primary=True)
    assert primary.email == "ola.privat@example.no"
    assert SocialAccount.objects.filter(user=user, provider="feide").exists()
    assert ensure_profile(user).is_verified
    assert ensure_profile(user).verification_method == "feide"
    # The lasting address is not vouched for by Feide: it is confirmed by mail first.
    assert not primary.verified
    assert any("ola.privat@example.no" in m.to for m in mail.outbox)


@pytest.mark.django_db
def test_existing_member_with_the_feide_address_is_connected_and_verified(client, feide):
    member = UserFactory(email="kari.nordmann@usn.no", first_name="Kari")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    feide.sign_in_as(**feide_identity("kari.nordmann@usn.no", "karinor@usn.no"))

    response = sign_in_with_feide(client, feide)

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(member.pk)
    assert SocialAccount.objects.filter(user=member, provider="feide").exists()
    assert ensure_profile(member).is_verified
    member.refresh_from_db()
    assert member.check_password(PASSWORD)  # the member's own password is untouched


@pytest.mark.django_db
def test_a_returning_feide_member_signs_straight_in(client, feide):
    identity = feide_identity("kari.nordmann@usn.no", "karinor@usn.no")
    member = UserFactory(email="kari@example.no")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    SocialAccount.objects.create(user=member, provider="feide", uid=identity["sub"])
    feide.sign_in_as(**identity)

    response = sign_in_with_feide(client, feide)

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(member.pk)


@pytest.mark.django_db
def test_member_signs_in_with_password_after_the_feide_connection_is_removed(client, feide):
    feide.sign_in_as(**feide_identity("ola.nordmann@student.usn.no", "olanor@usn.no"))
    sign_in_with_feide(client, feide)
    complete_signup(client, "ola.privat@example.no")
    client.post(confirmation_link("ola.privat@example.no"))
    user = User.objects.get(email="ola.privat@example.no")
    assert signed_in_user_id(client) == str(user.pk)
    assert not user.has_usable_password()
    # The member gives the account a password of its own. Having none to confirm with, allauth
    # confirms it is them with a code sent to the lasting address.
    response = client.post(reverse("account_set_password"))
    assert response["Location"].startswith(reverse("account_request_reauthentication_code"))
    response = client.post(response["Location"], {"recipient": "ola.privat@example.no"})
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.M).group(1)
    client.post(response["Location"], {"code": code})
    response = client.post(
        reverse("account_set_password"),
        {"password1": "a-lasting-password-2026", "password2": "a-lasting-password-2026"},
    )
    assert response.status_code == 302
    # ... removes Feide ...
    feide_account = SocialAccount.objects.get(user=user, provider="feide")
    client.post(reverse("socialaccount_connections"), {"account": feide_account.pk})
    assert not SocialAccount.objects.filter(user=user).exists()
    client.post(reverse("account_logout"))
    assert signed_in_user_id(client) is None

    # ... and still signs in with e-mail and password.
    response = client.post(
        reverse("account_login"),
        {"login": "ola.privat@example.no", "password": "a-lasting-password-2026"},
    )

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_feide_identity_from_another_institution_signs_in_but_is_not_verified(client, feide):
    feide.sign_in_as(**feide_identity("per.hansen@uio.no", "perhan@uio.no"))
    sign_in_with_feide(client, feide)

    complete_signup(client, "per.hansen@example.no", first_name="Per", last_name="Hansen")

    user = User.objects.get(email="per.hansen@example.no")
    assert SocialAccount.objects.filter(user=user, provider="feide").exists()
    assert not ensure_profile(user).is_verified


@pytest.mark.django_db
def test_provider_checks_the_pkce_verifier_it_was_promised(client, feide):
    """The stub is strict: a token request without the right verifier fails, so the passing
    flows above prove that the client sent it."""
    feide.sign_in_as(**feide_identity("ola.nordmann@student.usn.no"))
    login_url = reverse("openid_connect_login", kwargs={"provider_id": "feide"})
    start = client.post(f"{login_url}?process=login")
    back = requests.get(start["Location"], allow_redirects=False, timeout=5)
    code = re.search(r"code=([^&]+)", back.headers["Location"]).group(1)
    redirect_uri = re.search(r"redirect_uri=([^&]+)", start["Location"]).group(1)

    answer = requests.post(
        f"{feide.base_url}/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": requests.utils.unquote(redirect_uri),
            "client_id": feide.client_id,
            "client_secret": feide.client_secret,
            "code_verifier": "not-the-verifier",
        },
        timeout=5,
    )

    assert answer.status_code == 400


@pytest.mark.django_db
def test_login_page_offers_feide_when_it_is_configured(client, feide):
    html = client.get(reverse("account_login")).content.decode()

    assert "Feide" in html
    login_url = reverse("openid_connect_login", kwargs={"provider_id": "feide"})
    assert f'action="{login_url}?process=login"' in html


@pytest.mark.django_db
def test_login_page_has_no_feide_button_without_feide_settings(client, settings):
    assert settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"] == []

    html = client.get(reverse("account_login")).content.decode()

    assert "Feide" not in html
    assert "/oidc/" not in html


@pytest.mark.django_db
def test_feide_pages_use_the_accessible_account_markup(client, feide):
    feide.sign_in_as(**feide_identity("ola.nordmann@student.usn.no", "olanor@usn.no"))
    login_url = reverse("openid_connect_login", kwargs={"provider_id": "feide"})

    confirm = client.get(login_url)  # allauth asks before leaving the site on a GET
    sign_in_with_feide(client, feide)
    signup_page = client.get(reverse("socialaccount_signup"))

    for response in (confirm, signup_page):
        assert response.status_code == 200
        assert_accessible_account_page(response)
