"""Group meetups: scheduled by a group's owners and moderators, registered for by its current
members through the events engine, invisible to everyone who may not read the group (C1), and
gone from a member's calendar as soon as they leave the group (C2)."""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

import icalendar
import pytest

from community.factories import GroupFactory, GroupMembershipFactory
from community.groups import policy
from community.groups.signals import membership_ended
from community.models import (
    GroupKind,
    GroupMembership,
    MembershipRole,
    MembershipStatus,
    Notification,
)
from events.calendars import personal_feed
from events.factories import EventPageFactory
from events.meetups import (
    MeetupError,
    cancel_meetup,
    create_meetup,
    edit_meetup,
    end_places_of_former_member,
)
from events.models import Audience, EventPage, EventRegistration, RegistrationStatus
from events.registration import RegistrationRefused, register
from home.models import Faculty
from tests.community.conftest import make_member

from .conftest import oslo

pytestmark = pytest.mark.django_db

SECRET_LINK = "https://video.example/gruppemote"


def nb(msgid):
    """A message as a Norwegian page shows it (the English text until it is translated)."""
    with translation.override("nb"):
        return translation.gettext(msgid)


# --- people, groups and meetups ---------------------------------------------------------------


@pytest.fixture
def owner(db):
    return make_member("eier@example.no", programme_code="MØA", display_name="Eva Eier")


@pytest.fixture
def moderator(db):
    return make_member("moderator@example.no", display_name="Mona Moderator")


@pytest.fixture
def member(db):
    return make_member("medlem@example.no", display_name="Mats Medlem")


@pytest.fixture
def other_member(db):
    return make_member("medlem2@example.no", display_name="Mia Medlem")


@pytest.fixture
def stranger(db):
    return make_member("fremmed@example.no", display_name="Frida Fremmed")


def make_group(kind, owner, moderator, *members):
    group = GroupFactory(
        owner=owner, kind=kind, name=f"Gruppe {kind}", faculty=Faculty.objects.get(code="HH")
    )
    GroupMembershipFactory(group=group, user=moderator, role=MembershipRole.MODERATOR)
    for person in members:
        GroupMembershipFactory(group=group, user=person)
    return group


@pytest.fixture
def group(owner, moderator, member, other_member):
    """An invite-only group: its content is for its members only."""
    return make_group(GroupKind.INVITE, owner, moderator, member, other_member)


@pytest.fixture
def open_group(owner, moderator, member):
    return make_group(GroupKind.OPEN, owner, moderator, member)


def details(**overrides):
    values = {
        "title": "Fagkveld om regnskap",
        "description": "Vi møtes og snakker om nye regnskapsregler.",
        "start": oslo(2030, 3, 12, 18, 0),
        "end": oslo(2030, 3, 12, 20, 0),
        "attendance_mode": "hybrid",
        "venue": "Kafé Bølgen",
        "address": "Storgata 1, Drammen",
        "online_url": SECRET_LINK,
        "capacity": 2,
        "registration_closes_at": None,
    }
    values.update(overrides)
    return values


def schedule(group, by, **overrides):
    return create_meetup(by, group, **details(**overrides))


@pytest.fixture
def meetup(event_index, group, moderator):
    return schedule(group, moderator)


@pytest.fixture
def open_meetup(event_index, open_group, owner):
    return schedule(open_group, owner, title="Åpent gruppetreff")


def form_data(**overrides):
    data = details(**overrides)
    for name in ("start", "end", "registration_closes_at"):
        value = data[name]
        data[name] = timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if value else ""
    data["capacity"] = "" if data["capacity"] is None else str(data["capacity"])
    return data


def leave(group, user):
    """What the groups service does when a member leaves: the row goes, the signal is sent."""
    GroupMembership.objects.filter(group=group, user=user).delete()
    membership_ended.send(sender=GroupMembership, group=group, user=user)


def create_url(group):
    return reverse("meetups:create", args=[group.pk])


# --- scheduling -------------------------------------------------------------------------------


