"""Helpers the group discussion, report and notification tests share: a group with an owner, a
moderator, a member, an outsider and a banned ex-member."""

from dataclasses import dataclass

from community.factories import GroupFactory, GroupMembershipFactory
from community.models import GroupKind, MembershipRole, MembershipStatus

from .conftest import make_member


@dataclass
class Cast:
    group: object
    owner: object
    moderator: object
    member: object
    outsider: object
    banned: object


def join(group, user, role=MembershipRole.MEMBER, status=MembershipStatus.ACTIVE, **fields):
    return GroupMembershipFactory(group=group, user=user, role=role, status=status, **fields)


def cast(kind=GroupKind.OPEN, prefix="") -> Cast:
    """A group of `kind` and the people around it; `prefix` keeps e-mail addresses apart when a
    test needs two groups."""
    owner = make_member(f"{prefix}eier@example.no", display_name=f"{prefix}Eva Eier")
    moderator = make_member(f"{prefix}moderator@example.no", display_name=f"{prefix}Mona Moderator")
    member = make_member(f"{prefix}medlem@example.no", display_name=f"{prefix}Mats Medlem")
    outsider = make_member(f"{prefix}utenfor@example.no", display_name=f"{prefix}Ulla Utenfor")
    banned = make_member(f"{prefix}utestengt@example.no", display_name=f"{prefix}Bent Bannlyst")
    group = GroupFactory(kind=kind, owner=owner, name=f"{prefix}Økonomi og ledelse")
    join(group, moderator, role=MembershipRole.MODERATOR)
    join(group, member)
    join(group, banned, status=MembershipStatus.BANNED)
    group.refresh_from_db()
    return Cast(group, owner, moderator, member, outsider, banned)
