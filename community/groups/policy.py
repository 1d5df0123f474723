"""Who may see and do what in a group (DESIGN.md §4; SECURITY.md C1, C2). Every group view, the
discussions, the meetups of the events app and the directory ask this module, and nothing else
decides.

The rules:
- Groups are for signed-in members. A hidden group does not exist for anyone but its members and
  the members it has invited: they get 404 everywhere else (C1).
- An open group's discussions are readable by any signed-in member; the discussions of every other
  kind only by its current members. Removal or a ban takes effect on the next request (C2).
- Verified alumni join, ask to join and create groups; only current members post; owners and
  moderators run the group; an archived group is read-only until its owner revives it.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ..members import is_verified_member
from ..models import Group, GroupKind, GroupMembership, MembershipRole, MembershipStatus
from ..models.groups import EDIT_WINDOW_MINUTES


def membership_of(group, user) -> GroupMembership | None:
    """The user's membership row in `group` (any status), or None. Cached on the group object for
    the request, so a view and its template ask the database once."""
    if not user.is_authenticated:
        return None
    cache = group.__dict__.setdefault("_membership_cache", {})
    if user.pk not in cache:
        cache[user.pk] = GroupMembership.objects.filter(group=group, user=user).first()
    return cache[user.pk]


def remember_membership(group, user, membership) -> None:
    """Tell the per-request cache about a membership the caller already loaded or changed."""
    group.__dict__.setdefault("_membership_cache", {})[user.pk] = membership


def _status(group, user):
    membership = membership_of(group, user)
    return membership.status if membership else None


def is_member(group, user) -> bool:
    return _status(group, user) == MembershipStatus.ACTIVE


def is_banned(group, user) -> bool:
    return _status(group, user) == MembershipStatus.BANNED


def is_moderator(group, user) -> bool:
    """Owner or moderator, currently a member."""
    membership = membership_of(group, user)
    return bool(membership and membership.is_moderator)


def is_owner(group, user) -> bool:
    membership = membership_of(group, user)
    return bool(membership and membership.is_owner)


def can_see_group(group, user) -> bool:
    """May the user open the group's page at all (its name, description, how to join)?"""
    if not (user.is_authenticated and user.is_active):
        return False
    if group.kind != GroupKind.HIDDEN:
        return True
    return _status(group, user) in (MembershipStatus.ACTIVE, MembershipStatus.INVITED)


def can_read_content(group, user) -> bool:
    """May the user read the group's discussions, members list and meetups (C1, C2)?"""
    if not (user.is_authenticated and user.is_active):
        return False
    if group.kind == GroupKind.OPEN and not is_banned(group, user):
        return True
    return is_member(group, user)


def can_join(group, user) -> bool:
    """Join at once: open groups, for verified alumni who are neither members nor banned; or
    any kind for someone holding an invitation."""
    if group.is_archived or not is_verified_member(user):
        return False
    status = _status(group, user)
    if status == MembershipStatus.INVITED:
        return True
    return group.kind == GroupKind.OPEN and status is None


def can_request(group, user) -> bool:
    """Ask to join a by-request group."""
    return (
        not group.is_archived
        and group.kind == GroupKind.REQUEST
        and is_verified_member(user)
        and _status(group, user) is None
    )


def can_post(group, user) -> bool:
    """Start threads and reply: current members of a group that is not archived."""
    return not group.is_archived and is_member(group, user) and user.is_active


def can_moderate(group, user) -> bool:
    """Hide and delete posts, pin and lock threads, approve, invite, remove and ban."""
    return is_moderator(group, user)


def can_manage(group, user) -> bool:
    """Edit the group's details, appoint moderators, hand over ownership, archive, revive."""
    return is_owner(group, user)


def can_invite(group, user) -> bool:
    """Owners and moderators invite; in an open group any member may bring a colleague."""
    if group.is_archived:
        return False
    return is_moderator(group, user) or (group.kind == GroupKind.OPEN and is_member(group, user))


def can_see_post(group, user, post, thread=None) -> bool:
    """May the user see this thread or reply? Readers of the group see every post that is not
    hidden (and not in a hidden thread); moderators see hidden posts too, marked as hidden."""
    if not can_read_content(group, user):
        return False
    hidden = post.hidden_at is not None or (thread is not None and thread.hidden_at is not None)
    return not hidden or can_moderate(group, user)


