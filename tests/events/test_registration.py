"""The registration service: places, guests, the waitlist, cancelling, visitors, races."""

import re
import threading

from django.core import mail
from django.db import connection

import pytest
from freezegun import freeze_time

from community.models import Notification, NotificationKind
from events.factories import EventPageFactory
from events.models import Audience, EventRegistration, RegistrationStatus
from events.registration import (
    RegistrationRefused,
    cancel,
    confirm_visitor,
    register,
    registration_from_visitor_token,
)
from tests.community.conftest import make_member

from .conftest import oslo

pytestmark = pytest.mark.django_db


def test_members_get_places_until_full_then_the_waitlist_in_order(event, members):
    results = [register(event, user=member) for member in members]
    assert [r.status for r in results] == ["confirmed", "confirmed"] + ["waitlisted"] * 3
    assert [r.waitlist_position() for r in results[2:]] == [1, 2, 3]
    assert EventRegistration.objects.places_taken(event) == 2


def test_guests_take_places_and_a_party_that_does_not_fit_waits(event, members):
    event.guests_allowed = 2
    event.capacity = 3
    event.save()
    assert register(event, user=members[0], guests=1).is_confirmed  # 2 of 3
    assert register(event, user=members[1], guests=1).is_waitlisted  # 2 more do not fit
    assert register(event, user=members[2]).is_confirmed  # 1 still fits
    assert EventRegistration.objects.places_taken(event) == 3


def test_more_guests_than_allowed_is_refused(event, members):
    event.guests_allowed = 1
    event.save()
    with pytest.raises(RegistrationRefused):
        register(event, user=members[0], guests=2)
    assert not EventRegistration.objects.exists()


def test_registering_twice_keeps_one_registration(event, members):
    first = register(event, user=members[0])
    second = register(event, user=members[0])
    assert first.pk == second.pk
    assert EventRegistration.objects.count() == 1


def test_unlimited_capacity_never_waitlists(event, members):
    event.capacity = None
    event.save()
    assert all(register(event, user=member).is_confirmed for member in members)


def test_cancelling_promotes_the_first_on_the_waitlist_and_mails_them(
    event, members, django_capture_on_commit_callbacks
):
    first, second, third, fourth, _fifth = (register(event, user=m) for m in members)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel(first)
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == RegistrationStatus.CONFIRMED
    assert fourth.status == RegistrationStatus.WAITLISTED and fourth.waitlist_position() == 1
    assert [m.to for m in mail.outbox] == [[members[2].email]]
    message = mail.outbox[0]
    assert event.title in message.subject
    assert message.attachments and message.attachments[0][2] == "text/calendar"
    # The member also finds it among their notifications, and is not mailed twice for it.
    notification = Notification.objects.get(recipient=members[2])
    assert notification.kind == NotificationKind.EVENT and notification.emailed_at


def test_promotion_skips_a_party_that_does_not_fit_for_the_next_that_does(event, members):
    event.guests_allowed = 3
    event.save()
    first = register(event, user=members[0])
    register(event, user=members[1])
    big = register(event, user=members[2], guests=3)
    small = register(event, user=members[3])
    cancel(first)
    big.refresh_from_db()
    small.refresh_from_db()
    assert big.is_waitlisted and small.is_confirmed


def test_leaving_the_waitlist_promotes_nobody(event, members):
    regs = [register(event, user=m) for m in members[:4]]
    cancel(regs[2])
    regs[3].refresh_from_db()
    assert regs[3].is_waitlisted and regs[3].waitlist_position() == 1


def test_cancel_until_the_deadline_and_not_after(event, members):
    event.registration_closes_at = oslo(2030, 5, 19, 12, 0)
    event.save()
    with freeze_time("2030-05-01 12:00"):
        early = register(event, user=members[0])
        late = register(event, user=members[1])
        cancel(early)
    assert EventRegistration.objects.get(pk=early.pk).status == "cancelled"
    with freeze_time("2030-05-19 12:00:01+02:00"), pytest.raises(RegistrationRefused):
        cancel(late)
    assert EventRegistration.objects.get(pk=late.pk).is_confirmed


def test_without_a_closing_time_cancel_until_the_start(event, members):
    with freeze_time("2030-05-01 12:00"):
        registration = register(event, user=members[0])
    with freeze_time("2030-05-20 17:59+02:00"):
        cancel(registration)
    with freeze_time("2030-05-20 18:00+02:00"), pytest.raises(RegistrationRefused):
        register(event, user=members[1])  # registration closed at the start