def test_moderator_schedules_a_meetup_from_the_group_form(client, event_index, group, moderator):
    client.force_login(moderator)
    assert client.get(create_url(group)).status_code == 200
    response = client.post(create_url(group), form_data())
    meetup = EventPage.objects.get()
    assert response.status_code == 302 and response["Location"] == meetup.url
    assert meetup.live and meetup.audience == Audience.GROUP and meetup.group == group
    assert meetup.get_parent().pk == event_index.pk
    assert meetup.faculty.code == "HH"
    assert meetup.start == oslo(2030, 3, 12, 18, 0)
    assert meetup.intro == "Vi møtes og snakker om nye regnskapsregler."
    assert meetup.online_url == SECRET_LINK and meetup.capacity == 2


def test_the_form_page_is_labelled_and_never_cached(client, event_index, group, owner):
    client.force_login(owner)
    response = client.get(create_url(group))
    html = response.content.decode()
    assert 'label for="id_start"' in html and 'type="datetime-local"' in html
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_two_meetups_with_one_title_get_their_own_addresses(event_index, group, owner):
    first = schedule(group, owner)
    second = schedule(group, owner)
    assert first.slug != second.slug and first.url != second.url


def test_plain_member_gets_403_and_nothing_is_created(client, event_index, group, member):
    client.force_login(member)
    assert client.get(create_url(group)).status_code == 403
    assert client.post(create_url(group), form_data()).status_code == 403
    assert not EventPage.objects.exists()


@pytest.mark.parametrize("kind", [GroupKind.INVITE, GroupKind.HIDDEN, GroupKind.REQUEST])
def test_stranger_gets_404_for_the_schedule_form_of_a_closed_group(
    client, event_index, owner, moderator, stranger, kind
):
    group = make_group(kind, owner, moderator)
    client.force_login(stranger)
    assert client.get(create_url(group)).status_code == 404
    assert client.post(create_url(group), form_data()).status_code == 404
    assert client.get(reverse("meetups:list", args=[group.pk])).status_code == 404
    assert not EventPage.objects.exists()


def test_stranger_may_not_schedule_in_an_open_group(client, event_index, open_group, stranger):
    client.force_login(stranger)
    assert client.post(create_url(open_group), form_data()).status_code == 403
    assert not EventPage.objects.exists()


def test_visitor_is_sent_to_sign_in(client, event_index, group):
    response = client.get(create_url(group))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_service_refuses_a_plain_member(event_index, group, member):
    with pytest.raises(PermissionDenied):
        schedule(group, member)
    assert not EventPage.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"end": oslo(2030, 3, 12, 17, 0)}, "end", "The meetup must end after it starts."),
        (
            {"start": oslo(2020, 3, 12, 18, 0), "end": oslo(2020, 3, 12, 20, 0)},
            "start",
            "The meetup must start in the future.",
        ),
        (
            {"capacity": 0},
            "capacity",
            "Give at least 1 place, or leave the field empty for no limit.",
        ),
        (
            {"venue": "", "address": "", "attendance_mode": "in_person"},
            "venue",
            "Say where the meetup is: a venue, an address or both.",
        ),
        (
            {"online_url": "", "attendance_mode": "online"},
            "online_url",
            "Give the link to the online meeting.",
        ),
        ({"online_url": "javascript:alert(1)"}, "online_url", None),
        ({"description": "  "}, "description", None),
        (
            {"registration_closes_at": oslo(2030, 3, 13, 12, 0)},
            "registration_closes_at",
            "Registration must close before the meetup starts.",
        ),
    ],
)
def test_bad_meetup_details_are_explained_at_the_field(
    client, event_index, group, owner, overrides, field, message
):
    client.force_login(owner)
    response = client.post(create_url(group), form_data(**overrides))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert nb(message) in errors[field]
    assert 'role="alert"' in response.content.decode()
    assert not EventPage.objects.exists()


