"""Incremental sync: `updated_since`, cursor paging with no duplicates or gaps, every change the
CRM reads moving `Profile.updated_at`, and a constant number of queries per page."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from freezegun import freeze_time

from community.models import EducationRecord, InterestTag, Profile
from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventRegistration, RegistrationStatus
from home.models import Programme
from newsletters.consent import subscriber_for_user, withdraw
from newsletters.models import CaptureMethod, CapturePoint

from .conftest import make_sharing_member, subscribe

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=OSLO)


def ids(rows):
    return [row["id"] for row in rows]


def changed_since(api, when):
    return ids(api.all_pages("members", updated_since=when.isoformat()))


# updated_since


def test_updated_since_lists_only_members_changed_since(api):
    with freeze_time(T0):
        old = make_sharing_member("gammel@example.no")
    with freeze_time(T0 + timedelta(days=2)):
        new = make_sharing_member("ny@example.no")

    assert changed_since(api, T0 + timedelta(days=1)) == [new.pk]
    assert changed_since(api, T0) == [old.pk, new.pk]
    assert changed_since(api, T0 + timedelta(days=3)) == []


def test_updated_since_is_inclusive_and_a_naive_time_is_utc(api):
    with freeze_time(T0):
        member = make_sharing_member("deler@example.no")
    naive_utc = T0.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)

    assert ids(api.all_pages("members", updated_since=naive_utc.isoformat())) == [member.pk]
    assert ids(api.all_pages("members", updated_since="2026-03-02T08:00:00Z")) == [member.pk]
    later = (naive_utc + timedelta(seconds=1)).isoformat()
    assert ids(api.all_pages("members", updated_since=later)) == []


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01", "", "2026-03-02T25:00"])
def test_an_unreadable_updated_since_is_400(api, value):
    response = api.get("members", updated_since=value)
    assert response.status_code == 400
    assert "updated_since" in response.json()


def test_withdrawn_since(api):
    with freeze_time(T0):
        early = make_sharing_member("tidlig@example.no")
        late = make_sharing_member("sen@example.no")
        early.profile.share_with_crm = False
        early.profile.save()
    with freeze_time(T0 + timedelta(days=2)):
        late.profile.share_with_crm = False
        late.profile.save()

    rows = api.all_pages("withdrawn", updated_since=(T0 + timedelta(days=1)).isoformat())

    assert ids(rows) == [late.pk]
    assert ids(api.all_pages("withdrawn")) == [early.pk, late.pk]


# Each change the CRM reads moves the member's updated_at.


@pytest.fixture
def synced(api):
    """A sharing member last changed at T0; the CRM last synced at T0 + 1 minute."""
    with freeze_time(T0):
        member = make_sharing_member("deler@example.no")
    return member


def later(change):
    with freeze_time(T0 + timedelta(hours=1)):
        change()


SINCE = T0 + timedelta(minutes=1)


def test_nothing_changed_nothing_listed(api, synced):
    assert changed_since(api, SINCE) == []


def test_a_login_alone_is_no_change(api, synced):
    from django.contrib.auth.models import update_last_login

    later(lambda: update_last_login(None, synced))
    assert changed_since(api, SINCE) == []


def test_changing_the_account_e_mail_or_name_is_a_change(api, synced):
    def change():
        synced.email = "nytt@example.no"
        synced.save()

    later(change)
    assert changed_since(api, SINCE) == [synced.pk]


def test_adding_education_is_a_change(api, synced):
    programme = Programme.objects.get(code="BSP")
    later(
        lambda: EducationRecord.objects.create(
            profile=synced.profile, faculty=programme.faculty, programme=programme
        )
    )
    assert changed_since(api, SINCE) == [synced.pk]


def test_editing_or_removing_education_is_a_change(api, synced):
    record = synced.profile.education.get()

    def edit():
        record.graduation_year = 2016
        record.save()

    later(edit)
    assert changed_since(api, SINCE) == [synced.pk]
    with freeze_time(T0 + timedelta(hours=3)):
        record.delete()
    assert changed_since(api, T0 + timedelta(hours=2)) == [synced.pk]


def test_adding_or_removing_an_interest_is_a_change(api, synced):
    tag = InterestTag.objects.create(name="Ledelse", curated=True)

    def add():
        profile = Profile.objects.get(pk=synced.profile.pk)
        # As the profile form does it, without saving the profile itself afterwards.
        profile.interests.add(tag)
        profile.tagged_interests.commit()

    later(add)
    assert changed_since(api, SINCE) == [synced.pk]
    with freeze_time(T0 + timedelta(hours=3)):
        profile = Profile.objects.get(pk=synced.profile.pk)
        profile.tagged_interests.all().delete()
    assert changed_since(api, T0 + timedelta(hours=2)) == [synced.pk]


def test_renaming_an_interest_changes_everyone_who_has_it(api, synced):
    tag = InterestTag.objects.create(name="Ledelse", curated=True)
    with freeze_time(T0):
        synced.profile.interests.add(tag)
        synced.profile.save()

    def rename():
        tag.name = "Ledelse og organisasjon"
        tag.save()

    later(rename)
    assert changed_since(api, SINCE) == [synced.pk]


def test_a_subscription_confirmed_or_withdrawn_is_a_change(api, synced):
    later(lambda: subscribe(synced))
    assert changed_since(api, SINCE) == [synced.pk]
    topic = synced.subscriber.subscriptions.get().topic
    with freeze_time(T0 + timedelta(hours=3)):
        withdraw(
            subscriber_for_user(synced),
            [topic],
            capture_point=CapturePoint.PREFERENCES,
            method=CaptureMethod.WEB_FORM,
        )
    [row] = api.all_pages("members", updated_since=(T0 + timedelta(hours=2)).isoformat())
    assert row["subscriptions"] == []


def test_registering_and_attending_an_event_are_changes(api, synced, home):
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home, slug="arr"))

    def register():
        EventRegistration.objects.create(
            event=event, user=synced, status=RegistrationStatus.CONFIRMED
        )

    later(register)
    assert changed_since(api, SINCE) == [synced.pk]
    with freeze_time(T0 + timedelta(hours=3)):
        registration = EventRegistration.objects.get(user=synced)
        registration.attended_at = timezone.now()
        registration.save()
    [row] = api.all_pages("members", updated_since=(T0 + timedelta(hours=2)).isoformat())
    assert row["events"][0]["attended"] is True


def test_bumping_does_not_loop_or_save_the_profile(synced, django_assert_max_num_queries):
    record = synced.profile.education.get()
    record.graduation_year = 2016
    # The save, and one UPDATE of the profile's time: no profile save, no signal chain.
    with django_assert_max_num_queries(2):
        record.save()


# Cursor paging.


def test_paging_visits_every_member_once_in_order(api):
    members = [make_sharing_member(f"m{n}@example.no") for n in range(7)]

    rows = api.all_pages("members", page_size=3)

    assert ids(rows) == [m.pk for m in members]


def test_paging_survives_many_members_changed_at_the_same_instant(api):
    members = [make_sharing_member(f"m{n}@example.no") for n in range(7)]
    Profile.objects.update(updated_at=T0)  # one bulk change: every row has the same time

    pages = []
    response = api.get("members", page_size=2)
    while True:
        body = response.json()
        pages.append(ids(body["results"]))
        if not body["next"]:
            break
        response = api.get(body["next"])

    assert pages == [
        [members[0].pk, members[1].pk],
        [members[2].pk, members[3].pk],
        [members[4].pk, members[5].pk],
        [members[6].pk],
    ]


def test_a_member_changed_during_a_sync_comes_again_later_not_lost(api):
    with freeze_time(T0):
        members = [make_sharing_member(f"m{n}@example.no") for n in range(4)]
    first = api.get("members", page_size=2).json()
    with freeze_time(T0 + timedelta(minutes=5)):
        Profile.objects.filter(user=members[0]).update(updated_at=timezone.now())
        Profile.objects.filter(user=members[3]).update(updated_at=timezone.now())

    rest = []
    response = api.get(first["next"])
    while True:
        body = response.json()
        rest += ids(body["results"])
        if not body["next"]:
            break
        response = api.get(body["next"])

    assert ids(first["results"]) == [members[0].pk, members[1].pk]
    assert rest == [members[2].pk, members[0].pk, members[3].pk]


def test_the_cursor_keeps_updated_since(api):
    with freeze_time(T0):
        make_sharing_member("gammel@example.no")
    with freeze_time(T0 + timedelta(days=2)):
        new = [make_sharing_member(f"ny{n}@example.no") for n in range(3)]

    rows = api.all_pages("members", page_size=2, updated_since=(T0 + timedelta(days=1)).isoformat())

    assert ids(rows) == [m.pk for m in new]


def test_withdrawn_pages_too(api):
    members = [make_sharing_member(f"m{n}@example.no") for n in range(5)]
    for member in members:
        member.profile.share_with_crm = False
        member.profile.save()

    assert ids(api.all_pages("withdrawn", page_size=2)) == [m.pk for m in members]


@pytest.mark.parametrize("size", ["0", "501", "-1", "many"])
def test_a_page_size_out_of_range_is_400(api, size):
    assert api.get("members", page_size=size).status_code == 400


def test_page_size_defaults_to_100_and_goes_to_500(api):
    assert api.get("members", page_size="500").status_code == 200


@pytest.mark.parametrize("cursor", ["garbage", "bm90fGE=", "MjAyNnwx"])
def test_a_broken_cursor_is_404_as_in_drf(api, cursor):
    response = api.get("members", cursor=cursor)
    assert response.status_code == 404
    assert "Pekeren er ikke gyldig" in response.json()["detail"]  # the invalid-cursor message


# Query counts.


def queries_for_a_page(api, count):
    for n in range(count):
        member = make_sharing_member(f"q{count}-{n}@example.no")
        member.profile.interests.add(InterestTag.objects.get_or_create(name=f"Tema {n % 3}")[0])
        member.profile.save()
        subscribe(member, slug=f"tema-{n % 2}")
    with CaptureQueriesContext(connection) as queries:
        response = api.get("members")
    assert response.status_code == 200
    assert len(response.json()["results"]) == count
    return len(queries)


def test_a_page_costs_the_same_queries_for_5_and_50_members(api, django_assert_max_num_queries):
    five = queries_for_a_page(api, 5)
    Profile.objects.update(share_with_crm=False)
    fifty = queries_for_a_page(api, 50)

    assert five == fifty
    with django_assert_max_num_queries(10):
        api.get("members")


def test_withdrawn_costs_a_few_queries(api, django_assert_max_num_queries):
    for n in range(20):
        member = make_sharing_member(f"w{n}@example.no")
        member.profile.share_with_crm = False
        member.profile.save()
    with django_assert_max_num_queries(5):
        assert len(api.get("withdrawn").json()["results"]) == 20