def can_edit_post(group, user, post, thread, now=None) -> bool:
    """The author changes a post within EDIT_WINDOW_MINUTES of writing it, while they may post,
    unless the post is hidden or its thread (`thread`, the post itself for an opening post) is
    locked."""
    now = now or timezone.now()
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and post.hidden_at is None
        and thread.hidden_at is None
        and thread.locked_at is None
        and now - post.created_at <= timedelta(minutes=EDIT_WINDOW_MINUTES)
        and can_post(group, user)
    )


def can_delete_post(group, user, post) -> bool:
    """Moderators delete any post; an author deletes their own while they may read the group,
    but not a thread others have replied to: that would delete their replies too."""
    if can_moderate(group, user):
        return True
    if getattr(post, "reply_count", 0):
        return False
    return user.is_authenticated and post.author_id == user.pk and can_read_content(group, user)


def can_schedule_meetups(group, user) -> bool:
    """Schedule, change and cancel the group's meetups: owners and moderators of a group that is
    not archived."""
    return not group.is_archived and is_moderator(group, user)


def can_create_group(user) -> bool:
    return is_verified_member(user)


def groups_visible_to(user):
    """Groups the user may see: every group that is not hidden, and the hidden groups they are a
    member of or invited to. Nothing for visitors."""
    if not (user.is_authenticated and user.is_active):
        return Group.objects.none()
    in_group = GroupMembership.objects.filter(
        group=OuterRef("pk"),
        user=user,
        status__in=[MembershipStatus.ACTIVE, MembershipStatus.INVITED],
    )
    return Group.objects.filter(~Q(kind=GroupKind.HIDDEN) | Exists(in_group))


def groups_with_content_readable_by(user):
    """Groups whose discussions the user may read: open groups they are not banned from, and the
    groups they are a member of."""
    if not (user.is_authenticated and user.is_active):
        return Group.objects.none()
    member = GroupMembership.objects.filter(
        group=OuterRef("pk"), user=user, status=MembershipStatus.ACTIVE
    )
    banned = GroupMembership.objects.filter(
        group=OuterRef("pk"), user=user, status=MembershipStatus.BANNED
    )
    return Group.objects.filter((Q(kind=GroupKind.OPEN) & ~Exists(banned)) | Exists(member))


@dataclass(frozen=True)
class GroupAccess:
    """What one user may do in one group, decided once per request for views and templates."""

    membership: GroupMembership | None
    can_see: bool
    can_read: bool
    can_join: bool
    can_request: bool
    can_post: bool
    can_moderate: bool
    can_manage: bool
    can_invite: bool

    @property
    def is_member(self) -> bool:
        return bool(self.membership and self.membership.is_active)

    @property
    def is_invited(self) -> bool:
        return bool(self.membership and self.membership.status == MembershipStatus.INVITED)

    @property
    def has_requested(self) -> bool:
        return bool(self.membership and self.membership.status == MembershipStatus.REQUESTED)


def access_for(group, user) -> GroupAccess:
    """Everything `user` may do in `group`; one query at most (the membership row)."""
    return GroupAccess(
        membership=membership_of(group, user),
        can_see=can_see_group(group, user),
        can_read=can_read_content(group, user),
        can_join=can_join(group, user),
        can_request=can_request(group, user),
        can_post=can_post(group, user),
        can_moderate=can_moderate(group, user),
        can_manage=can_manage(group, user),
        can_invite=can_invite(group, user),
    )


def share_a_group(user_id: int, other_id: int) -> bool:
    """Are both current members of one group? For "who may message me: members of my groups"."""
    mine = GroupMembership.objects.filter(user_id=user_id, status=MembershipStatus.ACTIVE).values(
        "group_id"
    )
    return GroupMembership.objects.filter(
        user_id=other_id, status=MembershipStatus.ACTIVE, group_id__in=mine
    ).exists()


__all__ = [
    "GroupAccess",
    "MembershipRole",
    "access_for",
    "can_create_group",
    "can_delete_post",
    "can_edit_post",
    "can_invite",
    "can_join",
    "can_manage",
    "can_moderate",
    "can_post",
    "can_read_content",
    "can_request",
    "can_schedule_meetups",
    "can_see_group",
    "can_see_post",
    "groups_visible_to",
    "groups_with_content_readable_by",
    "is_banned",
    "is_member",
    "is_moderator",
    "is_owner",
    "membership_of",
    "remember_membership",
    "share_a_group",
]
