"""R2 (SECURITY.md): every list view runs the same number of queries for few and many rows, ≤ 15.

The coverage test walks the URL resolver (tests/project/url_walk.py) and Wagtail's page types,
and finds every member- or visitor-facing list by a rule a new view cannot slip past:

- a view whose class or function pages its rows — it is a ListView/MultipleObjectMixin, has
  `paginate_by`, or its source builds a `Paginator`/`page_obj`;
- a page type whose source does the same (the news, event, careers and course indexes served by
  Wagtail's `serve` view);
- and the lists that do not page because they are bounded or small, named in UNPAGED_LISTS.

Each must have an R2 entry: a test elsewhere that already proves it (named, and checked to exist),
or a measurement here with few rows and with more than one page of rows. The CRM API's lists are
machine endpoints with keyset paging, proved by tests/crm/test_sync.py."""

import inspect
import re
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.module_loading import import_string
from django.views.generic.list import MultipleObjectMixin

from wagtail.models import get_page_models

import pytest

from tests.project.url_walk import our_routes

TESTS = Path(__file__).resolve().parent.parent
BUDGET = 15
PAGES_ITS_ROWS = re.compile(r"Paginator|paginate|page_obj")

# Lists that show all their rows without paging: bounded by a rule, or a member's own few.
UNPAGED_LISTS = {
    "community:group_mine": "a member's own groups",
    "careers:job_alerts": "a member's saved searches, at most alerts.MAX_SAVED_SEARCHES (20)",
    "careers:my_mentoring": "a member's own requests and mentorships",
}

# Lists of other packages' views that we mount, each with why no R2 test of ours applies.
NOT_OURS = {
    "mfa_list_webauthn": "allauth: a member's own passkeys, a handful at most",
}

# Lists whose R2 proof is a test in their app: "<file under tests/>::<test function>".
PROVED_ELSEWHERE = {
    "community:directory": "community/test_directory.py::"
    "test_the_same_number_of_queries_for_10_and_1000_listed_members",
    "community:inbox": "community/test_messaging.py::"
    "test_inbox_runs_the_same_queries_for_10_and_1000_conversations",
    "community:group_directory": "community/test_groups_directory.py::"
    "test_directory_query_count_is_the_same_for_3_and_40_groups",
    "community:group_mine": "community/test_groups_directory.py::"
    "test_my_groups_query_count_does_not_grow",
    "community:group_members": "community/test_groups_membership.py::"
    "test_members_page_runs_the_same_few_queries_for_5_and_60_members",
    "community:group_detail": "community/test_groups_discussions.py::"
    "test_the_group_page_runs_the_same_few_queries_for_3_and_60_threads",
    "community:group_thread": "community/test_groups_discussions.py::"
    "test_the_thread_page_runs_the_same_few_queries_for_3_and_60_replies",
    "community:group_reports": "community/test_groups_reports.py::"
    "test_the_queue_runs_the_same_few_queries_for_3_and_30_reports",
    "community:notification_list": "community/test_notifications.py::"
    "test_list_view_runs_the_same_queries_for_5_and_50_notifications",
    "meetups:list": "events/test_meetups.py::"
    "test_meetup_list_page_runs_the_same_queries_for_3_and_15_meetups",
    "careers:job_list": "careers/test_jobs_views.py::"
    "test_the_list_runs_a_constant_number_of_queries",
    "careers:job_mine": "careers/test_jobs_views.py::"
    "test_my_postings_run_a_constant_number_of_queries",
    "careers:mentor_list": "careers/test_mentoring_search.py::"
    "test_the_list_page_runs_the_same_queries_for_few_and_many_mentors",
    "careers:my_mentoring": "careers/test_mentoring_views.py::"
    "test_my_mentoring_runs_the_same_queries_for_few_and_many",
    "careers:benefit_list": "careers/test_benefits.py::"
    "test_the_list_costs_the_same_queries_for_few_and_many",
    "events.EventIndexPage": "events/test_pages.py::"
    "test_event_list_runs_the_same_queries_for_5_and_50_events",
    "careers.CareersIndexPage": "careers/test_pages.py::"
    "test_the_index_runs_the_same_queries_for_3_and_30_articles",
    "careers.CourseOfferIndexPage": "careers/test_pages.py::"
    "test_the_course_list_runs_the_same_queries_for_3_and_30_offers",
}

# Lists measured here (the scenarios below).
MEASURED_HERE = {"search", "community:message_search", "careers:job_alerts", "home.NewsIndexPage"}


def _source(obj) -> str:
    try:
        return inspect.getsource(obj)
    except (OSError, TypeError):
        return ""


def _is_paged_view(lookup: str) -> bool:
    try:
        view = import_string(lookup)
    except ImportError:
        return False
    view_class = getattr(view, "view_class", view)
    if inspect.isclass(view_class) and (
        issubclass(view_class, MultipleObjectMixin) or getattr(view_class, "paginate_by", None)
    ):
        return True
    return bool(PAGES_ITS_ROWS.search(_source(view_class)))


