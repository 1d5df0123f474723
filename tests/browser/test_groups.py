"""A member creates a group, invites a colleague and starts a thread; the colleague accepts and
replies — with the keyboard alone (issue 5, SECURITY.md U3), axe-core finding nothing on the way."""

import re

from playwright.sync_api import expect

from community.models import Group, GroupMembership, GroupReply, MembershipStatus

from ..community.conftest import make_member
from .conftest import assert_no_axe_violations
from .test_member_journey import tab_to, type_into
from .test_messaging import DEMO_PASSWORD, FACTORY_PASSWORD, sign_in


def press_enter_and_wait(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_create_invite_post_and_reply_with_the_keyboard(site_url, browser):
    per = make_member("per.kollega@example.no", programme_code="MØA", display_name="Per Kollega")
    kari_context, per_context = browser.new_context(), browser.new_context()
    try:
        kari, per_page = kari_context.new_page(), per_context.new_page()
        sign_in(kari, site_url, "kari.nordmann@example.no", DEMO_PASSWORD)

        # Kari creates an invite-only group.
        kari.goto(site_url + "/medlemmer/grupper/ny/")
        assert_no_axe_violations(kari)
        type_into(kari, "input[name=name]", "Controllere i Vestfold")
        type_into(
            kari, "textarea[name=description]", "Erfaringsutveksling for controllere i regionen."
        )
        tab_to(kari, "input[name=kind]:checked")  # a radio group: arrows move the choice
        for _ in range(3):
            kari.keyboard.press("ArrowDown")  # open → by request → invite only → hidden
        tab_to(kari, "main form[method=post] button[type=submit]")
        press_enter_and_wait(kari)
        expect(kari.locator("h1")).to_contain_text("Controllere i Vestfold")
        assert_no_axe_violations(kari)
        group = Group.objects.get(name="Controllere i Vestfold")
        assert group.kind == "hidden"

        # She finds Per and invites him.
        tab_to(kari, f"a[href$='/grupper/{group.pk}/inviter/']")
        press_enter_and_wait(kari)
        type_into(kari, "input[name=finn]", "Per Kollega")
        press_enter_and_wait(kari)
        assert_no_axe_violations(kari)
        tab_to(kari, "form.member-list__actions button[type=submit]")
        press_enter_and_wait(kari)
        assert GroupMembership.objects.get(group=group, user=per).status == (
            MembershipStatus.INVITED
        )

        # And starts a thread.
        kari.goto(f"{site_url}/medlemmer/grupper/{group.pk}/")
        tab_to(kari, f"a[href$='/grupper/{group.pk}/traader/ny/']")
        press_enter_and_wait(kari)
        assert_no_axe_violations(kari)
        type_into(kari, "input[name=title]", "Budsjettprosessen 2027")
        type_into(kari, "textarea[name=body]", "Hvordan legger dere opp budsjettarbeidet?")
        tab_to(kari, "main form[method=post] button[type=submit]")
        press_enter_and_wait(kari)
        expect(kari.locator("main")).to_contain_text("Hvordan legger dere opp")
        thread_url = kari.url.split("#")[0]

        # Per, invited, accepts from the group's page and replies.
        sign_in(per_page, site_url, per.email, FACTORY_PASSWORD)
        per_page.goto(f"{site_url}/medlemmer/grupper/{group.pk}/om/")
        assert_no_axe_violations(per_page)
        tab_to(per_page, f"form[action$='/grupper/{group.pk}/bli-med/'] button[type=submit]")
        press_enter_and_wait(per_page)
        assert GroupMembership.objects.get(group=group, user=per).status == (
            MembershipStatus.ACTIVE
        )
        per_page.goto(thread_url)
        assert_no_axe_violations(per_page)
        type_into(per_page, "textarea[name=body]", "Vi starter i august med rammene.")
        tab_to(per_page, "#skriv button[type=submit]")
        press_enter_and_wait(per_page)
        expect(per_page.locator("main")).to_contain_text("Vi starter i august")
        assert_no_axe_violations(per_page)
        assert GroupReply.objects.filter(thread__group=group, author=per).count() == 1

        # Kari sees the reply.
        kari.goto(thread_url)
        expect(kari.locator("main")).to_contain_text(re.compile("Vi starter i august"))
    finally:
        kari_context.close()
        per_context.close()
