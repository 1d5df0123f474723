"""Every page type renders in Norwegian and English, with the site chrome people rely on."""

import re

from wagtail.models import Locale

import pytest

from home.models import FacultySectionPage, HomePage, LaunchState


def translate_tree(pages, locale):
    """Translate and publish the given pages (parents first) into `locale`."""
    translated = {}
    for key, page in pages.items():
        copy = page.copy_for_translation(locale, copy_parents=True)
        copy.title = f"{page.title} (EN)"
        copy.save_revision().publish()
        translated[key] = copy.specific
    return translated


@pytest.fixture
def english_tree(site_tree, locales):
    home_en = site_tree["home"].copy_for_translation(locales["en"])
    home_en.title = "USN Alumni"
    home_en.save_revision().publish()
    keys = ["news_index", "news", "about", "form"]
    pages = translate_tree({key: site_tree[key] for key in keys}, locales["en"])
    sections = translate_tree({"HH": site_tree["sections"]["HH"]}, locales["en"])
    hh_news = translate_tree(
        {"hh_news_index": site_tree["hh_news_index"], "hh_news": site_tree["hh_news"]},
        locales["en"],
    )
    return {"home": home_en, **pages, "hh": sections["HH"], **hh_news}


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


PAGE_KEYS = ["home", "news_index", "news", "about", "form", "hh_news_index", "hh_news"]


@pytest.mark.django_db
@pytest.mark.parametrize("key", PAGE_KEYS + ["section"])
def test_norwegian_pages_render_with_one_h1_and_the_site_chrome(client, site_tree, key):
    page = site_tree["sections"]["HH"] if key == "section" else site_tree[key]
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nb">' in html
    assert h1_count(html) == 1
    assert page.title in html
    assert 'href="#main"' in html  # skip link
    assert '<main id="main"' in html
    assert "Accessibility statement" in html or "Tilgjengelighetserklæring" in html


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["home", "news_index", "news", "about", "form", "hh", "hh_news"])
def test_english_pages_render_in_english(client, english_tree, key):
    page = english_tree[key]
    assert page.locale.language_code == "en"
    response = client.get(page.url)
    html = response.content.decode()
    assert page.url.startswith("/en/")
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert h1_count(html) == 1
    assert "Accessibility statement" in html
    assert "Skip to main content" in html


@pytest.mark.django_db
def test_language_switcher_links_to_the_translation_of_the_same_page(client, english_tree):
    news_en = english_tree["news"]
    news_nb = news_en.get_translation(Locale.objects.get(language_code="nb"))
    html = client.get(news_nb.url).content.decode()
    assert f'href="{news_en.url}" hreflang="en"' in html
    html = client.get(news_en.url).content.decode()
    assert f'href="{news_nb.url}" hreflang="nb"' in html


@pytest.mark.django_db
def test_language_switcher_falls_back_to_the_home_page_without_translation(
    client, site_tree, english_tree
):
    html = client.get(site_tree["sections"]["HS"].url).content.decode()
    assert 'href="/en/" hreflang="en"' in html


@pytest.mark.django_db
def test_breadcrumbs_show_the_path_with_the_current_page_marked(client, site_tree):
    html = client.get(site_tree["hh_news"].url).content.decode()
    crumbs = html.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert site_tree["sections"]["HH"].title in crumbs
    assert site_tree["hh_news_index"].title in crumbs
    assert f'<span aria-current="page">{site_tree["hh_news"].title}</span>' in crumbs


@pytest.mark.django_db
def test_main_menu_lists_launched_sections_but_not_planned_ones(client, site_tree):
    html = client.get("/").content.decode()
    menu = html.split('class="main-menu"')[1].split("</nav>")[0]
    assert site_tree["sections"]["HH"].title in menu
    assert site_tree["sections"]["HS"].title in menu
    assert site_tree["sections"]["HIU"].title not in menu
    assert site_tree["sections"]["TNM"].title not in menu


@pytest.mark.django_db
def test_home_page_shows_pilot_badge_and_hides_planned_sections(client, site_tree):
    html = client.get("/").content.decode()
    assert "Pilot" in html
    assert "Fakultet for humaniora" not in html


@pytest.mark.django_db
def test_planned_section_and_its_pages_are_404_for_the_public(client, site_tree):
    hiu = site_tree["sections"]["HIU"]
    from home.factories import StandardPageFactory

    child = StandardPageFactory(parent=hiu, title="Hemmelig plan", slug="plan")
    assert client.get(hiu.url).status_code == 404
    assert client.get(child.url).status_code == 404


@pytest.mark.django_db
def test_launching_a_section_makes_it_public(client, site_tree):
    hiu = site_tree["sections"]["HIU"]
    assert client.get(hiu.url).status_code == 404
    hiu.launch_state = LaunchState.LIVE
    hiu.save_revision().publish()
    assert client.get(hiu.url).status_code == 200


@pytest.mark.django_db
def test_editor_can_preview_a_planned_section_on_the_site(client, site_tree, editor):
    client.force_login(editor)
    response = client.get(site_tree["sections"]["TNM"].url)
    assert response.status_code == 200
    assert "Denne seksjonen er ikke lansert" in response.content.decode()


@pytest.mark.django_db
def test_news_index_filters_by_kind_and_tag(client, site_tree):
    from home.factories import NewsPageFactory

    index = site_tree["news_index"]
    story = NewsPageFactory(parent=index, title="Historien om Sigrid", kind="story")
    story.tags.add("helse")
    story.save_revision().publish()
    stories = client.get(index.url, {"kind": "story"}).content.decode()
    assert "Historien om Sigrid" in stories
    assert site_tree["news"].title not in stories
    tagged = client.get(index.url, {"tag": "helse"}).content.decode()
    assert "Historien om Sigrid" in tagged
    assert site_tree["news"].title not in tagged


@pytest.mark.django_db
def test_news_index_survives_bad_query_parameters(client, site_tree):
    response = client.get(site_tree["news_index"].url, {"page": "x" * 50, "kind": "<script>"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>", 1)[1]


@pytest.mark.django_db
def test_news_index_pages_in_twelves(client, site_tree):
    from home.factories import NewsPageFactory

    for number in range(13):
        NewsPageFactory(parent=site_tree["news_index"], title=f"Sak nummer {number}")
    first = client.get(site_tree["news_index"].url)
    assert len(first.context["page_obj"].object_list) == 12
    assert 'rel="next"' in first.content.decode()


@pytest.mark.django_db
def test_faculty_section_home_keeps_one_section_per_language(site_tree, locales):
    hh = site_tree["sections"]["HH"]
    copy = hh.copy_for_translation(locales["en"], copy_parents=True)
    assert FacultySectionPage.objects.filter(faculty=hh.faculty).count() == 2
    assert copy.locale == locales["en"]
    assert HomePage.objects.count() == 2
