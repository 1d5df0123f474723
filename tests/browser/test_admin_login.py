"""The Wagtail admin's front door in a real browser: accessible (SECURITY.md U2), and an editor
gets in with e-mail, password and a second factor (A5)."""

import re
import time

from playwright.sync_api import expect

from accounts.factories import UserFactory

from .conftest import assert_no_axe_violations

PASSWORD = "correct-horse-battery"  # UserFactory's


def current_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_admin_login_hands_over_to_the_site_login_without_axe_violations(admin_url, page):
    response = page.goto(admin_url + "login/")

    assert response.status == 200
    expect(page).to_have_url(re.compile(r"/konto/login/\?next="))
    expect(page.locator("input[name=login]")).to_be_visible()
    expect(page.locator("input[name=password]")).to_be_visible()
    assert_no_axe_violations(page)


def test_superuser_signs_in_with_password_and_totp_and_reaches_the_dashboard(admin_url, page):
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = UserFactory(is_superuser=True, is_staff=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    page.goto(admin_url)

    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")

    code = page.locator("input[name=code]")
    expect(code).to_be_visible()  # the second factor is asked before the admin opens
    assert_no_axe_violations(page)
    code.fill(current_code(secret))
    with page.expect_navigation():
        code.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("h1")).to_contain_text("USN Alumni")  # the dashboard greets by site name


def test_editor_without_a_second_factor_sets_one_up_before_the_admin_opens(admin_url, page):
    from django.contrib.auth.models import Group

    from allauth.account.models import EmailAddress

    user = UserFactory()
    user.groups.add(Group.objects.get(name="Editors"))
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    page.goto(admin_url)
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")
    if page.locator("input[name=password]").count():  # allauth may ask to confirm the password
        page.locator("input[name=password]").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("input[name=password]").press("Enter")

    expect(page).to_have_url(re.compile(r"/totp/activate/"))
    assert_no_axe_violations(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(current_code(secret))
    with page.expect_navigation():
        page.locator("input[name=code]").press("Enter")
    page.goto(admin_url)
    expect(page.locator("h1")).to_contain_text("USN Alumni")
