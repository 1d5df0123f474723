"""A verified member posts a job with the keyboard alone and sees it waiting for review
(SECURITY.md U3); axe-core finds nothing on the job list, the form, the form with its errors,
"my postings" and the posting's own page (U2)."""

import re

from playwright.sync_api import expect

from careers.models import JobPosting, JobStatus

from ..community.conftest import make_member
from .conftest import assert_no_axe_violations
from .test_events import FACTORY_PASSWORD, sign_in
from .test_member_journey import tab_to, type_into

EMAIL = "tastatur.jobb@example.no"
TABS = 300  # the form has a checkbox per field of work and per faculty


def test_member_posts_a_job_with_the_keyboard_and_it_waits_for_review(site_url, page):
    member = make_member(EMAIL, programme_code="MØA")
    sign_in(page, site_url, EMAIL, FACTORY_PASSWORD)

    page.goto(site_url + "/karriere/jobber/")
    expect(page.locator("h1")).to_be_visible()
    assert_no_axe_violations(page)  # the job list
    tab_to(page, "main a[href$='/karriere/jobber/ny/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main form")).to_be_visible()
    assert_no_axe_violations(page)  # the empty form

    # Sent without a way to apply: the errors are listed and announced.
    type_into(page, "input[name=title]", "Controller")
    type_into(page, "input[name=employer]", "Telemark Kraft AS")
    tab_to(page, "select[name=job_type]", TABS)
    page.keyboard.press("ArrowDown")  # the first type, full-time
    type_into(page, "textarea[name=description]", "Vi søker en controller til Skien.")
    tab_to(page, "main form button[type=submit]", TABS)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#form-errors[role=alert]")).to_be_visible()
    assert_no_axe_violations(page)  # the form with its errors
    assert not JobPosting.objects.filter(employer="Telemark Kraft AS").exists()

    type_into(page, "input[name=apply_url]", "https://jobb.telemarkkraft.example/controller")
    tab_to(page, "main form button[type=submit]", TABS)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/karriere/jobber/mine/$"))
    expect(page.locator(".messages")).to_contain_text(re.compile("review|vurdering", re.I))
    expect(page.locator("main")).to_contain_text("Controller")
    assert_no_axe_violations(page)  # my postings
    posting = JobPosting.objects.get(employer="Telemark Kraft AS")
    assert posting.posted_by == member
    assert posting.status == JobStatus.PENDING
    assert posting.job_type == "full_time"

    tab_to(page, f"main a[href$='/karriere/jobber/{posting.pk}/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Telemark Kraft AS")
    assert_no_axe_violations(page)  # the posting, with its status for the poster
