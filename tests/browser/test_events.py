"""A verified member registers for an event with the keyboard alone and sees the confirmation
announced (aria-live), then cancels (SECURITY.md U3); axe-core finds nothing on the event list
and the event page (U2). The event is the demo's alumni evening in Drammen (events/demo.py)."""

import re

from playwright.sync_api import expect

from events.models import EventPage, EventRegistration, RegistrationStatus

from ..community.conftest import make_member
from .conftest import assert_no_axe_violations
from .test_member_journey import tab_to, type_into

EMAIL = "tastatur.medlem@example.no"
FACTORY_PASSWORD = "correct-horse-battery"  # accounts.factories.UserFactory


def sign_in(page, site_url, email, password):
    page.goto(site_url + "/konto/login/")
    type_into(page, "input[name=login]", email)
    type_into(page, "input[name=password]", password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".site-header")).to_contain_text(re.compile("Logg ut|Log out|Meldinger"))


def test_member_registers_and_cancels_with_the_keyboard(site_url, page):
    member = make_member(EMAIL, programme_code="MØA")
    event = EventPage.objects.get(slug="alumnikveld-drammen")
    sign_in(page, site_url, EMAIL, FACTORY_PASSWORD)

    page.goto(site_url + event.get_parent().url)
    expect(page.locator("main")).to_contain_text("Alumnikveld i Drammen")
    assert_no_axe_violations(page)  # the event list
    tab_to(page, f"main a[href$='{event.slug}/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Alumnikveld i Drammen")
    assert_no_axe_violations(page)  # the event page, with the registration form

    type_into(page, "main form textarea, main form input[type=text]", "Ingen allergier")
    tab_to(page, "main form[action$='registrer/'] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    status = page.locator("#registration-status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_contain_text(re.compile("påmeldt|registered", re.IGNORECASE))
    registration = EventRegistration.objects.get(event=event, user=member)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.answers[0]["answer"] == "Ingen allergier"
    assert_no_axe_violations(page)  # registered: the online link and the cancel button

    tab_to(page, "main form[action$='avmeld/'] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text(
        re.compile("meldt av|no longer registered|cancelled", re.IGNORECASE)
    )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    expect(page.locator("main form[action$='registrer/'] button[type=submit]")).to_be_visible()
    assert_no_axe_violations(page)
