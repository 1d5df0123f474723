"""Calendar feeds: the site's and a faculty's upcoming events, a member's own registrations at a
secret address that renewing kills; feeds parse with icalendar, times round-trip, and no feed
names another participant or gives the online link to anyone but a confirmed participant."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, reverse

import icalendar
import pytest

from events.factories import EventRegistrationFactory
from events.models import CalendarFeedToken, RegistrationStatus
from tests.community.conftest import make_member
from usn_alumni import urls as project_urls

from .conftest import oslo

# The calendar routes as the project mounts them (events/calendar_urls.py).
urlpatterns = [
    *i18n_patterns(
        path("kalender/", include("events.calendar_urls")), prefix_default_language=False
    ),
    *project_urls.urlpatterns,
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

SECRET_LINK = "https://video.example/hemmelig-rom"


@pytest.fixture
def participants(event, hh_event):
    """Two members on the site-wide event: one with a place, one on the waitlist."""
    people = []
    for n, email in enumerate(["ola.deltaker@example.no", "per.venter@example.no"]):
        user = make_member(email)
        user.first_name, user.last_name = ["Ola", "Per"][n], "Deltakersen"
        user.save()
        people.append(user)
    EventRegistrationFactory(event=event, user=people[0])
    EventRegistrationFactory(event=event, user=people[1], status=RegistrationStatus.WAITLISTED)
    EventRegistrationFactory(event=hh_event, user=people[0])
    return people


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def events_of(calendar):
    return {str(c["summary"]): c for c in calendar.walk("VEVENT")}


def assert_no_participants(content: bytes, people):
    text = content.decode()
    for person in people:
        assert person.email not in text
        assert person.first_name not in text


def test_site_feed_lists_upcoming_events_with_exact_times(client, event, hh_event, participants):
    response = client.get(reverse("calendars:site_feed"))
    entries = events_of(parse(response))
    assert {"Alumnikveld i Drammen", "Karrierekurs HH"} <= set(entries)
    entry = entries["Alumnikveld i Drammen"]
    assert entry.decoded("dtstart") == oslo(2030, 5, 20, 18, 0)
    assert entry.decoded("dtend") == oslo(2030, 5, 20, 22, 0)
    assert SECRET_LINK.encode() not in response.content
    assert_no_participants(response.content, participants)


def test_faculty_feed_has_only_that_facultys_events(client, event, hh_event, participants):
    response = client.get(reverse("calendars:faculty_feed", args=["hh"]))
    assert set(events_of(parse(response))) == {"Karrierekurs HH"}
    assert_no_participants(response.content, participants)


def test_unknown_faculty_feed_is_404(client, db):
    assert client.get(reverse("calendars:faculty_feed", args=["xyz"])).status_code == 404


def test_past_and_draft_events_are_not_in_the_site_feed(client, event, hh_event):
    hh_event.unpublish()
    event.start, event.end = oslo(2020, 1, 1, 18, 0), oslo(2020, 1, 1, 20, 0)
    event.save_revision().publish()
    assert events_of(parse(client.get(reverse("calendars:site_feed")))) == {}


def test_personal_feed_has_my_registrations_and_the_link_only_when_confirmed(
    client, event, hh_event, participants
):
    ola, per = participants
    ola_feed = CalendarFeedToken.objects.for_user(ola)
    response = client.get(reverse("calendars:personal_feed", args=[ola_feed.token]))
    entries = events_of(parse(response))
    assert set(entries) == {"Alumnikveld i Drammen", "Karrierekurs HH"}
    assert SECRET_LINK in str(entries["Alumnikveld i Drammen"]["description"])
    assert entries["Alumnikveld i Drammen"].decoded("dtstart") == oslo(2030, 5, 20, 18, 0)
    assert per.email not in response.content.decode()
    assert "Per" not in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"

    per_feed = CalendarFeedToken.objects.for_user(per)
    response = client.get(reverse("calendars:personal_feed", args=[per_feed.token]))
    entries = list(parse(response).walk("VEVENT"))
    assert len(entries) == 1 and str(entries[0]["status"]) == "TENTATIVE"
    assert SECRET_LINK.encode() not in response.content
    assert_no_participants(response.content, [ola])


def test_cancelled_registration_leaves_the_personal_feed(client, event, participants):
    ola = participants[0]
    event.registrations.filter(user=ola).update(status=RegistrationStatus.CANCELLED)
    feed = CalendarFeedToken.objects.for_user(ola)
    response = client.get(reverse("calendars:personal_feed", args=[feed.token]))
    assert "Alumnikveld" not in response.content.decode()
    assert SECRET_LINK.encode() not in response.content


def test_unknown_token_is_404(client, db):
    assert client.get(reverse("calendars:personal_feed", args=["nope"])).status_code == 404


def test_renewing_the_address_kills_the_old_one(client, participants):
    ola = participants[0]
    old = CalendarFeedToken.objects.for_user(ola).token
    client.force_login(ola)
    page = client.get(reverse("calendars:my_calendar"))
    assert old in page.content.decode()
    response = client.post(reverse("calendars:my_calendar"))
    assert response.status_code == 302
    new = CalendarFeedToken.objects.get(user=ola).token
    assert new != old
    assert client.get(reverse("calendars:personal_feed", args=[old])).status_code == 404
    assert client.get(reverse("calendars:personal_feed", args=[new])).status_code == 200
    assert new in client.get(reverse("calendars:my_calendar")).content.decode()


def test_my_calendar_page_needs_login(client, db):
    response = client.get(reverse("calendars:my_calendar"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_deactivated_members_feed_is_404(client, participants):
    ola = participants[0]
    token = CalendarFeedToken.objects.for_user(ola).token
    ola.is_active = False
    ola.save()
    assert client.get(reverse("calendars:personal_feed", args=[token])).status_code == 404


def test_erasure_removes_the_feed_address(participants):
    from accounts.registry import erase_user

    ola = participants[0]
    CalendarFeedToken.objects.for_user(ola)
    erase_user(ola)
    assert not CalendarFeedToken.objects.filter(user=ola).exists()