def test_registration_not_yet_open_is_refused(event, members):
    event.registration_opens_at = oslo(2030, 4, 1, 9, 0)
    event.save()
    with freeze_time("2030-03-31 12:00"), pytest.raises(RegistrationRefused) as refused:
        register(event, user=members[0])
    assert refused.value.code == "not_open"


# Audience


def test_members_only_event_refuses_visitors(event):
    with pytest.raises(RegistrationRefused):
        register(event, visitor_name="Vera", visitor_email="vera@example.no")


def test_verified_event_refuses_unverified_members_and_takes_verified(hh_event, members):
    verified = make_member("verifisert.alumn@example.no", programme_code="MØA")
    with pytest.raises(RegistrationRefused) as refused:
        register(hh_event, user=members[0])
    assert refused.value.code == "verified_only"
    assert register(hh_event, user=verified).is_confirmed


# Visitors


def test_visitor_is_pending_until_the_mail_link_is_used(
    public_event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(
            public_event, visitor_name="Vera Besøk", visitor_email="vera@example.no", language="nb"
        )
    assert registration.is_pending
    assert EventRegistration.objects.places_taken(public_event) == 0
    assert len(mail.outbox) == 1
    link = re.search(r"/pamelding/bekreft/([^/\s]+)/", mail.outbox[0].body).group(1)
    assert registration_from_visitor_token(link).pk == registration.pk
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = confirm_visitor(registration_from_visitor_token(link))
    assert confirmed.is_confirmed
    assert mail.outbox[-1].attachments  # the confirmation carries the .ics
    # Using the link again changes nothing.
    assert confirm_visitor(registration_from_visitor_token(link)).pk == confirmed.pk
    assert EventRegistration.objects.places_taken(public_event) == 1


def test_a_forged_or_altered_visitor_link_finds_nothing(public_event):
    registration = register(public_event, visitor_name="V", visitor_email="v@example.no")
    assert registration_from_visitor_token("1:abc:def") is None
    assert registration_from_visitor_token(str(registration.pk)) is None


def test_a_confirmed_visitor_joins_the_waitlist_when_full(public_event, members):
    public_event.capacity = 1
    public_event.save()
    pending = register(public_event, visitor_name="V", visitor_email="v@example.no")
    register(public_event, user=members[0])
    assert confirm_visitor(pending).is_waitlisted


def test_same_visitor_address_twice_keeps_one_registration(public_event):
    first = register(public_event, visitor_name="V", visitor_email="v@example.no")
    second = register(public_event, visitor_name="V", visitor_email="V@Example.no")
    assert first.pk == second.pk


# Mail language


def test_mail_goes_in_the_members_language(event, members, django_capture_on_commit_callbacks):
    members[0].preferred_language = "en"
    members[0].save()
    with django_capture_on_commit_callbacks(execute=True):
        register(event, user=members[0])
    message = mail.outbox[-1]
    assert "You are registered" in message.subject
    assert "/en/pamelding/avmelding/" in message.body


def test_visitor_mail_is_in_the_language_of_the_page(
    public_event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(public_event, visitor_name="V", visitor_email="v@example.no", language="en")
    assert "/en/pamelding/bekreft/" in mail.outbox[-1].body


# Capacity under concurrency


def test_sequential_registrations_never_exceed_capacity(event):
    event.capacity = 3
    event.guests_allowed = 1
    event.save()
    people = [make_member(f"p{n}@example.no", verified=False) for n in range(8)]
    for n, person in enumerate(people):
        register(event, user=person, guests=n % 2)
    assert EventRegistration.objects.places_taken(event) <= 3


@pytest.fixture
def migrated_data(transactional_db):
    """What the migrations created (locales, home page, site, faculties), restored: an earlier
    transactional test's flush removed it."""
    from tests.browser.conftest import restore_migration_data

    restore_migration_data()


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database locks whole tables between threads; "
    "runs on PostgreSQL in CI",
)
@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_never_exceed_capacity(migrated_data, home):
    from events.factories import EventIndexPageFactory

    index = EventIndexPageFactory(parent=home, slug="arr-race")
    race = EventPageFactory(
        parent=index,
        slug="race",
        start=oslo(2030, 5, 20, 18),
        end=oslo(2030, 5, 20, 20),
        capacity=5,
        audience=Audience.MEMBERS,
    )
    people = [make_member(f"race{n}@example.no", verified=False) for n in range(12)]
    barrier = threading.Barrier(len(people))
    errors = []

    def attempt(person):
        try:
            barrier.wait()
            register(race, user=person)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert EventRegistration.objects.filter(event=race).confirmed().count() == 5
    assert EventRegistration.objects.filter(event=race).waitlisted().count() == 7
