"""Membership of groups and running them: creating and editing a group, joining, asking to join,
inviting, leaving, removing, banning, roles, ownership hand-over, archiving and reviving.

Every change happens in one transaction that locks the rows two requests could race for (the
group, then the membership), re-checks the rules of `policy` against what it locked, and keeps the
group's member count with F() in the same transaction. What others are told (notifications, the
`membership_ended` signal, mail) happens after the transaction commits, and only to current
members (SECURITY.md C2). A refusal raises `MembershipRefused` with a sentence fit to show.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.mail import send_to_user

from ..members import is_verified_member
from ..models import (
    Group,
    GroupKind,
    GroupMembership,
    MembershipRole,
    MembershipStatus,
    Profile,
)
from ..models.groups import ARCHIVE_NOTICE_DAYS, INACTIVE_BEFORE_ARCHIVING_DAYS
from ..notifications.service import notify
from . import policy
from .signals import membership_ended

NOTIFICATION_KIND = "group"


class MembershipRefused(Exception):
    """The change is not allowed; `str(error)` says why, in words fit to show the member."""


# --- Small helpers ---------------------------------------------------------------------------


def member_name(user) -> str:
    """The name other members know: the profile's display name."""
    if user is None:
        return _("Former member")
    profile = Profile.objects.filter(user_id=user.pk).only("display_name").first()
    return profile.display_name if profile else _("Former member")


def _locked_group(group_id) -> Group:
    """The group's row, locked for the rest of the transaction (PostgreSQL; SQLite serialises
    writers anyway). Every change locks the group before any membership, so two changes never
    wait for each other in opposite orders."""
    return Group.objects.select_for_update().get(pk=group_id)


def _locked_membership(group_id, user_id) -> GroupMembership | None:
    return (
        GroupMembership.objects.select_for_update().filter(group_id=group_id, user_id=user_id)
    ).first()


def _fresh(group, user, membership):
    """Let the policy see the locked row (not the request's cached one) and tell the caller's
    group object what it is now."""
    policy.remember_membership(group, user, membership)


def _count(group_id, delta: int) -> None:
    if delta > 0:
        Group.objects.filter(pk=group_id).update(member_count=F("member_count") + delta)
    elif delta < 0:
        Group.objects.filter(pk=group_id, member_count__gte=-delta).update(
            member_count=F("member_count") + delta
        )


def _after_commit(function, *args, **kwargs):
    transaction.on_commit(lambda: function(*args, **kwargs))


def _send_membership_ended(group, user):
    membership_ended.send(sender=Group, group=group, user=user)


def _tell(recipient, title_text, params, url_name, group, dedupe_key=None):
    """A group notification in the recipient's language, linking to a group page."""
    with translation.override(getattr(recipient, "preferred_language", None) or None):
        title = title_text() % params
        url = reverse(url_name, args=[group.pk])
    notify(recipient, NOTIFICATION_KIND, title, url=url, dedupe_key=dedupe_key)


def _acting_membership(group, actor, *, manage=False) -> GroupMembership:
    """The actor's current membership, locked, if it lets them moderate (or, with `manage`,
    run) the group; else MembershipRefused."""
    membership = _locked_membership(group.pk, actor.pk)
    allowed = membership is not None and (
        membership.is_owner if manage else membership.is_moderator
    )
    if not allowed or not actor.is_active:
        if manage:
            raise MembershipRefused(_("Only the group's owner can do that."))
        raise MembershipRefused(_("Only the group's owner and moderators can do that."))
    return membership


def _locked_target(membership) -> GroupMembership:
    target = (
        GroupMembership.objects.select_for_update()
        .select_related("user", "group")
        .filter(pk=membership.pk)
        .first()
    )
    if target is None:
        raise MembershipRefused(_("This member is no longer in the group."))
    return target


# --- Creating and editing --------------------------------------------------------------------


GROUP_FIELDS = ("name", "description", "kind", "faculty", "industry", "region")


