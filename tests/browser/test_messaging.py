"""Two members write to each other in two browsers (issue 4, SECURITY.md U3): Kari starts a
conversation from Per's profile with the keyboard alone; Per, with the conversation open, sees
her next message appear without reloading; axe-core finds nothing on the way."""

import re

from playwright.sync_api import expect

from community.models import Message

from ..community.conftest import make_member
from .conftest import assert_no_axe_violations
from .test_member_journey import tab_to, type_into

DEMO_PASSWORD = "alumni-demo-2026"
FACTORY_PASSWORD = "correct-horse-battery"  # accounts.factories.UserFactory


def sign_in(page, site_url, email, password):
    page.goto(site_url + "/konto/login/")
    type_into(page, "input[name=login]", email)
    type_into(page, "input[name=password]", password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".site-header")).to_contain_text(re.compile("Meldinger|Messages"))


def test_a_message_appears_for_the_other_member_without_a_reload(site_url, browser):
    per = make_member("per.partner@example.no", programme_code="MØA", display_name="Per Partner")
    kari_context, per_context = browser.new_context(), browser.new_context()
    try:
        kari_page, per_page = kari_context.new_page(), per_context.new_page()
        sign_in(kari_page, site_url, "kari.nordmann@example.no", DEMO_PASSWORD)
        sign_in(per_page, site_url, per.email, FACTORY_PASSWORD)

        kari_page.goto(f"{site_url}/medlemmer/profil/{per.profile.pk}/")
        tab_to(kari_page, "main a[href*='/medlemmer/meldinger/ny/']")
        with kari_page.expect_navigation():
            kari_page.keyboard.press("Enter")
        assert_no_axe_violations(kari_page)
        type_into(kari_page, "textarea[name=body]", "Hei Per! Blir du med på alumnikvelden?")
        tab_to(kari_page, "main form[method=post] button[type=submit]")
        with kari_page.expect_navigation():
            kari_page.keyboard.press("Enter")
        expect(kari_page.locator("#message-list")).to_contain_text("Blir du med")
        assert_no_axe_violations(kari_page)  # the conversation
        conversation_url = kari_page.url.split("#")[0]

        per_page.goto(site_url + "/medlemmer/meldinger/")
        expect(per_page.locator(".inbox")).to_contain_text("Blir du med")
        assert_no_axe_violations(per_page)  # the inbox
        per_page.goto(conversation_url)
        expect(per_page.locator("#message-list")).to_contain_text("Blir du med")
        per_page.evaluate("window.__sameDocument = true")

        type_into(kari_page, "textarea[name=body]", "Den er på fredag kl. 18 i Drammen.")
        tab_to(kari_page, "#skriv button[type=submit]")
        with kari_page.expect_navigation():
            kari_page.keyboard.press("Enter")

        # Per's page polls: the message comes in without a reload (same document).
        expect(per_page.locator("#message-list")).to_contain_text("fredag kl. 18", timeout=15_000)
        assert per_page.evaluate("window.__sameDocument === true")
        assert_no_axe_violations(per_page)
        assert Message.objects.filter(body__contains="fredag kl. 18").count() == 1
    finally:
        kari_context.close()
        per_context.close()