def test_service_checks_the_details_as_well(event_index, group, owner):
    with pytest.raises(ValidationError) as raised:
        schedule(group, owner, end=oslo(2030, 3, 12, 17, 0), capacity=0)
    assert set(raised.value.message_dict) == {"end", "capacity"}


def test_without_a_site_event_index_the_moderator_is_told(client, group, owner):
    client.force_login(owner)
    response = client.post(create_url(group), form_data())
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        nb(
            "Meetups cannot be scheduled yet, because the site has no event list. Please "
            "tell the alumni office."
        )
    ]
    with pytest.raises(MeetupError):
        schedule(group, owner)
    assert not EventPage.objects.exists()


def test_archived_group_schedules_no_meetups(client, event_index, group, owner):
    group.archived_at = timezone.now()
    group.save()
    client.force_login(owner)
    response = client.get(create_url(group))
    assert response.status_code == 302
    with pytest.raises(PermissionDenied):
        schedule(group, owner)


def test_scheduling_counts_as_group_activity(event_index, group, owner):
    group.last_activity_at = timezone.now() - timedelta(days=300)
    group.save()
    schedule(group, owner)
    group.refresh_from_db()
    assert group.last_activity_at > timezone.now() - timedelta(minutes=1)


# --- who sees a meetup (C1, C2) ---------------------------------------------------------------


def routes(meetup):
    return {
        "page": ("get", meetup.url),
        "register": ("post", meetup.url + "registrer/"),
        "cancel": ("post", meetup.url + "avmeld/"),
        "ics": ("get", meetup.url + "ics/"),
    }


@pytest.mark.parametrize("kind", [GroupKind.INVITE, GroupKind.HIDDEN, GroupKind.REQUEST])
@pytest.mark.parametrize("route", ["page", "register", "cancel", "ics"])
def test_stranger_gets_404_for_a_closed_groups_meetup(
    client, event_index, owner, moderator, stranger, kind, route
):
    group = make_group(kind, owner, moderator)
    meetup = schedule(group, owner)
    client.force_login(stranger)
    method, url = routes(meetup)[route]
    assert getattr(client, method)(url).status_code == 404
    assert not EventRegistration.objects.exists()


@pytest.mark.parametrize("route", ["page", "register", "ics"])
def test_visitor_gets_404_for_a_closed_groups_meetup(client, meetup, route):
    method, url = routes(meetup)[route]
    assert getattr(client, method)(url).status_code == 404


def test_invited_but_not_joined_sees_no_meetup(client, event_index, owner, moderator, stranger):
    group = make_group(GroupKind.HIDDEN, owner, moderator)
    GroupMembershipFactory(group=group, user=stranger, status=MembershipStatus.INVITED)
    meetup = schedule(group, owner)
    client.force_login(stranger)
    assert client.get(meetup.url).status_code == 404


