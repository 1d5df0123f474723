"""Membership of groups and running them: who sees, reads, joins and asks to join each kind of
group (SECURITY.md C1), bans and removals taking effect on the next request (C2), invitations and
requests, roles and ownership hand-over, the members page and its actions, creating and editing a
group, and the member's data (P1, P2)."""

import re
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

import pytest
from PIL import Image

from accounts.registry import erase_user, export_user
from community.factories import (
    GroupFactory,
    GroupMembershipFactory,
    GroupReplyFactory,
    GroupThreadFactory,
)
from community.groups import membership as service
from community.groups import policy
from community.groups.membership import MembershipRefused
from community.groups.signals import membership_ended
from community.models import (
    Group,
    GroupKind,
    GroupMembership,
    GroupReply,
    GroupThread,
    InterestTag,
    MembershipRole,
    MembershipStatus,
    Notification,
)
from community.photos import process_cover
from tests.community.conftest import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The texts asserted here are the English source strings; URLs begin with /en/."""
    with translation.override("en"):
        yield


@pytest.fixture
def owner(db):
    return make_member("eier@example.no", programme_code="MØA", display_name="Eva Eier")


@pytest.fixture
def alumna(db):
    return make_member("alumna@example.no", programme_code="BSP", display_name="Astrid Alumna")


def url(name, group, *args):
    return reverse(f"community:{name}", args=[group.pk, *args])


def nb_url(name, group, *args):
    """A link in a notification: in the recipient's language (Norwegian by default)."""
    with translation.override("nb"):
        return url(name, group, *args)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def state(group):
    """Everything these tests change about a group, to prove nothing changed."""
    group.refresh_from_db()
    rows = sorted(
        GroupMembership.objects.filter(group=group).values_list("user_id", "status", "role")
    )
    return rows, group.member_count, group.archived_at


def status_of(group, user):
    row = GroupMembership.objects.filter(group=group, user=user).first()
    return row.status if row else None


# --- Every kind of group × every viewer ------------------------------------------------------

KINDS = [GroupKind.OPEN, GroupKind.REQUEST, GroupKind.INVITE, GroupKind.HIDDEN]
VIEWERS = [
    "visitor",
    "unverified",
    "stranger",
    "invited",
    "requested",
    "banned",
    "member",
    "moderator",
    "owner",
]
IN_GROUP = {"member", "moderator", "owner"}


def group_and_viewer(kind, viewer):
    owner = make_member("eier@example.no", programme_code="MØA", display_name="Eva Eier")
    group = GroupFactory(kind=kind, owner=owner, name="Regnskap og revisjon")
    if viewer == "visitor":
        return group, None
    if viewer == "owner":
        return group, owner
    user = make_member(
        f"{viewer}@example.no",
        programme_code="BSP",
        verified=viewer != "unverified",
        display_name=viewer.title(),
    )
    rows = {
        "invited": {"status": MembershipStatus.INVITED},
        "requested": {"status": MembershipStatus.REQUESTED},
        "banned": {"status": MembershipStatus.BANNED},
        "member": {},
        "moderator": {"role": MembershipRole.MODERATOR},
    }
    if viewer in rows:
        GroupMembershipFactory(group=group, user=user, **rows[viewer])
    return group, user


def sees_group(kind, viewer) -> bool:
    if viewer == "visitor":
        return False
    if kind == GroupKind.HIDDEN:
        return viewer in IN_GROUP or viewer == "invited"
    return True


def reads_content(kind, viewer) -> bool:
    if viewer == "visitor":
        return False
    if viewer in IN_GROUP:
        return True
    return kind == GroupKind.OPEN and viewer != "banned"


