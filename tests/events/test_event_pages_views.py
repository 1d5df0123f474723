"""The event page as members, visitors and strangers see it: registering, status, cancelling,
the online link, audience rules, odd input and escaping."""

import re

from django.core import mail

import pytest

from events.factories import RegistrationQuestionFactory
from events.models import Audience, EventRegistration
from events.registration import register
from tests.community.conftest import make_member

pytestmark = pytest.mark.django_db

ONLINE = "https://video.example/hemmelig-rom"


def register_url(event):
    return event.url + "registrer/"


def test_member_registers_in_one_step_and_sees_the_status(client, event, members):
    client.force_login(members[0])
    response = client.post(register_url(event), {}, follow=True)
    html = response.content.decode()
    assert EventRegistration.objects.get(user=members[0]).is_confirmed
    status = html.split('id="registration-status"')[1].split("</div>")[0]
    assert 'aria-live="polite"' in status
    assert "You are registered." in status or "Du er påmeldt." in status


def test_waitlisted_member_sees_their_number(client, event, members):
    register(event, user=members[0])
    register(event, user=members[1])
    register(event, user=members[2])
    client.force_login(members[3])
    client.post(register_url(event), {})
    html = client.get(event.url).content.decode()
    assert EventRegistration.objects.get(user=members[3]).is_waitlisted
    assert "number 2" in html or "nummer 2" in html


def test_member_cancels_from_the_page(client, event, members):
    client.force_login(members[0])
    client.post(register_url(event), {})
    client.post(event.url + "avmeld/")
    assert EventRegistration.objects.get(user=members[0]).status == "cancelled"


def test_a_get_to_the_register_or_cancel_route_changes_nothing(client, event, members):
    client.force_login(members[0])
    assert client.get(register_url(event)).status_code == 302
    assert client.get(event.url + "avmeld/").status_code == 302
    assert not EventRegistration.objects.exists()


def test_online_link_only_for_confirmed_participants(client, event, members):
    register(event, user=members[0])
    register(event, user=members[1])
    register(event, user=members[2])  # waitlisted
    assert ONLINE not in client.get(event.url).content.decode()  # a stranger
    assert ONLINE not in client.get(event.url + "ics/").content.decode()
    client.force_login(members[2])
    assert ONLINE not in client.get(event.url).content.decode()  # on the waitlist
    client.force_login(members[4])
    assert ONLINE not in client.get(event.url).content.decode()  # not registered
    client.force_login(members[0])
    assert ONLINE in client.get(event.url).content.decode()
    assert ONLINE in client.get(event.url + "ics/").content.decode()


def test_participants_names_never_shown_to_others(client, event, members):
    members[0].first_name, members[0].last_name = "Synnøve", "Deltakersen"
    members[0].save()
    register(event, user=members[0])
    for viewer in (None, members[1]):
        if viewer:
            client.force_login(viewer)
        for url in (event.url, event.url + "ics/", event.get_parent().url):
            content = client.get(url).content.decode()
            assert "Deltakersen" not in content
            assert members[0].email not in content


def test_members_event_shows_the_page_but_no_form_to_visitors(client, event):
    html = client.get(event.url).content.decode()
    assert event.title in html
    assert 'action="' + register_url(event) not in html
    assert "for members" in html or "medlemmer" in html


def test_visitor_post_to_a_members_event_is_refused(client, event):
    client.post(register_url(event), {"visitor_name": "V", "visitor_email": "v@example.no"})
    assert not EventRegistration.objects.exists()


def test_verified_event_explains_and_refuses_unverified_members(client, hh_event, members):
    client.force_login(members[0])
    html = client.get(hh_event.url).content.decode()
    assert 'action="' + register_url(hh_event) not in html
    assert "verified" in html or "verifisert" in html
    client.post(register_url(hh_event), {})
    assert not EventRegistration.objects.exists()


def test_verified_member_registers_for_verified_event(client, hh_event):
    alumnus = make_member("alumn@example.no", programme_code="MØA")
    client.force_login(alumnus)
    client.post(register_url(hh_event), {})
    assert EventRegistration.objects.get(user=alumnus).is_confirmed


def test_questions_are_asked_and_answers_stored(client, event, members):
    text = RegistrationQuestionFactory(page=event, label="Allergier", kind="text", required=True)
    choice = RegistrationQuestionFactory(
        page=event, label="Middag", kind="choice", choices="Fisk\nVegetar", required=True
    )
    check = RegistrationQuestionFactory(page=event, label="Bilde ok", kind="checkbox")
    client.force_login(members[0])
    html = client.get(event.url).content.decode()
    assert "Allergier" in html and "Vegetar" in html
    client.post(
        register_url(event),
        {
            f"question_{text.pk}": "Nøtter",
            f"question_{choice.pk}": "Vegetar",
            f"question_{check.pk}": "on",
        },
    )
    answers = EventRegistration.objects.get(user=members[0]).answers
    assert [a["answer"] for a in answers] == ["Nøtter", "Vegetar", True]


