"""Event pages in the page tree: where they may go, that editors create them through the admin,
and what the index lists."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest
from freezegun import freeze_time

from accounts.factories import UserFactory
from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventIndexPage, EventPage
from home.factories import FacultySectionPageFactory
from home.models import Campus, Faculty, FacultySectionPage, HomePage, LaunchState
from tests.conftest import SignedInThroughAllauthClient

from .conftest import oslo


class EventPageTreeTests(WagtailPageTestCase):
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

    def test_event_index_goes_under_the_home_page_and_sections(self):
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage, FacultySectionPage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedSubpageTypes(EventPage, set())

    def test_editor_adds_an_event_index_under_the_home_page(self):
        self.assertCanCreate(
            self.home, EventIndexPage, nested_form_data({"title": "Arrangementer", "intro": ""})
        )

    def test_editor_adds_an_event_index_and_an_event_under_a_section(self):
        self.assertCanCreate(
            self.section, EventIndexPage, nested_form_data({"title": "HH-arr", "intro": ""})
        )
        index = EventIndexPage.objects.child_of(self.section).get()
        self.assertCanCreate(
            index,
            EventPage,
            nested_form_data(
                {
                    "title": "Karrierekveld",
                    "intro": "Om karriere.",
                    "start": "2030-05-20 18:00",
                    "end": "2030-05-20 21:00",
                    "attendance_mode": "in_person",
                    "venue": "Bø",
                    "address": "",
                    "online_url": "",
                    "image_alt": "",
                    "body": streamfield([]),
                    "tags": "karriere",
                    "audience": "members",
                    "capacity": "40",
                    "guests_allowed": "1",
                    "price": "Gratis",
                    "member_price": "",
                    "organiser_name": "HH",
                    "organiser_email": "hh@usn.no",
                    "questions": inline_formset(
                        [{"label": "Allergier?", "kind": "text", "choices": "", "required": ""}]
                    ),
                }
            ),
        )
        event = EventPage.objects.get(title="Karrierekveld")
        # The faculty defaults to the section's; the time is Oslo time.
        self.assertEqual(event.faculty.code, "HH")
        self.assertEqual(event.start, oslo(2030, 5, 20, 18, 0))
        self.assertEqual(event.questions.get().label, "Allergier?")


@pytest.mark.django_db
def test_an_event_cannot_end_before_it_starts(event):
    from django.core.exceptions import ValidationError

    event.end = event.start - timedelta(hours=1)
    with pytest.raises(ValidationError):
        event.full_clean()


@pytest.mark.django_db
def test_the_site_wide_index_lists_every_sections_events(client, event, hh_event, event_index):
    html = client.get(event_index.url).content.decode()
    assert "Alumnikveld i Drammen" in html
    assert "Karrierekurs HH" in html


@pytest.mark.django_db
def test_a_section_index_lists_only_its_own_events(client, event, hh_event, hh_event_index):
    html = client.get(hh_event_index.url).content.decode()
    assert "Karrierekurs HH" in html
    assert "Alumnikveld i Drammen" not in html


@pytest.mark.django_db
def test_events_of_a_planned_section_are_not_listed(client, event_index, sections):
    planned = sections["TNM"]
    assert planned.launch_state == LaunchState.PLANNED
    index = EventIndexPageFactory(parent=planned, slug="arr")
    EventPageFactory(parent=index, title="Hemmelig planlagt")
    assert "Hemmelig planlagt" not in client.get(event_index.url).content.decode()


@pytest.mark.django_db
@freeze_time("2030-01-01 12:00")
def test_upcoming_and_past(client, event_index):
    EventPageFactory(
        parent=event_index, title="Ferdig", start=oslo(2029, 5, 1, 18), end=oslo(2029, 5, 1, 20)
    )
    EventPageFactory(
        parent=event_index, title="Kommer", start=oslo(2030, 5, 1, 18), end=oslo(2030, 5, 1, 20)
    )
    assert [e.title for e in EventPage.objects.upcoming()] == ["Kommer"]
    assert [e.title for e in EventPage.objects.past()] == ["Ferdig"]
    upcoming = client.get(event_index.url).content.decode()
    past = client.get(event_index.url + "?when=past").content.decode()
    assert "Kommer" in upcoming and "Ferdig" not in upcoming
    assert "Ferdig" in past and "Kommer" not in past


@pytest.mark.django_db
def test_filters_faculty_campus_month_mode_topic_and_search(client, event_index, hh_event):
    campus = Campus.objects.get(slug="drammen")
    drammen = EventPageFactory(
        parent=event_index,
        title="Drammenskveld",
        campus=campus,
        start=oslo(2030, 3, 5, 18),
        end=oslo(2030, 3, 5, 20),
    )
    drammen.tags.add("nettverk")
    drammen.save()
    online = EventPageFactory(
        parent=event_index,
        title="Nettkurs",
        attendance_mode="online",
        start=oslo(2030, 4, 5, 18),
        end=oslo(2030, 4, 5, 20),
    )

    def titles(query):
        response = client.get(event_index.url + query)
        assert response.status_code == 200
        return {item.title for item in response.context["page_obj"]}

    assert titles(f"?faculty={hh_event.faculty_id}") == {hh_event.title}
    assert titles(f"?campus={campus.pk}") == {drammen.title}
    assert titles("?month=2030-03") == {drammen.title}
    assert titles("?mode=online") == {online.title}
    assert drammen.title in titles("?mode=in_person") and online.title not in titles(
        "?mode=in_person"
    )
    assert titles("?topic=nettverk") == {drammen.title}
    assert titles("?q=nettkurs") == {online.title}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?month=2030-13",
        "?month=abc",
        "?faculty=XX",
        "?campus=%00",
        "?mode=space",
        "?topic=%3Cscript%3E",
        "?page=-1",
        "?page=9999",
        "?when=future",
        "?q=" + "x" * 5000,
        "?q=%27%22%3C%3E%25_",
    ],
)
def test_odd_filter_input_is_answered_never_a_500(client, event, event_index, query):
    assert client.get(event_index.url + query).status_code == 200


def make_events(index, count, offset=0):
    campus = Campus.objects.first()
    for n in range(offset, offset + count):
        page = EventPageFactory(
            parent=index,
            title=f"Arr {n}",
            campus=campus,
            capacity=10,
            start=oslo(2030, 1 + n % 12, 1 + n % 27, 18),
            end=oslo(2030, 1 + n % 12, 1 + n % 27, 20),
        )
        page.tags.add(f"tema{n % 3}")
        page.save()


@pytest.mark.django_db
def test_event_list_runs_the_same_queries_for_5_and_50_events(client, event_index, members):
    make_events(event_index, 5)
    client.get(event_index.url)  # warm caches (site root, reference choices)
    with CaptureQueriesContext(connection) as few:
        assert client.get(event_index.url).status_code == 200
    client.force_login(members[0])
    with CaptureQueriesContext(connection) as few_member:
        assert client.get(event_index.url).status_code == 200
    make_events(event_index, 45, offset=5)
    client.get(event_index.url)  # publishing bumped the site chrome's cache version: rebuild it
    with CaptureQueriesContext(connection) as many_member:
        assert client.get(event_index.url).status_code == 200
    client.logout()
    with CaptureQueriesContext(connection) as many:
        assert client.get(event_index.url).status_code == 200
    assert len(many) == len(few)
    # The listing's own queries plus routing; the site chrome comes from the cache (DESIGN.md §7).
    assert len(many) <= 15
    assert len(many_member) <= 15
    # A member's page adds the site chrome's own queries (badges, menus), not per event.
    assert len(many_member) == len(few_member)


@pytest.mark.django_db
def test_the_cached_list_follows_publishing_moving_on_and_the_clock(client, event, event_index):
    """The list's facts are cached under the page tree's version: an event published, changed or
    unpublished after the list was cached shows at once, and one that has ended leaves the
    upcoming list without any publish."""
    assert "Alumnikveld i Drammen" in client.get(event_index.url).content.decode()
    new = EventPageFactory(parent=event_index, title="Nytt frokostseminar")
    assert "Nytt frokostseminar" in client.get(event_index.url).content.decode()

    last_year = timezone.now() - timedelta(days=365)
    new.start, new.end = last_year, last_year + timedelta(hours=2)
    new.save_revision().publish()
    html = client.get(event_index.url).content.decode()
    assert "Nytt frokostseminar" not in html
    assert "Nytt frokostseminar" in client.get(event_index.url + "?when=past").content.decode()

    event.unpublish()
    assert "Alumnikveld i Drammen" not in client.get(event_index.url).content.decode()

    later = EventPageFactory(parent=event_index, title="Snart over")
    assert "Snart over" in client.get(event_index.url).content.decode()
    with freeze_time(later.end + timedelta(minutes=1)):
        assert "Snart over" not in client.get(event_index.url).content.decode()