def status_after_join(kind, viewer):
    """The viewer's membership status after they press "join" (or "ask to join")."""
    before = {
        "invited": MembershipStatus.INVITED,
        "requested": MembershipStatus.REQUESTED,
        "banned": MembershipStatus.BANNED,
    }.get(viewer)
    if viewer in IN_GROUP:
        return MembershipStatus.ACTIVE
    if viewer in ("visitor", "unverified", "banned") or not sees_group(kind, viewer):
        return before
    if viewer == "invited":
        return MembershipStatus.ACTIVE
    if kind == GroupKind.OPEN:
        return MembershipStatus.ACTIVE
    if kind == GroupKind.REQUEST:
        return MembershipStatus.REQUESTED
    return before


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("kind", KINDS)
def test_who_sees_the_about_page(client, kind, viewer):
    group, user = group_and_viewer(kind, viewer)
    if user:
        client.force_login(user)

    response = client.get(url("group_about", group))

    if viewer == "visitor":
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif sees_group(kind, viewer):
        assert response.status_code == 200
        assert "Regnskap og revisjon" in response.content.decode()
    else:
        assert response.status_code == 404
        assert "Regnskap og revisjon" not in response.content.decode()


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("kind", KINDS)
def test_who_reads_the_content_and_the_members_page(client, kind, viewer):
    group, user = group_and_viewer(kind, viewer)
    if user:
        client.force_login(user)

    response = client.get(url("group_members", group))

    assert policy.can_read_content(group, user or AnonymousUser()) is reads_content(kind, viewer)
    if viewer == "visitor":
        assert response.status_code == 302
    elif reads_content(kind, viewer):
        assert response.status_code == 200
        assert "Eva Eier" in response.content.decode()
    else:
        assert response.status_code == 404
        assert "Eva Eier" not in response.content.decode()


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("kind", KINDS)
def test_who_joins_or_asks_to_join(client, kind, viewer):
    group, user = group_and_viewer(kind, viewer)
    if user:
        client.force_login(user)
    others_before = sorted(
        GroupMembership.objects.filter(group=group)
        .exclude(user=user)
        .values_list("user_id", "status", "role")
    )

    response = client.post(url("group_join", group), {"message": "Jeg jobber med revisjon."})

    if viewer == "visitor":
        assert response.status_code == 302 and "/login/" in response["Location"]
        assert GroupMembership.objects.filter(group=group).count() == 1
        return
    assert response.status_code == (302 if sees_group(kind, viewer) else 404)
    assert status_of(group, user) == status_after_join(kind, viewer)
    others_after = sorted(
        GroupMembership.objects.filter(group=group)
        .exclude(user=user)
        .values_list("user_id", "status", "role")
    )
    assert others_after == others_before
    group.refresh_from_db()
    assert group.member_count == GroupMembership.objects.active().filter(group=group).count()


@pytest.mark.parametrize("viewer", VIEWERS[1:])
@pytest.mark.parametrize("kind", KINDS)
def test_who_may_ask_to_join(kind, viewer):
    group, user = group_and_viewer(kind, viewer)

    allowed = policy.can_request(group, user)

    assert allowed is (kind == GroupKind.REQUEST and viewer == "stranger")


def test_a_request_is_sent_with_its_message_and_the_moderators_are_told(
    client, owner, alumna, django_capture_on_commit_callbacks
):
    group = GroupFactory(kind=GroupKind.REQUEST, owner=owner)
    moderator = make_member("mod@example.no", display_name="Mona Moderator")
    GroupMembershipFactory(group=group, user=moderator, role=MembershipRole.MODERATOR)
    client.force_login(alumna)

    form = client.get(url("group_join", group))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("group_join", group), {"message": "Revisor i Drammen."})

    assert form.status_code == 200 and 'name="message"' in form.content.decode()
    assert response.status_code == 302
    row = GroupMembership.objects.get(group=group, user=alumna)
    assert (row.status, row.request_message) == (MembershipStatus.REQUESTED, "Revisor i Drammen.")
    told = Notification.objects.filter(kind="group", title__contains="Astrid Alumna")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted([owner.pk, moderator.pk])
    assert told.first().url == nb_url("group_members", group)


def test_a_too_long_request_message_is_refused_with_a_reason(client, owner, alumna):
    group = GroupFactory(kind=GroupKind.REQUEST, owner=owner)
    client.force_login(alumna)

    response = client.post(url("group_join", group), {"message": "x" * 501})

    assert response.status_code == 400
    assert "at most 500 characters" in response.content.decode()
    assert status_of(group, alumna) is None


def test_asking_twice_is_refused_and_changes_nothing(owner, alumna):
    group = GroupFactory(kind=GroupKind.REQUEST, owner=owner)
    service.request_to_join(group, alumna, "Hei")

    with pytest.raises(MembershipRefused, match="already asked"):
        service.request_to_join(Group.objects.get(pk=group.pk), alumna, "Hei igjen")

    assert GroupMembership.objects.get(group=group, user=alumna).request_message == "Hei"


def test_a_moderator_approves_a_request_and_the_member_is_told(
    client, owner, alumna, django_capture_on_commit_callbacks
):
    group = GroupFactory(kind=GroupKind.REQUEST, owner=owner)
    request = GroupMembershipFactory(group=group, user=alumna, status=MembershipStatus.REQUESTED)
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("group_member_action", group, request.pk), {"action": "approve"})

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == MembershipStatus.ACTIVE and request.joined_at is not None
    group.refresh_from_db()
    assert group.member_count == 2
    assert Notification.objects.filter(recipient=alumna, kind="group").exists()
    assert "Astrid Alumna is now a member." in messages_of(response)


