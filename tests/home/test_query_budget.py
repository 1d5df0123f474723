"""Every page stays within 15 SQL queries (DESIGN.md §7, SECURITY.md R2) because the site chrome is
cached, and an editor's change is on the next request all the same, in both languages."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from home.factories import NewsPageFactory, StandardPageFactory
from home.menus import menu_version
from home.models import LaunchState, SiteSettings

QUERY_BUDGET = 15


def queries_of(client, url, warm_ups=2):
    """The queries of one request once the caches are warm, and its response."""
    for _ in range(warm_ups):
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response


def publish_translation(page, locale, title):
    copy = page.copy_for_translation(locale, copy_parents=True)
    copy.title = title
    copy.save_revision().publish()
    return Page.objects.get(pk=copy.pk).specific  # as published, live


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def menu_of(html):
    return html.split('class="main-menu"')[1].split("</nav>")[0]


def footer_of(html):
    return html.split('class="site-footer"')[1].split("</footer>")[0]


def switcher_of(html):
    return html.split('class="language-switcher"')[1].split("</nav>")[0]


@pytest.fixture
def member_client(member):
    client = Client()
    client.force_login(member)
    return client


# --- the budget ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page_key", "expected"),
    [("home", 6), ("section", 9), ("news", 9), ("hh_news", 11)],
)
def test_visitor_pages_stay_within_the_query_budget(site_tree, home_en, page_key, expected):
    page = site_tree["sections"]["HH"] if page_key == "section" else site_tree[page_key]
    count, _ = queries_of(Client(), page.url)
    assert count == expected <= QUERY_BUDGET


@pytest.mark.django_db
def test_english_home_page_stays_within_the_query_budget(site_tree, home_en):
    count, response = queries_of(Client(), "/en/")
    assert '<html lang="en">' in response.content.decode()
    assert count == 7 <= QUERY_BUDGET


@pytest.mark.django_db
# The dashboard (/medlemmer/) also shows the member's groups and "recommended for you" (courses,
# jobs, mentors, groups): 14, still within the budget.
@pytest.mark.parametrize(("url", "expected"), [("/", 11), ("/medlemmer/", 14)])
def test_member_pages_stay_within_the_query_budget(
    site_tree, home_en, member_client, url, expected
):
    count, _ = queries_of(member_client, url)
    assert count == expected <= QUERY_BUDGET


@pytest.mark.django_db
def test_site_chrome_costs_no_query_once_cached(site_tree, home_en, member_client):
    """What a member page still queries is the member's own: session, user, badges, profile."""
    _, response = queries_of(member_client, "/medlemmer/")
    with CaptureQueriesContext(connection) as queries:
        member_client.get("/medlemmer/")
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    for chrome_table in ("wagtailcore_site", "wagtailcore_locale", "home_sitesettings"):
        assert chrome_table not in tables
    assert site_tree["sections"]["HH"].title in menu_of(response.content.decode())


# --- no stale chrome after an editor's change ------------------------------------------------


@pytest.mark.django_db
def test_changed_contact_email_shows_at_once_in_both_languages(site_tree, home_en):
    client = Client()
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.contact_email = "alumni@usn.example"
    site_settings.save()
    for url in ("/", "/en/"):
        assert "alumni@usn.example" in footer_of(html_of(client, url))

    site_settings.contact_email = "kontakt@usn.example"
    site_settings.save()
    for url in ("/", "/en/"):
        footer = footer_of(html_of(client, url))
        assert "kontakt@usn.example" in footer
        assert "alumni@usn.example" not in footer


@pytest.mark.django_db
def test_chosen_accessibility_statement_page_is_linked_in_each_language(
    site_tree, home_en, locales
):
    client = Client()
    for url in ("/", "/en/"):
        html_of(client, url)  # the footer with the default address is now cached
    statement = StandardPageFactory(
        parent=site_tree["home"], title="Tilgjengelighetserklæring", slug="tilgjengelighet"
    )
    statement_en = publish_translation(statement, locales["en"], "Accessibility statement")
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.accessibility_statement_page = statement
    site_settings.save()

    assert f'href="{statement.url}"' in footer_of(html_of(client, "/"))
    assert f'href="{statement_en.url}"' in footer_of(html_of(client, "/en/"))

    statement_en.unpublish()
    assert f'href="{statement.url}"' in footer_of(html_of(client, "/en/"))


@pytest.mark.django_db
def test_published_and_unpublished_pages_come_and_go_from_the_menu(site_tree, home_en, locales):
    client = Client()
    assert "Karriere" not in menu_of(html_of(client, "/"))
    careers = StandardPageFactory(
        parent=site_tree["home"], title="Karriere", slug="karriere", show_in_menus=True
    )
    assert "Karriere" in menu_of(html_of(client, "/"))
    assert "Careers" not in menu_of(html_of(client, "/en/"))
    careers_en = publish_translation(careers, locales["en"], "Careers")
    assert "Careers" in menu_of(html_of(client, "/en/"))

    careers.unpublish()
    careers_en.unpublish()
    assert "Karriere" not in menu_of(html_of(client, "/"))
    assert "Careers" not in menu_of(html_of(client, "/en/"))