def create_group(user, *, topics=(), cover=None, now=None, **fields) -> Group:
    """A new group with `user` as its owner and first member. `fields` are among GROUP_FIELDS;
    `topics` interest tags or names; `cover` a processed image file (see photos.process_cover)."""
    if not policy.can_create_group(user):
        raise MembershipRefused(_("Only verified alumni can create groups."))
    unknown = set(fields) - set(GROUP_FIELDS)
    if unknown:
        raise TypeError(f"Not a group field: {sorted(unknown)}")
    now = now or timezone.now()
    with transaction.atomic():
        group = Group(
            created_by=user, created_at=now, last_activity_at=now, member_count=1, **fields
        )
        group.topics.set(list(topics))
        group.save()
        if cover is not None:
            group.cover.save("cover.jpg", cover, save=True)
        GroupMembership.objects.create(
            group=group,
            user=user,
            role=MembershipRole.OWNER,
            status=MembershipStatus.ACTIVE,
            created_at=now,
            joined_at=now,
        )
    return group


def update_group(user, group, *, topics=None, cover=None, remove_cover=False, **fields) -> Group:
    """Change the group's details; the owner only. `topics=None` leaves the topics alone."""
    unknown = set(fields) - set(GROUP_FIELDS)
    if unknown:
        raise TypeError(f"Not a group field: {sorted(unknown)}")
    old_cover = None
    with transaction.atomic():
        locked = _locked_group(group.pk)
        _acting_membership(group, user, manage=True)
        for name, value in fields.items():
            setattr(locked, name, value)
        if topics is not None:
            locked.topics.set(list(topics))
        if (cover is not None or remove_cover) and locked.cover:
            old_cover = locked.cover.name
        if cover is not None:
            locked.cover.save("cover.jpg", cover, save=False)
        elif remove_cover:
            locked.cover = ""
        locked.save()
    if old_cover:
        storage = locked.cover.storage
        transaction.on_commit(lambda: storage.delete(old_cover))
    for name in (*fields, "cover"):
        setattr(group, name, getattr(locked, name))
    return locked


# --- Joining, asking, inviting ---------------------------------------------------------------


