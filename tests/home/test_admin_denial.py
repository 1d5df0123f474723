"""Refused admin requests get a 403 page, not Wagtail's redirect to the dashboard."""

from django.urls import reverse

import pytest


@pytest.mark.django_db
def test_refused_admin_request_is_a_403_with_an_explanation(client, site_tree, coordinator_hs):
    client.force_login(coordinator_hs)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[site_tree["sections"]["HH"].pk]))
    assert response.status_code == 403
    assert (
        "Access denied" in response.content.decode() or "Ingen tilgang" in response.content.decode()
    )


@pytest.mark.django_db
def test_refused_ajax_admin_request_is_a_plain_403(client, site_tree, coordinator_hs):
    client.force_login(coordinator_hs)
    response = client.get(
        reverse("wagtailadmin_pages:edit", args=[site_tree["sections"]["HH"].pk]),
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_member_without_admin_access_is_sent_to_the_login_not_shown_the_admin(client, member):
    client.force_login(member)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_coordinator_reaches_the_dashboard(client, coordinator_hh):
    client.force_login(coordinator_hh)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