def test_a_moderator_declines_a_request(client, owner, alumna):
    group = GroupFactory(kind=GroupKind.REQUEST, owner=owner)
    request = GroupMembershipFactory(group=group, user=alumna, status=MembershipStatus.REQUESTED)
    client.force_login(owner)

    client.post(url("group_member_action", group, request.pk), {"action": "decline"})

    assert status_of(group, alumna) is None
    assert Group.objects.get(pk=group.pk).member_count == 1


# --- Bans and removals take effect on the next request ------------------------------------------


def test_a_banned_member_loses_the_content_on_the_next_request(client, owner, alumna):
    group = GroupFactory(kind=GroupKind.REQUEST, owner=owner)
    membership = GroupMembershipFactory(group=group, user=alumna)
    client.force_login(alumna)
    assert client.get(url("group_members", group)).status_code == 200

    service.ban(owner, membership)

    assert client.get(url("group_members", group)).status_code == 404
    assert status_of(group, alumna) == MembershipStatus.BANNED
    assert Group.objects.get(pk=group.pk).member_count == 1


def test_a_banned_member_can_neither_rejoin_nor_ask_again(client, owner, alumna):
    open_group = GroupFactory(kind=GroupKind.OPEN, owner=owner)
    by_request = GroupFactory(kind=GroupKind.REQUEST, owner=owner)
    for group in (open_group, by_request):
        service.ban(owner, GroupMembershipFactory(group=group, user=alumna))
    client.force_login(alumna)
    before = [state(open_group), state(by_request)]

    joined = client.post(url("group_join", open_group))
    asked = client.post(url("group_join", by_request), {"message": "Slipp meg inn"})

    assert [state(open_group), state(by_request)] == before
    assert "You cannot join this group." in messages_of(joined)
    assert "You cannot ask to join this group." in messages_of(asked)
    with pytest.raises(MembershipRefused):
        service.join(open_group, alumna)
    with pytest.raises(MembershipRefused):
        service.request_to_join(by_request, alumna)


def test_the_about_page_tells_a_banned_member_they_cannot_join(client, owner, alumna):
    group = GroupFactory(kind=GroupKind.OPEN, owner=owner)
    GroupMembershipFactory(group=group, user=alumna, status=MembershipStatus.BANNED)
    client.force_login(alumna)

    page = client.get(url("group_about", group)).content.decode()

    assert "You cannot join this group." in page
    assert "Join the group" not in page


def test_a_ban_is_lifted_and_the_member_may_join_again(client, owner, alumna):
    group = GroupFactory(kind=GroupKind.OPEN, owner=owner)
    banned = GroupMembershipFactory(group=group, user=alumna, status=MembershipStatus.BANNED)
    client.force_login(owner)

    client.post(url("group_member_action", group, banned.pk), {"action": "unban"})
    service.join(Group.objects.get(pk=group.pk), alumna)

    assert status_of(group, alumna) == MembershipStatus.ACTIVE


def test_a_removed_member_loses_the_content_on_the_next_request(client, owner, alumna):
    group = GroupFactory(kind=GroupKind.INVITE, owner=owner)
    membership = GroupMembershipFactory(group=group, user=alumna)
    client.force_login(alumna)
    assert client.get(url("group_members", group)).status_code == 200

    service.remove(owner, membership)

    assert client.get(url("group_members", group)).status_code == 404
    assert status_of(group, alumna) is None
    assert Group.objects.get(pk=group.pk).member_count == 1


def test_every_way_a_membership_ends_sends_the_signal_after_commit(
    owner, alumna, django_capture_on_commit_callbacks
):
    ended = []

    def receiver(sender, group, user, **kwargs):
        ended.append((group.pk, user.pk))

    membership_ended.connect(receiver)
    try:
        groups = [GroupFactory(owner=owner) for _ in range(4)]
        rows = [GroupMembershipFactory(group=group, user=alumna) for group in groups]
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            service.leave(groups[0], alumna)
        assert ended == []  # nothing before the commit
        for callback in callbacks:
            callback()
        with django_capture_on_commit_callbacks(execute=True):
            service.remove(owner, rows[1])
            service.ban(owner, rows[2])
            erase_user(alumna)
    finally:
        membership_ended.disconnect(receiver)

    assert sorted(ended) == sorted((group.pk, alumna.pk) for group in groups)


# --- The members page and its actions -----------------------------------------------------------


