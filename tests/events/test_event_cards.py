"""The event list's cards come from the cache (events.listing.event_cards); they must follow
every change a visitor would notice: a new title once published, the places left after a
registration, the language of the page."""

import pytest

from events.registration import register
from tests.community.conftest import make_member

pytestmark = pytest.mark.django_db


def listing(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_published_change_of_title_shows_on_the_list_at_once(client, event_index, public_event):
    assert "Åpent fagseminar" in listing(client, event_index.url)

    public_event.title = "Fagseminar om bærekraft"
    public_event.save_revision().publish()
    page = listing(client, event_index.url)

    assert "Fagseminar om bærekraft" in page
    assert "Åpent fagseminar" not in page


def test_places_left_follow_the_registrations(client, event_index, event):
    url = event_index.url
    assert "2 plasser igjen" in listing(client, url)
    register(event, user=make_member("forste@example.no"), send_confirmation=False)
    assert "1 plass igjen" in listing(client, url)
    register(event, user=make_member("andre@example.no"), send_confirmation=False)
    assert "Fullt – venteliste åpen" in listing(client, url)


def test_a_card_cached_in_one_language_is_not_shown_in_the_other(client, event_index, event):
    norwegian = listing(client, event_index.url)
    english = listing(client, "/en" + event_index.url)

    assert "2 plasser igjen" in norwegian and "places left" not in norwegian
    assert "2 places left" in english and "plasser igjen" not in english
