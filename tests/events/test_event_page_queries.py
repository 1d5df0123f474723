"""The member's event page stays within the query budget (DESIGN.md §7: ≤ 15) whatever the
member's place, and still shows everything it did; Wagtail's view restrictions still hold."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import PageViewRestriction

import pytest

from events.factories import EventPageFactory, RegistrationQuestionFactory
from events.registration import register
from home.models import Campus, Faculty
from tests.community.conftest import make_member

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 15


@pytest.fixture
def rich_event(site_tree, home_en, event_index):
    """An event with everything its page shows: faculty, campus, topics, a question, a price,
    an organiser, one place."""
    event = EventPageFactory(
        parent=event_index,
        title="Nettverkskveld for alumni",
        slug="nettverkskveld",
        capacity=1,
        guests_allowed=1,
        faculty=Faculty.objects.get(code="HH"),
        campus=Campus.objects.get(name="Bø"),
        organiser_name="USN Alumni",
        organiser_email="alumni@usn.example",
        price="100 kr",
    )
    event.tags.add("nettverk", "sosialt")
    event.save()
    RegistrationQuestionFactory(page=event, label="Matallergier?")
    return event


def member_view(event, member):
    client = Client()
    client.force_login(member)
    for _ in range(2):  # warm the site chrome's caches
        client.get(event.url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(event.url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize(
    ("place", "expected"), [("none", 13), ("confirmed", 12), ("waitlisted", 13)]
)
def test_members_event_page_stays_within_the_query_budget(rich_event, place, expected):
    member = make_member("medlem@example.no")
    if place == "waitlisted":
        register(rich_event, user=make_member("annen@example.no"))
    if place != "none":
        register(rich_event, user=member)
    count, html = member_view(rich_event, member)
    assert count == expected <= QUERY_BUDGET
    shown = ("Nettverkskveld for alumni", "Bø", "nettverk", "sosialt", "USN Alumni", "100 kr")
    assert all(text in html for text in shown)
    assert Faculty.objects.get(code="HH").name in html
    if place == "none":
        assert "Matallergier?" in html  # the registration form with its question
    if place == "waitlisted":
        with translation.override("nb"):
            waiting = translation.gettext(
                "You are on the waitlist, number %(number)s. We will e-mail you if a place "
                "becomes free."
            )
        assert waiting % {"number": 1} in html


def test_a_restricted_page_elsewhere_adds_nothing_and_changes_nothing(rich_event, site_tree):
    PageViewRestriction.objects.create(
        page=site_tree["about"], restriction_type=PageViewRestriction.LOGIN
    )
    member = make_member("medlem@example.no")
    count, _ = member_view(rich_event, member)
    assert count == 13


def test_a_restriction_on_the_event_index_still_applies(client, rich_event, event_index):
    PageViewRestriction.objects.create(page=event_index, restriction_type=PageViewRestriction.LOGIN)
    response = Client().get(rich_event.url)
    assert response.status_code == 302 and "next=" in response["Location"]
    member = make_member("medlem@example.no")
    count, _ = member_view(rich_event, member)
    assert count <= QUERY_BUDGET
