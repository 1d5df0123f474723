"""The Wagtail admin's front door in a real browser: accessible (SECURITY.md U2), and an editor's
e-mail address and password get them to the dashboard."""

import re

from playwright.sync_api import expect

from accounts.factories import UserFactory

from .conftest import assert_no_axe_violations

PASSWORD = "correct-horse-battery"  # UserFactory's


def test_admin_login_page_loads_without_axe_violations(admin_url, page):
    response = page.goto(admin_url + "login/")

    assert response.status == 200
    expect(page.locator("input[name=username]")).to_be_visible()
    expect(page.locator("input[name=password]")).to_be_visible()
    assert_no_axe_violations(page)


def test_superuser_logs_in_with_email_and_reaches_dashboard(admin_url, page):
    user = UserFactory(is_superuser=True, is_staff=True)
    page.goto(admin_url + "login/")

    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")

    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("input[name=password]")).to_have_count(0)
    expect(page.locator("h1")).to_contain_text("USN Alumni")  # the dashboard greets by site name
