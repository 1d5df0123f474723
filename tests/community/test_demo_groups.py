"""seed_demo's groups: every kind, counters that agree with the rows, Kari's roles, an
invitation and a request, only verified members, idempotent and deterministic; and the scale
path (2,000 groups, the busiest with 50,000 posts) in miniature.

Built with the members of test_demo_members (accounts.demo, then community.demo, which ends with
the conversations and the groups), about 60 members in a fraction of a second.
"""

import io

from django.db.models import Count, Max, Q

import pytest

from community.demo import groups as demo_groups
from community.models import (
    Group,
    GroupKind,
    GroupMembership,
    GroupReply,
    GroupThread,
    MembershipRole,
    MembershipStatus,
    Profile,
)
from home.management.commands.seed_demo import DemoContext

from .test_demo_members import build_members

MEMBERS = 60
KARI = "kari.nordmann@example.no"


def assert_counters_agree():
    """member_count, thread_count, reply_count and the latest activity as the rows say."""
    groups = Group.objects.annotate(
        active=Count("memberships", filter=Q(memberships__status="active"), distinct=True),
        threads_written=Count("threads", distinct=True),
        latest=Max("threads__last_activity_at"),
    )
    for group in groups:
        assert group.member_count == group.active, group.name
        assert group.thread_count == group.threads_written, group.name
        assert group.last_activity_at == (group.latest or group.created_at), group.name
    threads = GroupThread.objects.annotate(
        written=Count("replies"), latest=Max("replies__created_at")
    )
    for thread in threads:
        assert thread.reply_count == thread.written
        assert thread.last_activity_at == (thread.latest or thread.created_at)
        assert thread.created_at <= thread.last_activity_at


def snapshot():
    """Every group with its members' addresses, roles and statuses, threads and replies."""
    return sorted(
        (
            group.name,
            group.kind,
            tuple(sorted(group.memberships.values_list("user__email", "role", "status", "notify"))),
            tuple(group.threads.order_by("created_at", "pk").values_list("title", "reply_count")),
        )
        for group in Group.objects.all()
    )


@pytest.mark.django_db
def test_demo_has_groups_of_every_kind_and_an_archived_one():
    build_members(MEMBERS)
    kinds = set(Group.objects.values_list("kind", flat=True))
    assert kinds == {GroupKind.OPEN, GroupKind.REQUEST, GroupKind.INVITE, GroupKind.HIDDEN}
    assert Group.objects.filter(archived_at__isnull=False).exists()
    assert Group.objects.filter(name="Regnskap og revisjon", faculty__code="HH").exists()
    assert GroupThread.objects.exists() and GroupReply.objects.exists()
    assert GroupMembership.objects.filter(status=MembershipStatus.REQUESTED).exists()
    assert GroupMembership.objects.filter(status=MembershipStatus.INVITED).exists()
    assert (
        Group.objects.filter(tagged_topics__isnull=False).distinct().count()
        == Group.objects.count()
    )


@pytest.mark.django_db
def test_demo_counters_agree_with_the_rows():
    build_members(MEMBERS)
    assert_counters_agree()


@pytest.mark.django_db
def test_every_group_has_one_owner_and_only_verified_active_members():
    build_members(MEMBERS)
    owners = GroupMembership.objects.filter(role=MembershipRole.OWNER, status="active")
    assert owners.count() == Group.objects.count()
    assert set(owners.values_list("group", flat=True)) == set(
        Group.objects.values_list("pk", flat=True)
    )
    verified = set(
        Profile.objects.filter(is_verified=True, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )
    assert set(GroupMembership.objects.values_list("user_id", flat=True)) <= verified
    authors = set(GroupThread.objects.values_list("author_id", flat=True))
    authors |= set(GroupReply.objects.values_list("author_id", flat=True))
    assert authors <= verified
    for group in Group.objects.all():  # posts only by the group's members
        members = set(group.memberships.active().values_list("user_id", flat=True))
        assert set(group.threads.values_list("author_id", flat=True)) <= members


@pytest.mark.django_db
def test_kari_owns_one_group_moderates_another_asked_to_join_and_is_invited():
    build_members(MEMBERS)
    kari = {
        membership.group.name: membership
        for membership in GroupMembership.objects.filter(user__email=KARI).select_related("group")
    }
    assert kari["Bank og finans i Buskerud"].role == MembershipRole.OWNER
    assert kari["Regnskap og revisjon"].role == MembershipRole.MODERATOR
    request = kari["Økonomistyring i kommunene"]
    assert request.status == MembershipStatus.REQUESTED and request.request_message
    assert request.group.kind == GroupKind.REQUEST
    invitation = kari["Økonomiledere i sparebankene"]
    assert invitation.status == MembershipStatus.INVITED
    assert invitation.group.kind == GroupKind.HIDDEN
    assert invitation.invited_by.group_memberships.get(group=invitation.group).is_moderator
    assert not GroupMembership.objects.filter(user__email="ola.hansen@example.no").exists()


@pytest.mark.django_db
def test_a_second_run_adds_nothing_and_a_rebuild_is_the_same():
    context = build_members(MEMBERS)
    before = snapshot()
    counts = [model.objects.count() for model in (Group, GroupMembership, GroupThread, GroupReply)]
    demo_groups.build_groups(context)
    assert [m.objects.count() for m in (Group, GroupMembership, GroupThread, GroupReply)] == counts
    Group.objects.all().delete()
    demo_groups.build_groups(context)
    assert snapshot() == before


@pytest.mark.django_db
def test_scale_builds_all_the_groups_and_the_busiest_forum(monkeypatch):
    """The --members ≥ 50,000 path in miniature: the same code, smaller numbers."""
    build_members(MEMBERS)
    monkeypatch.setattr(demo_groups, "SCALE_GROUPS", 80)
    monkeypatch.setattr(demo_groups, "BUSIEST_THREADS", 60)
    monkeypatch.setattr(demo_groups, "BUSIEST_REPLIES", 540)
    monkeypatch.setattr(demo_groups, "LONG_THREAD_REPLIES", 100)
    scale = DemoContext(seed=2026, options={"members": 50_000}, stdout=io.StringIO())
    demo_groups.build_groups(scale)
    assert Group.objects.count() == 80
    busiest = Group.objects.get(name=demo_groups.BUSIEST.name)
    assert busiest.thread_count == 60
    assert GroupReply.objects.filter(thread__group=busiest).count() == 540  # 600 posts
    longest = busiest.threads.order_by("-reply_count").first()
    assert longest.reply_count >= 100
    assert busiest.memberships.filter(user__email=KARI, status="active").exists()
    assert_counters_agree()
    demo_groups.build_groups(scale)  # again: nothing new
    assert Group.objects.count() == 80
