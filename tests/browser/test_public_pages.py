"""The public pages in a real browser: each loads with one h1, links the accessibility statement
(SECURITY.md U1) and passes axe-core (U2); the skip link and the search work with the keyboard
alone (U3)."""

from wagtail.models import Site

import pytest
from playwright.sync_api import expect

from home.models import NewsPage, SiteSettings

from .conftest import assert_no_axe_violations

MAX_TABS = 40  # needing more Tab presses than this to reach the search field would be a bug itself


def news_page_path():
    return NewsPage.objects.live().first().url


# name: (path, a selector the page must show beyond its h1, or None)
PAGES = {
    "home": (lambda: "/", None),
    "english home": (lambda: "/en/", None),
    "pilot faculty section": (lambda: "/hh/", None),
    "news page": (news_page_path, "article"),
    "search results": (lambda: "/search/?q=alumni", "ol.search-results > li"),
}


def accessibility_statement_urls():
    """The configured statement page's URLs, in every language it is translated into."""
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    statement = site_settings.accessibility_statement_page
    assert statement, "the demo site settings name no accessibility statement page"
    return {page.url for page in statement.get_translations(inclusive=True)}


@pytest.mark.parametrize("name", PAGES)
def test_public_page_has_one_h1_statement_link_and_no_axe_violations(site_url, page, name):
    path, content = PAGES[name][0](), PAGES[name][1]
    response = page.goto(site_url + path)

    assert response.status == 200, f"{path} answered {response.status}"
    heading = page.locator("h1")
    expect(heading).to_have_count(1)
    expect(heading).to_be_visible()
    expect(heading).not_to_be_empty()
    if content:
        expect(page.locator(content).first).to_be_visible()
    footer_links = page.locator("footer a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert set(footer_links) & accessibility_statement_urls(), (
        f"no link to the accessibility statement in the footer of {path}: {footer_links}"
    )
    assert_no_axe_violations(page)


def test_first_tab_reaches_skip_link_and_enter_moves_focus_to_main(site_url, page):
    page.goto(site_url + "/")

    page.keyboard.press("Tab")
    skip_link = page.locator(":focus")
    expect(skip_link).to_have_attribute("href", "#main")
    expect(skip_link).to_be_visible()  # a skip link must show itself when focused

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_search_works_with_keyboard_alone(site_url, page):
    page.goto(site_url + "/")

    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "search":
            break
    else:
        pytest.fail(f"the search field was not reached in {MAX_TABS} Tab presses")
    page.keyboard.type("alumni")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "/search/?q=alumni" in page.url
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("ol.search-results > li").first).to_be_visible()
    assert_no_axe_violations(page)
