"""The integrations admin: administrators only; the token shown once and stored only as a hash;
revoking is a POST and takes effect at once; every creation and revocation audited."""

from django.urls import reverse

from wagtail.users.models import UserProfile

import pytest

from accounts.models import AuditAction, AuditEvent
from crm.models import Integration, Scope, hash_token
from tests.conftest import login_to_admin

from .conftest import ApiClient, make_integration

pytestmark = pytest.mark.django_db


def create_integration(client, name="USN CRM", scopes=("members:read", "consents:read")):
    return client.post(
        reverse("crm_integrations:add"), {"name": name, "scopes": list(scopes)}, follow=False
    )


def token_in(response) -> str:
    html = response.content.decode()
    start = html.index('value="usncrm_') + len('value="')
    return html[start : html.index('"', start)]


def test_administrator_creates_an_integration_and_sees_its_token_once(client, superuser):
    login_to_admin(client, superuser)

    response = create_integration(client)

    assert response.status_code == 200
    assert response["Cache-Control"].count("no-store") == 1
    token = token_in(response)
    integration = Integration.objects.get(name="USN CRM")
    assert integration.scopes == ["members:read", "consents:read"]
    assert integration.created_by == superuser
    # Only the hash and a short prefix are kept; the token itself is nowhere in the row.
    assert integration.token_hash == hash_token(token)
    assert token.startswith(integration.token_prefix)
    assert len(integration.token_prefix) < len(token) // 3
    assert token not in str(Integration.objects.filter(pk=integration.pk).values().get())
    # Shown once: neither the list nor the edit page shows it again.
    listing = client.get(reverse("crm_integrations:index")).content.decode()
    edit = client.get(reverse("crm_integrations:edit", args=[integration.pk])).content.decode()
    assert integration.token_prefix in listing
    assert token not in listing and token not in edit
    # And it works.
    assert ApiClient(token).get("members").status_code == 200


def test_creating_an_integration_is_audited_without_the_token(client, superuser):
    login_to_admin(client, superuser)

    token = token_in(create_integration(client))

    event = AuditEvent.objects.get(action=AuditAction.TOKEN)
    assert event.actor == superuser
    assert event.detail == {"integration": "USN CRM", "event": "created"}
    assert token not in str(event.detail)


def test_members_read_is_required_and_names_are_unique(client, superuser):
    login_to_admin(client, superuser)
    make_integration(name="USN CRM")

    without_members = create_integration(client, name="Other", scopes=["consents:read"])
    same_name = create_integration(client, name="USN CRM")

    assert without_members.status_code == same_name.status_code == 200
    assert "usncrm_" not in without_members.content.decode()
    assert Integration.objects.count() == 1


def test_get_on_revoke_asks_and_changes_nothing(client, superuser):
    login_to_admin(client, superuser)
    integration, _token = make_integration()

    response = client.get(reverse("crm_integrations:revoke", args=[integration.pk]))

    assert response.status_code == 200
    integration.refresh_from_db()
    assert integration.is_active


def test_revoked_token_is_refused_at_once(client, superuser):
    login_to_admin(client, superuser)
    integration, token = make_integration()
    api = ApiClient(token)
    assert api.get("members").status_code == 200

    response = client.post(reverse("crm_integrations:revoke", args=[integration.pk]))

    assert response.status_code == 302
    integration.refresh_from_db()
    assert integration.revoked_at is not None
    assert api.get("members").status_code == 401
    assert api.get("withdrawn").status_code == 401
    event = AuditEvent.objects.get(action=AuditAction.TOKEN)
    assert (event.actor, event.detail) == (
        superuser,
        {"integration": "USN CRM", "event": "revoked"},
    )


def test_revoking_twice_records_it_once(client, superuser):
    login_to_admin(client, superuser)
    integration, _token = make_integration()
    url = reverse("crm_integrations:revoke", args=[integration.pk])

    client.post(url)
    client.post(url)

    assert AuditEvent.objects.filter(action=AuditAction.TOKEN).count() == 1


def test_no_one_deletes_an_integration_not_even_an_administrator(client, superuser):
    login_to_admin(client, superuser)
    integration, _token = make_integration()

    response = client.post(reverse("crm_integrations:delete", args=[integration.pk]))

    assert response.status_code == 403
    assert Integration.objects.filter(pk=integration.pk).exists()


def test_listing_shows_scopes_and_status(client, superuser):
    UserProfile.objects.update_or_create(user=superuser, defaults={"preferred_language": "en"})
    login_to_admin(client, superuser)
    make_integration(name="Live CRM", scopes=[Scope.MEMBERS, Scope.ATTENDANCE])
    revoked, _token = make_integration(name="Old CRM")
    revoked.revoke()

    html = client.get(reverse("crm_integrations:index")).content.decode()

    assert "Live CRM" in html and "Old CRM" in html
    assert "members:read, attendance:read" in html
    assert "Revoked" in html and "Active" in html


@pytest.mark.parametrize("role", ["editor", "coordinator_hh"])
def test_c3_editors_and_coordinators_get_403_on_every_integration_screen(client, request, role):
    user = request.getfixturevalue(role)
    login_to_admin(client, user)
    integration, _token = make_integration()
    pk = integration.pk

    gets = [
        reverse("crm_integrations:index"),
        reverse("crm_integrations:add"),
        reverse("crm_integrations:edit", args=[pk]),
        reverse("crm_integrations:revoke", args=[pk]),
        reverse("crm_integrations:delete", args=[pk]),
    ]
    for url in gets:
        assert client.get(url).status_code == 403, url
    assert create_integration(client, name="Sneaky").status_code == 403
    assert client.post(reverse("crm_integrations:revoke", args=[pk])).status_code == 403
    assert (
        client.post(
            reverse("crm_integrations:edit", args=[pk]),
            {"name": "Renamed", "scopes": ["members:read", "consents:read", "attendance:read"]},
        ).status_code
        == 403
    )
    assert client.post(reverse("crm_integrations:delete", args=[pk])).status_code == 403

    integration.refresh_from_db()
    assert (integration.name, integration.scopes, integration.is_active) == (
        "USN CRM",
        ["members:read"],
        True,
    )
    assert Integration.objects.count() == 1
    assert not AuditEvent.objects.filter(action=AuditAction.TOKEN).exists()


@pytest.mark.parametrize("role", ["editor", "coordinator_hh"])
def test_the_menu_item_is_only_for_administrators(client, request, role, superuser):
    login_to_admin(client, request.getfixturevalue(role))
    url = reverse("crm_integrations:index")
    assert url not in client.get(reverse("wagtailadmin_home")).content.decode()

    login_to_admin(client, superuser)
    assert url in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("crm_integrations:index"))
    assert response.status_code == 302
