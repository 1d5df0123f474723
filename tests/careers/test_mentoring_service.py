"""Mentoring services: who may offer to mentor, the request lifecycle (send, one pending per pair,
accept, decline, withdraw, expire after 14 days), ending a mentorship, check-in reminders once per
period, and closing feedback once per side. Time is frozen where dates matter."""

from datetime import date, timedelta

from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

import pytest
from freezegun import freeze_time

from careers.mentoring import policy, service
from careers.mentoring.policy import MentoringRefused
from careers.models import (
    MentoringFormat,
    MentoringRequest,
    MentorProfile,
    Mentorship,
    MentorshipFeedback,
)
from community.models import MemberBlock, Notification, NotificationKind, Profile
from tests.community.conftest import make_member

from .mentoring_fixtures import make_mentee, make_mentor, mentee_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

NOW = "2026-03-02 10:00:00+01:00"


@pytest.fixture(autouse=True)
def english():
    """The refusals are read in English; notifications still follow each recipient's language."""
    with translation.override("en"):
        yield


def mentoring_notifications(user):
    return Notification.objects.filter(recipient=user, kind=NotificationKind.MENTORING)


@pytest.fixture
def mentor(db):
    return make_mentor("mentor@example.no", name="Mona Mentor", capacity=1)


def ask(mentee, mentor, format=MentoringFormat.TERM, purpose="Jeg vil bli leder."):
    return service.send_request(mentee, mentor, format=format, purpose=purpose)


# Offering to mentor ------------------------------------------------------------------------


def test_a_verified_member_offers_to_mentor_and_becomes_open_to_mentoring():
    user = make_member("vera@example.no", programme_code="MØA")
    offer = service.save_offer(
        user, about="Økonomistyring", topics=[], capacity=3, offers_one_off=True,
        offers_term=False,
    )  # fmt: skip
    assert offer.active and offer.capacity == 3
    assert Profile.objects.get(user=user).open_to_mentoring is True


def test_pausing_the_offer_turns_open_to_mentoring_off():
    user = make_member("vera@example.no", programme_code="MØA")
    service.save_offer(user, about="x", topics=[], capacity=1, offers_one_off=True,
                       offers_term=False)  # fmt: skip
    service.save_offer(user, about="x", topics=[], capacity=1, offers_one_off=True,
                       offers_term=False, active=False)  # fmt: skip
    assert MentorProfile.objects.get(user=user).active is False
    assert Profile.objects.get(user=user).open_to_mentoring is False


def test_an_unverified_member_cannot_offer_to_mentor():
    user = make_member("student@example.no", programme_code="MØA", verified=False)
    with pytest.raises(MentoringRefused):
        service.save_offer(user, about="x", topics=[], capacity=1, offers_one_off=True,
                           offers_term=False)  # fmt: skip
    assert not MentorProfile.objects.filter(user=user).exists()


def test_capacity_is_between_1_and_10_in_the_database():
    user = make_member("vera@example.no", programme_code="MØA")
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorProfile.objects.create(user=user, about="x", capacity=11)


# Requests --------------------------------------------------------------------------------


@freeze_time(NOW)
def test_sending_a_request_notifies_the_mentor(mentee, mentor):
    request = ask(mentee, mentor)
    assert request.status == MentoringRequest.Status.PENDING
    assert request.expires_at == timezone.now() + timedelta(days=14)
    notification = mentoring_notifications(mentor.user).get()
    assert "Mentee" in notification.title
    assert notification.url == f"/karriere/mentorer/foresporsel/{request.pk}/"


def test_a_second_pending_request_to_the_same_mentor_is_refused(mentee, mentor):
    ask(mentee, mentor)
    with pytest.raises(MentoringRefused, match="already asked"):
        ask(mentee, mentor)
    assert MentoringRequest.objects.filter(mentee=mentee).count() == 1


def test_the_database_allows_one_pending_request_per_pair(mentee, mentor):
    ask(mentee, mentor)
    with pytest.raises(IntegrityError), transaction.atomic():
        MentoringRequest.objects.create(
            mentor=mentor.user, mentee=mentee, format="term", purpose="x",
            expires_at=timezone.now(),
        )  # fmt: skip