def test_members_are_listed_by_seniority_with_their_roles(client, owner, alumna):
    group = GroupFactory(kind=GroupKind.REQUEST, owner=owner)
    GroupMembership.objects.filter(group=group, user=owner).update(
        joined_at=timezone.now() - timedelta(days=300)
    )
    newer = make_member("ny@example.no", display_name="Nils Nykommer")
    GroupMembershipFactory(group=group, user=newer)
    GroupMembershipFactory(
        group=group,
        user=alumna,
        role=MembershipRole.MODERATOR,
        joined_at=timezone.now() - timedelta(days=100),
    )
    client.force_login(newer)

    page = client.get(url("group_members", group)).content.decode()

    assert page.index("Eva Eier") < page.index("Astrid Alumna") < page.index("Nils Nykommer")
    assert "Owner" in page and "Moderator" in page
    assert "Asked to join" not in page  # pending requests are for moderators
    assert 'value="ban"' not in page


def test_moderators_see_requests_invitations_and_bans(client, owner, alumna):
    group = GroupFactory(kind=GroupKind.REQUEST, owner=owner)
    for email, name, status in [
        ("spor@example.no", "Siri Spør", MembershipStatus.REQUESTED),
        ("invitert@example.no", "Ivar Invitert", MembershipStatus.INVITED),
        ("utestengt@example.no", "Ulla Utestengt", MembershipStatus.BANNED),
    ]:
        GroupMembershipFactory(
            group=group, user=make_member(email, display_name=name), status=status
        )
    client.force_login(owner)

    page = client.get(url("group_members", group)).content.decode()

    for name in ("Siri Spør", "Ivar Invitert", "Ulla Utestengt"):
        assert name in page
    for action in ("approve", "decline", "cancel_invitation", "unban"):
        assert f'value="{action}"' in page


def test_a_membership_of_another_group_is_a_404_and_nothing_changes(client, owner, alumna):
    mine = GroupFactory(owner=owner)
    other_owner = make_member("annen@example.no", display_name="Anne Annen")
    other = GroupFactory(owner=other_owner)
    theirs = GroupMembershipFactory(group=other, user=alumna)
    client.force_login(owner)
    before = state(other)

    for action in ("remove", "ban", "make_owner", "make_moderator"):
        response = client.post(url("group_member_action", mine, theirs.pk), {"action": action})
        assert response.status_code == 404
    assert state(other) == before


def test_a_stranger_to_a_hidden_group_gets_404_for_its_member_actions(client, owner, alumna):
    group = GroupFactory(kind=GroupKind.HIDDEN, owner=owner)
    member = GroupMembershipFactory(group=group, user=make_member("m@example.no"))
    client.force_login(alumna)
    before = state(group)

    for name, args in [
        ("group_member_action", [member.pk]),
        ("group_invite", []),
        ("group_edit", []),
        ("group_archive", []),
        ("group_notifications", []),
        ("group_leave", []),
        ("group_decline_invitation", []),
    ]:
        response = client.post(url(name, group, *args), {"action": "remove", "name": "Hacked"})
        assert response.status_code == 404, name
        assert client.get(url(name, group, *args)).status_code in (404, 405), name
    assert state(group) == before


def test_a_plain_member_cannot_run_the_group(client, owner, alumna):
    group = GroupFactory(kind=GroupKind.REQUEST, owner=owner)
    GroupMembershipFactory(group=group, user=alumna)
    other = GroupMembershipFactory(group=group, user=make_member("m@example.no"))
    client.force_login(alumna)
    before = state(group)

    for action in ("remove", "ban", "make_moderator", "make_owner"):
        response = client.post(url("group_member_action", group, other.pk), {"action": action})
        assert response.status_code == 403
    assert client.get(url("group_edit", group)).status_code == 403
    assert client.post(url("group_archive", group), {"action": "archive"}).status_code == 403
    assert client.get(url("group_invite", group)).status_code == 403
    assert state(group) == before


def test_a_moderator_cannot_remove_or_ban_the_owner(client, owner, alumna):
    group = GroupFactory(owner=owner)
    GroupMembershipFactory(group=group, user=alumna, role=MembershipRole.MODERATOR)
    owner_row = GroupMembership.objects.get(group=group, user=owner)
    client.force_login(alumna)
    before = state(group)

    removed = client.post(url("group_member_action", group, owner_row.pk), {"action": "remove"})
    banned = client.post(url("group_member_action", group, owner_row.pk), {"action": "ban"})

    assert state(group) == before
    assert "The group's owner cannot be removed or banned." in messages_of(removed)
    assert "The group's owner cannot be removed or banned." in messages_of(banned)


def test_a_moderator_cannot_remove_another_moderator_but_the_owner_can(owner, alumna):
    group = GroupFactory(owner=owner)
    GroupMembershipFactory(group=group, user=alumna, role=MembershipRole.MODERATOR)
    colleague = GroupMembershipFactory(
        group=group, user=make_member("k@example.no"), role=MembershipRole.MODERATOR
    )

    with pytest.raises(MembershipRefused, match="Only the owner"):
        service.remove(alumna, colleague)
    service.remove(owner, colleague)

    assert not GroupMembership.objects.filter(pk=colleague.pk).exists()


