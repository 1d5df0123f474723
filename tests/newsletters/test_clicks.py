"""Click counting through first-party redirects that record no person (no pixels, DESIGN.md §5)."""

import uuid

from django.urls import reverse

import pytest

from newsletters.models import CampaignLink
from newsletters.rendering import render_campaign

from .sending_helpers import make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def link():
    render_campaign(make_campaign(), "nb")
    return CampaignLink.objects.get(url="https://www.usn.no/evu")


def test_a_click_is_counted_and_redirected_to_the_stored_address(client, link):
    response = client.get(reverse("newsletters:link", args=[link.token]))
    assert response.status_code == 302
    assert response["Location"] == "https://www.usn.no/evu"
    client.get(reverse("newsletters:link", args=[link.token]))
    link.refresh_from_db()
    assert link.clicks == 2


def test_the_redirect_sets_no_cookie_and_sends_no_referrer(client, link):
    response = client.get(reverse("newsletters:link", args=[link.token]))
    assert not response.cookies
    assert response["Referrer-Policy"] == "no-referrer"


def test_an_unknown_token_is_404(client, link):
    response = client.get(reverse("newsletters:link", args=[uuid.uuid4()]))
    assert response.status_code == 404
    link.refresh_from_db()
    assert link.clicks == 0


def test_a_link_scanners_head_request_is_not_counted(client, link):
    assert client.head(reverse("newsletters:link", args=[link.token])).status_code == 302
    link.refresh_from_db()
    assert link.clicks == 0
