"""Fixtures for the careers tests: the central careers and course offer indexes, and an HH one."""

import pytest

from careers.factories import CareersIndexPageFactory, CourseOfferIndexPageFactory


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def careers_index(home):
    return CareersIndexPageFactory(parent=home, slug="karriere")


@pytest.fixture
def hh_careers_index(sections):
    return CareersIndexPageFactory(parent=sections["HH"], slug="karriere", title="Karriere HH")


@pytest.fixture
def course_index(home):
    return CourseOfferIndexPageFactory(parent=home, slug="etter-og-videreutdanning")


def tag(page, *names):
    """Give a page topics (the members' interest tags) and save it."""
    page.topics.add(*names)
    page.save()
    return page
