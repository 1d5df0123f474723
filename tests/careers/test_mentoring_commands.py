"""The scheduled mentoring commands: expiring requests after 14 days, completing mentorships
past their agreed end, and check-in reminders; each safe to run twice."""

import io
from datetime import date

from django.core.management import call_command

import pytest
from freezegun import freeze_time

from careers.mentoring import service
from careers.models import MentoringRequest, Mentorship
from community.models import Notification

from .mentoring_fixtures import make_mentee, make_mentor

pytestmark = pytest.mark.django_db


def run(command):
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def test_expire_mentoring_requests_is_safe_to_run_twice():
    mentee = make_mentee("mentee@example.no")
    with freeze_time("2026-03-02 10:00:00+01:00"):
        request = service.send_request(
            mentee, make_mentor("m@example.no"), format="term", purpose="x"
        )
    with freeze_time("2026-03-20 03:00:00+01:00"):
        assert "Expired 1 " in run("expire_mentoring_requests")
        assert "Expired 0 " in run("expire_mentoring_requests")
    request.refresh_from_db()
    assert request.status == MentoringRequest.Status.EXPIRED
    assert Notification.objects.filter(recipient=mentee).count() == 1


def test_send_mentoring_check_ins_is_safe_to_run_twice():
    mentor = make_mentor("m@example.no")
    with freeze_time("2026-03-02 10:00:00+01:00"):
        first = service.send_request(make_mentee("a@example.no"), mentor, format="term",
                                     purpose="x")  # fmt: skip
        due = service.accept_request(mentor.user, first, date(2026, 9, 1))
        second = service.send_request(make_mentee("b@example.no"), mentor, format="one_off",
                                      purpose="y")  # fmt: skip
        finished = service.accept_request(mentor.user, second, date(2026, 3, 20))
    with freeze_time("2026-04-01 06:00:00+02:00"):
        assert "Completed 1 mentorship(s); reminded 1 " in run("send_mentoring_check_ins")
        assert "Completed 0 mentorship(s); reminded 0 " in run("send_mentoring_check_ins")
    due.refresh_from_db()
    finished.refresh_from_db()
    assert due.next_check_in == date(2026, 5, 1)
    assert finished.status == Mentorship.Status.COMPLETED
