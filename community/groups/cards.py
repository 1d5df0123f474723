"""Groups as the lists show them (the directory, suggestions, contacts' groups): a card with
everything it says worked out here, once per card, rather than in the template, whose tags cost
many times more for the same words on a page of thirty cards (DESIGN.md §7: p95 ≤ 50 ms)."""

from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext, ngettext

from ..models import (
    GroupKind,
    GroupMembership,
    GroupTopic,
    MembershipRole,
    MembershipStatus,
    Region,
)
from . import policy

EXCERPT_LENGTH = 180


@lru_cache(maxsize=8)
def card_words(language: str) -> dict:
    """The fixed words of a card in one language, translated once per process and language.
    The caller passes the active language (the cache key), so the words match it."""
    return {
        "kinds": {
            GroupKind.OPEN: gettext("Open group"),
            GroupKind.REQUEST: gettext("Join by request"),
            GroupKind.INVITE: gettext("Invite only"),
            GroupKind.HIDDEN: gettext("Hidden group"),
        },
        "regions": {value: str(label) for value, label in Region.choices},
        "topics": gettext("Topics"),
        "last_activity": gettext("Last activity:"),
        "archived": gettext("Archived"),
        "people": gettext("People you know here:"),
        "status": {
            MembershipRole.OWNER: gettext("You own this group"),
            MembershipRole.MODERATOR: gettext("You moderate this group"),
            MembershipRole.MEMBER: gettext("You are a member"),
            MembershipStatus.INVITED: gettext("You are invited"),
            MembershipStatus.REQUESTED: gettext("You have asked to join"),
        },
    }


@dataclass
class GroupCard:
    """A group as a card shows it: the group (faculty and topics loaded), where the viewer
    stands in it, and for "groups my contacts are in" the contacts' profiles."""

    group: object
    membership: GroupMembership | None = None
    contacts: list = field(default_factory=list)  # (profile id, display name)
    more_contacts: int = 0

    @cached_property
    def words(self) -> dict:
        return card_words(get_language() or "nb")

    @cached_property
    def url(self) -> str:
        """The discussions for whoever may read them, otherwise the page about the group
        (the discussions of a group one is not in are a 404 unless it is open)."""
        membership = self.membership
        if membership is not None and membership.status == MembershipStatus.ACTIVE:
            readable = True
        else:
            banned = membership is not None and membership.status == MembershipStatus.BANNED
            readable = self.group.content_is_open and not banned
        name = "community:group_detail" if readable else "community:group_about"
        return reverse(name, args=[self.group.pk])

    @property
    def kind_label(self) -> str:
        return self.words["kinds"][self.group.kind]

    @cached_property
    def facts(self) -> list[str]:
        """Kind, size, faculty and region, in that order."""
        group = self.group
        count = group.member_count
        facts = [
            self.kind_label,
            ngettext("%(counter)s member", "%(counter)s members", count) % {"counter": count},
        ]
        if group.faculty_id:
            facts.append(group.faculty.name)
        if group.region:
            facts.append(self.words["regions"].get(group.region, group.region))
        return facts

    @property
    def facts_text(self) -> str:
        return " · ".join(self.facts)

    @property
    def badges(self) -> list[tuple[str, bool]]:
        """(text, muted): where the viewer stands, and whether the group is archived."""
        badges = [(self.status_label, False)] if self.status_label else []
        if self.group.archived_at:
            badges.append((self.words["archived"], True))
        return badges

    @property
    def status_label(self) -> str:
        membership, status = self.membership, self.words["status"]
        if membership is None:
            return ""
        if membership.status == MembershipStatus.ACTIVE:
            return status.get(membership.role, "")
        return status.get(membership.status, "")

    @property
    def more_contacts_label(self) -> str:
        count = self.more_contacts
        return ngettext("and %(counter)s more", "and %(counter)s more", count) % {"counter": count}

    @property
    def excerpt(self) -> str:
        text = " ".join(self.group.description.split())
        if len(text) <= EXCERPT_LENGTH:
            return text
        return text[: EXCERPT_LENGTH - 1].rstrip() + "…"

    @cached_property
    def topic_names(self) -> list[str]:
        """Given by load_topics() for the whole page; asked for alone, one query."""
        return list(self.group.topics.order_by("name").values_list("name", flat=True))

    @cached_property
    def activity(self) -> tuple[str, str]:
        """The latest activity: machine-readable (for <time datetime>) and for people."""
        moment = timezone.localtime(self.group.last_activity_at)
        return moment.date().isoformat(), formats.date_format(moment, "DATE_FORMAT")


def cards_for(groups, user) -> list[GroupCard]:
    """Cards for a page of groups, with the viewer's membership of each: one query. The
    memberships also go to the policy's per-request cache."""
    groups = list(groups)
    memberships = {}
    if groups and user.is_authenticated:
        rows = GroupMembership.objects.filter(user=user, group__in=[g.pk for g in groups])
        memberships = {membership.group_id: membership for membership in rows}
    cards = []
    for group in groups:
        membership = memberships.get(group.pk)
        policy.remember_membership(group, user, membership)
        cards.append(GroupCard(group, membership))
    return cards


def load_topics(*card_lists) -> None:
    """The topic names of every card on the page in one query (a card shows them). Plain
    values, not tag objects: the cards need the names alone."""
    cards = [card for cards in card_lists for card in cards]
    if not cards:
        return
    names = {}
    rows = (
        GroupTopic.objects.filter(content_object_id__in={card.group.pk for card in cards})
        .order_by("tag__name", "pk")
        .values_list("content_object_id", "tag__name")
    )
    for group_id, name in rows:
        names.setdefault(group_id, []).append(name)
    for card in cards:
        card.topic_names = names.get(card.group.pk, [])
