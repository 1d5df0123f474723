"""The CRM API as an integration sees it: tokens and scopes, what a member's row holds, who is
never in it, and the audit entry every call leaves."""

from django.urls import reverse
from django.utils import timezone

import pytest

from accounts.models import AuditAction, AuditEvent
from community.models import InterestTag
from community.personal_data import erase_profile
from crm.models import Integration, Scope, SharingWithdrawal
from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventRegistration, RegistrationStatus
from tests.community.conftest import make_member

from .conftest import ApiClient, make_integration, make_sharing_member, subscribe

pytestmark = pytest.mark.django_db


# Tokens and scopes.


def test_no_token_gets_401_with_a_bearer_challenge(sharing_member):
    response = ApiClient().get("members")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "deler@example.no" not in response.content.decode()


@pytest.mark.parametrize(
    "header",
    ["Bearer usncrm_wrong", "Bearer", "Bearer a b", "Token usncrm_x", "Basic dXNlcjpwdw=="],
)
def test_a_wrong_token_gets_401(crm_integration, sharing_member, header):
    response = ApiClient().client.get(reverse("crm:members"), HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_a_revoked_token_gets_401(crm_integration, sharing_member):
    integration, token = crm_integration
    integration.revoke()
    assert ApiClient(token).get("members").status_code == 401


def test_the_token_is_looked_up_by_its_hash_only(crm_integration):
    integration, token = crm_integration
    assert not Integration.objects.filter(token_hash=token).exists()
    assert Integration.objects.for_token(token) == integration
    assert Integration.objects.for_token(token[:-1]) is None


def test_a_session_login_is_not_enough(client, superuser, sharing_member):
    client.force_login(superuser)
    assert client.get(reverse("crm:members")).status_code == 401


def test_a_token_without_members_read_gets_403(sharing_member):
    _integration, token = make_integration(scopes=[Scope.CONSENTS, Scope.ATTENDANCE])
    api = ApiClient(token)
    assert api.get("members").status_code == 403
    assert api.get("withdrawn").status_code == 403


def test_subscriptions_and_events_need_their_scopes(sharing_member):
    subscribe(sharing_member)
    _integration, token = make_integration(scopes=[Scope.MEMBERS])

    row = ApiClient(token).get("members").json()["results"][0]

    assert row["subscriptions"] is None
    assert row["events"] is None


def test_the_api_writes_only_json_and_refuses_other_methods(api):
    assert api.get("members")["Content-Type"] == "application/json"
    response = api.client.post(reverse("crm:members"), HTTP_AUTHORIZATION=f"Bearer {api.token}")
    assert response.status_code == 405


def test_throttled_per_integration(settings, crm_integration, sharing_member):
    settings.CRM_API_RATE = "3/min"
    other = ApiClient(make_integration(name="Test CRM")[1])
    api = ApiClient(crm_integration[1])

    statuses = [api.get("members").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    assert "Retry-After" in api.get("members")
    assert other.get("members").status_code == 200


# What a member's row holds.


def test_a_sharing_members_row(api, sharing_member, home):
    profile = sharing_member.profile
    profile.current_position = "Controller"
    profile.employer = "Sparebank Øst"
    profile.industry = "banking"
    profile.city = "Drammen"
    profile.country = "NO"
    profile.save()
    profile.interests.add(InterestTag.objects.create(name="Bærekraft", curated=True))
    profile.save()
    topic = subscribe(sharing_member)
    events = EventIndexPageFactory(parent=home, slug="arrangementer")
    past = EventPageFactory(parent=events, title="Alumnikveld", start=timezone.now())
    EventRegistration.objects.create(
        event=past,
        user=sharing_member,
        status=RegistrationStatus.CONFIRMED,
        attended_at=timezone.now(),
    )
    cancelled = EventPageFactory(parent=events, title="Avlyst deltakelse")
    EventRegistration.objects.create(
        event=cancelled, user=sharing_member, status=RegistrationStatus.CANCELLED
    )

    body = api.get("members").json()

    assert body["previous"] is None and body["next"] is None
    [row] = body["results"]
    sharing_member.refresh_from_db()
    assert row["id"] == sharing_member.pk
    assert row["email"] == "deler@example.no"
    assert row["display_name"] == "Dina Deler"
    assert (row["first_name"], row["last_name"]) == (
        sharing_member.first_name,
        sharing_member.last_name,
    )
    assert row["preferred_language"] == "nb"
    assert (row["position"], row["employer"], row["industry"], row["city"], row["country"]) == (
        "Controller",
        "Sparebank Øst",
        "banking",
        "Drammen",
        "NO",
    )
    assert row["education"] == [
        {
            "faculty": "HH",
            "programme_code": "MØA",
            "programme_name": "Master i økonomi og administrasjon",
            "degree_level": "master",
            "graduation_year": 2015,
            "verified": True,
        }
    ]
    assert row["interests"] == ["Bærekraft"]
    assert row["verified"] is True
    assert row["member_since"] and row["updated_at"]
    [subscription] = row["subscriptions"]
    assert subscription["topic"] == topic.slug
    assert subscription["consent_version"] == 1
    assert subscription["since"]
    assert row["events"] == [
        {
            "event_id": past.pk,
            "title": "Alumnikveld",
            "date": row["events"][0]["date"],
            "attended": True,
        }
    ]


def test_pending_and_withdrawn_subscriptions_are_not_listed(api, sharing_member):
    from newsletters.consent import request_subscription, subscriber_for_user
    from newsletters.factories import TopicFactory
    from newsletters.models import CapturePoint

    request_subscription(
        subscriber_for_user(sharing_member),
        [TopicFactory(slug="venter")],
        capture_point=CapturePoint.PREFERENCES,
    )

    [row] = api.get("members").json()["results"]

    assert row["subscriptions"] == []


# Who is never in it.


def test_members_who_do_not_share_never_appear(api, sharing_member, private_member):
    ids = [row["id"] for row in api.all_pages("members")]
    assert ids == [sharing_member.pk]
    assert "privat@example.no" not in api.get("members").content.decode()


def test_a_deactivated_member_disappears_and_is_withdrawn(api, sharing_member):
    sharing_member.is_active = False
    sharing_member.save()

    assert api.all_pages("members") == []
    assert [row["id"] for row in api.all_pages("withdrawn")] == [sharing_member.pk]


def test_a_member_who_unticks_disappears_and_appears_in_withdrawn(api, sharing_member):
    profile = sharing_member.profile
    profile.share_with_crm = False
    profile.save()

    assert api.all_pages("members") == []
    [withdrawn] = api.all_pages("withdrawn")
    assert withdrawn["id"] == sharing_member.pk
    assert set(withdrawn) == {"id", "withdrawn_at"}


def test_an_erased_member_appears_in_withdrawn_and_nothing_else_is_kept(api, sharing_member):
    # The community part of erasure (accounts.registry.erase_user) deletes the profile.
    member_id = sharing_member.pk
    erase_profile(sharing_member)
    sharing_member.delete()

    assert api.all_pages("members") == []
    assert [row["id"] for row in api.all_pages("withdrawn")] == [member_id]
    assert list(SharingWithdrawal.objects.values_list("member_id", flat=True)) == [member_id]


def test_a_member_who_never_shared_is_not_withdrawn_when_erased(api, private_member):
    erase_profile(private_member)
    private_member.delete()

    assert api.all_pages("withdrawn") == []


def test_a_member_who_shares_again_is_current_not_withdrawn(api, sharing_member):
    profile = sharing_member.profile
    profile.share_with_crm = False
    profile.save()
    profile.share_with_crm = True
    profile.save()

    assert [row["id"] for row in api.all_pages("members")] == [sharing_member.pk]
    assert api.all_pages("withdrawn") == []


# The audit log.


def test_every_call_is_audited_with_the_integration_and_the_count(api, sharing_member):
    make_sharing_member("deler2@example.no")

    api.get("members", updated_since="2026-01-01T00:00:00Z", page_size=1)

    event = AuditEvent.objects.get(action=AuditAction.API_READ)
    assert event.actor is None
    assert event.actor_label == "USN CRM"
    assert event.count == 1
    assert event.detail == {
        "endpoint": "members",
        "updated_since": "2026-01-01T00:00:00+00:00",
        "cursor": False,
    }
    assert "deler@example.no" not in str(event.detail)


def test_following_a_cursor_and_reading_withdrawn_are_audited(api, sharing_member):
    make_sharing_member("deler2@example.no")
    first = api.get("members", page_size=1).json()
    api.get(first["next"])
    api.get("withdrawn")

    events = AuditEvent.objects.filter(action=AuditAction.API_READ).order_by("pk")
    assert [(e.detail["endpoint"], e.detail["cursor"], e.count) for e in events] == [
        ("members", False, 1),
        ("members", True, 1),
        ("withdrawn", False, 0),
    ]


def test_refused_calls_read_nothing_and_leave_no_read_entry(sharing_member):
    ApiClient("usncrm_wrong").get("members")
    assert not AuditEvent.objects.filter(action=AuditAction.API_READ).exists()


def test_last_used_is_recorded(api, crm_integration):
    integration = crm_integration[0]
    assert integration.last_used_at is None
    api.get("members")
    integration.refresh_from_db()
    assert integration.last_used_at is not None


def test_member_without_education_or_profile_fields(api):
    user = make_member("tom@example.no", verified=False)
    user.profile.share_with_crm = True
    user.profile.save()

    [row] = api.get("members").json()["results"]

    assert row["education"] == [] and row["interests"] == []
    assert row["verified"] is False
    assert row["subscriptions"] == [] and row["events"] == []


def test_p2_deleting_the_account_through_the_service_reaches_withdrawn(api, sharing_member):
    from accounts.deletion import erase_and_delete

    member_id = sharing_member.pk
    erase_and_delete(sharing_member)

    assert api.all_pages("members") == []
    assert [row["id"] for row in api.all_pages("withdrawn")] == [member_id]