def list_views() -> set[str]:
    """Every list view by the rule of the module docstring: route names and page-type labels."""
    found = {route.name for route in our_routes() if _is_paged_view(route.lookup)}
    found |= {route.name for route in our_routes() if route.name in UNPAGED_LISTS}
    found |= {
        model._meta.label
        for model in get_page_models()
        if PAGES_ITS_ROWS.search(_source(model)) and model._meta.app_label != "wagtailcore"
    }
    return found - {name for name in found if name.startswith("crm:")} - set(NOT_OURS)


def test_every_list_view_has_an_r2_entry():
    found = list_views()
    # The rule must keep finding lists of each kind; an empty walk would prove nothing.
    assert {"community:inbox", "careers:benefit_list", "events.EventIndexPage"} <= found

    missing = found - set(PROVED_ELSEWHERE) - MEASURED_HERE
    assert not missing, f"list views without an R2 query-count test: {sorted(missing)}"
    unknown = (set(PROVED_ELSEWHERE) | MEASURED_HERE) - found
    assert not unknown, f"R2 entries for views that are no list (renamed?): {sorted(unknown)}"


@pytest.mark.parametrize("name", sorted(PROVED_ELSEWHERE))
def test_the_named_proof_exists_and_counts_queries(name):
    path, function = PROVED_ELSEWHERE[name].split("::")
    text = (TESTS / path).read_text()
    match = re.search(rf"^def {function}\(.*?(?=^def |\Z)", text, re.S | re.M)
    assert match, f"{name}: {PROVED_ELSEWHERE[name]} does not exist"
    assert re.search(r"queries|num_queries|CaptureQueriesContext", match.group(0))


# -- measured here ---------------------------------------------------------------------------


def measure(client, url):
    client.get(url)  # warm the caches (menus, site, reference choices)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def news_pages(parent, start, count):
    from home.factories import NewsPageFactory

    for n in range(start, start + count):
        NewsPageFactory(parent=parent, title=f"Alumnihistorie {n}", slug=f"historie-{n}")


@pytest.fixture
def news_scenario(site_tree):
    index = site_tree["news_index"]
    return index.url, lambda start, count: news_pages(index, start, count)


@pytest.fixture
def search_scenario(site_tree):
    index = site_tree["news_index"]
    return "/search/?q=alumnihistorie", lambda start, count: news_pages(index, start, count)


@pytest.fixture
def message_search_scenario(client):
    from community.models import Conversation, Message, Participant
    from tests.community.conftest import make_member

    kari = make_member("kari@example.no", programme_code="MØA", display_name="Kari Kollega")
    ola = make_member("ola@example.no", programme_code="BSP", display_name="Ola Olsen")
    conversation = Conversation.objects.create(created_by=kari)
    Participant.objects.bulk_create(
        [
            Participant(conversation=conversation, user=kari),
            Participant(conversation=conversation, user=ola),
        ]
    )

    def add(start, count):
        Message.objects.bulk_create(
            Message(conversation=conversation, sender=(kari, ola)[n % 2], body=f"Budsjett {n}")
            for n in range(start, start + count)
        )

    client.force_login(kari)
    return reverse("community:message_search") + "?q=budsjett", add


@pytest.fixture
def job_alerts_scenario(client, member):
    from careers.models import SavedJobSearch

    def add(start, count):
        SavedJobSearch.objects.bulk_create(
            SavedJobSearch(user=member, name=f"Søk {n}", query={"q": f"økonomi {n}"})
            for n in range(start, start + count)
        )

    client.force_login(member)
    return reverse("careers:job_alerts"), add


# (scenario fixture, few rows, many rows, text the full page shows): many fills more than one
# page where the view pages (news 12 a page, search 12, message search 20); job alerts stop at 20.
SCENARIOS = {
    "home.NewsIndexPage": ("news_scenario", 2, 30, "Alumnihistorie 29"),
    "search": ("search_scenario", 2, 30, "Alumnihistorie"),
    "community:message_search": ("message_search_scenario", 10, 1000, "Budsjett 999"),
    "careers:job_alerts": ("job_alerts_scenario", 1, 20, "Søk 19"),
}


def test_every_list_measured_here_has_a_scenario():
    assert set(SCENARIOS) == MEASURED_HERE


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_list_runs_the_same_queries_for_few_and_many_rows(name, client, request):
    fixture, few, many, shown = SCENARIOS[name]
    url, add_rows = request.getfixturevalue(fixture)

    add_rows(0, few)
    few_queries, _ = measure(client, url)
    add_rows(few, many - few)
    many_queries, page = measure(client, url)
    print(f"R2 {name}: {few_queries} queries for {few} rows, {many_queries} for {many}")

    assert many_queries == few_queries, f"{name}: {few_queries} queries for {few}, {many_queries}"
    assert many_queries <= BUDGET
    assert shown in page  # the rows are really listed, not an empty or error page
