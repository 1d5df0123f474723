"""The anonymous page cache (usn_alumni.page_cache, issue 11): visitors get cached Wagtail pages,
members never do, and every change an editor makes is visible to the next visitor."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction

import pytest
from freezegun import freeze_time

from careers.factories import CourseOfferIndexPageFactory, CourseOfferPageFactory
from events.factories import EventIndexPageFactory, EventPageFactory, EventRegistrationFactory
from events.models import Audience
from home.models import SiteSettings
from usn_alumni.page_cache import HEADER, seconds_to_keep, seconds_until_local_midnight

OSLO = ZoneInfo("Europe/Oslo")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def visitor():
    return Client()


def test_a_visitor_gets_a_miss_then_the_same_page_from_the_cache(site_tree):
    first = visitor().get("/")
    second = visitor().get("/")
    assert first.status_code == second.status_code == 200
    assert first[HEADER] == "miss"
    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert b"Alumnidagen 2026" in second.content


def test_a_hit_runs_no_sql(site_tree, django_assert_num_queries):
    visitor().get(site_tree["news"].url)
    with django_assert_num_queries(0):
        response = visitor().get(site_tree["news"].url)
    assert response[HEADER] == "hit"


def test_hit_and_miss_carry_identical_security_headers(site_tree, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    miss = Client().get("/", secure=True)
    hit = Client().get("/", secure=True)
    assert (miss[HEADER], hit[HEADER]) == ("miss", "hit")
    for name in [
        "Content-Security-Policy",
        "Strict-Transport-Security",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
    ]:
        assert miss.get(name), name
        assert hit.get(name) == miss.get(name), name
    headers_of = lambda response: {k: v for k, v in response.items() if k != HEADER}  # noqa: E731
    assert headers_of(hit) == headers_of(miss)
    assert "'unsafe-inline'" not in hit["Content-Security-Policy"].split("script-src")[1]


def test_head_is_answered_from_the_cache(site_tree):
    visitor().get("/")
    assert visitor().head("/")[HEADER] == "hit"


def test_a_member_never_gets_a_cached_page(site_tree, client, member):
    visitor().get("/")
    assert visitor().get("/")[HEADER] == "hit"
    client.force_login(member)
    response = client.get("/")
    assert response.status_code == 200
    assert HEADER not in response
    assert reverse("account_logout").encode() in response.content


def test_a_member_never_fills_the_cache_and_visitors_never_see_a_members_page(
    site_tree, client, member
):
    client.force_login(member)
    client.get("/")
    client.get(site_tree["news"].url)
    for url in ["/", site_tree["news"].url]:
        first, second = visitor().get(url), visitor().get(url)
        assert first[HEADER] == "miss", url
        assert second[HEADER] == "hit", url
        for response in (first, second):
            assert reverse("account_logout").encode() not in response.content
            assert reverse("account_login").encode() in response.content


def test_a_session_or_message_cookie_bypasses_the_cache(site_tree, settings):
    visitor().get("/")
    with_session = Client()
    with_session.cookies[settings.SESSION_COOKIE_NAME] = "some-session"
    assert HEADER not in with_session.get("/")
    with_message = Client()
    with_message.cookies["messages"] = "a-pending-message"
    assert HEADER not in with_message.get("/")
    assert HEADER not in visitor().get("/", HTTP_AUTHORIZATION="Basic dXNlcjpwdw==")


def test_publishing_shows_the_new_version_at_once(site_tree):
    news = site_tree["news"]
    visitor().get(news.url)
    visitor().get("/")
    assert visitor().get(news.url)[HEADER] == "hit"
    news.title = "Alumnidagen flyttes"
    news.save_revision().publish()
    for url in [news.url, "/"]:  # the page itself, and the home page that lists it
        response = visitor().get(url)
        assert response[HEADER] == "miss", url
        assert b"Alumnidagen flyttes" in response.content, url


def test_unpublishing_takes_the_page_away_at_once(site_tree):
    news = site_tree["news"]
    url = news.url
    visitor().get(url)
    visitor().get("/")
    assert visitor().get(url)[HEADER] == "hit"
    news.unpublish()
    assert visitor().get(url).status_code == 404
    assert b"Alumnidagen 2026" not in visitor().get("/").content


def test_deleting_takes_the_page_away_at_once(site_tree):
    about = site_tree["about"]
    visitor().get(about.url)
    assert visitor().get(about.url)[HEADER] == "hit"
    about.delete()
    assert visitor().get("/om/").status_code == 404


def test_moving_serves_the_page_at_its_new_address_only(site_tree):
    about = site_tree["about"]
    visitor().get("/om/")
    assert visitor().get("/om/")[HEADER] == "hit"
    about.move(site_tree["sections"]["HH"], pos="last-child")
    old = visitor().get("/om/")  # Wagtail leaves a redirect behind
    assert old.status_code in (301, 302)
    assert old["Location"].endswith("/hh/om/")
    assert visitor().get("/hh/om/").status_code == 200


def test_footer_settings_and_redirects_make_cached_pages_stale(site_tree, home):
    visitor().get("/")
    site_settings = SiteSettings.for_site(home.get_site())
    site_settings.contact_phone = "+47 31 00 80 00"
    site_settings.save()
    response = visitor().get("/")
    assert response[HEADER] == "miss"
    assert b"+47 31 00 80 00" in response.content
    assert visitor().get("/")[HEADER] == "hit"
    Redirect.objects.create(old_path="/gammel", redirect_link="/om/")
    assert visitor().get("/")[HEADER] == "miss"


def test_norwegian_and_english_are_kept_apart(site_tree, home_en):
    nb_first, en_first = visitor().get("/"), visitor().get("/en/")
    nb_hit, en_hit = visitor().get("/"), visitor().get("/en/")
    assert (nb_hit[HEADER], en_hit[HEADER]) == ("hit", "hit")
    assert nb_hit.content == nb_first.content and en_hit.content == en_first.content
    assert b'<html lang="nb">' in nb_hit.content
    assert b'<html lang="en">' in en_hit.content
    assert b"Welcome to USN Alumni" in en_hit.content
    assert b"Welcome to USN Alumni" not in nb_hit.content


def test_post_is_never_answered_from_the_cache_nor_stored(site_tree):
    visitor().get("/")
    posted = visitor().post("/")
    assert HEADER not in posted
    visitor().post(site_tree["about"].url)
    assert visitor().get(site_tree["about"].url)[HEADER] == "miss"


def test_a_query_string_is_never_cached(site_tree):
    url = site_tree["news_index"].url
    visitor().get(url)
    for _ in range(2):
        response = visitor().get(url, {"kind": "story"})
        assert response.status_code == 200
        assert HEADER not in response


def test_error_responses_are_not_cached(site_tree):
    # A planned section is a 404 for visitors: Wagtail routes to it, and the answer is never kept.
    for _ in range(2):
        response = visitor().get(site_tree["sections"]["HIU"].url)
        assert response.status_code == 404
        assert response.get(HEADER) != "hit"
    for _ in range(2):
        assert visitor().get("/finnes-ikke/").get(HEADER) is None


def test_a_page_with_a_csrf_form_is_never_cached_nor_shares_its_token(site_tree):
    url = site_tree["form"].url
    first, second = visitor().get(url), visitor().get(url)
    assert (first[HEADER], second[HEADER]) == ("miss", "miss")
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_a_restricted_page_is_never_cached(site_tree):
    about = site_tree["about"]
    PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig-passord"
    )
    for _ in range(2):
        response = visitor().get(about.url)
        assert response.get(HEADER) != "hit"
        assert "no-store" in response["Cache-Control"]


def test_a_response_varying_on_what_the_key_ignores_is_not_stored():
    request = RequestFactory().get("/")
    keyed = HttpResponse("side")
    keyed["Vary"] = "Accept-Language, Cookie"
    assert seconds_to_keep(request, keyed, page=None, default=300) == 300
    for vary in ["Accept-Language, User-Agent", "Accept-Encoding"]:
        response = HttpResponse("side")
        response["Vary"] = vary
        assert seconds_to_keep(request, response, page=None, default=300) == 0, vary
    compressed = HttpResponse(b"\x1f\x8b")
    compressed["Content-Encoding"] = "gzip"
    assert seconds_to_keep(request, compressed, page=None, default=300) == 0


def test_the_cache_can_be_switched_off(site_tree, settings):
    settings.PAGE_CACHE_SECONDS = 0
    visitor().get("/")
    assert HEADER not in visitor().get("/")


def test_an_event_page_shows_the_places_left_after_every_registration(home, member):
    index = EventIndexPageFactory(parent=home, slug="arrangementer")
    event = EventPageFactory(
        parent=index,
        slug="alumnikveld",
        title="Alumnikveld",
        start=datetime(2030, 5, 20, 18, 0, tzinfo=OSLO),
        end=datetime(2030, 5, 20, 22, 0, tzinfo=OSLO),
        capacity=2,
        audience=Audience.MEMBERS,
    )
    for url in [event.url, index.url]:
        first, second = visitor().get(url), visitor().get(url)
        assert (first[HEADER], second[HEADER]) == ("miss", "miss"), url
        assert b"2 plasser igjen" in second.content, url
    EventRegistrationFactory(event=event, user=member)
    for url in [event.url, index.url]:
        response = visitor().get(url)
        assert b"1 plass igjen" in response.content, url
        assert response[HEADER] == "miss", url


def test_a_course_offer_is_kept_only_until_midnight(home):
    index = CourseOfferIndexPageFactory(parent=home, slug="evu")
    offer = CourseOfferPageFactory(
        parent=index,
        slug="okonomistyring",
        start_date=date(2026, 9, 1),
        application_deadline=date(2026, 4, 15),
    )
    with freeze_time(datetime(2026, 4, 15, 23, 59, tzinfo=OSLO)):
        assert seconds_until_local_midnight() == 60
        visitor().get(offer.url)
        open_page = visitor().get(offer.url)
        assert open_page[HEADER] == "hit"
    with freeze_time(datetime(2026, 4, 16, 0, 0, 30, tzinfo=OSLO)):
        closed_page = visitor().get(offer.url)
    assert closed_page[HEADER] == "miss"
    assert closed_page.content != open_page.content
