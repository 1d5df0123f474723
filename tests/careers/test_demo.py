"""The careers demo data: what it builds, that a second run changes nothing, that its pages render
without asking YouTube for the webinars, and that it runs the job board's and mentoring's own
demo builders when they exist."""

import io
import sys
import types

from wagtail.models import Page

import pytest

from careers import demo
from careers.models import CareerArticlePage, CareersIndexPage, CourseOfferPage, MemberBenefit
from home.management.commands.seed_demo import DemoContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_context():
    return DemoContext(seed=2026, options={"members": 0}, stdout=io.StringIO())


@pytest.fixture
def no_feature_demos(monkeypatch):
    for name in ("careers.jobs.demo", "careers.mentoring.demo"):
        monkeypatch.setitem(sys.modules, name, None)  # importing it raises ModuleNotFoundError


def test_the_demo_builds_the_careers_content_once(demo_context, sections, no_feature_demos, client):
    demo.build(demo_context)
    counts = (Page.objects.count(), MemberBenefit.objects.count())
    central = CareersIndexPage.objects.get(slug="karriere", depth=3)
    hh = CareersIndexPage.objects.get(slug="karriere", depth=4)
    assert central.show_in_menus
    assert CareerArticlePage.objects.child_of(central).count() == 8
    assert CareerArticlePage.objects.child_of(central).filter(kind="webinar").count() == 2
    assert CareerArticlePage.objects.child_of(hh).count() == 3
    assert set(CareerArticlePage.objects.child_of(hh).values_list("faculty__code", flat=True)) == {
        "HH"
    }
    assert CourseOfferPage.objects.count() == 8
    assert set(CourseOfferPage.objects.values_list("faculty__code", flat=True)) == {
        "HH",
        "HS",
        "HIU",
        "TNM",
    }
    assert MemberBenefit.objects.count() == 4
    assert MemberBenefit.objects.filter(faculty__code="HH").count() == 1

    demo.build(demo_context)
    assert (Page.objects.count(), MemberBenefit.objects.count()) == counts

    html = client.get(central.url).content.decode()
    assert "Slik skriver du en CV som blir lest" in html
    assert "Karriere for økonomer" not in html  # an index, not an article
    assert "Gründer etter studiene" in html  # the HH section's articles are aggregated
    assert "/etter-og-videreutdanning/" in html  # the link to the course offers
    assert 'href="/karriere/"' in client.get("/").content.decode()  # in the main menu
    webinar = CareerArticlePage.objects.get(slug="webinar-linkedin-profilen")
    assert "youtube-nocookie.com/embed/" in client.get(webinar.url).content.decode()
    courses = client.get("/etter-og-videreutdanning/").content.decode()
    assert "Økonomistyring i offentlig sektor" in courses


def test_the_demo_runs_the_job_board_and_mentoring_builders(demo_context, home, monkeypatch):
    called = []
    for name in ("careers.jobs.demo", "careers.mentoring.demo"):
        module = types.ModuleType(name)
        module.build = lambda ctx, name=name: called.append((name, ctx))
        monkeypatch.setitem(sys.modules, name, module)
    demo.build(demo_context)
    assert called == [("careers.jobs.demo", demo_context), ("careers.mentoring.demo", demo_context)]