def join(group, user, now=None) -> GroupMembership:
    """Join an open group, or accept an invitation to a group of any kind."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_group(group.pk)
        membership = _locked_membership(group.pk, user.pk)
        _fresh(locked, user, membership)
        if membership is not None and membership.is_active:
            _fresh(group, user, membership)
            return membership
        if membership is not None and membership.status == MembershipStatus.BANNED:
            raise MembershipRefused(_("You cannot join this group."))
        if locked.is_archived:
            raise MembershipRefused(_("This group is archived: nobody can join it now."))
        if not is_verified_member(user):
            raise MembershipRefused(_("Only verified alumni can join groups."))
        invited = membership is not None and membership.status == MembershipStatus.INVITED
        # Someone who asked to join a group that has since become open may join it.
        asked_open = (
            membership is not None
            and membership.status == MembershipStatus.REQUESTED
            and locked.kind == GroupKind.OPEN
        )
        if not (invited or asked_open or policy.can_join(locked, user)):
            if locked.kind == GroupKind.REQUEST:
                raise MembershipRefused(_("This group takes new members by request."))
            raise MembershipRefused(_("This group takes new members by invitation only."))
        if membership is None:
            try:
                with transaction.atomic():
                    membership = GroupMembership.objects.create(
                        group=locked,
                        user=user,
                        status=MembershipStatus.ACTIVE,
                        created_at=now,
                        joined_at=now,
                    )
            except IntegrityError:
                # The same member joined a moment ago in another request.
                membership = GroupMembership.objects.get(group=locked, user=user)
                _fresh(group, user, membership)
                return membership
        else:
            membership.status = MembershipStatus.ACTIVE
            membership.role = MembershipRole.MEMBER
            membership.joined_at = now
            membership.save(update_fields=["status", "role", "joined_at"])
        _count(group.pk, +1)
    group.member_count = Group.objects.values_list("member_count", flat=True).get(pk=group.pk)
    _fresh(group, user, membership)
    return membership


def request_to_join(group, user, message="", now=None) -> GroupMembership:
    """Ask to join a by-request group; its moderators are told."""
    now = now or timezone.now()
    message = (message or "").strip()[:500]
    with transaction.atomic():
        locked = _locked_group(group.pk)
        membership = _locked_membership(group.pk, user.pk)
        _fresh(locked, user, membership)
        if membership is not None:
            if membership.status == MembershipStatus.BANNED:
                raise MembershipRefused(_("You cannot ask to join this group."))
            if membership.status == MembershipStatus.REQUESTED:
                raise MembershipRefused(_("You have already asked to join this group."))
            if membership.is_active:
                raise MembershipRefused(_("You are already a member of this group."))
            if membership.status == MembershipStatus.INVITED:
                raise MembershipRefused(_("You are invited: accept the invitation to join."))
        if not policy.can_request(locked, user):
            if locked.is_archived:
                raise MembershipRefused(_("This group is archived: nobody can join it now."))
            if not is_verified_member(user):
                raise MembershipRefused(_("Only verified alumni can join groups."))
            raise MembershipRefused(_("This group does not take requests to join."))
        try:
            with transaction.atomic():
                membership = GroupMembership.objects.create(
                    group=locked,
                    user=user,
                    status=MembershipStatus.REQUESTED,
                    created_at=now,
                    request_message=message,
                )
        except IntegrityError:
            raise MembershipRefused(_("You have already asked to join this group.")) from None
        _after_commit(_tell_moderators_of_request, locked, user)
    _fresh(group, user, membership)
    return membership


def _tell_moderators_of_request(group, requester):
    name = member_name(requester)
    moderators = (
        GroupMembership.objects.moderators()
        .filter(group=group, user__is_active=True)
        .select_related("user")
    )
    for membership in moderators:
        _tell(
            membership.user,
            lambda: _("%(name)s asks to join %(group)s"),
            {"name": name, "group": group.name},
            "community:group_members",
            group,
            dedupe_key=f"group-requests:{group.pk}",
        )


def approve(moderator, membership, now=None) -> GroupMembership:
    """Let in a member who asked to join; they are told."""
    now = now or timezone.now()
    with transaction.atomic():
        group = _locked_group(membership.group_id)
        _acting_membership(group, moderator)
        target = _locked_target(membership)
        if target.status != MembershipStatus.REQUESTED:
            raise MembershipRefused(_("This member has not asked to join."))
        if group.is_archived:
            raise MembershipRefused(_("This group is archived: nobody can join it now."))
        target.status = MembershipStatus.ACTIVE
        target.role = MembershipRole.MEMBER
        target.joined_at = now
        target.save(update_fields=["status", "role", "joined_at"])
        _count(group.pk, +1)
        _after_commit(
            _tell,
            target.user,
            lambda: _("You are now a member of %(group)s"),
            {"group": group.name},
            "community:group_detail",
            group,
        )
    return target


def decline(moderator, membership) -> None:
    """Turn down a request to join; the member may ask again later."""
    with transaction.atomic():
        group = _locked_group(membership.group_id)
        _acting_membership(group, moderator)
        target = _locked_target(membership)
        if target.status != MembershipStatus.REQUESTED:
            raise MembershipRefused(_("This member has not asked to join."))
        target.delete()


def invite(inviter, group, invitee, now=None) -> GroupMembership:
    """Invite a verified member; they are told and may accept or decline. Inviting someone who
    asked to join lets them in (when a moderator invites)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_group(group.pk)
        acting = _locked_membership(group.pk, inviter.pk)
        _fresh(locked, inviter, acting)
        if not policy.can_invite(locked, inviter):
            raise MembershipRefused(_("You cannot invite members to this group."))
        if invitee.pk == inviter.pk:
            raise MembershipRefused(_("You are already a member of this group."))
        if not is_verified_member(invitee):
            raise MembershipRefused(_("Only verified alumni can be invited."))
        membership = _locked_membership(group.pk, invitee.pk)
        name = member_name(invitee)
        if membership is not None:
            if membership.status == MembershipStatus.REQUESTED and acting.is_moderator:
                membership.group = locked
                return approve(inviter, membership, now=now)
            messages = {
                MembershipStatus.ACTIVE: _("%(name)s is already a member."),
                MembershipStatus.INVITED: _("%(name)s is already invited."),
                MembershipStatus.BANNED: _("%(name)s is banned from this group."),
                MembershipStatus.REQUESTED: _("%(name)s has already asked to join."),
            }
            raise MembershipRefused(messages[membership.status] % {"name": name})
        try:
            with transaction.atomic():
                membership = GroupMembership.objects.create(
                    group=locked,
                    user=invitee,
                    status=MembershipStatus.INVITED,
                    invited_by=inviter,
                    created_at=now,
                )
        except IntegrityError:
            raise MembershipRefused(_("%(name)s is already invited.") % {"name": name}) from None
        _after_commit(
            _tell,
            invitee,
            lambda: _("%(name)s invited you to %(group)s"),
            {"name": member_name(inviter), "group": locked.name},
            "community:group_about",
            locked,
            f"group-invitation:{locked.pk}",
        )
    return membership


