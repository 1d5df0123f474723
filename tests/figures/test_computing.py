"""The figures computed into snapshot rows from a known small dataset."""

import datetime

from django.core.management import call_command

import pytest
from freezegun import freeze_time

from figures import computing
from figures.models import FigureSnapshot
from figures.tasks import compute_figures
from newsletters.factories import SubscriberFactory, TopicFactory
from newsletters.models import Subscription, SubscriptionStatus, TopicKind

from .conftest import NOW

pytestmark = pytest.mark.django_db

JUNE, MAY = datetime.date(2026, 6, 1), datetime.date(2026, 5, 1)


def value(month, faculty, key):
    return FigureSnapshot.objects.get(month=month, faculty=faculty, key=key).value


def test_members_per_faculty_and_in_total(known_data, faculties):
    with freeze_time(NOW):
        computing.compute()
    hh, hs = faculties["HH"], faculties["HS"]
    assert value(JUNE, hh, "members_total") == 3
    assert value(JUNE, hh, "members_verified") == 2
    assert value(JUNE, hh, "members_new") == 1
    assert value(MAY, hh, "members_total") == 2
    assert value(MAY, hh, "members_new") == 2
    assert value(JUNE, hs, "members_total") == 1
    assert value(JUNE, None, "members_total") == 4
    assert value(JUNE, faculties["TNM"], "members_total") == 0


def test_share_of_imported_graduates_who_joined(known_data, faculties):
    with freeze_time(NOW):
        computing.compute()
    assert value(JUNE, faculties["HH"], "graduates_imported") == 4
    assert value(JUNE, faculties["HH"], "graduates_joined") == 2
    assert value(JUNE, faculties["HH"], "graduates_joined_pct") == 50.0
    assert value(JUNE, faculties["HS"], "graduates_joined_pct") is None  # nothing imported


def test_current_figures_are_written_for_the_current_month_only(known_data, faculties):
    with freeze_time(NOW):
        computing.compute()
    assert not FigureSnapshot.objects.filter(month=MAY, key="graduates_joined_pct").exists()
    assert not FigureSnapshot.objects.filter(month=MAY, key="profile_completeness_pct").exists()


def test_groups_posts_and_activity(known_data, faculties):
    with freeze_time(NOW):
        computing.compute()
    hh = faculties["HH"]
    assert value(JUNE, hh, "groups_active") == 1
    assert value(JUNE, hh, "groups_new") == 1
    assert value(JUNE, hh, "group_posts") == 1
    assert value(MAY, hh, "groups_active") == 0
    # Anne wrote in the last 30 days; the others never signed in.
    assert value(JUNE, hh, "members_active_30d") == 1
    assert value(JUNE, faculties["HS"], "members_active_30d") == 0


def test_profile_completeness_is_the_average_share_of_parts_filled(known_data, faculties):
    with freeze_time(NOW):
        computing.compute()
    # HH: every profile has its education (1 of 12); Anne also a headline: (2 + 1 + 1) / 36.
    assert value(JUNE, faculties["HH"], "profile_completeness_pct") == pytest.approx(11.1)


def test_consent_rate_per_topic(known_data, faculties):
    central = TopicFactory(slug="evu", kind=TopicKind.CONTINUING_EDUCATION)
    hh_news = TopicFactory(slug="hh-nytt", kind=TopicKind.NEWS, faculty=faculties["HH"])
    anne = known_data["anne"]
    subscriber = SubscriberFactory(user=anne, email=anne.email)
    for topic in (central, hh_news):
        Subscription.objects.create(
            subscriber=subscriber,
            topic=topic,
            status=SubscriptionStatus.ACTIVE,
            consent_text=topic.current_consent_text(),
        )
    with freeze_time(NOW):
        computing.compute()
    assert value(JUNE, faculties["HH"], "consent_pct:evu") == pytest.approx(33.3)
    assert value(JUNE, faculties["HH"], "consent_pct:hh-nytt") == pytest.approx(33.3)
    assert value(JUNE, None, "consent_pct:evu") == 25.0
    assert value(JUNE, None, "consent_pct:hh-nytt") == pytest.approx(33.3)
    assert value(JUNE, faculties["HS"], "consent_pct:evu") == 0
    assert not FigureSnapshot.objects.filter(faculty=faculties["HS"], key="consent_pct:hh-nytt")


def test_computing_twice_gives_the_same_rows(known_data, faculties):
    with freeze_time(NOW):
        first = computing.compute()
        again = computing.compute()
    assert first == again == FigureSnapshot.objects.count()


def test_the_command_backfills_months(known_data, faculties):
    with freeze_time(NOW):
        call_command("compute_figures", "--months", "12")
    months = set(FigureSnapshot.objects.values_list("month", flat=True))
    assert len(months) == 12
    assert min(months) == datetime.date(2025, 7, 1)


def test_the_task_computes_the_current_and_previous_month(known_data):
    with freeze_time(NOW):
        compute_figures.enqueue()
    assert set(FigureSnapshot.objects.values_list("month", flat=True)) == {MAY, JUNE}


def test_the_computation_runs_a_bounded_number_of_queries(
    known_data, faculties, django_assert_max_num_queries
):
    """Aggregates per scope and month, never a query per member."""
    with freeze_time(NOW), django_assert_max_num_queries(200):
        computing.compute_month(JUNE)
