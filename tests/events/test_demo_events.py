"""Demo events: `seed_demo` builds the event indexes, a handful of events with registrations
(Kari on the evening in Drammen), and does nothing more when run again; the bulk path for
--members ≥ 50,000 writes a valid page tree whose pages serve."""

import io

from django.core.management import call_command

from wagtail.models import Page

import pytest

from events import demo
from events.models import EventIndexPage, EventPage, EventRegistration

pytestmark = pytest.mark.django_db


def seed(**options):
    out = io.StringIO()
    call_command("seed_demo", members=20, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def seeded(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    seed()


def counts():
    return (
        Page.objects.count(),
        EventPage.objects.count(),
        EventRegistration.objects.count(),
    )


def test_demo_builds_indexes_events_and_registrations(seeded):
    assert EventIndexPage.objects.filter(slug="arrangementer").count() == 2  # site + HH pilot
    drammen = EventPage.objects.get(slug="alumnikveld-drammen")
    assert drammen.live and drammen.campus.name == "Drammen"
    assert EventRegistration.objects.filter(
        event=drammen, user__email="kari.nordmann@example.no", status="confirmed"
    ).exists()
    webinar = EventPage.objects.get(slug="webinar-baerekraft")
    assert webinar.is_online and webinar.faculty.code == "HH"
    porsgrunn = EventPage.objects.get(slug="alumnitreff-porsgrunn")
    assert porsgrunn.registrations.filter(status="waitlisted").exists()
    assert EventRegistration.objects.places_taken(porsgrunn) <= porsgrunn.capacity


def test_demo_is_idempotent(seeded):
    before = counts()
    seed()
    assert counts() == before


def test_scale_path_writes_a_valid_tree_and_is_idempotent(seeded, monkeypatch, client):
    monkeypatch.setattr(demo, "SCALE_EVENTS", 30)
    monkeypatch.setattr(demo, "CHUNK", 12)
    monkeypatch.setattr(demo, "SCALE_REGISTRATIONS_PER_EVENT", 5)
    context = _context(members=50_000)
    demo.build(context)
    scale = EventPage.objects.filter(slug__startswith="demo-arrangement-")
    assert scale.count() == 30
    assert EventRegistration.objects.filter(event__in=scale).count() == 30 * 5
    problems = Page.find_problems()
    assert all(not problem for problem in problems), problems
    page = scale.filter(start__gte=EventPage.objects.order_by("start").first().start).first()
    assert client.get(page.url).status_code == 200
    index = EventIndexPage.objects.get(slug="arrangementer", depth=3)
    assert client.get(index.url, {"when": "past"}).status_code == 200
    before = counts()
    demo.build(_context(members=50_000))
    assert counts() == before


def _context(members):
    from home.management.commands.seed_demo import DemoContext

    return DemoContext(seed=2026, options={"members": members}, stdout=io.StringIO())


def test_bench_scenarios_cover_the_event_list_and_page(seeded, client):
    pytest.importorskip("home.bench")  # `manage.py bench` (main branch)
    from events.bench import scenarios

    found = {scenario.name: scenario for scenario in scenarios(None)}
    assert {"event list", "event page"} <= set(found)
    for name in ("event list", "event page"):
        assert found[name].budget_ms == 50
        assert client.get(found[name].path).status_code == 200