def decline_invitation(group, user) -> None:
    with transaction.atomic():
        membership = _locked_membership(group.pk, user.pk)
        if membership is None or membership.status != MembershipStatus.INVITED:
            raise MembershipRefused(_("You have no invitation to this group."))
        membership.delete()
    _fresh(group, user, None)


def cancel_invitation(moderator, membership) -> None:
    with transaction.atomic():
        group = _locked_group(membership.group_id)
        _acting_membership(group, moderator)
        target = _locked_target(membership)
        if target.status != MembershipStatus.INVITED:
            raise MembershipRefused(_("This member has no invitation to cancel."))
        target.delete()


# --- Leaving, removing, banning --------------------------------------------------------------


def _successor(group, leaving) -> GroupMembership | None:
    """The longest-standing moderator, else the longest-standing member."""
    others = (
        GroupMembership.objects.select_for_update()
        .active()
        .filter(group_id=group.pk)
        .exclude(user_id=leaving.user_id)
        .select_related("user")
        .by_seniority()
    )
    return (
        others.filter(role=MembershipRole.MODERATOR).first()
        or others.filter(role=MembershipRole.MEMBER).first()
    )


def _end_membership(group, membership, *, ban=False, now=None) -> GroupMembership | None:
    """End an active membership inside the caller's transaction (group row locked): hand the
    group over if the owner goes, keep the count, archive a group left empty. Returns the new
    owner, if there is one."""
    now = now or timezone.now()
    new_owner = None
    was_owner = membership.is_owner
    if ban:
        membership.status = MembershipStatus.BANNED
        membership.role = MembershipRole.MEMBER
        membership.joined_at = None
        membership.save(update_fields=["status", "role", "joined_at"])
    else:
        membership.delete()
    if was_owner:
        new_owner = _successor(group, membership)
        if new_owner is not None:
            new_owner.role = MembershipRole.OWNER
            new_owner.save(update_fields=["role"])
            _after_commit(
                _tell,
                new_owner.user,
                lambda: _("You are now the owner of %(group)s"),
                {"group": group.name},
                "community:group_members",
                group,
            )
    _count(group.pk, -1)
    if not GroupMembership.objects.active().filter(group_id=group.pk).exists():
        Group.objects.filter(pk=group.pk, archived_at__isnull=True).update(archived_at=now)
    _after_commit(_send_membership_ended, group, membership.user)
    return new_owner


def leave(group, user, now=None) -> GroupMembership | None:
    """Leave a group. The owner's leaving hands the group to the longest-standing moderator,
    else member; a group left by everyone is archived. Returns the new owner's membership."""
    with transaction.atomic():
        locked = _locked_group(group.pk)
        membership = _locked_membership(group.pk, user.pk)
        if membership is None or not membership.is_active:
            raise MembershipRefused(_("You are not a member of this group."))
        membership.user = user
        new_owner = _end_membership(locked, membership, now=now)
    _fresh(group, user, None)
    return new_owner