@pytest.mark.django_db
def test_moved_page_shows_its_new_breadcrumbs_and_leaves_the_menu(site_tree, home_en):
    client = Client()
    about = site_tree["about"]
    assert about.title in menu_of(html_of(client, "/"))
    html_of(client, site_tree["hh_news"].url)  # breadcrumbs of the section's news cached
    site_tree["news"].move(site_tree["sections"]["HH"], pos="last-child")
    about.move(site_tree["sections"]["HS"], pos="last-child")

    assert about.title not in menu_of(html_of(client, "/"))
    moved = Page.objects.get(pk=site_tree["news"].pk)
    crumbs = html_of(client, moved.url).split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert site_tree["sections"]["HH"].title in crumbs
    assert site_tree["news_index"].title not in crumbs


@pytest.mark.django_db
def test_renamed_section_shows_in_breadcrumbs_and_menu(site_tree, home_en):
    client = Client()
    section = site_tree["sections"]["HH"]
    html_of(client, site_tree["hh_news"].url)
    section.title = "USN Handelshøyskolen"
    section.save_revision().publish()
    html = html_of(client, site_tree["hh_news"].url)
    assert "USN Handelshøyskolen" in html.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert "USN Handelshøyskolen" in menu_of(html)


@pytest.mark.django_db
def test_new_translation_replaces_the_home_page_in_the_language_switcher(
    site_tree, home_en, locales
):
    client = Client()
    news = site_tree["news"]
    assert 'href="/en/" hreflang="en"' in switcher_of(html_of(client, news.url))
    news_en = publish_translation(news, locales["en"], "Alumni day 2026")
    assert f'href="{news_en.url}" hreflang="en"' in switcher_of(html_of(client, news.url))
    assert f'href="{news.url}" hreflang="nb"' in switcher_of(html_of(client, news_en.url))

    news_en.unpublish()
    assert 'href="/en/" hreflang="en"' in switcher_of(html_of(client, news.url))


@pytest.mark.django_db
def test_launched_section_is_served_and_listed_at_once(site_tree, home_en):
    client = Client()
    tnm = site_tree["sections"]["TNM"]
    assert client.get(tnm.url).status_code == 404
    assert tnm.title not in menu_of(html_of(client, "/"))

    tnm.launch_state = LaunchState.LIVE
    tnm.save_revision().publish()
    assert client.get(tnm.url).status_code == 200
    assert tnm.title in menu_of(html_of(client, "/"))


@pytest.mark.django_db
def test_section_set_back_to_planned_is_hidden_at_once_with_its_news(site_tree, home_en):
    client = Client()
    hh = site_tree["sections"]["HH"]
    hh_news = site_tree["hh_news"]
    assert client.get(hh_news.url).status_code == 200
    assert hh_news.title in html_of(client, "/")

    hh.launch_state = LaunchState.PLANNED
    hh.save()  # a plain save, not only a publish, must hide it
    assert client.get(hh.url).status_code == 404
    assert client.get(hh_news.url).status_code == 404
    home_html = html_of(client, "/")
    assert hh.title not in menu_of(home_html)
    assert hh_news.title not in home_html


@pytest.mark.django_db
def test_view_restriction_hides_news_from_the_home_page_at_once(site_tree, home_en):
    client = Client()
    secret = NewsPageFactory(parent=site_tree["news_index"], title="Styremøte", slug="styre")
    assert secret.title in html_of(client, "/")
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.LOGIN
    )
    assert secret.title not in html_of(client, "/")
    restriction.delete()
    assert secret.title in html_of(client, "/")


@pytest.mark.django_db
def test_chrome_is_never_shared_between_languages(site_tree, home_en):
    client = Client()
    norwegian = html_of(client, "/")
    english = html_of(client, "/en/")
    assert 'hreflang="en"' in switcher_of(norwegian)
    assert 'hreflang="nb"' in switcher_of(english)
    assert site_tree["sections"]["HH"].title in menu_of(norwegian)
    assert site_tree["sections"]["HH"].title not in menu_of(english)


@pytest.mark.django_db
def test_chrome_goes_stale_again_when_the_change_commits(
    site_tree, django_capture_on_commit_callbacks
):
    """A request elsewhere may rebuild the chrome between the change and its commit; the second
    bump at commit throws that away."""
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        site_settings.contact_email = "alumni@usn.example"
        site_settings.save()
    version_before_commit = menu_version()
    for callback in callbacks:
        callback()
    assert menu_version() > version_before_commit
