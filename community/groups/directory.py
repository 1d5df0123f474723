"""Finding groups: the directory's search and filters, suggestions, the groups a member's contacts
are in, a member's own groups and the groups shown on a profile.

Every list starts from what the policy lets the member see (`policy.groups_visible_to`), or from
groups that are not hidden at all, so a hidden group never appears to anyone outside it (C1).
Each function runs a fixed number of queries however many groups there are (DESIGN.md §7): the
group rows with their faculty, the viewer's memberships of the page in one more, and the topics
of every card on the page in one prefetch (cards.load_topics). Correlated subqueries are avoided
where SQLite would run them once per group: IN lists are computed once per query.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils import timezone

from home.views import WORD

from ..members import is_verified_member
from ..models import (
    EducationRecord,
    Group,
    GroupKind,
    GroupMembership,
    GroupTopic,
    MemberBlock,
    MembershipStatus,
    Participant,
    ProfileInterest,
    Visibility,
)
from . import policy
from .cards import GroupCard, cards_for, load_topics

__all__ = [
    "GroupCard",
    "cards_for",
    "contacts_groups",
    "directory_page",
    "groups_on_profile",
    "load_topics",
    "my_groups",
    "suggested_groups",
]
from .directory_forms import GroupActivity, GroupOrder, GroupSize

PAGE_SIZE = 20
SUGGESTIONS = 6
CONTACT_GROUPS = 6
CONTACT_NAMES = 3  # contacts named on one group's card
MAX_WORDS = 8  # words of a query that count; more only make it slower (X4)
MAX_WORD_LENGTH = 60

SIZE_RANGES = {  # member_count from, to (inclusive)
    GroupSize.SMALL: (0, 9),
    GroupSize.MEDIUM: (10, 49),
    GroupSize.LARGE: (50, 199),
    GroupSize.HUGE: (200, None),
}
ORDERINGS = {
    GroupOrder.ACTIVITY: ("-last_activity_at", "-pk"),
    GroupOrder.MEMBERS: ("-member_count", "name", "pk"),
    GroupOrder.NAME: ("name", "pk"),
}


def search_words(query: str) -> list[str]:
    """The words of a query that count, each shortened; punctuation and markup are dropped."""
    return [word[:MAX_WORD_LENGTH] for word in WORD.findall(query or "")[:MAX_WORDS]]


def case_variants(word: str) -> list[str]:
    """SQLite's LIKE ignores case for ASCII letters only, so "økonomi" would miss "Økonomi";
    asking for the usual spellings of a word with other letters finds them on both databases
    (PostgreSQL's UPPER() needs no help, and the extra variants cost it nothing noticeable)."""
    if word.isascii():
        return [word]
    return list(dict.fromkeys([word, word.lower(), word.capitalize(), word.upper()]))


def matching(query: str) -> Q:
    """Groups whose name, description or a topic contains every word of the query. The topics
    are a plain IN list, computed once for the query (a correlated EXISTS would scan the
    topics once per group on SQLite)."""
    condition = Q()
    for word in search_words(query):
        topic = Q()
        text = Q()
        for variant in case_variants(word):
            topic |= Q(tag__name__icontains=variant)
            text |= Q(name__icontains=variant) | Q(description__icontains=variant)
        in_topics = GroupTopic.objects.filter(topic).values("content_object_id")
        condition &= text | Q(pk__in=in_topics)
    return condition


def directory_groups(user, filters: dict, now=None):
    """The groups the user may find, narrowed by the directory's filters, in the chosen order.
    Archived groups only when asked for."""
    now = now or timezone.now()
    groups = policy.groups_visible_to(user)
    if not filters.get("archived"):
        groups = groups.active()
    if filters.get("q"):
        groups = groups.filter(matching(filters["q"]))
    if filters.get("topic"):
        tagged = GroupTopic.objects.filter(tag__slug=filters["topic"])
        groups = groups.filter(pk__in=tagged.values("content_object_id"))
    if filters.get("faculty"):
        groups = groups.filter(faculty_id=filters["faculty"])
    if filters.get("region"):
        groups = groups.filter(region=filters["region"])
    if filters.get("size") in SIZE_RANGES:
        low, high = SIZE_RANGES[filters["size"]]
        groups = groups.filter(member_count__gte=low)
        if high is not None:
            groups = groups.filter(member_count__lte=high)
    activity = filters.get("activity")
    if activity == GroupActivity.MONTH:
        groups = groups.filter(last_activity_at__gte=now - timedelta(days=30))
    elif activity == GroupActivity.YEAR:
        groups = groups.filter(last_activity_at__gte=now - timedelta(days=365))
    elif activity == GroupActivity.QUIET:
        groups = groups.filter(last_activity_at__lt=now - timedelta(days=30))
    order = ORDERINGS.get(filters.get("sort"), ORDERINGS[GroupOrder.ACTIVITY])
    return groups.order_by(*order)


def for_cards(groups):
    """What a card shows besides the group's own columns: its faculty. The topics come from
    load_topics(), once for every list on the page."""
    return groups.select_related("faculty")


def directory_page(user, filters: dict, page_number, now=None):
    """One page of PAGE_SIZE group cards: three queries whatever the page holds (count, rows,
    the viewer's memberships); the topics come with load_topics()."""
    groups = for_cards(directory_groups(user, filters, now))
    page = Paginator(groups, PAGE_SIZE).get_page(page_number)
    page.object_list = cards_for(page.object_list, user)
    return page


def suggested_groups(user, limit: int = SUGGESTIONS) -> list[GroupCard]:
    """Groups for the member to join: listed, not archived, none they are in, asked to join,
    invited to or banned from; ranked by how many of the group's topics are the member's
    interests, plus one when the group belongs to a faculty the member studied at, then by
    activity. Groups that match neither are no suggestion. Two queries (the ranking, the
    groups; topics: load_topics)."""
    if not (user.is_authenticated and user.is_active):
        return []
    interests = ProfileInterest.objects.filter(content_object__user=user).values("tag_id")
    faculties = EducationRecord.objects.filter(profile__user=user).values("faculty_id")
    # The candidates by two IN lists computed once, ranked on their ids alone (grouping whole
    # rows by every column would sort the descriptions too); then the six groups themselves.
    with_my_topics = GroupTopic.objects.filter(tag_id__in=interests).values("content_object_id")
    zero = Value(0, output_field=IntegerField())
    ranked = (
        Group.objects.active()
        .listed()
        .filter(Q(pk__in=with_my_topics) | Q(faculty_id__in=faculties))
        .exclude(pk__in=GroupMembership.objects.filter(user=user).values("group_id"))
        .values("pk")  # group by the id alone
        .annotate(
            score=Count("tagged_topics", filter=Q(tagged_topics__tag_id__in=interests))
            + Case(When(faculty_id__in=faculties, then=Value(1)), default=zero),
        )
        .order_by("-score", "-last_activity_at", "-pk")
        .values_list("pk", flat=True)[:limit]
    )
    ids = list(ranked)
    groups = {group.pk: group for group in for_cards(Group.objects.filter(pk__in=ids))}
    return [GroupCard(groups[pk]) for pk in ids if pk in groups]


def contacts(user):
    """Members the user shares a current conversation with, blocks either way left out."""
    conversations = Participant.objects.current().filter(user=user).values("conversation_id")
    blocked = MemberBlock.objects.filter(blocker=user).values("blocked_id")
    blockers = MemberBlock.objects.filter(blocked=user).values("blocker_id")
    return (
        Participant.objects.current()
        .filter(conversation_id__in=conversations)
        .exclude(user=user)
        .exclude(user_id__in=blocked)
        .exclude(user_id__in=blockers)
        .values("user_id")
    )


def memberships_shown_to(user):
    """Active memberships whose member lets `user` see their groups (Profile.groups_visibility,
    as community.privacy decides for a profile's other parts): 'members' for every verified
    member, 'faculty' for one who shares a faculty with them, 'only me' for nobody. Only for
    verified viewers; the caller checks."""
    if user.is_superuser:  # as privacy.visible_levels: administrators see what a faculty peer does
        visible = Q(user__profile__groups_visibility__in=[Visibility.MEMBERS, Visibility.FACULTY])
    else:
        # Asked per membership (EXISTS), not as a list of every alumnus of my faculties: the
        # callers look at a few contacts' memberships, a faculty has tens of thousands.
        my_faculties = EducationRecord.objects.filter(profile__user=user).values("faculty_id")
        same_faculty = EducationRecord.objects.filter(
            profile_id=OuterRef("user__profile__id"), faculty_id__in=my_faculties
        )
        visible = Q(user__profile__groups_visibility=Visibility.MEMBERS) | Q(
            Q(user__profile__groups_visibility=Visibility.FACULTY) & Exists(same_faculty)
        )
    return GroupMembership.objects.active().filter(visible, user__is_active=True)


CONTACT_ROWS = 500  # memberships read to rank "groups my contacts are in"


def contacts_groups(user, limit: int = CONTACT_GROUPS) -> list[GroupCard]:
    """ "Groups my contacts are in": listed, not archived groups the user is not in, where a
    contact is a member who lets the user see their groups; most contacts first, then activity.
    Each card names up to CONTACT_NAMES of them. Two queries: the contacts' memberships (at
    most CONTACT_ROWS, counted here), then the groups."""
    if not is_verified_member(user):
        return []
    mine = GroupMembership.objects.filter(user=user).values("group_id")
    rows = (
        memberships_shown_to(user)
        .filter(user_id__in=contacts(user), group__archived_at__isnull=True)
        .exclude(group__kind=GroupKind.HIDDEN)
        .exclude(group_id__in=mine)
        .order_by("-group__last_activity_at", "group_id", "user__profile__display_name", "pk")
        .values_list(
            "group_id",
            "group__last_activity_at",
            "user__profile__pk",
            "user__profile__display_name",
        )[:CONTACT_ROWS]
    )
    found, activity = {}, {}
    for group_id, last_activity, profile_id, name in rows:
        found.setdefault(group_id, []).append((profile_id, name))
        activity[group_id] = last_activity
    ranked = sorted(found, key=lambda pk: (-len(found[pk]), -activity[pk].timestamp(), -pk))
    ranked = ranked[:limit]
    if not ranked:
        return []
    groups = {group.pk: group for group in for_cards(Group.objects.filter(pk__in=ranked))}
    cards = []
    for pk in ranked:
        if pk in groups:
            people = found[pk]
            more = max(0, len(people) - CONTACT_NAMES)
            cards.append(GroupCard(groups[pk], contacts=people[:CONTACT_NAMES], more_contacts=more))
    return cards


@dataclass
class MyGroups:
    memberships: list  # active, with role and notification choice
    invitations: list
    requests: list


def my_groups(user) -> MyGroups:
    """The member's groups, invitations and requests waiting for an answer: one query. Hidden
    groups are here too: the member is in them or invited to them."""
    rows = (
        GroupMembership.objects.filter(
            user=user,
            status__in=[
                MembershipStatus.ACTIVE,
                MembershipStatus.INVITED,
                MembershipStatus.REQUESTED,
            ],
        )
        .select_related("group__faculty", "invited_by__profile")
        .order_by("-group__last_activity_at", "group__name", "pk")
    )
    result = MyGroups([], [], [])
    for membership in rows:
        if membership.status == MembershipStatus.ACTIVE:
            result.memberships.append(membership)
        elif membership.status == MembershipStatus.INVITED:
            result.invitations.append(membership)
        else:
            result.requests.append(membership)
    return result


def groups_on_profile(member):
    """The groups a profile shows: those the member is currently in, never a hidden one. The
    caller decides whether the viewer may see them (privacy: the 'groups' part)."""
    return (
        Group.objects.listed()
        .filter(pk__in=GroupMembership.objects.active().filter(user=member).values("group_id"))
        .order_by("name", "pk")
    )
