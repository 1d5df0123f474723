"""Check-in at the door: staff search the confirmed participants of an event they manage and mark
who came; the mark stays on the registration (the member's record). Another faculty's
coordinator gets 403 and changes nothing (SECURITY.md C3)."""

from django.urls import reverse

from wagtail.models import PageLogEntry
from wagtail.users.models import UserProfile

import pytest

from events.checkin import mark_attended, search_participants
from events.factories import EventRegistrationFactory
from events.models import RegistrationStatus
from tests.community.conftest import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(hh_event):
    result = {}
    for first, last in [("Kari", "Nordmann"), ("Ola", "Normann"), ("Siri", "Venter")]:
        user = make_member(f"{first.lower()}.{last.lower()}@example.no")
        user.first_name, user.last_name = first, last
        user.save()
        status = RegistrationStatus.WAITLISTED if first == "Siri" else RegistrationStatus.CONFIRMED
        result[first] = EventRegistrationFactory(event=hh_event, user=user, status=status)
    return result


def checkin_url(event):
    return reverse("event_registrations:checkin", args=[event.pk])


def test_search_finds_confirmed_participants_by_name_or_address(hh_event, people):
    assert list(search_participants(hh_event, "kari nord")) == [people["Kari"]]
    assert list(search_participants(hh_event, "ola.normann@")) == [people["Ola"]]
    assert list(search_participants(hh_event, "siri")) == []  # on the waitlist
    assert len(search_participants(hh_event, "")) == 2


def test_page_lists_and_searches(client, coordinator_hh, hh_event, people):
    client.force_login(coordinator_hh)
    response = client.get(checkin_url(hh_event), {"q": "Kari"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Kari Nordmann" in content and "Ola Normann" not in content
    assert "<script>" not in content.split("<main", 1)[1]  # no inline scripts in the page body


def test_marking_attended_is_kept_on_the_registration_and_can_be_undone(
    client, coordinator_hh, hh_event, people
):
    # The coordinator reads the admin in English, the language of the assertion below.
    UserProfile.objects.update_or_create(user=coordinator_hh, defaults={"preferred_language": "en"})
    client.force_login(coordinator_hh)
    kari = people["Kari"]
    response = client.post(
        checkin_url(hh_event), {"registration": kari.pk, "attended": "1", "q": "Kari"}
    )
    assert response.status_code == 302
    assert "q=Kari" in response["Location"]
    kari.refresh_from_db()
    assert kari.attended_at is not None
    assert "1 of 2" in client.get(checkin_url(hh_event)).content.decode()
    assert PageLogEntry.objects.filter(page=hh_event, action="events.attendance_marked").exists()

    client.post(checkin_url(hh_event), {"registration": kari.pk, "attended": "0"})
    kari.refresh_from_db()
    assert kari.attended_at is None


def test_waitlisted_or_other_events_registration_cannot_be_marked(
    client, coordinator_hh, hh_event, event, people
):
    client.force_login(coordinator_hh)
    siri = people["Siri"]
    other = EventRegistrationFactory(event=event, user=make_member("annen@example.no"))
    for registration in (siri, other):
        response = client.post(
            checkin_url(hh_event), {"registration": registration.pk, "attended": "1"}
        )
        assert response.status_code == 404
        registration.refresh_from_db()
        assert registration.attended_at is None


def test_other_faculty_coordinator_gets_403_and_nothing_changes(
    client, coordinator_hs, hh_event, people
):
    client.force_login(coordinator_hs)
    kari = people["Kari"]
    assert client.get(checkin_url(hh_event)).status_code == 403
    response = client.post(checkin_url(hh_event), {"registration": kari.pk, "attended": "1"})
    assert response.status_code == 403
    kari.refresh_from_db()
    assert kari.attended_at is None


def test_attendance_is_in_the_members_data_export(hh_event, people):
    from accounts.registry import export_user

    kari = people["Kari"]
    mark_attended(kari, True)
    exported = str(export_user(kari.user))
    assert "attended_at" in exported
    assert mark_attended(kari, True) is False  # marking twice changes nothing
