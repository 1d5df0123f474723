"""SECURITY.md M7 for events: at most 5 confirmation mails per address per 30 minutes to
visitors registering for public events. Beyond that the registration is saved all the same and
the page says a mail was sent a short while ago — the same words whether or not the address had
registered before."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone, translation

import pytest
from freezegun import freeze_time

from events.factories import EventPageFactory
from events.models import Audience, EventRegistration
from events.registration import register

from .conftest import oslo

pytestmark = pytest.mark.django_db

THROTTLED = (
    "We sent an e-mail to this address a short while ago. Use the link in it to confirm your "
    "registration. If it has not arrived, try again in half an hour."
)


def nb(msgid):
    with translation.override("nb"):
        return translation.gettext(msgid)


@pytest.fixture
def public_events(event_index):
    return [
        EventPageFactory(
            parent=event_index,
            title=f"Åpent seminar {number}",
            slug=f"seminar-{number}",
            start=oslo(2030, 6, 1 + number, 9, 0),
            end=oslo(2030, 6, 1 + number, 15, 0),
            audience=Audience.PUBLIC,
        )
        for number in range(7)
    ]


def register_as_visitor(client, event, email, capture):
    with capture(execute=True):
        return client.post(
            event.url + "registrer/",
            {"visitor_name": "Vera Besøk", "visitor_email": email},
            follow=True,
        )


def test_the_sixth_confirmation_mail_in_half_an_hour_is_not_sent(
    client, public_events, django_capture_on_commit_callbacks
):
    for event in public_events[:5]:
        response = register_as_visitor(
            client, event, "vera@example.no", django_capture_on_commit_callbacks
        )
        assert nb(THROTTLED) not in response.content.decode()
    assert len(mail.outbox) == 5
    response = register_as_visitor(
        client, public_events[5], "Vera@Example.no", django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    assert nb(THROTTLED) in response.content.decode()
    assert len(mail.outbox) == 5
    # The registration is saved all the same, waiting for its confirmation.
    assert EventRegistration.objects.get(event=public_events[5]).is_pending


def test_another_address_has_its_own_count(
    client, public_events, django_capture_on_commit_callbacks
):
    for event in public_events[:5]:
        register_as_visitor(client, event, "vera@example.no", django_capture_on_commit_callbacks)
    register_as_visitor(
        client, public_events[5], "ola@example.no", django_capture_on_commit_callbacks
    )
    assert len(mail.outbox) == 6 and mail.outbox[-1].to == ["ola@example.no"]


def test_the_same_words_for_an_address_that_registered_and_one_that_did_not(
    client, public_events, django_capture_on_commit_callbacks
):
    for event in public_events[:5]:
        register_as_visitor(client, event, "vera@example.no", django_capture_on_commit_callbacks)
    again = register_as_visitor(
        client, public_events[0], "vera@example.no", django_capture_on_commit_callbacks
    )
    new = register_as_visitor(
        client, public_events[6], "vera@example.no", django_capture_on_commit_callbacks
    )
    assert nb(THROTTLED) in again.content.decode() and nb(THROTTLED) in new.content.decode()
    assert len(mail.outbox) == 5


def test_mail_is_sent_again_once_half_an_hour_has_passed(
    client, public_events, django_capture_on_commit_callbacks
):
    start = timezone.now()
    with freeze_time(start) as clock:
        for event in public_events[:6]:
            register_as_visitor(
                client, event, "vera@example.no", django_capture_on_commit_callbacks
            )
        assert len(mail.outbox) == 5
        clock.tick(timedelta(minutes=31))
        register_as_visitor(
            client, public_events[6], "vera@example.no", django_capture_on_commit_callbacks
        )
    assert len(mail.outbox) == 6


def test_registering_again_while_unconfirmed_sends_the_link_again(
    public_events, django_capture_on_commit_callbacks
):
    event = public_events[0]
    with django_capture_on_commit_callbacks(execute=True):
        first = register(event, visitor_name="V", visitor_email="v@example.no")
        second = register(event, visitor_name="V", visitor_email="v@example.no")
    assert first.pk == second.pk
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        register(event, visitor_name="V", visitor_email="v@example.no", send_confirmation=False)
    assert len(mail.outbox) == 2
