"""A faculty coordinator opens the figures dashboard: the trend charts are drawn by the vendored
Chart.js, every chart has its table, and axe finds nothing (SECURITY.md U2, C3)."""

import re
import time

from playwright.sync_api import expect

from accounts.factories import UserFactory
from figures import computing
from home.models import Faculty

from .conftest import assert_no_axe_violations

PASSWORD = "correct-horse-battery"  # UserFactory's


def current_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_coordinator_sees_their_faculty_charts_drawn_without_axe_violations(admin_url, page):
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = UserFactory(email="koordinator.hh@usn.example")
    user.groups.add(Faculty.objects.get(code="HH").coordinator_group)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    computing.compute(months=12)

    page.goto(admin_url + "figures/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")
    code = page.locator("input[name=code]")
    code.fill(current_code(secret))
    with page.expect_navigation():
        code.press("Enter")

    expect(page).to_have_url(re.compile(r"/admin/figures/$"))
    chart = page.locator("canvas#figures-chart-members")
    expect(chart).to_have_attribute("data-figures-drawn", "true")
    drawn = page.evaluate(
        """() => [...document.querySelectorAll('canvas[data-figures-data]')].map(
            (canvas) => Boolean(window.Chart && window.Chart.getChart(canvas)))"""
    )
    assert drawn and all(drawn)
    # Something was painted: not every pixel of the members chart is transparent.
    painted = page.evaluate(
        """() => { const c = document.querySelector('#figures-chart-members');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) return true; } return false; }"""
    )
    assert painted
    expect(page.locator("table caption").first).to_be_visible()
    assert page.locator("text=USN totalt").count() == 0  # the total is for central staff only
    assert_no_axe_violations(page)
