"""SECURITY.md C3 for the admin API (/admin/api/main/): its image and document endpoints answer
only with the media a user may choose, as the admin's own image and document views do."""

from django.urls import reverse

import pytest

from home.factories import ImageFactory
from tests.conftest import login_to_admin
from tests.home.test_coordinator_media_and_planned_sections import make_document

ENDPOINTS = {"image": "images", "document": "documents"}


@pytest.fixture
def media(faculties):
    """An image and a document in the HH collection and in the HS collection."""
    hh, hs = faculties["HH"], faculties["HS"]
    return {
        "image": ImageFactory(collection=hh.collection, title="HH-bilde-hemmelig"),
        "document": make_document(hh, "HH-dokument-hemmelig"),
        "hs_image": ImageFactory(collection=hs.collection, title="HS-bilde-synlig"),
        "hs_document": make_document(hs, "HS-dokument-synlig"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ENDPOINTS)
def test_another_faculty_coordinator_gets_404_on_the_detail_and_no_listing(
    client, coordinator_hs, media, kind
):
    login_to_admin(client, coordinator_hs)
    endpoint = ENDPOINTS[kind]

    detail = client.get(reverse(f"wagtailadmin_api:{endpoint}:detail", args=[media[kind].pk]))
    listing = client.get(reverse(f"wagtailadmin_api:{endpoint}:listing"))

    assert detail.status_code == 404
    titles = [item["title"] for item in listing.json()["items"]]
    assert titles == [media[f"hs_{kind}"].title]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ENDPOINTS)
def test_control_the_own_faculty_coordinator_reads_their_media(client, coordinator_hh, media, kind):
    login_to_admin(client, coordinator_hh)
    endpoint = ENDPOINTS[kind]

    detail = client.get(reverse(f"wagtailadmin_api:{endpoint}:detail", args=[media[kind].pk]))

    assert detail.status_code == 200
    assert detail.json()["title"] == media[kind].title


@pytest.mark.django_db
def test_central_staff_still_list_every_faculty_image(client, superuser, media):
    login_to_admin(client, superuser)

    listing = client.get(reverse("wagtailadmin_api:images:listing"))

    assert {item["title"] for item in listing.json()["items"]} == {
        "HH-bilde-hemmelig",
        "HS-bilde-synlig",
    }
