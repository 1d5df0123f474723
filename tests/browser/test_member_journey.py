"""A new member's first visit with the keyboard alone (SECURITY.md U3): sign up, confirm the
address from the mail, complete the profile, search the directory, open a profile; axe-core
finds nothing on any page on the way (U2)."""

import re

from django.core import mail

from playwright.sync_api import expect

from community.models import GraduateRecord, Profile
from home.models import Faculty

from .conftest import assert_no_axe_violations

EMAIL = "ny.alumn@example.no"
PASSWORD = "et-langt-og-godt-passord"


def tab_to(page, selector, limit=120):
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    target = page.locator(selector).first
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def type_into(page, selector, text):
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_new_member_signs_up_completes_the_profile_and_finds_an_alumnus(site_url, page):
    # The graduate register knows the newcomer, so confirming the address verifies them.
    GraduateRecord.objects.create(
        student_number="T-900001", full_name="Nora Nyutdannet", email=EMAIL,
        faculty=Faculty.objects.get(code="HH"), programme_name="Master i økonomi og administrasjon",
        graduation_date="2024-06-20",
    )  # fmt: skip
    kari = Profile.objects.get(user__email="kari.nordmann@example.no")

    page.goto(site_url + "/konto/signup/")
    assert_no_axe_violations(page)
    type_into(page, "input[name=first_name]", "Nora")
    type_into(page, "input[name=last_name]", "Nyutdannet")
    type_into(page, "input[name=email]", EMAIL)
    type_into(page, "input[name=password1]", PASSWORD)
    type_into(page, "input[name=password2]", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_be_visible()
    assert_no_axe_violations(page)  # "check your e-mail"

    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link.replace("http://testserver", site_url))
    assert_no_axe_violations(page)
    tab_to(page, "main button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/medlemmer/$"))
    assert_no_axe_violations(page)  # the dashboard

    page.goto(site_url + "/medlemmer/profil/")
    type_into(page, "input[name='profile-headline']", "Økonom i Drammen")
    type_into(page, "input[name='profile-employer']", "Drammen kommune")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text(re.compile("lagret|saved"))
    assert_no_axe_violations(page)
    assert Profile.objects.get(user__email=EMAIL).employer == "Drammen kommune"

    page.goto(site_url + "/medlemmer/katalog/")
    type_into(page, "main input[name=q]", "Kari Nordmann")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("[role=status]").last).to_contain_text(re.compile(r"\d"))
    assert_no_axe_violations(page)
    tab_to(page, f"a[href$='/medlemmer/profil/{kari.pk}/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Kari Nordmann")
    assert_no_axe_violations(page)