def _check_may_act_on(acting, target):
    if target.user_id == acting.user_id:
        raise MembershipRefused(_("You cannot do that to yourself; leave the group instead."))
    if target.is_owner:
        raise MembershipRefused(_("The group's owner cannot be removed or banned."))
    if target.is_moderator and not acting.is_owner:
        raise MembershipRefused(_("Only the owner can remove or ban a moderator."))


def remove(moderator, membership, now=None) -> None:
    """Take a member out of the group (they may join or ask again)."""
    with transaction.atomic():
        group = _locked_group(membership.group_id)
        acting = _acting_membership(group, moderator)
        target = _locked_target(membership)
        if not target.is_active:
            raise MembershipRefused(_("This member is no longer in the group."))
        _check_may_act_on(acting, target)
        _end_membership(group, target, now=now)


def ban(moderator, membership, now=None) -> GroupMembership:
    """Ban a member (or someone who asked or was invited): a member is removed, and the banned
    person can neither join nor ask again until unbanned."""
    with transaction.atomic():
        group = _locked_group(membership.group_id)
        acting = _acting_membership(group, moderator)
        target = _locked_target(membership)
        if target.status == MembershipStatus.BANNED:
            raise MembershipRefused(_("This member is already banned."))
        _check_may_act_on(acting, target)
        if target.is_active:
            _end_membership(group, target, ban=True, now=now)
        else:
            target.status = MembershipStatus.BANNED
            target.role = MembershipRole.MEMBER
            target.save(update_fields=["status", "role"])
    return target


def unban(moderator, membership) -> None:
    """Lift a ban; the person may then join or ask to join like anyone else."""
    with transaction.atomic():
        group = _locked_group(membership.group_id)
        _acting_membership(group, moderator)
        target = _locked_target(membership)
        if target.status != MembershipStatus.BANNED:
            raise MembershipRefused(_("This member is not banned."))
        target.delete()


# --- Roles and ownership ---------------------------------------------------------------------


def set_role(owner, membership, role) -> GroupMembership:
    """The owner appoints moderators and makes them members again."""
    role = MembershipRole(role)
    if role == MembershipRole.OWNER:
        return transfer_ownership(owner, membership)
    with transaction.atomic():
        group = _locked_group(membership.group_id)
        _acting_membership(group, owner, manage=True)
        target = _locked_target(membership)
        if not target.is_active:
            raise MembershipRefused(_("This member is no longer in the group."))
        if target.is_owner:
            raise MembershipRefused(_("Hand the group over to someone else first."))
        target.role = role
        target.save(update_fields=["role"])
    return target


def transfer_ownership(owner, membership) -> GroupMembership:
    """Hand the group over to another current member; the old owner becomes a moderator."""
    with transaction.atomic():
        group = _locked_group(membership.group_id)
        acting = _acting_membership(group, owner, manage=True)
        target = _locked_target(membership)
        if not target.is_active:
            raise MembershipRefused(_("Only a current member can become the owner."))
        if target.pk == acting.pk:
            raise MembershipRefused(_("You are already the owner."))
        # One owner per group at any moment (a database constraint): step down first.
        acting.role = MembershipRole.MODERATOR
        acting.save(update_fields=["role"])
        target.role = MembershipRole.OWNER
        target.save(update_fields=["role"])
        _after_commit(
            _tell,
            target.user,
            lambda: _("You are now the owner of %(group)s"),
            {"group": group.name},
            "community:group_members",
            group,
        )
    return target


def set_notification_choice(group, user, choice) -> GroupMembership:
    """How the member hears of new threads in this group."""
    updated = GroupMembership.objects.active().filter(group=group, user=user).update(notify=choice)
    if not updated:
        raise MembershipRefused(_("You are not a member of this group."))
    return GroupMembership.objects.get(group=group, user=user)


