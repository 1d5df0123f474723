"""A verified member finds a mentor and sends a request with the keyboard alone (issue 7,
SECURITY.md U3): search the mentors, open one, choose the format, write what they would like help
with, send; the confirmation is announced (aria-live) and the request is waiting. axe-core finds
nothing on the mentor list, the mentor's page, the request, "my mentoring" and the mentor offer form
(U2)."""

import re

from playwright.sync_api import expect

from careers.models import MentoringRequest

from ..careers.mentoring_fixtures import make_mentor
from ..community.conftest import make_member
from .conftest import assert_no_axe_violations
from .test_member_journey import tab_to, type_into

EMAIL = "mentee.tastatur@example.no"
FACTORY_PASSWORD = "correct-horse-battery"  # accounts.factories.UserFactory


def sign_in(page, site_url, email, password):
    page.goto(site_url + "/konto/login/")
    type_into(page, "input[name=login]", email)
    type_into(page, "input[name=password]", password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".site-header")).to_contain_text(re.compile("Logg ut|Log out|Meldinger"))


def test_a_member_asks_a_mentor_with_the_keyboard(site_url, page):
    mentee = make_member(EMAIL, programme_code="MØA", display_name="Tora Tastatur")
    mentor = make_mentor(
        "marte.mentor@example.no",
        name="Marte Mentorsen",
        programme_code="MØA",
        industry="banking",
        topics=("Ledelse", "Økonomi og finans"),
    )
    sign_in(page, site_url, EMAIL, FACTORY_PASSWORD)

    page.goto(site_url + "/karriere/mentorer/")
    expect(page.locator("h1")).to_be_visible()
    assert_no_axe_violations(page)  # the mentor list
    type_into(page, "main input[name=q]", "Mentorsen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".directory__results")).to_contain_text("Marte Mentorsen")
    assert_no_axe_violations(page)  # the search results

    tab_to(page, f"main a[href$='/karriere/mentorer/{mentor.pk}/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Marte Mentorsen")
    assert_no_axe_violations(page)  # the mentor's page with the request form

    tab_to(page, "input[name=format][value=one_off]")
    page.keyboard.press("Space")
    type_into(page, "textarea[name=purpose]", "Jeg er ny i bank og vil gjerne ha råd om ledelse.")
    tab_to(page, "#be-om button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator(".messages[aria-live=polite]")).to_contain_text("Marte Mentorsen")
    expect(page.locator("h1")).to_contain_text("Marte Mentorsen")
    assert_no_axe_violations(page)  # the request, waiting for an answer
    request = MentoringRequest.objects.get(mentee=mentee)
    assert request.mentor == mentor.user
    assert request.format == "one_off" and request.status == "pending"

    page.goto(site_url + "/karriere/mentorer/min-mentoring/")
    expect(page.locator("main")).to_contain_text("Marte Mentorsen")
    assert_no_axe_violations(page)  # my mentoring

    page.goto(site_url + "/karriere/mentorer/bli-mentor/")
    expect(page.locator("h1")).to_be_visible()
    assert_no_axe_violations(page)  # the mentor offer form