def test_a_moderator_removes_a_plain_member(client, owner, alumna):
    group = GroupFactory(owner=owner)
    GroupMembershipFactory(group=group, user=alumna, role=MembershipRole.MODERATOR)
    member = GroupMembershipFactory(group=group, user=make_member("m@example.no"))
    client.force_login(alumna)

    client.post(url("group_member_action", group, member.pk), {"action": "remove"})

    assert not GroupMembership.objects.filter(pk=member.pk).exists()
    assert Group.objects.get(pk=group.pk).member_count == 2


def test_an_unknown_action_is_explained_not_an_error(client, owner, alumna):
    group = GroupFactory(owner=owner)
    member = GroupMembershipFactory(group=group, user=alumna)
    client.force_login(owner)

    response = client.post(url("group_member_action", group, member.pk), {"action": "explode"})

    assert response.status_code == 302
    assert "That is not something you can do here." in messages_of(response)


def test_the_owner_appoints_and_demotes_a_moderator(client, owner, alumna):
    group = GroupFactory(owner=owner)
    member = GroupMembershipFactory(group=group, user=alumna)
    client.force_login(owner)

    client.post(url("group_member_action", group, member.pk), {"action": "make_moderator"})
    member.refresh_from_db()
    assert member.role == MembershipRole.MODERATOR
    client.post(url("group_member_action", group, member.pk), {"action": "make_member"})
    member.refresh_from_db()
    assert member.role == MembershipRole.MEMBER


def test_members_page_runs_the_same_few_queries_for_5_and_60_members(client, owner):
    group = GroupFactory(kind=GroupKind.REQUEST, owner=owner)
    client.force_login(owner)

    def count_queries():
        client.get(url("group_members", group))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("group_members", group)).status_code == 200
        return len(captured)

    for n in range(4):
        GroupMembershipFactory(group=group, user=make_member(f"a{n}@example.no"))
    few = count_queries()
    for n in range(55):
        GroupMembershipFactory(group=group, user=make_member(f"b{n}@example.no"))
    many = count_queries()

    assert few == many <= 15


# --- Invitations -------------------------------------------------------------------------------