def test_after_a_decline_the_mentee_may_ask_again(mentee, mentor):
    service.decline_request(mentor.user, ask(mentee, mentor))
    assert ask(mentee, mentor).status == MentoringRequest.Status.PENDING


def test_a_format_the_mentor_does_not_offer_is_refused(mentee):
    one_off_only = make_mentor("kort@example.no", one_off=True, term=False)
    with pytest.raises(MentoringRefused, match="does not offer"):
        ask(mentee, one_off_only, format=MentoringFormat.TERM)


def test_nobody_asks_themselves(mentor):
    with pytest.raises(MentoringRefused):
        ask(mentor.user, mentor)


def test_a_mentor_who_blocked_the_mentee_refuses_without_saying_so(mentee, mentor):
    MemberBlock.objects.create(blocker=mentor.user, blocked=mentee)
    with pytest.raises(MentoringRefused) as refusal:
        ask(mentee, mentor)
    assert "block" not in str(refusal.value).lower()
    assert "not taking new mentees" in str(refusal.value)
    assert not MentoringRequest.objects.exists()
    assert not mentoring_notifications(mentor.user).exists()


def test_a_mentor_at_capacity_takes_no_requests(mentee, mentor):
    other = make_mentee("annen@example.no")
    end = timezone.localdate() + timedelta(days=60)
    service.accept_request(mentor.user, ask(other, mentor), end)
    with pytest.raises(MentoringRefused, match="not taking new mentees"):
        ask(mentee, mentor)


def test_a_member_without_education_or_verification_cannot_ask(mentor):
    outsider = make_member("utenfor@example.no", verified=False)
    with pytest.raises(MentoringRefused, match="alumni and students"):
        ask(outsider, mentor)


def test_a_student_with_an_education_record_may_ask(mentor):
    student = make_member("student@example.no", programme_code="BØA", verified=False)
    assert ask(student, mentor).status == MentoringRequest.Status.PENDING


def test_a_mentee_has_at_most_five_requests_waiting(mentee):
    mentors = [make_mentor(f"m{n}@example.no") for n in range(6)]
    for offer in mentors[:5]:
        ask(mentee, offer)
    with pytest.raises(MentoringRefused, match="limit"):
        ask(mentee, mentors[5])


@freeze_time(NOW)
def test_accepting_starts_a_mentorship_and_notifies_the_mentee(mentee, mentor):
    request = ask(mentee, mentor)
    end = date(2026, 9, 1)
    mentorship = service.accept_request(mentor.user, request, end)
    request.refresh_from_db()
    assert request.status == MentoringRequest.Status.ACCEPTED
    assert mentorship.status == Mentorship.Status.ACTIVE
    assert mentorship.agreed_end == end
    assert mentorship.next_check_in == date(2026, 4, 1)  # 30 days on
    assert mentorship.goals == "Jeg vil bli leder."
    notification = mentoring_notifications(mentee).get()
    assert notification.url == f"/karriere/mentorer/mentorskap/{mentorship.pk}/"


@freeze_time(NOW)
@pytest.mark.parametrize(
    "format,end,fits",
    [
        (MentoringFormat.ONE_OFF, date(2026, 3, 2), True),
        (MentoringFormat.ONE_OFF, date(2026, 4, 1), True),
        (MentoringFormat.ONE_OFF, date(2026, 4, 2), False),
        (MentoringFormat.ONE_OFF, date(2026, 3, 1), False),
        (MentoringFormat.TERM, date(2026, 4, 1), False),
        (MentoringFormat.TERM, date(2026, 4, 2), True),
        (MentoringFormat.TERM, date(2027, 3, 2), True),
        (MentoringFormat.TERM, date(2027, 3, 3), False),
    ],
)
def test_the_agreed_end_fits_the_format(format, end, fits):
    assert (policy.agreed_end_error(format, end) is None) is fits


@freeze_time(NOW)
def test_an_agreed_end_outside_the_format_is_refused_and_nothing_starts(mentee, mentor):
    request = ask(mentee, mentor, format=MentoringFormat.ONE_OFF)
    with pytest.raises(MentoringRefused, match="30 days"):
        service.accept_request(mentor.user, request, date(2026, 6, 1))
    request.refresh_from_db()
    assert request.status == MentoringRequest.Status.PENDING
    assert not Mentorship.objects.exists()


