"""Fixtures for event tests: a site-wide event index with an event under the home page, and an
HH section index with an event of its own."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import Audience
from tests.community.conftest import make_member

OSLO = ZoneInfo("Europe/Oslo")


def oslo(*args):
    return datetime(*args, tzinfo=OSLO)


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def event_index(home):
    return EventIndexPageFactory(parent=home, title="Arrangementer", slug="arrangementer")


@pytest.fixture
def hh_event_index(sections):
    return EventIndexPageFactory(parent=sections["HH"], title="HH-arrangementer", slug="arr")


@pytest.fixture
def event(event_index):
    """A members' event under the home page, 2 places, far in the future."""
    return EventPageFactory(
        parent=event_index,
        title="Alumnikveld i Drammen",
        slug="alumnikveld",
        start=oslo(2030, 5, 20, 18, 0),
        end=oslo(2030, 5, 20, 22, 0),
        capacity=2,
        audience=Audience.MEMBERS,
        online_url="https://video.example/hemmelig-rom",
        attendance_mode="hybrid",
    )


@pytest.fixture
def public_event(event_index):
    return EventPageFactory(
        parent=event_index,
        title="Åpent fagseminar",
        slug="fagseminar",
        start=oslo(2030, 6, 3, 9, 0),
        end=oslo(2030, 6, 4, 15, 0),
        capacity=10,
        audience=Audience.PUBLIC,
    )


@pytest.fixture
def hh_event(hh_event_index):
    return EventPageFactory(
        parent=hh_event_index,
        title="Karrierekurs HH",
        slug="karrierekurs",
        start=oslo(2030, 9, 10, 12, 0),
        end=oslo(2030, 9, 10, 16, 0),
        audience=Audience.VERIFIED,
    )


@pytest.fixture
def members(db):
    return [make_member(f"medlem{n}@example.no", verified=False) for n in range(5)]