def test_a_moderator_finds_and_invites_a_member_who_is_told(
    client, owner, alumna, django_capture_on_commit_callbacks
):
    group = GroupFactory(kind=GroupKind.HIDDEN, owner=owner)
    client.force_login(owner)

    found = client.get(url("group_invite", group), {"finn": "astrid"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("group_invite", group), {"profil": alumna.profile.pk, "finn": "astrid"}
        )

    assert "Astrid Alumna" in found.content.decode()
    assert response.status_code == 302
    row = GroupMembership.objects.get(group=group, user=alumna)
    assert (row.status, row.invited_by) == (MembershipStatus.INVITED, owner)
    notification = Notification.objects.get(recipient=alumna, kind="group")
    assert "Eva Eier" in notification.title and notification.url == nb_url("group_about", group)
    assert Group.objects.get(pk=group.pk).member_count == 1


def test_the_invite_search_leaves_out_members_and_banned_people(client, owner, alumna):
    group = GroupFactory(owner=owner)
    banned = make_member("astrid.b@example.no", display_name="Astrid Bannlyst")
    GroupMembershipFactory(group=group, user=banned, status=MembershipStatus.BANNED)
    GroupMembershipFactory(
        group=group, user=make_member("astrid.m@example.no", display_name="Astrid Medlem")
    )
    client.force_login(owner)

    page = client.get(url("group_invite", group), {"finn": "astrid"}).content.decode()

    assert "Astrid Alumna" in page
    assert "Astrid Bannlyst" not in page and "Astrid Medlem" not in page


def test_only_verified_members_can_be_invited(owner, unverified_member):
    group = GroupFactory(owner=owner)

    with pytest.raises(MembershipRefused, match="verified"):
        service.invite(owner, group, unverified_member)

    assert status_of(group, unverified_member) is None


@pytest.mark.parametrize(
    "status", [MembershipStatus.ACTIVE, MembershipStatus.INVITED, MembershipStatus.BANNED]
)
def test_inviting_a_member_banned_or_already_invited_is_refused(owner, alumna, status):
    group = GroupFactory(owner=owner)
    GroupMembershipFactory(group=group, user=alumna, status=status)
    before = state(group)

    with pytest.raises(MembershipRefused, match="Astrid Alumna"):
        service.invite(owner, group, alumna)

    assert state(group) == before


def test_inviting_someone_who_asked_to_join_lets_them_in(owner, alumna):
    group = GroupFactory(kind=GroupKind.REQUEST, owner=owner)
    GroupMembershipFactory(group=group, user=alumna, status=MembershipStatus.REQUESTED)

    service.invite(owner, group, alumna)

    assert status_of(group, alumna) == MembershipStatus.ACTIVE


def test_the_invitee_accepts_and_becomes_a_member(client, owner, alumna):
    group = GroupFactory(kind=GroupKind.INVITE, owner=owner)
    service.invite(owner, group, alumna)
    client.force_login(alumna)

    about = client.get(url("group_about", group)).content.decode()
    response = client.post(url("group_join", group))

    assert "Accept the invitation" in about
    assert response.status_code == 302
    assert status_of(group, alumna) == MembershipStatus.ACTIVE
    assert Group.objects.get(pk=group.pk).member_count == 2


def test_the_invitee_declines_and_a_hidden_group_disappears_for_them(client, owner, alumna):
    group = GroupFactory(kind=GroupKind.HIDDEN, owner=owner)
    service.invite(owner, group, alumna)
    client.force_login(alumna)

    client.post(url("group_decline_invitation", group))

    assert status_of(group, alumna) is None
    assert client.get(url("group_about", group)).status_code == 404


def test_a_moderator_cancels_an_invitation(client, owner, alumna):
    group = GroupFactory(kind=GroupKind.INVITE, owner=owner)
    invitation = service.invite(owner, group, alumna)
    client.force_login(owner)

    client.post(url("group_member_action", group, invitation.pk), {"action": "cancel_invitation"})

    assert status_of(group, alumna) is None


def test_the_header_and_member_buttons_work_with_csrf_checks(owner, alumna):
    """The buttons sit in included components: they carry the page's CSRF token."""
    group = GroupFactory(kind=GroupKind.INVITE, owner=owner)
    service.invite(owner, group, alumna)
    invitee, moderator = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    invitee.force_login(alumna)
    moderator.force_login(owner)

    about = invitee.get(url("group_about", group)).content.decode()
    accepted = invitee.post(
        url("group_join", group), {"csrfmiddlewaretoken": token_in(about, url("group_join", group))}
    )
    members = moderator.get(url("group_members", group)).content.decode()
    row = GroupMembership.objects.get(group=group, user=alumna)
    action_url = url("group_member_action", group, row.pk)
    promoted = moderator.post(
        action_url,
        {"action": "make_moderator", "csrfmiddlewaretoken": token_in(members, action_url)},
    )

    assert accepted.status_code == promoted.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.role) == (MembershipStatus.ACTIVE, MembershipRole.MODERATOR)


def token_in(page, action) -> str:
    """The CSRF token inside the form that posts to `action`."""
    form = re.search(rf'<form method="post" action="{re.escape(action)}"[^>]*>(.*?)</form>', page)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(1)).group(1)


# --- Leaving and ownership hand-over ---------------------------------------------------------


def seniority(group, user, days_ago, role=MembershipRole.MEMBER):
    return GroupMembershipFactory(
        group=group, user=user, role=role, joined_at=timezone.now() - timedelta(days=days_ago)
    )


def test_the_owner_hands_the_group_over_and_becomes_a_moderator(
    client, owner, alumna, django_capture_on_commit_callbacks
):
    group = GroupFactory(owner=owner)
    member = GroupMembershipFactory(group=group, user=alumna)
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("group_member_action", group, member.pk), {"action": "make_owner"})

    roles = dict(GroupMembership.objects.filter(group=group).values_list("user_id", "role"))
    assert roles == {owner.pk: MembershipRole.MODERATOR, alumna.pk: MembershipRole.OWNER}
    assert Notification.objects.filter(recipient=alumna, title__contains="eier av").exists()


def test_when_the_owner_leaves_the_longest_standing_moderator_takes_over(client, owner):
    group = GroupFactory(owner=owner)
    old_member = seniority(group, make_member("gammel@example.no"), 900)
    senior_mod = seniority(group, make_member("senior@example.no"), 500, MembershipRole.MODERATOR)
    seniority(group, make_member("junior@example.no"), 100, MembershipRole.MODERATOR)
    client.force_login(owner)

    leave_page = client.get(url("group_leave", group))
    response = client.post(url("group_leave", group))

    assert response.status_code == 302
    assert GroupMembership.objects.get(group=group, role=MembershipRole.OWNER) == senior_mod
    old_member.refresh_from_db()
    assert old_member.role == MembershipRole.MEMBER
    assert status_of(group, owner) is None
    assert Group.objects.get(pk=group.pk).member_count == 3
    assert "becomes its owner" in leave_page.content.decode()


