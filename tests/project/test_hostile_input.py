"""Hostile search input (SECURITY.md X4): every search box and list filter answers long, odd,
operator-laden and null-byte input with a page (or a clear 400), never a 500; uses at most 1,000
characters of it; and answers within 500 ms on the test data."""

import time
from urllib.parse import quote

from django.urls import reverse
from django.utils import translation

import pytest

from careers.jobs.factories import JobPostingFactory
from community.factories import GroupFactory
from events.factories import EventIndexPageFactory, EventPageFactory
from tests.community.conftest import make_member
from tests.events.conftest import oslo

pytestmark = pytest.mark.django_db

CAP = 1000
BUDGET_SECONDS = 0.5
LONG = "ø" * (CAP + 500)
# Sent as raw query strings: some are not valid UTF-8 (a lone surrogate as CESU-8), so the test
# client could not encode them itself.
REFUSALS = ("eller færre tegn (den har nå", "Velg et gyldig valg")
HOSTILE = {
    "long": quote(LONG),
    "long-words": quote(" ".join(["økonomi"] * 300)),
    "lone-surrogate": "%ED%A0%80",
    "invalid-utf8": "%FF%FE%C0%AF",
    "bidi-and-bom": quote("\u202e\ufeffabc\u200b\u0301"),
    "null-byte": "a%00b",
    "sql-comment": quote('" OR 1=1 --'),
    "fts-near": quote("NEAR("),
    "fts-star": quote("*"),
    "fts-quote": quote('"'),
    "fts-boolean": quote("AND OR NOT"),
    "fts-column": quote("title:x OR body:y ^z"),
    "parentheses": quote("((( )))"),
    "percent-underscore": quote("%_%_\\"),
}


@pytest.fixture(autouse=True)
def norwegian():
    with translation.override("nb"):
        yield


@pytest.fixture
def searcher(db):
    return make_member("soker@example.no", programme_code="MØA", display_name="Siri Søker")


@pytest.fixture
def content(home, searcher):
    """A little of everything the searches look through."""
    index = EventIndexPageFactory(parent=home, title="Arrangementer", slug="arrangementer")
    EventPageFactory(
        parent=index,
        title="Økonomiseminar",
        slug="seminar",
        start=oslo(2030, 5, 20, 18, 0),
        end=oslo(2030, 5, 20, 22, 0),
    )
    for n in range(3):
        make_member(f"alumn{n}@example.no", programme_code="MØA", display_name=f"Økonom {n}")
        JobPostingFactory(title=f"Økonomirådgiver {n}")
        GroupFactory(name=f"Økonomigruppe {n}")
    return {"event_index": index}


def searches(content):
    """(name, url, parameter) for every search box and the free-text list filters."""
    events = content["event_index"].url
    return [
        ("site", reverse("search"), "q"),
        ("directory", reverse("community:directory"), "q"),
        ("groups", reverse("community:group_directory"), "q"),
        ("jobs", reverse("careers:job_list"), "q"),
        ("job-location", reverse("careers:job_list"), "location"),
        ("messages", reverse("community:message_search"), "q"),
        ("events", events, "q"),
        ("event-month", events, "month"),
        ("event-faculty", events, "faculty"),
        ("event-campus", events, "campus"),
        ("event-topic", events, "topic"),
        ("event-when", events, "when"),
    ]


def timed_get(client, url):
    """The response and the faster of two runs: one slow run on a busy two-core machine is the
    scheduler, two are the search."""
    times = []
    for _ in range(2):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
    return response, min(times)


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_every_search_answers_hostile_input_quickly_and_without_a_500(
    client, searcher, content, value
):
    client.force_login(searcher)
    for name, url, parameter in searches(content):
        client.get(f"{url}?{parameter}=warm")  # templates compiled, caches filled
        response, elapsed = timed_get(client, f"{url}?{parameter}={value}")

        assert response.status_code in (200, 400), f"{name}: {response.status_code}"
        if response.status_code == 400:
            assert response.content.strip(), f"{name}: a 400 without a message"
        assert elapsed < BUDGET_SECONDS, f"{name}: {elapsed * 1000:.0f} ms"


def test_no_search_uses_more_than_a_thousand_characters(client, searcher, content):
    """A search shortens its query to the cap (and shows at most that), or refuses it with the
    form's message at the box."""
    client.force_login(searcher)
    for name, url, parameter in searches(content):
        response = client.get(url, {parameter: LONG})

        assert response.status_code in (200, 400), f"{name}: {response.status_code}"
        page = response.content.decode()
        # or the form's error at the box: the value was not used
        refused = any(error in page for error in REFUSALS)
        assert refused or "ø" * (CAP + 1) not in page, f"{name} echoes > {CAP}"


def test_a_directory_search_over_the_cap_is_shortened_not_dropped(client, searcher, content):
    """Refusing the long query used to drop every filter and list the whole directory."""
    client.force_login(searcher)

    response = client.get(reverse("community:directory"), {"q": "Siri" + " " * CAP + "x"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Søket ditt ble kortet ned til 1000 tegn." in page
    assert "Siri Søker" in page
    assert "Økonom 0" not in page