def test_member_reads_the_meetup_page(client, meetup, member):
    client.force_login(member)
    response = client.get(meetup.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fagkveld om regnskap" in html and "Gruppe invite" in html
    assert "no-store" in response["Cache-Control"]
    assert reverse("meetups:edit", args=[meetup.group_id, meetup.pk]) not in html


def test_moderator_finds_change_and_call_off_on_the_meetup_page(client, meetup, moderator):
    client.force_login(moderator)
    html = client.get(meetup.url).content.decode()
    assert reverse("meetups:edit", args=[meetup.group_id, meetup.pk]) in html
    assert reverse("meetups:cancel", args=[meetup.group_id, meetup.pk]) in html


def test_removal_takes_effect_on_the_next_request(client, meetup, member):
    client.force_login(member)
    assert client.get(meetup.url).status_code == 200
    GroupMembership.objects.filter(user=member).update(status=MembershipStatus.BANNED)
    assert client.get(meetup.url).status_code == 404


def test_open_groups_meetup_is_readable_by_members_but_registration_needs_membership(
    client, open_meetup, stranger
):
    client.force_login(stranger)
    response = client.get(open_meetup.url)
    html = response.content.decode()
    assert response.status_code == 200
    refusal = "This meetup is for the members of the group. Join the group to register."
    assert nb(refusal) in html  # instead of a form
    assert 'action="' + open_meetup.url + 'registrer/"' not in html
    client.post(open_meetup.url + "registrer/")
    assert not EventRegistration.objects.exists()


def test_visitor_is_asked_to_sign_in_for_an_open_groups_meetup(client, open_meetup):
    response = client.get(open_meetup.url)
    assert response.status_code == 302 and "next=" in response["Location"]


def test_banned_member_of_an_open_group_gets_404(client, open_meetup, open_group, member):
    GroupMembership.objects.filter(group=open_group, user=member).update(
        status=MembershipStatus.BANNED
    )
    client.force_login(member)
    assert client.get(open_meetup.url).status_code == 404


def test_meetup_whose_group_is_gone_is_nobodys(client, meetup, member):
    group = meetup.group
    EventPage.objects.filter(pk=meetup.pk).update(group=None)
    client.force_login(member)
    assert client.get(meetup.url).status_code == 404
    meetup.refresh_from_db()
    assert group.pk  # the group row is untouched; only the link is gone
    with pytest.raises(RegistrationRefused):
        register(meetup, user=member)


def test_members_text_is_escaped_with_clickable_links(client, event_index, group, owner, member):
    meetup = schedule(
        group, owner, description='<script>alert("x")</script> Se https://usn.no/treff'
    )
    client.force_login(member)
    html = client.get(meetup.url).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html
    assert '<a href="https://usn.no/treff"' in html


# --- registering -------------------------------------------------------------------------------


def test_member_registers_and_gets_the_confirmation_with_the_ics(
    client, meetup, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(meetup.url + "registrer/")
    assert response.status_code == 302
    assert EventRegistration.objects.get(user=member).is_confirmed
    message = mail.outbox[-1]
    assert message.to == [member.email]
    filename, content, mimetype = message.attachments[0]
    assert mimetype == "text/calendar" and filename.endswith(".ics")
    text = content if isinstance(content, str) else content.decode()
    assert SECRET_LINK in text.replace("\r\n ", "")  # a confirmed participant's copy has it


def test_non_member_is_refused_with_a_clear_message(open_meetup, stranger):
    with pytest.raises(RegistrationRefused) as refused:
        register(open_meetup, user=stranger)
    assert refused.value.code == "group_only"
    assert not EventRegistration.objects.exists()


def test_visitor_cannot_register_for_a_meetup(open_meetup):
    with pytest.raises(RegistrationRefused):
        register(open_meetup, user=AnonymousUser(), visitor_name="Vera", visitor_email="v@x.no")


# --- lists, feeds and search ------------------------------------------------------------------


@pytest.fixture
def listed_event(event_index):
    return EventPageFactory(
        parent=event_index,
        title="Alumnikveld for alle",
        slug="alumnikveld-alle",
        start=oslo(2030, 3, 1, 18, 0),
        end=oslo(2030, 3, 1, 21, 0),
        faculty=Faculty.objects.get(code="HH"),
    )


def test_meetups_stay_out_of_the_event_list(client, meetup, open_meetup, listed_event, member):
    client.force_login(member)  # even a member of the group: the list is the site's
    listing = meetup.get_parent().url
    for url in (listing, f"{listing}?faculty={meetup.faculty_id}"):
        html = client.get(url).content.decode()
        assert "Alumnikveld for alle" in html
        assert "Fagkveld om regnskap" not in html and "Åpent gruppetreff" not in html


def test_meetups_stay_out_of_the_site_and_faculty_feeds(client, meetup, open_meetup, listed_event):
    for url in (reverse("calendars:site_feed"), reverse("calendars:faculty_feed", args=["hh"])):
        calendar = icalendar.Calendar.from_ical(client.get(url).content)
        titles = {str(event["summary"]) for event in calendar.walk("VEVENT")}
        assert "Alumnikveld for alle" in titles
        assert not titles & {"Fagkveld om regnskap", "Åpent gruppetreff"}


def test_meetups_stay_out_of_site_search(client, meetup, open_meetup, listed_event, member):
    client.force_login(member)
    assert "Alumnikveld for alle" in client.get("/search/", {"q": "alumnikveld"}).content.decode()
    for query in ("regnskap", "gruppetreff"):
        html = client.get("/search/", {"q": query}).content.decode()
        assert "Fagkveld om regnskap" not in html and "Åpent gruppetreff" not in html


def test_an_event_that_becomes_a_meetup_leaves_the_search_index(client, listed_event, group):
    assert "Alumnikveld for alle" in client.get("/search/", {"q": "alumnikveld"}).content.decode()
    listed_event.audience = Audience.GROUP
    listed_event.group = group
    listed_event.save_revision().publish()
    assert (
        "Alumnikveld for alle" not in client.get("/search/", {"q": "alumnikveld"}).content.decode()
    )


def feed_titles(user):
    calendar = icalendar.Calendar.from_ical(personal_feed(user))
    return {str(event["summary"]) for event in calendar.walk("VEVENT")}


def test_meetup_is_in_the_participants_personal_feed(meetup, member):
    register(meetup, user=member)
    assert "Fagkveld om regnskap" in feed_titles(member)


def test_meetups_of_a_group_left_are_not_in_the_personal_feed(meetup, member):
    register(meetup, user=member)
    past = EventPageFactory(
        parent=meetup.get_parent(),
        title="Forrige gruppetreff",
        start=timezone.now() - timedelta(days=10),
        end=timezone.now() - timedelta(days=10) + timedelta(hours=2),
        audience=Audience.GROUP,
        group=meetup.group,
    )
    EventRegistration.objects.create(event=past, user=member, status=RegistrationStatus.CONFIRMED)
    assert feed_titles(member) == {"Fagkveld om regnskap", "Forrige gruppetreff"}
    leave(meetup.group, member)
    assert feed_titles(member) == set()


# --- leaving the group, calling a meetup off, changing it -------------------------------------


def test_leaving_the_group_cancels_the_registration_and_promotes_the_waitlist(
    meetup, owner, member, other_member, django_capture_on_commit_callbacks
):
    meetup.capacity = 1
    meetup.save()
    first = register(meetup, user=member)
    second = register(meetup, user=other_member)
    assert second.is_waitlisted
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        leave(meetup.group, member)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert second.is_confirmed
    assert [message.to for message in mail.outbox] == [[other_member.email]]


def test_leaving_cancels_even_after_the_cancellation_deadline(meetup, member):
    registration = register(meetup, user=member)
    meetup.registration_closes_at = oslo(2030, 3, 1, 12, 0)
    meetup.save()
    end_places_of_former_member(meetup.group, member, now=oslo(2030, 3, 5, 12, 0))
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_leaving_one_group_keeps_places_at_other_events(meetup, listed_event, member):
    at_event = register(listed_event, user=member)
    leave(meetup.group, member)
    at_event.refresh_from_db()
    assert at_event.is_confirmed


def test_calling_a_meetup_off_mails_everyone_registered(
    meetup, moderator, member, other_member, owner, django_capture_on_commit_callbacks
):
    meetup.capacity = 1
    meetup.save()
    register(meetup, user=member)
    register(meetup, user=other_member)  # on the waitlist
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        told = cancel_meetup(moderator, meetup)
    assert told == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [member.email, other_member.email]
    )
    assert mail.outbox[0].subject == nb("Cancelled: %(event)s") % {"event": "Fagkveld om regnskap"}
    meetup.refresh_from_db()
    assert not meetup.live
    assert set(EventRegistration.objects.values_list("status", flat=True)) == {"cancelled"}


def test_plain_member_cannot_call_a_meetup_off(client, meetup, member):
    client.force_login(member)
    url = reverse("meetups:cancel", args=[meetup.group_id, meetup.pk])
    assert client.post(url).status_code == 403
    meetup.refresh_from_db()
    assert meetup.live
    with pytest.raises(PermissionDenied):
        cancel_meetup(member, meetup)


def test_moderator_calls_a_meetup_off_from_its_page(client, meetup, moderator, member):
    register(meetup, user=member)
    client.force_login(moderator)
    url = reverse("meetups:cancel", args=[meetup.group_id, meetup.pk])
    assert client.get(url).context["registered"] == 1
    response = client.post(url, follow=True)
    assert response.status_code == 200
    meetup.refresh_from_db()
    assert not meetup.live
    assert client.get(url).status_code == 404  # called off: no longer the group's meetup


def test_meetup_of_another_group_is_404_in_this_groups_urls(client, meetup, open_group, owner):
    client.force_login(owner)  # owner of both groups
    assert client.get(reverse("meetups:edit", args=[open_group.pk, meetup.pk])).status_code == 404


def test_moderator_changes_a_meetup_and_participants_are_told(
    client, meetup, moderator, member, django_capture_on_commit_callbacks
):
    register(meetup, user=member)
    client.force_login(moderator)
    url = reverse("meetups:edit", args=[meetup.group_id, meetup.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, form_data(start=oslo(2030, 3, 19, 18, 0), end=oslo(2030, 3, 19, 20, 0))
        )
    assert response.status_code == 302
    meetup.refresh_from_db()
    assert meetup.start == oslo(2030, 3, 19, 18, 0)
    assert Notification.objects.filter(recipient=member).exists()


def test_more_places_go_to_the_waitlist(meetup, owner, member, other_member):
    meetup.capacity = 1
    meetup.save()
    register(meetup, user=member)
    waiting = register(meetup, user=other_member)
    edit_meetup(owner, meetup, **details(capacity=5))
    waiting.refresh_from_db()
    assert waiting.is_confirmed


def test_a_meetup_that_is_over_cannot_be_changed(meetup, owner):
    with pytest.raises(MeetupError):
        edit_meetup(owner, meetup, now=oslo(2030, 3, 13, 0, 0), **details())
    with pytest.raises(MeetupError):
        cancel_meetup(owner, meetup, now=oslo(2030, 3, 13, 0, 0))


# --- the page model's rules -------------------------------------------------------------------


def test_group_audience_needs_a_group(event_index):
    page = EventPage(
        title="Uten gruppe", intro="x", start=oslo(2030, 1, 1, 18), end=oslo(2030, 1, 1, 20)
    )
    page.audience = Audience.GROUP
    with pytest.raises(ValidationError) as raised:
        page.clean()
    assert "group" in raised.value.message_dict


def test_a_group_needs_the_group_audience(event_index, group):
    page = EventPage(
        title="Feil", intro="x", start=oslo(2030, 1, 1, 18), end=oslo(2030, 1, 1, 20), group=group
    )
    page.audience = Audience.MEMBERS
    with pytest.raises(ValidationError) as raised:
        page.clean()
    assert "group" in raised.value.message_dict
    page.audience = Audience.GROUP
    page.clean()  # now it is right


# --- the group page's meetups -----------------------------------------------------------------


def render_group_meetups(group, user):
    request = RequestFactory().get("/medlemmer/grupper/")
    request.user = user
    access = policy.access_for(group, user)
    template = Template("{% load meetup_tags %}{% group_meetups group access %}")
    return template.render(Context({"group": group, "access": access, "request": request}))


def test_group_meetups_shows_the_upcoming_meetups_to_members(meetup, member):
    html = render_group_meetups(meetup.group, member)
    assert "Fagkveld om regnskap" in html and meetup.url in html
    assert "12. mars 2030, 18:00" in html  # Norwegian time
    assert "2 plasser igjen" in html
    assert reverse("meetups:create", args=[meetup.group_id]) not in html


def test_group_meetups_offers_moderators_to_schedule_one(meetup, moderator):
    html = render_group_meetups(meetup.group, moderator)
    assert reverse("meetups:create", args=[meetup.group_id]) in html


def test_group_meetups_shows_nothing_to_strangers(meetup, stranger):
    assert render_group_meetups(meetup.group, stranger).strip() == ""
    assert render_group_meetups(meetup.group, AnonymousUser()).strip() == ""


def test_group_meetups_runs_the_same_queries_for_3_and_15_meetups(event_index, group, owner):
    def queries_for(count):
        EventPage.objects.filter(group=group).delete()
        for number in range(count):
            EventPageFactory(
                parent=event_index,
                title=f"Treff {number}",
                start=oslo(2030, 4, 1 + number, 18),
                end=oslo(2030, 4, 1 + number, 20),
                audience=Audience.GROUP,
                group=group,
                capacity=10,
            )
        render_group_meetups(group, owner)  # warm the site's root paths
        fresh = type(group).objects.get(pk=group.pk)
        with CaptureQueriesContext(connection) as queries:
            html = render_group_meetups(fresh, owner)
        assert html.count('class="meetup-item"') == min(count, 5)
        return len(queries)

    few, many = queries_for(3), queries_for(15)
    assert few == many <= 3


def test_meetup_list_page_shows_upcoming_and_past(client, meetup, member):
    EventPageFactory(
        parent=meetup.get_parent(),
        title="Forrige gruppetreff",
        start=timezone.now() - timedelta(days=10),
        end=timezone.now() - timedelta(days=10) + timedelta(hours=2),
        audience=Audience.GROUP,
        group=meetup.group,
    )
    client.force_login(member)
    html = client.get(reverse("meetups:list", args=[meetup.group_id])).content.decode()
    assert "Fagkveld om regnskap" in html and "Forrige gruppetreff" in html


# --- editors in the admin ---------------------------------------------------------------------


def admin_event_form(**overrides):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    fields = {
        "title": "Julebord for gruppen",
        "slug": "julebord-for-gruppen",
        "intro": "Et arrangement for gruppens medlemmer.",
        "start": "2030-12-05 18:00",
        "end": "2030-12-05 23:00",
        "attendance_mode": "in_person",
        "venue": "Bø",
        "address": "",
        "online_url": "",
        "image_alt": "",
        "body": streamfield([]),
        "tags": "",
        "audience": "group",
        "group": "",
        "capacity": "",
        "guests_allowed": "0",
        "price": "",
        "member_price": "",
        "organiser_name": "",
        "organiser_email": "",
        "questions": inline_formset([]),
        "action-publish": "publish",
    }
    fields.update(overrides)
    return nested_form_data(fields)


def test_editor_makes_an_event_for_a_groups_members_in_the_admin(
    client, superuser, event_index, group
):
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", event_index.pk))
    response = client.post(url, admin_event_form(group=str(group.pk)))
    assert response.status_code == 302, response.context["form"].errors
    page = EventPage.objects.get(title="Julebord for gruppen")
    assert page.live and page.audience == Audience.GROUP and page.group == group


def test_the_admin_explains_a_group_audience_without_a_group(client, superuser, event_index):
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", event_index.pk))
    response = client.post(url, admin_event_form())
    assert response.status_code == 200
    assert "group" in response.context["form"].errors
    assert not EventPage.objects.filter(title="Julebord for gruppen").exists()


def test_meetup_list_page_runs_the_same_queries_for_3_and_15_meetups(
    client, event_index, group, owner
):
    client.force_login(owner)
    url = reverse("meetups:list", args=[group.pk])

    def queries_for(count):
        EventPage.objects.filter(group=group).delete()
        for number in range(count):
            EventPageFactory(
                parent=event_index,
                title=f"Treff {number}",
                start=oslo(2030, 4, 1 + number, 18),
                end=oslo(2030, 4, 1 + number, 20),
                audience=Audience.GROUP,
                group=group,
                capacity=10,
            )
        client.get(url)  # warm the caches of the site's chrome
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.content.decode().count('class="meetup-item"') == count
        return len(queries)

    few, many = queries_for(3), queries_for(15)
    assert few == many <= 15