def test_only_the_mentor_answers(mentee, mentor):
    request = ask(mentee, mentor)
    stranger = make_member("fremmed@example.no", programme_code="MØA")
    for person in (mentee, stranger):
        with pytest.raises(MentoringRefused):
            service.accept_request(person, request, timezone.localdate() + timedelta(days=60))
        with pytest.raises(MentoringRefused):
            service.decline_request(person, request)
    request.refresh_from_db()
    assert request.status == MentoringRequest.Status.PENDING
    assert not Mentorship.objects.exists()


def test_a_request_is_answered_once(mentee, mentor):
    request = ask(mentee, mentor)
    service.decline_request(mentor.user, request, "Beklager, ikke nå.")
    with pytest.raises(MentoringRefused, match="already been answered"):
        service.accept_request(mentor.user, request, timezone.localdate() + timedelta(days=60))
    stale = MentoringRequest.objects.get(pk=request.pk)
    stale.status = MentoringRequest.Status.PENDING  # a second tab still showing the form
    with pytest.raises(MentoringRefused):
        service.accept_request(mentor.user, stale, timezone.localdate() + timedelta(days=60))
    assert not Mentorship.objects.exists()


def test_declining_keeps_the_note_and_tells_the_mentee(mentee, mentor):
    request = ask(mentee, mentor)
    service.decline_request(mentor.user, request, "  Har ikke tid i vår.  ")
    request.refresh_from_db()
    assert request.status == MentoringRequest.Status.DECLINED
    assert request.response_note == "Har ikke tid i vår."
    assert mentoring_notifications(mentee).filter(title__contains="Mona Mentor").exists()


def test_the_mentee_withdraws_and_the_mentor_can_no_longer_accept(mentee, mentor):
    request = ask(mentee, mentor)
    with pytest.raises(MentoringRefused):
        service.withdraw_request(mentor.user, request)  # only the mentee withdraws
    service.withdraw_request(mentee, request)
    request.refresh_from_db()
    assert request.status == MentoringRequest.Status.WITHDRAWN
    with pytest.raises(MentoringRefused):
        service.accept_request(mentor.user, request, timezone.localdate() + timedelta(days=60))


def test_unanswered_requests_expire_after_14_days_once(mentee, mentor):
    with freeze_time("2026-03-02 10:00:00+01:00"):
        request = ask(mentee, mentor)
    with freeze_time("2026-03-16 09:59:00+01:00"):
        assert service.expire_requests() == 0
    with freeze_time("2026-03-16 10:00:00+01:00"):
        assert service.expire_requests() == 1
        assert service.expire_requests() == 0  # safe to run twice
    request.refresh_from_db()
    assert request.status == MentoringRequest.Status.EXPIRED
    assert mentoring_notifications(mentee).count() == 1


def test_an_expired_request_cannot_be_accepted(mentee, mentor):
    with freeze_time("2026-03-02 10:00:00+01:00"):
        request = ask(mentee, mentor)
    with (
        freeze_time("2026-03-17 10:00:00+01:00"),
        pytest.raises(MentoringRefused, match="expired"),
    ):
        service.accept_request(mentor.user, request, date(2026, 8, 1))


def test_notification_titles_are_in_the_recipients_language(mentee, mentor):
    mentor.user.preferred_language = "en"
    mentor.user.save()
    mentee.preferred_language = "nb"
    mentee.save()
    request = ask(mentee, mentor)
    assert mentoring_notifications(mentor.user).get().title == (
        "Mentee asks you to be their mentor"
    )
    assert mentoring_notifications(mentor.user).get().url.startswith("/en/karriere/")
    service.decline_request(mentor.user, request)
    # Norwegian: no language prefix (the wording comes from the catalogue, nb_mentoring.json).
    assert mentoring_notifications(mentee).get().url.startswith("/karriere/")


# Mentorships ----------------------------------------------------------------------------


@pytest.fixture
def mentorship(mentee, mentor):
    with freeze_time("2026-03-02 10:00:00+01:00"):
        return service.accept_request(mentor.user, ask(mentee, mentor), date(2026, 9, 1))


def test_ending_before_the_agreed_end_counts_as_dropped(mentorship, mentee, mentor):
    with freeze_time("2026-05-01 12:00:00+02:00"):
        assert service.end_mentorship(mentee, mentorship) == Mentorship.Status.DROPPED
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.DROPPED
    assert mentorship.next_check_in is None
    assert (
        mentoring_notifications(mentor.user)
        .filter(url=f"/karriere/mentorer/mentorskap/{mentorship.pk}/")
        .exists()
    )