def test_form_errors_keep_what_was_typed(client, event, members):
    event.guests_allowed = 1
    event.save()
    question = RegistrationQuestionFactory(page=event, label="Allergier", required=True)
    choice = RegistrationQuestionFactory(
        page=event, label="Middag", kind="choice", choices="Fisk\nVegetar", required=True
    )
    client.force_login(members[0])
    response = client.post(
        register_url(event),
        {"guests": "7", f"question_{question.pk}": "Skalldyr", f"question_{choice.pk}": "Kjøtt"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Skalldyr" in html and 'value="7"' in html
    assert 'role="alert"' in html
    assert not EventRegistration.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"guests": "abc"},
        {"guests": "-1"},
        {"guests": "99999999999999999999999"},
        {"visitor_email": "not-an-address", "visitor_name": ""},
        {"visitor_name": "x" * 5000, "visitor_email": "a@b.no"},
        {"visitor_name": "\x00", "visitor_email": "a@b.no"},
    ],
)
def test_odd_registration_input_is_never_a_500(client, public_event, data):
    public_event.guests_allowed = 2
    public_event.save()
    response = client.post(register_url(public_event), data)
    assert response.status_code in (302, 400)


def test_xss_in_an_answer_and_a_visitor_name_is_escaped(
    client, public_event, django_capture_on_commit_callbacks
):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    question = RegistrationQuestionFactory(page=public_event, label="Hilsen", required=True)
    # A form error re-shows the typed text: escaped.
    response = client.post(
        register_url(public_event),
        {
            "visitor_name": payload,
            "visitor_email": "ikke-en-adresse",
            f"question_{question.pk}": payload,
        },
    )
    html = response.content.decode()
    assert payload not in html and "&lt;script&gt;" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            register_url(public_event),
            {
                "visitor_name": payload,
                "visitor_email": "v@example.no",
                f"question_{question.pk}": payload,
            },
        )
    html_mail = mail.outbox[-1].alternatives[0][0]
    assert payload not in html_mail and "&lt;script&gt;" in html_mail


def test_visitor_registers_and_confirms_by_the_mail_link(
    client, public_event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            register_url(public_event),
            {"visitor_name": "Vera Besøk", "visitor_email": "vera@example.no"},
            follow=True,
        )
    assert response.status_code == 200
    registration = EventRegistration.objects.get()
    assert registration.is_pending and registration.language == "nb"
    path = re.search(r"http://testserver(/pamelding/bekreft/[^\s]+/)", mail.outbox[-1].body).group(
        1
    )
    # The GET only asks (mail scanners follow links).
    assert client.get(path).status_code == 200
    registration.refresh_from_db()
    assert registration.is_pending
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(path).status_code == 200
    registration.refresh_from_db()
    assert registration.is_confirmed
    assert mail.outbox[-1].attachments


def test_bad_confirmation_and_cancel_links_are_404(client):
    assert client.get("/pamelding/bekreft/nope/").status_code == 404
    assert client.get("/pamelding/avmelding/nope/").status_code == 404
    assert client.post("/pamelding/avmelding/nope/").status_code == 404
    assert client.get("/pamelding/tilbakemelding/nope/").status_code == 404


def test_cancel_link_asks_on_get_and_cancels_on_post(client, event, members):
    registration = register(event, user=members[0])
    url = f"/pamelding/avmelding/{registration.cancel_token}/"
    assert client.get(url).status_code == 200
    registration.refresh_from_db()
    assert registration.is_confirmed
    assert client.post(url).status_code == 200
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_an_event_page_has_one_h1_and_an_add_to_calendar_link(client, event):
    html = client.get(event.url).content.decode()
    assert html.count("<h1") == 1
    assert f'href="{event.url}ics/"' in html


def test_public_event_shows_visitor_fields_to_visitors(client, public_event):
    assert public_event.audience == Audience.PUBLIC
    html = client.get(public_event.url).content.decode()
    assert 'name="visitor_email"' in html and 'autocomplete="email"' in html


def test_event_page_queries_do_not_grow_with_registrations(client, event, members):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    event.capacity = None
    event.save()
    for member in members[:2]:
        register(event, user=member)
    client.force_login(members[0])
    client.get(event.url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(event.url).status_code == 200
    for n in range(30):
        register(event, user=make_member(f"mange{n}@example.no", verified=False))
    with CaptureQueriesContext(connection) as many:
        assert client.get(event.url).status_code == 200
    assert len(many) == len(few)
