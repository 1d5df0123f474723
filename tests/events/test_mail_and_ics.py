"""The .ics file, the reminder and feedback mail on the clock, the feedback form, and the
personal-data registry entries."""

import json
import re
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder

import icalendar
import pytest
from freezegun import freeze_time

from accounts.registry import erase_user, export_user
from events.ics import event_ics, event_uid
from events.models import EventFeedback, EventRegistration
from events.registration import register
from events.tasks import send_due_event_mail

from .conftest import oslo

pytestmark = pytest.mark.django_db


def parse(content):
    calendar = icalendar.Calendar.from_ical(content)
    return calendar, calendar.walk("VEVENT")


def test_ics_parses_and_round_trips_the_times(client, public_event):
    response = client.get(public_event.url + "ics/")
    assert response["Content-Type"].startswith("text/calendar")
    calendar, events = parse(response.content)
    assert len(events) == 1
    vevent = events[0]
    assert vevent.decoded("dtstart") == public_event.start
    assert vevent.decoded("dtend") == public_event.end
    assert vevent["dtstart"].params["TZID"] == "Europe/Oslo"
    assert calendar.walk("VTIMEZONE")  # the zone is defined in the file
    assert str(vevent["uid"]) == event_uid(public_event)
    assert str(vevent["summary"]) == public_event.title


def test_ics_uid_is_stable_and_times_follow_summer_and_winter(event):
    winter = event
    winter.start, winter.end = oslo(2030, 1, 10, 18), oslo(2030, 1, 10, 20)
    _calendar, (first,) = parse(event_ics(winter))
    _calendar, (second,) = parse(event_ics(winter))
    assert first["uid"] == second["uid"]
    assert first.decoded("dtstart").utcoffset() == timedelta(hours=1)
    summer_start = oslo(2030, 7, 10, 18)
    winter.start, winter.end = summer_start, summer_start + timedelta(hours=2)
    _calendar, (summer,) = parse(event_ics(winter))
    assert summer.decoded("dtstart") == summer_start
    assert summer.decoded("dtstart").utcoffset() == timedelta(hours=2)


def test_ics_names_no_participant(event, members):
    members[0].last_name = "Deltakersen"
    members[0].save()
    register(event, user=members[0])
    content = event_ics(event, online_url=event.online_url).decode()
    assert "Deltakersen" not in content and members[0].email not in content
    assert "ATTENDEE" not in content


def test_confirmation_mail_has_the_ics_and_a_cancel_link(
    event, members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, user=members[0])
    message = mail.outbox[-1]
    assert message.to == [members[0].email]
    filename, content, mimetype = message.attachments[0]
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    _calendar, (vevent,) = parse(content)
    assert vevent.decoded("dtstart") == event.start
    assert f"/pamelding/avmelding/{registration.cancel_token}/" in message.body
    # Transactional mail: no unsubscribe-post header (SECURITY.md E7).
    assert "List-Unsubscribe-Post" not in message.extra_headers


# Reminders and feedback on the clock


@pytest.fixture
def confirmed(event, members):
    return [register(event, user=m) for m in members[:2]]


def test_no_reminder_earlier_than_24_hours_before(event, confirmed):
    with freeze_time(event.start - timedelta(hours=25)):
        call_command("send_event_reminders")
    assert not mail.outbox


def test_reminder_within_24_hours_once(event, confirmed):
    with freeze_time(event.start - timedelta(hours=23)):
        call_command("send_event_reminders")
        call_command("send_event_reminders")
        send_due_event_mail.enqueue()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in confirmed)
    assert all(event.online_url in m.body for m in mail.outbox)
    assert EventRegistration.objects.filter(reminder_sent_at__isnull=True).count() == 0


def test_waitlisted_and_cancelled_get_no_reminder(event, confirmed, members):
    waiting = register(event, user=members[3])
    assert waiting.is_waitlisted
    with freeze_time(event.start - timedelta(hours=1)):
        call_command("send_event_reminders")
    assert members[3].email not in [m.to[0] for m in mail.outbox]


def test_feedback_request_after_the_event_once_and_the_form(client, event, confirmed):
    with freeze_time(event.end - timedelta(minutes=1)):
        call_command("send_event_reminders")
    mail.outbox.clear()
    with freeze_time(event.end + timedelta(hours=2)):
        call_command("send_event_reminders")
        call_command("send_event_reminders")
        assert len(mail.outbox) == 2
        path = re.search(
            r"http://testserver(/pamelding/tilbakemelding/[^\s]+/)", mail.outbox[0].body
        ).group(1)
        assert client.get(path).status_code == 200
        response = client.post(path, {"rating": "9", "comment": "Fint"})
        assert response.status_code == 400 and "Fint" in response.content.decode()
        client.post(path, {"rating": "4", "comment": "Fint"})
        client.post(path, {"rating": "1", "comment": "Igjen"})  # a second answer is ignored
    feedback = EventFeedback.objects.get()
    assert (feedback.rating, feedback.comment) == (4, "Fint")


def test_feedback_form_is_not_open_before_the_event_ends(client, event, confirmed):
    from events.tokens import feedback_token

    with freeze_time(event.start):
        path = f"/pamelding/tilbakemelding/{feedback_token(confirmed[0])}/"
        assert client.get(path).status_code == 404


# Export and erasure


def test_export_holds_the_members_registrations_and_feedback(event, members):
    registration = register(event, user=members[0], answers=[{"label": "Q", "answer": "A"}])
    EventFeedback.objects.create(registration=registration, rating=5, comment="Topp")
    data = export_user(members[0])
    assert data["events.EventRegistration"][0]["event__title"] == event.title
    assert data["events.EventFeedback"][0]["comment"] == "Topp"
    json.dumps(data, cls=DjangoJSONEncoder)
    assert export_user(members[1])["events.EventRegistration"] == []


def test_erasure_deletes_registrations_but_keeps_attendance_anonymous(event, members):
    attended = register(event, user=members[0])
    attended.attended_at = event.start
    attended.save()
    EventFeedback.objects.create(registration=attended, rating=4, comment="Hilsen Kari")
    other_event_registration = register(event, user=members[1])
    erase_user(members[0])
    kept = EventRegistration.objects.get(pk=attended.pk)
    assert kept.user_id is None and kept.answers == [] and kept.attended_at
    assert EventFeedback.objects.get().comment == ""
    assert EventRegistration.objects.filter(pk=other_event_registration.pk).exists()
    assert not EventRegistration.objects.filter(user=members[0]).exists()


def test_unconfirmed_visitors_are_forgotten_when_their_link_expires(public_event):
    with freeze_time("2030-01-01 12:00"):
        pending = register(public_event, visitor_name="V", visitor_email="v@example.no")
    with freeze_time("2030-01-03 12:00"):
        call_command("send_event_reminders")
    assert EventRegistration.objects.filter(pk=pending.pk).exists()
    with freeze_time("2030-01-04 12:01"):
        call_command("send_event_reminders")
    assert not EventRegistration.objects.filter(pk=pending.pk).exists()