def test_without_moderators_the_longest_standing_member_takes_over(owner):
    group = GroupFactory(owner=owner)
    seniority(group, make_member("nyere@example.no"), 10)
    oldest = seniority(group, make_member("eldst@example.no"), 400)

    new_owner = service.leave(group, owner)

    assert new_owner == oldest
    oldest.refresh_from_db()
    assert oldest.role == MembershipRole.OWNER


def test_a_group_left_by_its_last_member_is_archived_without_an_owner(owner):
    group = GroupFactory(owner=owner)

    service.leave(group, owner)

    group.refresh_from_db()
    assert group.is_archived and group.member_count == 0
    assert not GroupMembership.objects.filter(group=group).exists()


def test_an_erased_owner_hands_the_group_over(owner, alumna, django_capture_on_commit_callbacks):
    group = GroupFactory(owner=owner)
    seniority(group, alumna, 200, MembershipRole.MODERATOR)
    other_group = GroupFactory(owner=make_member("x@example.no"))
    GroupMembershipFactory(group=other_group, user=owner)
    GroupMembershipFactory(
        group=other_group,
        user=make_member("y@example.no"),
        status=MembershipStatus.INVITED,
        invited_by=owner,
    )

    with django_capture_on_commit_callbacks(execute=True):
        erase_user(owner)

    assert GroupMembership.objects.get(group=group, user=alumna).role == MembershipRole.OWNER
    assert not GroupMembership.objects.filter(user=owner).exists()
    assert not GroupMembership.objects.filter(invited_by=owner).exists()
    assert Group.objects.get(pk=group.pk).member_count == 1
    assert Group.objects.get(pk=other_group.pk).member_count == 1
    assert Group.objects.get(pk=group.pk).created_by is None
    assert Notification.objects.filter(recipient=alumna, title__contains="eier av").exists()


def test_leaving_is_confirmed_and_a_non_member_is_told(client, owner, alumna):
    group = GroupFactory(owner=owner)
    client.force_login(alumna)

    response = client.post(url("group_leave", group))

    assert "You are not a member of this group." in messages_of(response)


# --- Creating and editing a group ---------------------------------------------------------------


def png_bytes(size=(2400, 1200)):
    import io

    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_verified_alumnus_creates_a_group_and_owns_it(client, alumna):
    InterestTag.objects.create(name="Revisjon", slug="revisjon", curated=True)
    curated = InterestTag.objects.get(slug="revisjon")
    client.force_login(alumna)

    response = client.post(
        reverse("community:group_create"),
        {
            "name": "  Revisorer   i Vestfold ",
            "description": "For revisorer.",
            "kind": GroupKind.REQUEST,
            "curated_topics": [curated.pk],
            "other_topics": "Skatt, MVA",
            "region": "vestfold",
            "cover_upload": SimpleUploadedFile("forside.png", png_bytes(), "image/png"),
        },
    )

    group = Group.objects.get()
    assert response.status_code == 302 and response["Location"] == url("group_detail", group)
    assert group.name == "Revisorer i Vestfold" and group.created_by == alumna
    assert sorted(t.name for t in group.topics.all()) == ["MVA", "Revisjon", "Skatt"]
    owner_row = GroupMembership.objects.get(group=group)
    assert (owner_row.user, owner_row.role, owner_row.status) == (
        alumna,
        MembershipRole.OWNER,
        MembershipStatus.ACTIVE,
    )
    assert group.member_count == 1
    with Image.open(group.cover.path) as cover:
        assert (cover.format, cover.size) == ("JPEG", (1200, 400))


def test_an_unverified_member_is_told_why_they_cannot_create_a_group(client, unverified_member):
    client.force_login(unverified_member)

    page = client.get(reverse("community:group_create"))
    posted = client.post(
        reverse("community:group_create"),
        {"name": "Min gruppe", "description": "Tekst", "kind": GroupKind.OPEN},
    )

    assert page.status_code == posted.status_code == 403
    assert "Groups are for verified alumni" in page.content.decode()
    assert not Group.objects.exists()


