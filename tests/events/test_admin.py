"""The event admin (SECURITY.md C3, X6): which events a user manages, the participant list with
answers and the waitlist, the CSV export, mail to the participants, duplicating an event; a
coordinator of another faculty gets the admin's 403 and nothing changes; an unknown event 404."""

import csv
import io
from datetime import timedelta

from django.core import mail
from django.urls import reverse

from wagtail.models import Page, PageLogEntry

import pytest

from events.csv_export import neutralise
from events.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    EventRegistrationFactory,
    RegistrationQuestionFactory,
)
from events.models import EventPage, EventRegistration, RegistrationStatus
from tests.community.conftest import make_member

from .conftest import oslo

pytestmark = pytest.mark.django_db


@pytest.fixture
def hs_event(sections):
    index = EventIndexPageFactory(parent=sections["HS"], title="HS-arrangementer", slug="arr")
    return EventPageFactory(
        parent=index,
        title="Fagdag HS",
        slug="fagdag",
        start=oslo(2030, 10, 1, 9, 0),
        end=oslo(2030, 10, 1, 15, 0),
        capacity=1,
    )


@pytest.fixture
def registrations(hh_event, hs_event):
    """Two confirmed and one waitlisted participant on each faculty's event."""
    question = RegistrationQuestionFactory(page=hh_event, label="Allergier?", sort_order=0)
    people = [make_member(f"deltaker{n}@example.no") for n in range(3)]
    for n, person in enumerate(people):
        person.first_name, person.last_name = f"Deltaker{n}", "Hansen"
        person.preferred_language = "en" if n == 1 else "nb"
        person.save()
    result = {}
    for event in (hh_event, hs_event):
        result[event.pk] = [
            EventRegistrationFactory(
                event=event,
                user=people[0],
                answers=[{"question": question.pk, "label": "Allergier?", "answer": "=1+2"}],
            ),
            EventRegistrationFactory(event=event, user=people[1], guests=0),
            EventRegistrationFactory(
                event=event, user=people[2], status=RegistrationStatus.WAITLISTED
            ),
        ]
    return result


def action_urls(event):
    return {
        name: reverse(f"event_registrations:{name}", args=[event.pk])
        for name in ("participants", "export", "mail", "duplicate", "checkin")
    }


def test_index_lists_only_the_coordinators_faculty_events(
    client, coordinator_hh, hh_event, hs_event
):
    client.force_login(coordinator_hh)
    response = client.get(reverse("event_registrations:index"))
    assert response.status_code == 200
    assert "Karrierekurs HH" in response.content.decode()
    assert "Fagdag HS" not in response.content.decode()


def test_editor_and_superuser_see_every_event(client, editor, superuser, hh_event, hs_event):
    for user in (editor, superuser):
        client.force_login(user)
        content = client.get(reverse("event_registrations:index")).content.decode()
        assert "Karrierekurs HH" in content and "Fagdag HS" in content


def test_events_menu_shows_for_coordinators(client, coordinator_hh, hh_event):
    client.force_login(coordinator_hh)
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("event_registrations:index") in content


def test_coordinator_sees_own_participants_answers_and_waitlist(
    client, coordinator_hh, hh_event, registrations
):
    client.force_login(coordinator_hh)
    response = client.get(action_urls(hh_event)["participants"])
    content = response.content.decode()
    assert response.status_code == 200
    assert "Deltaker0 Hansen" in content and "deltaker0@example.no" in content
    assert "Allergier?" in content and "=1+2" in content
    waitlist = content[content.index('id="participants-waitlist"') :]
    assert "Deltaker2 Hansen" in waitlist


@pytest.mark.parametrize("name", ["participants", "export", "mail", "duplicate", "checkin"])
def test_other_faculty_coordinator_gets_403_on_get(
    client, coordinator_hh, hs_event, registrations, name
):
    client.force_login(coordinator_hh)
    response = client.get(action_urls(hs_event)[name])
    assert response.status_code == 403
    assert "Deltaker0" not in response.content.decode()


def test_other_faculty_coordinator_changes_nothing_by_post(
    client, coordinator_hh, hs_event, registrations
):
    client.force_login(coordinator_hh)
    urls = action_urls(hs_event)
    pages_before = Page.objects.count()
    target = registrations[hs_event.pk][0]
    responses = [
        client.post(urls["mail"], {"subject": "Hei", "text": "Hei alle"}),
        client.post(urls["duplicate"], {"start": "2031-10-01 09:00"}),
        client.post(urls["checkin"], {"registration": target.pk, "attended": "1"}),
    ]
    assert [r.status_code for r in responses] == [403, 403, 403]
    assert mail.outbox == []
    assert Page.objects.count() == pages_before
    target.refresh_from_db()
    assert target.attended_at is None