# --- Erasure ----------------------------------------------------------------------------------


def erase_memberships(user) -> None:
    """The member's account is being erased: hand over the groups they own, end every
    membership, and forget them as the inviter of others. Runs inside the erasure transaction."""
    with transaction.atomic():
        for membership in GroupMembership.objects.filter(user=user).select_related("user"):
            if membership.is_active:
                _end_membership(_locked_group(membership.group_id), membership)
            else:
                membership.delete()
        GroupMembership.objects.filter(invited_by=user).update(invited_by=None)


# --- Archiving --------------------------------------------------------------------------------


def archive_group(owner, group, now=None) -> Group:
    """The owner archives the group by hand: read-only until revived."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_group(group.pk)
        _acting_membership(group, owner, manage=True)
        if locked.is_archived:
            raise MembershipRefused(_("The group is already archived."))
        locked.archived_at = now
        locked.save(update_fields=["archived_at"])
    group.archived_at = now
    return locked


def revive_group(owner, group, now=None) -> Group:
    """The owner brings an archived group back; the inactivity countdown starts again."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_group(group.pk)
        _acting_membership(group, owner, manage=True)
        if not locked.is_archived:
            raise MembershipRefused(_("The group is not archived."))
        locked.archived_at = None
        locked.last_activity_at = now
        locked.archive_notice_sent_at = None
        locked.save(update_fields=["archived_at", "last_activity_at", "archive_notice_sent_at"])
    group.archived_at, group.last_activity_at, group.archive_notice_sent_at = None, now, None
    return locked


def archive_inactive_groups(now=None) -> tuple[int, int]:
    """Run daily: tell the owners of groups quiet for 335 days that the group will be archived
    in 30 days, and archive the groups whose owners were told 30 days ago and that stayed quiet
    (12 months without activity). Activity after a notice cancels it. Safe to run twice: each
    group is claimed before its owner is mailed. Returns (notices sent, groups archived)."""
    now = now or timezone.now()
    inactive_since = now - timedelta(days=INACTIVE_BEFORE_ARCHIVING_DAYS)
    notice_after = now - timedelta(days=INACTIVE_BEFORE_ARCHIVING_DAYS - ARCHIVE_NOTICE_DAYS)
    active = Group.objects.active()
    # Activity since the notice: the countdown starts over.
    active.filter(
        archive_notice_sent_at__isnull=False, last_activity_at__gt=F("archive_notice_sent_at")
    ).update(archive_notice_sent_at=None)
    archived = active.filter(
        archive_notice_sent_at__lte=now - timedelta(days=ARCHIVE_NOTICE_DAYS),
        last_activity_at__lte=inactive_since,
        last_activity_at__lt=F("archive_notice_sent_at"),
    ).update(archived_at=now)
    noticed = 0
    due = active.filter(archive_notice_sent_at__isnull=True, last_activity_at__lte=notice_after)
    for group in due.only("pk", "name", "last_activity_at").iterator():
        claimed = Group.objects.filter(
            pk=group.pk, archived_at__isnull=True, archive_notice_sent_at__isnull=True
        ).update(archive_notice_sent_at=now)
        if not claimed:
            continue
        noticed += 1
        owner = (
            GroupMembership.objects.active()
            .filter(group=group, role=MembershipRole.OWNER, user__is_active=True)
            .select_related("user")
            .first()
        )
        if owner is not None:
            _mail_archive_notice(group, owner.user, now)
    return noticed, archived


def _mail_archive_notice(group, owner, now):
    with translation.override(owner.preferred_language or None):
        group_url = reverse("community:group_detail", args=[group.pk])
        archive_url = reverse("community:group_archive", args=[group.pk])
    send_to_user(
        owner,
        "community/mail/group_archive_notice",
        {
            "group": group,
            "archive_on": now + timedelta(days=ARCHIVE_NOTICE_DAYS),
            "group_url": group_url,
            "archive_url": archive_url,
        },
    )