def test_bad_group_details_are_explained(client, alumna):
    client.force_login(alumna)

    response = client.post(
        reverse("community:group_create"),
        {
            "name": "A",
            "description": "   ",
            "kind": "secret",
            "other_topics": ", ".join(f"emne {n}" for n in range(9)),
            "cover_upload": SimpleUploadedFile("x.svg", b"<svg onload=alert(1)>", "image/svg+xml"),
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "The name needs at least 3 characters." in page
    assert "Describe the group in a few sentences." in page
    assert "Choose at most 8 topics in all." in page
    assert "Please upload a JPEG, PNG or WebP image." in page
    assert "Select a valid choice" in page
    assert not Group.objects.exists()


def test_a_cover_is_cut_to_a_banner_without_metadata():
    upload = SimpleUploadedFile("tall.png", png_bytes((600, 900)), "image/png")

    cover = process_cover(upload)

    with Image.open(cover) as image:
        assert image.format == "JPEG" and image.size == (600, 200)
        assert not image.getexif()


def test_the_owner_edits_the_group(client, owner):
    group = GroupFactory(owner=owner, kind=GroupKind.OPEN)
    client.force_login(owner)

    form = client.get(url("group_edit", group))
    response = client.post(
        url("group_edit", group),
        {"name": "Nytt navn", "description": "Ny tekst", "kind": GroupKind.INVITE},
    )

    assert form.status_code == 200
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.name, group.kind) == ("Nytt navn", GroupKind.INVITE)


def test_an_invalid_edit_changes_nothing_not_even_the_header(client, owner):
    group = GroupFactory(owner=owner, name="Uendret")
    client.force_login(owner)

    response = client.post(url("group_edit", group), {"name": "", "description": "x"})

    assert response.status_code == 400
    assert '<h1 class="group-header__name">Uendret</h1>' in response.content.decode()
    assert Group.objects.get(pk=group.pk).name == "Uendret"


def test_a_moderator_cannot_edit_the_group(client, owner, alumna):
    group = GroupFactory(owner=owner)
    GroupMembershipFactory(group=group, user=alumna, role=MembershipRole.MODERATOR)
    client.force_login(alumna)

    response = client.post(url("group_edit", group), {"name": "Kapret", "description": "x"})

    assert response.status_code == 403
    assert Group.objects.get(pk=group.pk).name != "Kapret"


def test_member_text_on_the_about_page_is_escaped_and_links_are_clickable(client, owner):
    group = GroupFactory(
        owner=owner,
        name="<script>alert(1)</script>",
        description='<img src=x onerror="alert(2)"> Se https://usn.no',
    )
    client.force_login(owner)

    page = client.get(url("group_about", group)).content.decode()

    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x" in page
    assert '<a href="https://usn.no"' in page


def test_the_about_page_names_the_owner_and_moderators_with_links(client, owner, alumna):
    group = GroupFactory(owner=owner, kind=GroupKind.REQUEST)
    GroupMembershipFactory(group=group, user=alumna, role=MembershipRole.MODERATOR)
    client.force_login(make_member("s@example.no"))

    page = client.get(url("group_about", group)).content.decode()

    assert reverse("community:profile_detail", args=[owner.profile.pk]) in page
    assert page.index("Eva Eier") < page.index("Astrid Alumna")


# --- A member's notification choice -----------------------------------------------------------


def test_a_member_chooses_every_new_thread(client, owner, alumna):
    group = GroupFactory(owner=owner)
    GroupMembershipFactory(group=group, user=alumna)
    client.force_login(alumna)

    page = client.get(url("group_notifications", group))
    client.post(url("group_notifications", group), {"notify": "immediate"})

    assert "Every new thread" in page.content.decode()
    assert GroupMembership.objects.get(group=group, user=alumna).notify == "immediate"


def test_a_non_member_has_no_notification_choice(client, owner, alumna):
    group = GroupFactory(owner=owner)
    client.force_login(alumna)

    assert client.post(url("group_notifications", group), {"notify": "off"}).status_code == 403


# --- Personal data ----------------------------------------------------------------------------


def test_export_holds_my_groups_and_posts(owner, alumna):
    group = GroupFactory(owner=owner, name="Økonomistyring")
    GroupMembershipFactory(group=group, user=alumna, role=MembershipRole.MODERATOR)
    thread = GroupThreadFactory(group=group, author=alumna, title="Budsjett 2027")
    GroupReplyFactory(thread=thread, author=alumna, body="Mitt svar")

    data = export_user(alumna)

    assert data["community.GroupMembership"][0]["group__name"] == "Økonomistyring"
    assert data["community.GroupMembership"][0]["role"] == MembershipRole.MODERATOR
    assert data["community.GroupThread"][0]["title"] == "Budsjett 2027"
    assert data["community.GroupReply"][0]["body"] == "Mitt svar"
    assert export_user(owner)["community.Group"][0]["name"] == "Økonomistyring"


def test_an_erased_members_posts_stay_without_their_name(owner, alumna):
    group = GroupFactory(owner=owner)
    GroupMembershipFactory(group=group, user=alumna)
    thread = GroupThreadFactory(group=group, author=alumna)
    reply = GroupReplyFactory(thread=thread, author=alumna)

    erase_user(alumna)

    assert GroupThread.objects.get(pk=thread.pk).author is None
    assert GroupReply.objects.get(pk=reply.pk).author is None
    assert Group.objects.get(pk=group.pk).member_count == 1
