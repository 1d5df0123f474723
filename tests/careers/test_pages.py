"""Career guidance and course offer pages: where they go in the page tree, what the indexes list
(scope, filters, order, pagination, query budget) and what the pages themselves show."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Locale, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest
from freezegun import freeze_time

from accounts.factories import UserFactory
from careers.factories import (
    CareerArticlePageFactory,
    CareersIndexPageFactory,
    CourseOfferIndexPageFactory,
    CourseOfferPageFactory,
)
from careers.models import (
    CareerArticlePage,
    CareersIndexPage,
    CourseOfferIndexPage,
    CourseOfferPage,
)
from home.factories import FacultySectionPageFactory, ImageFactory
from home.models import Faculty, FacultySectionPage, HomePage
from tests.conftest import SignedInThroughAllauthClient

from .conftest import tag

VIDEO = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


class CareersPageTreeTests(WagtailPageTestCase):
    client_class = SignedInThroughAllauthClient

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get(locale=Locale.get_default())
        cls.section = FacultySectionPageFactory(
            parent=cls.home, faculty=Faculty.objects.get(code="HH"), slug="hh"
        )
        cls.editor = UserFactory(email="redaktor@usn.example", is_staff=True, is_superuser=True)

    def setUp(self):
        self.client.force_login(self.editor)

    def test_indexes_go_under_the_home_page_and_sections_and_hold_their_own_pages(self):
        for index_type in (CareersIndexPage, CourseOfferIndexPage):
            self.assertAllowedParentPageTypes(index_type, {HomePage, FacultySectionPage})
        self.assertAllowedSubpageTypes(CareersIndexPage, {CareerArticlePage})
        self.assertAllowedSubpageTypes(CourseOfferIndexPage, {CourseOfferPage})
        self.assertAllowedParentPageTypes(CareerArticlePage, {CareersIndexPage})
        self.assertAllowedParentPageTypes(CourseOfferPage, {CourseOfferIndexPage})
        self.assertAllowedSubpageTypes(CareerArticlePage, set())
        self.assertAllowedSubpageTypes(CourseOfferPage, set())

    def test_editor_adds_a_webinar_under_a_sections_careers_index(self):
        self.assertCanCreate(
            self.section, CareersIndexPage, nested_form_data({"title": "Karriere", "intro": ""})
        )
        index = CareersIndexPage.objects.child_of(self.section).get()
        self.assertCanCreate(
            index,
            CareerArticlePage,
            nested_form_data(
                {
                    "title": "Webinar: Lønnsforhandling",
                    "kind": "webinar",
                    "intro": "Opptak av webinaret.",
                    "image_alt": "",
                    "body": streamfield([]),
                    "topics": "Karriere",
                }
            ),
        )
        webinar = CareerArticlePage.objects.get(title="Webinar: Lønnsforhandling")
        self.assertEqual(webinar.faculty.code, "HH")  # the section's, as the editor left it empty
        self.assertEqual([t.name for t in webinar.topics.all()], ["Karriere"])

    def test_editor_adds_a_course_offer(self):
        self.assertCanCreate(
            self.home, CourseOfferIndexPage, nested_form_data({"title": "EVU", "intro": ""})
        )
        index = CourseOfferIndexPage.objects.child_of(self.home).get()
        self.assertCanCreate(
            index,
            CourseOfferPage,
            nested_form_data(
                {
                    "title": "Økonomistyring i offentlig sektor",
                    "intro": "Videreutdanning på masternivå.",
                    "body": streamfield([]),
                    "faculty": str(Faculty.objects.get(code="HH").pk),
                    "topics": "Offentlig sektor, Økonomi og finans",
                    "course_format": "blended",
                    "credits": "15",
                    "start_date": "2030-08-20",
                    "application_deadline": "2030-04-15",
                    "price": "12 500 kr",
                    "apply_url": "https://www.usn.no/sok",
                }
            ),
        )
        offer = CourseOfferPage.objects.get(title="Økonomistyring i offentlig sektor")
        self.assertEqual(offer.start_date, date(2030, 8, 20))
        self.assertEqual(offer.topics.count(), 2)


@pytest.mark.django_db
def test_a_course_cannot_close_for_applications_after_it_starts(course_index):
    from django.core.exceptions import ValidationError

    offer = CourseOfferPageFactory.build(
        start_date=date(2030, 8, 1), application_deadline=date(2030, 9, 1)
    )
    with pytest.raises(ValidationError) as error:
        offer.clean()
    assert "application_deadline" in error.value.message_dict


@pytest.mark.django_db
def test_an_image_needs_alternative_text(careers_index):
    from django.core.exceptions import ValidationError

    article = CareerArticlePageFactory.build(image=ImageFactory(), image_alt=" ")
    with pytest.raises(ValidationError):
        article.clean()


# The careers index: scope and filters


@pytest.fixture
def articles(careers_index, hh_careers_index, sections):
    """Two central articles, a webinar at HH, and an article in a section that has not launched."""
    planned_index = CareersIndexPageFactory(parent=sections["TNM"], slug="karriere")
    return {
        "cv": tag(
            CareerArticlePageFactory(parent=careers_index, title="Slik skriver du en god CV"),
            "Karriere",
        ),
        "network": tag(
            CareerArticlePageFactory(parent=careers_index, title="Bygg nettverk på LinkedIn"),
            "Nettverksbygging",
        ),
        "webinar": tag(
            CareerArticlePageFactory(
                parent=hh_careers_index, title="Webinar: Lønnsforhandling", kind="webinar"
            ),
            "Karriere",
            "Økonomi og finans",
        ),
        "planned": CareerArticlePageFactory(parent=planned_index, title="Hemmelig TNM-råd"),
    }


@pytest.mark.django_db
def test_the_central_index_lists_every_launched_sections_articles(client, careers_index, articles):
    html = html_of(client, careers_index.url)
    for key in ("cv", "network", "webinar"):
        assert articles[key].title in html
    assert "Hemmelig TNM-råd" not in html


@pytest.mark.django_db
def test_a_section_index_lists_only_its_own_articles_and_has_no_faculty_filter(
    client, hh_careers_index, articles
):
    html = html_of(client, hh_careers_index.url)
    assert "Webinar: Lønnsforhandling" in html
    assert "Slik skriver du en god CV" not in html
    assert 'name="faculty"' not in html


@pytest.mark.django_db
def test_a_restricted_or_unpublished_article_is_not_listed(client, careers_index, articles):
    PageViewRestriction.objects.create(
        page=articles["cv"], restriction_type=PageViewRestriction.LOGIN
    )
    articles["network"].unpublish()
    html = html_of(client, careers_index.url)
    assert "Slik skriver du en god CV" not in html
    assert "Bygg nettverk på LinkedIn" not in html
    assert "Webinar: Lønnsforhandling" in html


@pytest.mark.django_db
def test_the_index_filters_by_topic_kind_and_faculty(client, careers_index, articles, faculties):
    def titles(query):
        html = html_of(client, careers_index.url + query)
        return {key for key, page in articles.items() if page.title in html}

    assert titles("?topic=karriere") == {"cv", "webinar"}
    assert titles("?kind=webinar") == {"webinar"}
    assert titles(f"?faculty={faculties['HH'].pk}") == {"webinar"}
    assert titles("?topic=karriere&kind=article") == {"cv"}


@pytest.mark.django_db
def test_only_topics_in_use_are_offered(client, careers_index, articles):
    html = html_of(client, careers_index.url)
    assert '<option value="nettverksbygging">Nettverksbygging</option>' in html
    assert "Bærekraft" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?topic=finnes-ikke",
        "?kind=podcast",
        "?faculty=abc",
        "?faculty=999999",
        "?page=99",
        "?page=x",
        "?topic=" + "a" * 5000,
    ],
)
def test_odd_filter_input_is_answered_never_a_500(client, careers_index, articles, query):
    assert client.get(careers_index.url + query).status_code == 200


@pytest.mark.django_db
def test_the_index_is_paginated_by_twelve_keeping_the_filters(client, careers_index):
    for n in range(13):
        tag(CareerArticlePageFactory(parent=careers_index, title=f"Råd nummer {n:02d}"), "Karriere")
    first = html_of(client, careers_index.url + "?topic=karriere")
    assert first.count('class="card career-card"') == 12
    assert 'href="?topic=karriere&amp;page=2"' in first
    second = html_of(client, careers_index.url + "?topic=karriere&page=2")
    assert second.count('class="card career-card"') == 1


def make_articles(index, count, offset=0):
    for n in range(offset, offset + count):
        page = CareerArticlePageFactory(
            parent=index,
            title=f"Råd {n}",
            image=ImageFactory(),
            image_alt="Illustrasjon",
            kind="webinar" if n % 2 else "article",
            faculty=Faculty.objects.order_by("pk")[n % 4],
        )
        tag(page, f"Tema {n % 5}")


@pytest.mark.django_db
def test_the_index_runs_the_same_queries_for_3_and_30_articles(client, careers_index):
    make_articles(careers_index, 3)
    client.get(careers_index.url)  # warm the caches (site root, chrome, renditions made)
    with CaptureQueriesContext(connection) as few:
        html_of(client, careers_index.url)
    make_articles(careers_index, 27, offset=3)
    client.get(careers_index.url)
    with CaptureQueriesContext(connection) as many:
        html = html_of(client, careers_index.url)
    assert html.count("<img") >= 12
    assert len(many) == len(few)
    assert len(many) <= 15


# The article page


@pytest.mark.django_db
def test_an_article_shows_its_image_with_alt_text_topics_and_related_articles(
    client, careers_index
):
    article = tag(
        CareerArticlePageFactory(
            parent=careers_index,
            title="Slik lykkes du i jobbintervjuet",
            image=ImageFactory(),
            image_alt="En person i jobbintervju",
        ),
        "Karriere",
        "Ledelse",
    )
    tag(CareerArticlePageFactory(parent=careers_index, title="Ledelse for nye ledere"), "Ledelse")
    tag(
        CareerArticlePageFactory(parent=careers_index, title="To felles emner"),
        "Karriere",
        "Ledelse",
    )
    CareerArticlePageFactory(parent=careers_index, title="Uten felles emner")
    html = html_of(client, article.url)
    assert 'alt="En person i jobbintervju"' in html
    assert f'href="{careers_index.url}?topic=ledelse"' in html
    related = html.split('id="related-heading"')[1]
    assert related.index("To felles emner") < related.index("Ledelse for nye ledere")
    assert related.index("Ledelse for nye ledere") < related.index("Uten felles emner")
    assert "Slik lykkes du i jobbintervjuet" not in related


@pytest.mark.django_db
def test_a_webinar_embeds_its_recording_with_a_title(client, careers_index):
    Embed.objects.create(
        url=VIDEO,
        max_width=960,
        hash=get_embed_hash(VIDEO, 960),
        type="video",
        html='<iframe src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ" '
        'title="Opptak"></iframe>',
    )
    webinar = CareerArticlePageFactory(
        parent=careers_index,
        title="Webinar: Karriere i offentlig sektor",
        kind="webinar",
        body=[
            {
                "type": "embed",
                "value": {"embed": VIDEO, "title": "Opptak av webinaret", "caption": ""},
            }
        ],
    )
    html = html_of(client, webinar.url)
    assert "youtube-nocookie.com/embed/aqz-KE-bpKQ" in html
    assert 'data-title="Opptak av webinaret"' in html


# Course offers


@pytest.fixture
def offers(course_index, sections, faculties):
    """Today is 1 March 2030 in these tests."""
    hh_index = CourseOfferIndexPageFactory(parent=sections["HH"], slug="evu")
    return {
        "open_late": tag(
            CourseOfferPageFactory(
                parent=course_index,
                title="Bærekraftig verdiskaping",
                faculty=faculties["HH"],
                course_format="online",
                start_date=date(2030, 9, 1),
                application_deadline=date(2030, 6, 1),
            ),
            "Bærekraft",
        ),
        "open_soon": tag(
            CourseOfferPageFactory(
                parent=hh_index,
                title="Økonomistyring i offentlig sektor",
                course_format="blended",
                start_date=date(2030, 8, 15),
                application_deadline=date(2030, 4, 15),
            ),
            "Offentlig sektor",
        ),
        "closed": CourseOfferPageFactory(
            parent=course_index,
            title="Veiledning i praksis",
            faculty=faculties["HS"],
            course_format="campus",
            start_date=date(2030, 4, 1),
            application_deadline=date(2030, 2, 1),
        ),
        "undated": CourseOfferPageFactory(
            parent=course_index,
            title="Kunstig intelligens for ingeniører",
            faculty=faculties["TNM"],
            start_date=None,
            application_deadline=None,
        ),
        "started": CourseOfferPageFactory(
            parent=course_index,
            title="Startet i fjor",
            start_date=date(2029, 9, 1),
            application_deadline=date(2029, 6, 1),
        ),
    }


def listed(client, index, query=""):
    html = html_of(client, index.url + query)
    return [
        title
        for title in [
            "Økonomistyring i offentlig sektor",
            "Bærekraftig verdiskaping",
            "Veiledning i praksis",
            "Kunstig intelligens for ingeniører",
            "Startet i fjor",
        ]
        if title in html
    ]


@pytest.mark.django_db
@freeze_time("2030-03-01 12:00")
def test_course_offers_are_listed_by_start_date_without_those_that_have_started(
    client, course_index, offers
):
    html = html_of(client, course_index.url)
    order = [
        "Veiledning i praksis",  # 1 April
        "Økonomistyring i offentlig sektor",  # 15 August, from the HH section
        "Bærekraftig verdiskaping",  # 1 September
        "Kunstig intelligens for ingeniører",  # no date yet: last
    ]
    positions = [html.index(title) for title in order]
    assert positions == sorted(positions)
    assert "Startet i fjor" not in html
    assert html.count("course-card__closed") == 1  # the course whose deadline has passed


@pytest.mark.django_db
@freeze_time("2030-03-01 12:00")
def test_course_offers_filter_by_open_format_faculty_and_topic(
    client, course_index, offers, faculties
):
    assert "Veiledning i praksis" not in listed(client, course_index, "?open=on")
    assert len(listed(client, course_index, "?open=on")) == 3
    assert listed(client, course_index, "?course_format=online") == ["Bærekraftig verdiskaping"]
    assert listed(client, course_index, f"?faculty={faculties['HS'].pk}") == [
        "Veiledning i praksis"
    ]
    assert listed(client, course_index, "?topic=offentlig-sektor") == [
        "Økonomistyring i offentlig sektor"
    ]
    assert client.get(course_index.url + "?open=kanskje&course_format=x").status_code == 200


@pytest.mark.django_db
def test_the_course_list_runs_the_same_queries_for_3_and_30_offers(client, course_index):
    def make(count, offset=0):
        for n in range(offset, offset + count):
            tag(
                CourseOfferPageFactory(
                    parent=course_index,
                    title=f"Emne {n}",
                    faculty=Faculty.objects.order_by("pk")[n % 4],
                ),
                f"Tema {n % 4}",
            )

    make(3)
    client.get(course_index.url)
    with CaptureQueriesContext(connection) as few:
        html_of(client, course_index.url)
    make(27, offset=3)
    client.get(course_index.url)
    with CaptureQueriesContext(connection) as many:
        html_of(client, course_index.url)
    assert len(many) == len(few)
    assert len(many) <= 15


@pytest.mark.django_db
@freeze_time("2030-03-01 12:00")
def test_a_course_offer_shows_its_facts_and_the_apply_link_while_open(client, offers):
    html = html_of(client, offers["open_late"].url)
    facts = ["Handelshøyskolen", "7,5 studiepoeng", "9 800 kr", "1. juni 2030", "1. september 2030"]
    for fact in facts:
        assert fact in html, fact
    assert 'href="https://www.usn.no/etter-og-videreutdanning/"' in html
    closed = html_of(client, offers["closed"].url)
    assert 'href="https://www.usn.no/etter-og-videreutdanning/"' not in closed
    assert '<p class="notice">' in closed