@pytest.mark.parametrize("name", ["participants", "export", "mail", "duplicate", "checkin"])
def test_unknown_event_is_404(client, coordinator_hh, name):
    client.force_login(coordinator_hh)
    assert client.get(reverse(f"event_registrations:{name}", args=[999999])).status_code == 404


def test_member_without_admin_access_gets_no_participant_list(client, hh_event, registrations):
    member = make_member("nysgjerrig@example.no")
    client.force_login(member)
    response = client.get(action_urls(hh_event)["participants"])
    assert response.status_code in (302, 403)
    assert "Deltaker0" not in response.content.decode()


def test_csv_export_neutralises_formulas_and_lists_the_waitlist_in_order(
    client, coordinator_hh, hh_event, registrations
):
    make_member("x@example.no")
    EventRegistration.objects.create(
        event=hh_event,
        visitor_name="@SUM(A1)",
        visitor_email="visitor@example.no",
        status=RegistrationStatus.CONFIRMED,
        answers=[{"question": 0, "label": "Allergier?", "answer": "-cmd"}],
    )
    client.force_login(coordinator_hh)
    response = client.get(action_urls(hh_event)["export"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-1] == "Allergier?"
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=1+2" in cells and "'@SUM(A1)" in cells and "'-cmd" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert rows[-1][0] == "Deltaker2 Hansen" and rows[-1][3] == "1"  # waitlist number 1
    assert PageLogEntry.objects.filter(
        page=hh_event, action="events.participants_exported"
    ).exists()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=A1", "'=A1"), ("+47 1", "'+47 1"), ("-1", "'-1"), ("@x", "'@x"), ("Ola", "Ola"), ("", "")],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_mail_goes_to_confirmed_participants_only_in_their_language(
    client, coordinator_hh, hh_event, registrations
):
    client.force_login(coordinator_hh)
    response = client.post(
        action_urls(hh_event)["mail"],
        {"subject": "Endret rom", "text": "Vi er flyttet til rom A-101."},
    )
    assert response.status_code == 302
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["deltaker0@example.no", "deltaker1@example.no"]  # not the waitlist
    assert all(len(m.to) == 1 for m in mail.outbox)
    by_address = {m.to[0]: m for m in mail.outbox}
    html = {address: m.alternatives[0][0] for address, m in by_address.items()}
    assert 'lang="nb"' in html["deltaker0@example.no"]
    assert 'lang="en"' in html["deltaker1@example.no"]
    assert "Deltaker1 Hansen" in by_address["deltaker1@example.no"].body
    assert "rom A-101" in by_address["deltaker1@example.no"].body
    entry = PageLogEntry.objects.get(page=hh_event, action="events.participants_mailed")
    assert entry.data["recipients"] == 2


def test_mail_subject_must_be_one_line(client, coordinator_hh, hh_event, registrations):
    client.force_login(coordinator_hh)
    response = client.post(
        action_urls(hh_event)["mail"], {"subject": "Hei\nBcc: x@example.no", "text": "Hei"}
    )
    assert response.status_code == 200
    assert mail.outbox == []


def test_duplicate_makes_a_shifted_draft_without_participants(
    client, coordinator_hh, hh_event, registrations
):
    hh_event.registration_closes_at = hh_event.start - timedelta(days=2)
    hh_event.save()
    client.force_login(coordinator_hh)
    response = client.post(action_urls(hh_event)["duplicate"], {"start": "2031-09-10 12:00"})
    assert response.status_code == 302
    copy = EventPage.objects.exclude(pk=hh_event.pk).get(title=hh_event.title)
    assert copy.get_parent().pk == hh_event.get_parent().pk
    assert not copy.live
    assert copy.slug != hh_event.slug
    assert copy.start == oslo(2031, 9, 10, 12, 0)
    assert copy.end - copy.start == hh_event.end - hh_event.start
    assert copy.registration_closes_at == copy.start - timedelta(days=2)
    assert copy.questions.count() == 1
    assert not EventRegistration.objects.filter(event=copy).exists()
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[copy.pk])


def test_duplicate_refused_where_the_user_may_not_add_pages(client, coordinator_hh, event):
    """A site-wide event the HH coordinator manages (faculty HH) but whose index is outside the
    HH section, where they may not add pages."""
    from home.models import Faculty

    event.faculty = Faculty.objects.get(code="HH")
    event.save()
    client.force_login(coordinator_hh)
    pages_before = Page.objects.count()
    assert client.get(action_urls(event)["duplicate"]).status_code == 403
    response = client.post(action_urls(event)["duplicate"], {"start": "2031-09-10 12:00"})
    assert response.status_code == 403
    assert Page.objects.count() == pages_before


def test_page_explorer_offers_participants_for_managed_events_only(
    client, coordinator_hh, editor, hh_event
):
    client.force_login(coordinator_hh)
    listing = reverse("wagtailadmin_explore", args=[hh_event.get_parent().pk])
    participants = action_urls(hh_event)["participants"]
    assert participants in client.get(listing).content.decode()
