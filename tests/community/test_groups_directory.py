"""Finding groups: the directory (who sees which groups, search and filters, suggestions, the
groups my contacts are in), my groups, and the groups on a profile (C1: a hidden group never
shows to anyone outside it; groups_visibility decides who sees a member's groups)."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest
from freezegun import freeze_time

from community.factories import GroupFactory, GroupMembershipFactory
from community.groups import directory
from community.models import (
    Conversation,
    GroupKind,
    GroupMembership,
    GroupTopic,
    InterestTag,
    MemberBlock,
    MembershipRole,
    MembershipStatus,
    Participant,
    ProfileInterest,
    Region,
    Visibility,
)
from home.models import Faculty

from .conftest import make_member

URL = "/medlemmer/grupper/"
MINE = "/medlemmer/grupper/mine/"


def names(response) -> list[str]:
    """Names of the groups in the result list (not suggestions or contacts' groups)."""
    return [card.group.name for card in response.context["cards"]]


def tag(name):
    return InterestTag.objects.get_or_create(name=name)[0]


def with_topics(group, *topics):
    for name in topics:
        GroupTopic.objects.create(tag=tag(name), content_object=group)
    return group


def talk(a, b):
    """A current one-to-one conversation between two members: they are contacts."""
    conversation = Conversation.objects.create(created_by=a)
    for user in (a, b):
        Participant.objects.create(conversation=conversation, user=user)
    return conversation


@pytest.fixture
def owner(db):
    return make_member("eier@example.no", programme_code="BØA", display_name="Eira Eier")


@pytest.fixture
def stranger(db):
    return make_member("fremmed@example.no", programme_code="BSP", display_name="Frida Fremmed")


# Who may use the pages ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", [URL, MINE])
def test_visitor_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


@pytest.mark.django_db
def test_directory_is_not_cached_by_browsers(client, stranger):
    client.force_login(stranger)
    response = client.get(URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_create_button_only_for_verified_members(client, stranger, unverified_member):
    create = reverse("community:group_create")
    client.force_login(stranger)
    assert create in client.get(URL).content.decode()
    client.force_login(unverified_member)
    response = client.get(URL)
    assert response.status_code == 200  # may look around
    assert create not in response.content.decode()


# Hidden groups (C1) ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_stranger_never_sees_a_hidden_group(client, owner, stranger):
    GroupFactory(name="Hemmelig styregruppe", kind=GroupKind.HIDDEN, owner=owner)
    GroupFactory(name="Åpen gruppe", kind=GroupKind.OPEN, owner=owner)
    client.force_login(stranger)
    for query in ({}, {"q": "Hemmelig"}, {"q": "styregruppe", "archived": "on"}):
        response = client.get(URL, query)
        assert "Hemmelig styregruppe" not in response.content.decode()
    assert names(client.get(URL)) == ["Åpen gruppe"]
    assert "Hemmelig" not in client.get(MINE).content.decode()


@pytest.mark.django_db
def test_hidden_group_is_listed_for_its_members_and_invitees(client, owner, stranger, hh_alumnus):
    hidden = GroupFactory(name="Hemmelig styregruppe", kind=GroupKind.HIDDEN, owner=owner)
    GroupMembershipFactory(group=hidden, user=stranger, status=MembershipStatus.INVITED)
    GroupMembershipFactory(group=hidden, user=hh_alumnus, status=MembershipStatus.BANNED)
    for user in (owner, stranger):
        client.force_login(user)
        assert names(client.get(URL)) == ["Hemmelig styregruppe"]
    client.force_login(hh_alumnus)  # banned: a stranger again
    assert names(client.get(URL)) == []


@pytest.mark.django_db
def test_every_other_kind_is_listed_for_any_member(client, owner, stranger):
    for kind in (GroupKind.OPEN, GroupKind.REQUEST, GroupKind.INVITE):
        GroupFactory(name=f"Gruppe {kind.value}", kind=kind, owner=owner)
    client.force_login(stranger)
    assert sorted(names(client.get(URL))) == ["Gruppe invite", "Gruppe open", "Gruppe request"]


@pytest.mark.django_db
def test_cards_link_strangers_to_the_about_page_of_a_closed_group(client, owner, stranger):
    open_group = GroupFactory(name="Åpen", kind=GroupKind.OPEN, owner=owner)
    closed = GroupFactory(name="Lukket", kind=GroupKind.REQUEST, owner=owner)
    client.force_login(stranger)
    html = client.get(URL).content.decode()

    def link(name, group):
        return f'href="{reverse(name, args=[group.pk])}"'

    assert link("community:group_detail", open_group) in html
    assert link("community:group_about", closed) in html
    assert link("community:group_detail", closed) not in html
    client.force_login(owner)
    assert link("community:group_detail", closed) in client.get(URL).content.decode()


# Search and filters ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_search_finds_words_in_name_description_and_topics(client, owner, stranger):
    GroupFactory(name="Regnskap og revisjon", owner=owner)
    GroupFactory(name="Kommunegruppa", description="Om økonomistyring i kommunene.", owner=owner)
    with_topics(GroupFactory(name="Gründere fra USN", owner=owner), "Entreprenørskap")
    GroupFactory(name="Sykepleiere i Vestfold", owner=owner)
    client.force_login(stranger)
    assert names(client.get(URL, {"q": "revisjon"})) == ["Regnskap og revisjon"]
    assert names(client.get(URL, {"q": "Økonomistyring"})) == ["Kommunegruppa"]  # any case
    assert names(client.get(URL, {"q": "entreprenørskap"})) == ["Gründere fra USN"]
    assert names(client.get(URL, {"q": "regnskap revisjon"})) == ["Regnskap og revisjon"]
    assert names(client.get(URL, {"q": "regnskap sykepleie"})) == []  # every word must match


@pytest.mark.django_db
def test_topic_filter(client, owner, stranger):
    with_topics(GroupFactory(name="Bærekraftsgruppa", owner=owner), "Bærekraft", "Ledelse")
    with_topics(GroupFactory(name="Ledergruppa", owner=owner), "Ledelse")
    GroupFactory(name="Uten emner", owner=owner)
    client.force_login(stranger)
    slug = InterestTag.objects.get(name="Bærekraft").slug
    assert names(client.get(URL, {"topic": slug})) == ["Bærekraftsgruppa"]
    response = client.get(URL, {"topic": InterestTag.objects.get(name="Ledelse").slug})
    assert sorted(names(response)) == ["Bærekraftsgruppa", "Ledergruppa"]


@pytest.mark.django_db
def test_hidden_groups_topics_are_not_offered_as_a_filter(client, owner, stranger):
    with_topics(GroupFactory(kind=GroupKind.HIDDEN, owner=owner), "Hemmelig emne")
    client.force_login(stranger)
    assert "Hemmelig emne" not in client.get(URL).content.decode()


@pytest.mark.django_db
def test_faculty_and_region_filters(client, owner, stranger):
    hh, hs = Faculty.objects.get(code="HH"), Faculty.objects.get(code="HS")
    GroupFactory(name="HH i Drammen", faculty=hh, region=Region.BUSKERUD, owner=owner)
    GroupFactory(name="HH i Oslo", faculty=hh, region=Region.OSLO, owner=owner)
    GroupFactory(name="HS i Oslo", faculty=hs, region=Region.OSLO, owner=owner)
    client.force_login(stranger)
    assert sorted(names(client.get(URL, {"faculty": hh.pk}))) == ["HH i Drammen", "HH i Oslo"]
    assert sorted(names(client.get(URL, {"region": "oslo"}))) == ["HH i Oslo", "HS i Oslo"]
    assert names(client.get(URL, {"faculty": hh.pk, "region": "oslo"})) == ["HH i Oslo"]


@pytest.mark.django_db
def test_size_filter_uses_the_member_count(client, owner, stranger):
    for name, count in [("Liten", 3), ("Middels", 10), ("Stor", 60), ("Svær", 250)]:
        group = GroupFactory(name=name, owner=owner)
        group.member_count = count
        group.save(update_fields=["member_count"])
    client.force_login(stranger)
    assert names(client.get(URL, {"size": "small"})) == ["Liten"]
    assert names(client.get(URL, {"size": "medium"})) == ["Middels"]
    assert names(client.get(URL, {"size": "large"})) == ["Stor"]
    assert names(client.get(URL, {"size": "huge"})) == ["Svær"]
    assert names(client.get(URL, {"sort": "members"})) == ["Svær", "Stor", "Middels", "Liten"]


@pytest.mark.django_db
@freeze_time("2026-03-01 12:00")
def test_activity_filter_and_order(client, owner, stranger):
    now = timezone.now()
    for name, days in [("Livlig", 2), ("Rolig", 100), ("Anonym stille", 400)]:
        group = GroupFactory(name=name, owner=owner, last_activity_at=now - timedelta(days=days))
        assert group.last_activity_at < now
    client.force_login(stranger)
    assert names(client.get(URL)) == ["Livlig", "Rolig", "Anonym stille"]  # latest first
    assert names(client.get(URL, {"activity": "month"})) == ["Livlig"]
    assert names(client.get(URL, {"activity": "year"})) == ["Livlig", "Rolig"]
    assert names(client.get(URL, {"activity": "quiet"})) == ["Rolig", "Anonym stille"]
    assert names(client.get(URL, {"sort": "name"})) == ["Anonym stille", "Livlig", "Rolig"]


@pytest.mark.django_db
def test_archived_groups_only_when_asked_for(client, owner, stranger):
    GroupFactory(name="Aktiv", owner=owner)
    GroupFactory(name="Arkivert", owner=owner, archived_at=timezone.now())
    client.force_login(stranger)
    assert names(client.get(URL)) == ["Aktiv"]
    response = client.get(URL, {"archived": "on", "sort": "name"})
    assert names(response) == ["Aktiv", "Arkivert"]
    assert "Arkivert" in response.content.decode()


@pytest.mark.django_db
def test_hostile_and_long_queries_are_harmless(client, owner, stranger):
    GroupFactory(name="Regnskap og revisjon", owner=owner)
    client.force_login(stranger)
    for query in [
        "<script>alert(1)</script>",
        "%' OR 1=1; DROP TABLE community_group; --",
        "_%_%_%\\",
        "ø" * 5000,
        " ".join(["regnskap"] * 800),
        "\x00\u202e",
    ]:
        response = client.get(URL, {"q": query})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()
    response = client.get(URL, {"q": "regnskap " * 200})
    assert names(response) == ["Regnskap og revisjon"]
    assert "1000" in response.content.decode() or "1 000" in response.content.decode()


@pytest.mark.django_db
def test_member_text_on_cards_is_escaped(client, owner, hh_alumnus):
    """X1: a group's name, description and topics, and a contact's name, are plain text."""
    payload = '<img src=x onerror="alert(1)">'
    group = GroupFactory(name=f"Gruppe {payload}", description=payload, owner=owner)
    with_topics(group, payload)
    contact = make_member(
        "x@example.no", display_name=payload, groups_visibility=Visibility.MEMBERS
    )
    talk(hh_alumnus, contact)
    GroupMembershipFactory(group=group, user=contact)
    for viewer, url in ((hh_alumnus, URL), (owner, MINE)):
        client.force_login(viewer)
        html = client.get(url).content.decode()
        assert "Gruppe &lt;img" in html
        assert "<img src=x" not in html


@pytest.mark.django_db
def test_bad_filter_values_get_a_message_not_an_error(client, owner, stranger):
    GroupFactory(name="Regnskap og revisjon", owner=owner)
    client.force_login(stranger)
    response = client.get(
        URL, {"topic": "finnes-ikke", "faculty": "x", "size": "enorm", "page": "999"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'role="alert"' in response.content.decode()
    assert names(response) == ["Regnskap og revisjon"]


@pytest.mark.django_db
def test_pages_of_twenty(client, owner, stranger):
    for number in range(23):
        GroupFactory(name=f"Gruppe {number:02}", owner=owner)
    client.force_login(stranger)
    first = client.get(URL, {"sort": "name"})
    assert len(names(first)) == 20
    second = client.get(URL, {"sort": "name", "page": 2})
    assert names(second) == ["Gruppe 20", "Gruppe 21", "Gruppe 22"]
    assert "sort=name&amp;page=2" in first.content.decode()


@pytest.mark.django_db
def test_cards_show_the_viewers_status(client, owner, stranger):
    member_of = GroupFactory(name="Med", owner=owner)
    invited_to = GroupFactory(name="Invitert", kind=GroupKind.INVITE, owner=owner)
    asked = GroupFactory(name="Spurt", kind=GroupKind.REQUEST, owner=owner)
    GroupMembershipFactory(group=member_of, user=stranger)
    GroupMembershipFactory(group=invited_to, user=stranger, status=MembershipStatus.INVITED)
    GroupMembershipFactory(group=asked, user=stranger, status=MembershipStatus.REQUESTED)
    client.force_login(stranger)
    cards = {card.group.name: card.status_label for card in client.get(URL).context["cards"]}
    assert cards == {
        "Med": "Du er medlem",
        "Invitert": "Du er invitert",
        "Spurt": "Du har bedt om å bli med",
    }


# Suggestions -------------------------------------------------------------------------------------


def suggested(user):
    return [card.group.name for card in directory.suggested_groups(user)]


@pytest.mark.django_db
def test_suggestions_follow_interests_and_faculty(owner, hh_alumnus):
    """Score: one per shared topic, one for the member's faculty; ties by latest activity."""
    hh, hs = Faculty.objects.get(code="HH"), Faculty.objects.get(code="HS")
    ProfileInterest.objects.create(content_object=hh_alumnus.profile, tag=tag("Bærekraft"))
    ProfileInterest.objects.create(content_object=hh_alumnus.profile, tag=tag("Ledelse"))
    now = timezone.now()

    def group(name, *topics, faculty=None, days=0):
        made = GroupFactory(
            name=name, faculty=faculty, owner=owner, last_activity_at=now - timedelta(days=days)
        )
        return with_topics(made, *topics)

    group("To emner og fakultet", "Bærekraft", "Ledelse", faculty=hh, days=30)
    group("To emner", "Bærekraft", "Ledelse", "Seiling", days=20)
    group("Mitt fakultet", faculty=hh, days=1)
    group("Ett emne", "Ledelse", faculty=hs, days=2)
    group("Andre emner", "Seiling")
    group("Annet fakultet", faculty=hs)
    expected = ["To emner og fakultet", "To emner", "Mitt fakultet", "Ett emne"]
    assert suggested(hh_alumnus) == expected


@pytest.mark.django_db
def test_suggestions_leave_out_my_banned_hidden_and_archived_groups(owner, hh_alumnus):
    hh = Faculty.objects.get(code="HH")
    mine = GroupFactory(name="Mine", faculty=hh, owner=owner)
    GroupMembershipFactory(group=mine, user=hh_alumnus)
    banned = GroupFactory(name="Utestengt", faculty=hh, owner=owner)
    GroupMembershipFactory(group=banned, user=hh_alumnus, status=MembershipStatus.BANNED)
    GroupFactory(name="Skjult", faculty=hh, kind=GroupKind.HIDDEN, owner=owner)
    GroupFactory(name="Arkivert", faculty=hh, archived_at=timezone.now(), owner=owner)
    GroupFactory(name="Forslag", faculty=hh, owner=owner)
    assert suggested(hh_alumnus) == ["Forslag"]


@pytest.mark.django_db
def test_suggestions_only_on_the_unfiltered_first_page(client, owner, hh_alumnus):
    GroupFactory(name="Forslag", faculty=Faculty.objects.get(code="HH"), owner=owner)
    client.force_login(hh_alumnus)
    assert [c.group.name for c in client.get(URL).context["suggestions"]] == ["Forslag"]
    assert client.get(URL, {"q": "Forslag"}).context["suggestions"] == []
    assert [c.group.name for c in client.get(URL, {"sort": "name"}).context["suggestions"]]


# Groups my contacts are in -----------------------------------------------------------------------


def contact_groups(user):
    return {
        card.group.name: [name for _pk, name in card.contacts]
        for card in directory.contacts_groups(user)
    }


@pytest.fixture
def contact(db):
    """Hanne's contact, a HH alumnus who shows her groups to every verified member."""
    return make_member(
        "kontakt@example.no",
        programme_code="BØA",
        display_name="Kari Kontakt",
        groups_visibility=Visibility.MEMBERS,
    )


@pytest.mark.django_db
def test_contacts_groups_show_where_the_contact_lets_members_see(owner, hh_alumnus, contact):
    talk(hh_alumnus, contact)
    group = GroupFactory(name="Kontaktens gruppe", owner=owner)
    GroupMembershipFactory(group=group, user=contact)
    GroupFactory(name="Ingen kjente", owner=owner)
    assert contact_groups(hh_alumnus) == {"Kontaktens gruppe": ["Kari Kontakt"]}


@pytest.mark.django_db
def test_contacts_groups_stay_private_when_the_contact_says_only_me(owner, hh_alumnus, contact):
    contact.profile.groups_visibility = Visibility.PRIVATE
    contact.profile.save()
    talk(hh_alumnus, contact)
    GroupMembershipFactory(group=GroupFactory(owner=owner), user=contact)
    assert contact_groups(hh_alumnus) == {}


@pytest.mark.django_db
def test_contacts_groups_for_my_faculty_only_when_we_share_one(owner, hh_alumnus, hs_alumnus):
    contact = make_member(
        "hh.kontakt@example.no",
        programme_code="BØA",
        display_name="Fakultetskontakt",
        groups_visibility=Visibility.FACULTY,
    )
    talk(hh_alumnus, contact)
    talk(hs_alumnus, contact)
    GroupMembershipFactory(group=GroupFactory(name="HH-gruppe", owner=owner), user=contact)
    assert contact_groups(hh_alumnus) == {"HH-gruppe": ["Fakultetskontakt"]}  # both HH
    assert contact_groups(hs_alumnus) == {}  # HS only


@pytest.mark.django_db
def test_contacts_groups_never_show_a_hidden_group_or_one_i_am_in(owner, hh_alumnus, contact):
    talk(hh_alumnus, contact)
    hidden = GroupFactory(name="Skjult", kind=GroupKind.HIDDEN, owner=owner)
    GroupMembershipFactory(group=hidden, user=contact)
    both = GroupFactory(name="Felles", owner=owner)
    GroupMembershipFactory(group=both, user=contact)
    GroupMembershipFactory(group=both, user=hh_alumnus)
    invited = GroupFactory(name="Kontakt er invitert", owner=owner)
    GroupMembershipFactory(group=invited, user=contact, status=MembershipStatus.INVITED)
    assert contact_groups(hh_alumnus) == {}


@pytest.mark.django_db
def test_contacts_are_only_current_conversation_partners(owner, hh_alumnus, contact, hs_alumnus):
    conversation = talk(hh_alumnus, contact)
    GroupMembershipFactory(group=GroupFactory(name="Gruppe", owner=owner), user=contact)
    Participant.objects.filter(conversation=conversation, user=hh_alumnus).update(
        left_at=timezone.now()
    )
    assert contact_groups(hh_alumnus) == {}
    talk(hh_alumnus, contact)
    MemberBlock.objects.create(blocker=contact, blocked=hh_alumnus)
    assert contact_groups(hh_alumnus) == {}
    assert contact_groups(hs_alumnus) == {}  # never talked


@pytest.mark.django_db
def test_contacts_groups_name_three_contacts_and_count_the_rest(owner, hh_alumnus):
    group = GroupFactory(name="Populær", owner=owner)
    for number in range(5):
        other = make_member(
            f"k{number}@example.no",
            display_name=f"Kontakt {number}",
            groups_visibility=Visibility.MEMBERS,
        )
        talk(hh_alumnus, other)
        GroupMembershipFactory(group=group, user=other)
    [card] = directory.contacts_groups(hh_alumnus)
    assert [name for _pk, name in card.contacts] == ["Kontakt 0", "Kontakt 1", "Kontakt 2"]
    assert card.more_contacts == 2


@pytest.mark.django_db
def test_unverified_member_sees_no_contacts_groups(owner, unverified_member, contact):
    talk(unverified_member, contact)
    GroupMembershipFactory(group=GroupFactory(owner=owner), user=contact)
    assert directory.contacts_groups(unverified_member) == []


@pytest.mark.django_db
def test_directory_page_shows_contacts_groups(client, owner, hh_alumnus, contact):
    talk(hh_alumnus, contact)
    GroupMembershipFactory(group=GroupFactory(name="Kontaktens gruppe", owner=owner), user=contact)
    client.force_login(hh_alumnus)
    html = client.get(URL).content.decode()
    assert "Groups your contacts are in" in html or "Grupper kontaktene dine er med i" in html
    assert reverse("community:profile_detail", args=[contact.profile.pk]) in html


# My groups ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_my_groups_lists_groups_invitations_and_requests(client, owner, stranger):
    mine = GroupFactory(name="Min gruppe", owner=stranger)
    hidden = GroupFactory(name="Skjult invitasjon", kind=GroupKind.HIDDEN, owner=owner)
    GroupMembershipFactory(
        group=hidden, user=stranger, status=MembershipStatus.INVITED, invited_by=owner
    )
    asked = GroupFactory(name="Spurt om å bli med", kind=GroupKind.REQUEST, owner=owner)
    GroupMembershipFactory(group=asked, user=stranger, status=MembershipStatus.REQUESTED)
    banned = GroupFactory(name="Utestengt herfra", owner=owner)
    GroupMembershipFactory(group=banned, user=stranger, status=MembershipStatus.BANNED)
    GroupFactory(name="Ikke min", owner=owner)
    client.force_login(stranger)
    response = client.get(MINE)
    assert response.status_code == 200
    assert [m.group.name for m in response.context["memberships"]] == ["Min gruppe"]
    assert response.context["memberships"][0].role == MembershipRole.OWNER
    assert [m.group.name for m in response.context["invitations"]] == ["Skjult invitasjon"]
    assert [m.group.name for m in response.context["requests"]] == ["Spurt om å bli med"]
    html = response.content.decode()
    assert reverse("community:group_join", args=[hidden.pk]) in html
    assert reverse("community:group_decline_invitation", args=[hidden.pk]) in html
    assert reverse("community:group_notifications", args=[mine.pk]) in html
    assert "Eira Eier" in html  # invited by
    assert "Utestengt herfra" not in html and "Ikke min" not in html


@pytest.mark.django_db
def test_my_groups_query_count_does_not_grow(client, owner, stranger):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(MINE).status_code == 200
        return len(queries)

    client.force_login(stranger)
    GroupMembershipFactory(group=GroupFactory(owner=owner), user=stranger)
    client.get(MINE)  # the first request after login fills caches (menus, reference data)
    few = count()
    for number in range(15):
        group = GroupFactory(owner=owner, kind=GroupKind.INVITE)
        status = [MembershipStatus.ACTIVE, MembershipStatus.INVITED, MembershipStatus.REQUESTED]
        GroupMembershipFactory(
            group=group, user=stranger, status=status[number % 3], invited_by=owner
        )
    assert count() == few <= 15


# Groups on a profile -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("visibility", "seen_by_hh", "seen_by_hs"),
    [
        (Visibility.MEMBERS, True, True),
        (Visibility.FACULTY, True, False),
        (Visibility.PRIVATE, False, False),
    ],
)
def test_profile_shows_groups_as_the_member_chose(
    client, owner, hh_alumnus, hs_alumnus, visibility, seen_by_hh, seen_by_hs
):
    member = make_member(
        "med@example.no", programme_code="BØA", display_name="Med Lem", groups_visibility=visibility
    )
    GroupMembershipFactory(group=GroupFactory(name="Synlig gruppe", owner=owner), user=member)
    url = reverse("community:profile_detail", args=[member.profile.pk])
    for viewer, seen in ((hh_alumnus, seen_by_hh), (hs_alumnus, seen_by_hs), (member, True)):
        client.force_login(viewer)
        assert ("Synlig gruppe" in client.get(url).content.decode()) is seen


@pytest.mark.django_db
def test_profile_never_shows_hidden_or_former_groups(client, owner, hh_alumnus):
    member = make_member(
        "med@example.no", display_name="Med Lem", groups_visibility=Visibility.MEMBERS
    )
    for name, kind, status in [
        ("Skjult klubb", GroupKind.HIDDEN, MembershipStatus.ACTIVE),
        ("Utestengt forum", GroupKind.OPEN, MembershipStatus.BANNED),
        ("Invitert forum", GroupKind.OPEN, MembershipStatus.INVITED),
        ("Fagforum for medlemmer", GroupKind.REQUEST, MembershipStatus.ACTIVE),
    ]:
        group = GroupFactory(name=name, kind=kind, owner=owner)
        GroupMembershipFactory(group=group, user=member, status=status)
    url = reverse("community:profile_detail", args=[member.profile.pk])
    for viewer in (hh_alumnus, member):  # their own page shows no hidden group either
        client.force_login(viewer)
        html = client.get(url).content.decode()
        assert "Fagforum for medlemmer" in html
        assert "Skjult klubb" not in html
        assert "Utestengt forum" not in html and "Invitert forum" not in html


# Navigation --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_groups_are_linked_from_the_dashboard_and_header(client, stranger):
    client.force_login(stranger)
    html = client.get(reverse("community:dashboard")).content.decode()
    assert html.count(f'href="{URL}"') >= 2
    assert f'href="{MINE}"' in html


# Query counts (DESIGN.md §7, R2) -----------------------------------------------------------------


def make_groups(count, owner, viewer, contact, start=0):
    hh = Faculty.objects.get(code="HH")
    for number in range(start, start + count):
        group = GroupFactory(
            name=f"Gruppe {number:03}", faculty=hh if number % 2 else None, owner=owner
        )
        with_topics(group, "Ledelse", f"Emne {number}")
        if number % 3 == 0:
            GroupMembershipFactory(group=group, user=viewer)
        elif number % 3 == 1:
            GroupMembershipFactory(group=group, user=contact)


@pytest.mark.django_db
def test_directory_query_count_is_the_same_for_3_and_40_groups(client, owner, hh_alumnus, contact):
    ProfileInterest.objects.create(content_object=hh_alumnus.profile, tag=tag("Ledelse"))
    talk(hh_alumnus, contact)
    client.force_login(hh_alumnus)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL)
        assert response.status_code == 200
        return len(queries), response

    make_groups(3, owner, hh_alumnus, contact)
    client.get(URL)  # the first request after login fills caches (menus, reference data)
    few, response = count()
    assert response.context["suggestions"] and response.context["contacts_groups"]
    make_groups(37, owner, hh_alumnus, contact, start=3)
    many, response = count()
    assert len(response.context["cards"]) == 20
    assert len(response.context["suggestions"]) == 6
    assert len(response.context["contacts_groups"]) == 6
    assert many == few <= 15
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, {"q": "gruppe ledelse", "faculty": "1", "sort": "members", "page": 2})
    assert len(queries) <= 15


@pytest.mark.django_db
def test_membership_rows_are_not_repeated_per_card(owner, stranger):
    """cards_for asks for the viewer's memberships once for the whole page."""
    groups = [GroupFactory(owner=owner) for _ in range(5)]
    GroupMembershipFactory(group=groups[0], user=stranger)
    with CaptureQueriesContext(connection) as queries:
        cards = directory.cards_for(groups, stranger)
    assert len(queries) == 1
    assert cards[0].membership.status == MembershipStatus.ACTIVE
    assert all(card.membership is None for card in cards[1:])
    assert GroupMembership.objects.filter(user=stranger).count() == 1