def test_ending_at_the_agreed_end_counts_as_completed(mentorship, mentor):
    with freeze_time("2026-09-01 12:00:00+02:00"):
        assert service.end_mentorship(mentor.user, mentorship) == Mentorship.Status.COMPLETED


def test_a_stranger_cannot_end_a_mentorship(mentorship):
    stranger = make_member("fremmed@example.no", programme_code="MØA")
    with pytest.raises(MentoringRefused):
        service.end_mentorship(stranger, mentorship)
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ACTIVE


def test_mentorships_past_their_agreed_end_complete_once(mentorship, mentee, mentor):
    before = mentoring_notifications(mentee).count()
    with freeze_time("2026-09-01 23:00:00+02:00"):
        assert service.complete_finished_mentorships() == 0
    with freeze_time("2026-09-02 08:00:00+02:00"):
        assert service.complete_finished_mentorships() == 1
        assert service.complete_finished_mentorships() == 0
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.COMPLETED
    assert mentoring_notifications(mentee).count() == before + 1


def test_check_in_reminders_go_once_per_period_to_both(mentorship, mentee, mentor):
    assert mentorship.next_check_in == date(2026, 4, 1)
    mentor_before = mentoring_notifications(mentor.user).count()
    with freeze_time("2026-03-31 12:00:00+02:00"):
        assert service.send_check_ins() == 0
    with freeze_time("2026-04-01 07:00:00+02:00"):
        assert service.send_check_ins() == 1
        assert service.send_check_ins() == 0  # safe to run twice
    mentorship.refresh_from_db()
    assert mentorship.next_check_in == date(2026, 5, 1)
    assert mentorship.check_in_reminded_at is not None
    check_in_key = f"mentorship-check-in:{mentorship.pk}"
    assert mentoring_notifications(mentee).filter(dedupe_key=check_in_key).count() == 1
    assert mentoring_notifications(mentor.user).count() == mentor_before + 1
    with freeze_time("2026-05-01 07:00:00+02:00"):
        assert service.send_check_ins() == 1
    mentorship.refresh_from_db()
    assert mentorship.next_check_in == date(2026, 5, 31)


def test_a_late_run_sends_one_reminder_and_moves_past_today(mentorship):
    with freeze_time("2026-06-15 07:00:00+02:00"):
        assert service.send_check_ins() == 1
        assert service.send_check_ins() == 0
    mentorship.refresh_from_db()
    assert mentorship.next_check_in == date(2026, 6, 30)


def test_no_check_in_after_the_agreed_end(mentorship):
    Mentorship.objects.filter(pk=mentorship.pk).update(next_check_in=date(2026, 8, 20))
    with freeze_time("2026-08-20 07:00:00+02:00"):
        assert service.send_check_ins() == 1
    mentorship.refresh_from_db()
    assert mentorship.next_check_in is None


def test_feedback_once_per_side_after_the_end(mentorship, mentee, mentor):
    with pytest.raises(MentoringRefused, match="once the mentorship has ended"):
        service.give_feedback(mentee, mentorship, 5)
    service.end_mentorship(mentor.user, mentorship)
    service.give_feedback(mentee, mentorship, 5, "Veldig nyttig.")
    with pytest.raises(MentoringRefused, match="already given feedback"):
        service.give_feedback(mentee, mentorship, 1)
    service.give_feedback(mentor.user, mentorship, 4)
    assert MentorshipFeedback.objects.filter(mentorship=mentorship).count() == 2
    stranger = make_member("fremmed@example.no", programme_code="MØA")
    with pytest.raises(MentoringRefused):
        service.give_feedback(stranger, mentorship, 3)


def test_ratings_outside_1_to_5_are_refused_by_the_database(mentorship, mentee):
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorshipFeedback.objects.create(mentorship=mentorship, author=mentee, rating=6)


def test_mentoring_mail_follows_the_notification_settings(mentee, mentor, settings):
    """Mentoring notifications default to the daily digest: nothing is mailed at once (E10)."""
    mail.outbox.clear()
    ask(mentee, mentor)
    assert mail.outbox == []
