"""Discussions in a group: the group page, threads and replies, the edit window, locked threads and
archived groups, moderation inside the group, hidden posts, the stranger's and the banned
ex-member's view of every object URL (SECURITY.md C1, C2), escaping (X1) and query counts (R2)."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

import pytest
from freezegun import freeze_time

from community.factories import GroupReplyFactory, GroupThreadFactory
from community.groups import discussions
from community.groups.discussions import DiscussionRefused
from community.models import (
    Group,
    GroupKind,
    GroupMembership,
    GroupReply,
    GroupThread,
    MembershipStatus,
    Notification,
    Report,
)

from .group_discussion_helpers import cast, join

pytestmark = pytest.mark.django_db

XSS_TITLE = '<script>alert("tittel")</script>'
XSS_BODY = '<img src=x onerror=alert(1)> og <script>alert("tekst")</script>'


@pytest.fixture(autouse=True)
def english():
    """These tests read the English pages (under /en/)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def run_on_commit(django_capture_on_commit_callbacks):
    """The services notify after commit; inside a test's transaction, run that at once."""
    with django_capture_on_commit_callbacks(execute=True):
        yield


@pytest.fixture
def people():
    return cast(GroupKind.OPEN)


def thread_in(group, author, **fields):
    return GroupThreadFactory(group=group, author=author, **fields)


def reply_in(thread, author, **fields):
    return GroupReplyFactory(thread=thread, author=author, **fields)


def refreshed(obj):
    obj.refresh_from_db()
    return obj


def html(response) -> str:
    return response.content.decode()


# --- Starting threads and replying ---------------------------------------------------------------


def test_a_member_starts_a_thread_and_the_group_counts_it_as_activity(people):
    group = people.group
    Group.objects.filter(pk=group.pk).update(
        last_activity_at=timezone.now() - timedelta(days=300),
        archive_notice_sent_at=timezone.now() - timedelta(days=5),
    )
    group.refresh_from_db()

    thread = discussions.start_thread(
        people.member, group, "  Lønnsnivå i Telemark  ", "Hva tjener dere?"
    )

    group.refresh_from_db()
    assert (thread.title, thread.author) == ("Lønnsnivå i Telemark", people.member)
    assert group.thread_count == 1
    assert group.last_activity_at >= thread.created_at
    assert group.archive_notice_sent_at is None


def test_a_reply_counts_in_its_thread_and_moves_the_activity_forward(people):
    with freeze_time("2026-03-02 10:00"):
        thread = discussions.start_thread(people.owner, people.group, "Jobbtips", "Del gjerne.")
    with freeze_time("2026-03-05 12:00"):
        discussions.reply(people.member, thread, "Vi ansetter controllere.")

    thread.refresh_from_db()
    assert thread.reply_count == 1
    assert thread.last_activity_at.isoformat().startswith("2026-03-05T12:00")
    assert refreshed(people.group).last_activity_at == thread.last_activity_at


def test_a_member_posts_a_thread_through_the_form(client, people):
    client.force_login(people.member)

    response = client.post(
        reverse("community:group_thread_new", args=[people.group.pk]),
        {"title": "Mentorordning", "body": "Noen som vil være mentor?"},
    )

    thread = GroupThread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("community:group_thread", args=[thread.pk])
    assert thread.author == people.member


def test_an_empty_thread_form_is_shown_again_with_a_clear_message(client, people):
    client.force_login(people.member)

    response = client.post(
        reverse("community:group_thread_new", args=[people.group.pk]),
        {"title": "", "body": "Tekst"},
    )

    assert response.status_code == 400
    assert "Give the thread a title." in html(response)
    assert not GroupThread.objects.exists()


def test_a_member_replies_through_the_thread_page_and_lands_at_the_reply(client, people):
    thread = thread_in(people.group, people.owner)
    client.force_login(people.member)

    response = client.post(reverse("community:group_thread", args=[thread.pk]), {"body": "Enig!"})

    reply = GroupReply.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"?svar={reply.pk}#svar-{reply.pk}")
    assert refreshed(thread).reply_count == 1


def test_an_open_group_is_readable_by_any_signed_in_member_but_not_postable(client, people):
    thread = thread_in(people.group, people.owner, title="Åpen tråd")
    client.force_login(people.outsider)

    page = client.get(reverse("community:group_detail", args=[people.group.pk]))
    thread_page = client.get(reverse("community:group_thread", args=[thread.pk]))
    reply = client.post(reverse("community:group_thread", args=[thread.pk]), {"body": "Hei"})
    new = client.post(
        reverse("community:group_thread_new", args=[people.group.pk]),
        {"title": "Fra utsiden", "body": "Hei"},
    )

    assert page.status_code == 200 and "Åpen tråd" in html(page)
    assert thread_page.status_code == 200
    assert reply.status_code == 400
    assert new.status_code == 302
    assert GroupThread.objects.count() == 1
    assert not GroupReply.objects.exists()
    with pytest.raises(DiscussionRefused):
        discussions.start_thread(people.outsider, people.group, "Tittel", "Tekst")


def test_the_new_thread_button_is_only_for_those_who_may_post(client, people):
    new_thread_url = reverse("community:group_thread_new", args=[people.group.pk])
    client.force_login(people.member)
    assert new_thread_url in html(
        client.get(reverse("community:group_detail", args=[people.group.pk]))
    )

    client.force_login(people.outsider)
    assert new_thread_url not in html(
        client.get(reverse("community:group_detail", args=[people.group.pk]))
    )


def test_nobody_replies_in_a_locked_thread(client, people):
    thread = thread_in(people.group, people.owner, locked_at=timezone.now())

    with pytest.raises(DiscussionRefused, match="locked"):
        discussions.reply(people.owner, thread, "Likevel")
    client.force_login(people.member)
    response = client.post(reverse("community:group_thread", args=[thread.pk]), {"body": "Hei"})

    assert response.status_code == 400
    assert not GroupReply.objects.exists()


def test_nobody_posts_in_an_archived_group(client, people):
    thread = thread_in(people.group, people.owner)
    Group.objects.filter(pk=people.group.pk).update(archived_at=timezone.now())
    group = refreshed(people.group)

    with pytest.raises(DiscussionRefused):
        discussions.start_thread(people.owner, group, "Tittel", "Tekst")
    client.force_login(people.member)
    reply = client.post(reverse("community:group_thread", args=[thread.pk]), {"body": "Hei"})
    new = client.post(
        reverse("community:group_thread_new", args=[group.pk]), {"title": "T", "body": "B"}
    )

    assert reply.status_code == 400
    assert new.status_code == 302
    assert GroupThread.objects.count() == 1
    assert not GroupReply.objects.exists()


def test_a_removed_member_cannot_post_on_the_next_request(client, people):
    thread = thread_in(people.group, people.owner)
    client.force_login(people.member)
    assert (
        client.post(
            reverse("community:group_thread", args=[thread.pk]), {"body": "Før"}
        ).status_code
        == 302
    )

    GroupMembership.objects.filter(user=people.member).delete()
    response = client.post(reverse("community:group_thread", args=[thread.pk]), {"body": "Etter"})

    assert response.status_code == 400
    assert list(GroupReply.objects.values_list("body", flat=True)) == ["Før"]


# --- Editing within the window -------------------------------------------------------------------


def test_the_author_edits_a_reply_within_15_minutes_and_it_shows_as_edited(client, people):
    thread = thread_in(people.group, people.owner)
    with freeze_time("2026-03-02 10:00"):
        reply = discussions.reply(people.member, thread, "Førsteutkast")
    client.force_login(people.member)

    with freeze_time("2026-03-02 10:14"):
        response = client.post(
            reverse("community:group_reply_edit", args=[reply.pk]), {"body": "Rettet"}
        )
        page = client.get(reverse("community:group_thread", args=[thread.pk]))

    reply.refresh_from_db()
    assert response.status_code == 302
    assert (reply.body, reply.edited_at is not None) == ("Rettet", True)
    assert "edited" in html(page)


def test_editing_after_15_minutes_is_refused_and_nothing_changes(client, people):
    with freeze_time("2026-03-02 10:00"):
        thread = discussions.start_thread(people.member, people.group, "Tittel", "Tekst")
    client.force_login(people.member)

    with freeze_time("2026-03-02 10:16"):
        form = client.get(reverse("community:group_thread_edit", args=[thread.pk]))
        response = client.post(
            reverse("community:group_thread_edit", args=[thread.pk]),
            {"title": "Ny tittel", "body": "Ny tekst"},
        )
        with pytest.raises(DiscussionRefused):
            discussions.edit_thread(people.member, thread, "Ny", "Ny")

    assert form.status_code == 302
    assert response.status_code == 302
    assert (refreshed(thread).title, thread.edited_at) == ("Tittel", None)


def test_the_author_edits_the_thread_title_and_text_within_the_window(client, people):
    with freeze_time("2026-03-02 10:00"):
        thread = discussions.start_thread(people.member, people.group, "Tittel", "Tekst")
    client.force_login(people.member)

    with freeze_time("2026-03-02 10:10"):
        response = client.post(
            reverse("community:group_thread_edit", args=[thread.pk]),
            {"title": "Bedre tittel", "body": "Bedre tekst"},
        )

    assert response.status_code == 302
    thread.refresh_from_db()
    assert (thread.title, thread.body) == ("Bedre tittel", "Bedre tekst")
    assert thread.edited_at is not None


def test_another_member_may_not_edit_a_post(client, people):
    thread = thread_in(people.group, people.member)
    reply = reply_in(thread, people.member)
    client.force_login(people.moderator)

    thread_edit = client.post(
        reverse("community:group_thread_edit", args=[thread.pk]), {"title": "X", "body": "Y"}
    )
    reply_edit = client.post(reverse("community:group_reply_edit", args=[reply.pk]), {"body": "Y"})

    assert (thread_edit.status_code, reply_edit.status_code) == (403, 403)
    assert refreshed(thread).title != "X"
    assert refreshed(reply).body != "Y"


def test_edit_links_show_only_within_the_window(client, people):
    with freeze_time("2026-03-02 10:00"):
        thread = discussions.start_thread(people.member, people.group, "Tittel", "Tekst")
    edit_url = reverse("community:group_thread_edit", args=[thread.pk])
    client.force_login(people.member)

    with freeze_time("2026-03-02 10:05"):
        assert edit_url in html(client.get(reverse("community:group_thread", args=[thread.pk])))
    with freeze_time("2026-03-02 10:20"):
        assert edit_url not in html(client.get(reverse("community:group_thread", args=[thread.pk])))


# --- Moderation inside the group -----------------------------------------------------------------


def act(client, thread_or_reply, action, **extra):
    name = (
        "community:group_thread_action"
        if isinstance(thread_or_reply, GroupThread)
        else "community:group_reply_action"
    )
    return client.post(reverse(name, args=[thread_or_reply.pk]), {"action": action, **extra})


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [
        ("pin", "pinned", True),
        ("lock", "locked_at", "set"),
        ("hide", "hidden_at", "set"),
    ],
)
def test_a_moderator_pins_locks_and_hides_a_thread_and_undoes_it(
    client, people, action, field, value
):
    thread = thread_in(people.group, people.member)
    client.force_login(people.moderator)

    done = act(client, thread, action)
    after = getattr(refreshed(thread), field)
    undone = act(client, thread, "un" + action)

    assert done.status_code == 302 and undone.status_code == 302
    assert after is True if value is True else after is not None
    assert getattr(refreshed(thread), field) in (False, None)


@pytest.mark.parametrize("action", ["pin", "lock", "hide", "delete"])
def test_a_member_who_does_not_moderate_gets_403_and_nothing_changes(client, people, action):
    thread = thread_in(people.group, people.owner)
    client.force_login(people.member)

    response = act(client, thread, action, confirm="1")

    thread.refresh_from_db()
    assert response.status_code == 403
    assert (thread.pinned, thread.locked_at, thread.hidden_at) == (False, None, None)


def test_deleting_asks_for_confirmation_first(client, people):
    thread = thread_in(people.group, people.member)
    client.force_login(people.moderator)

    response = act(client, thread, "delete")

    assert response.status_code == 200
    assert 'name="confirm" value="1"' in html(response)
    assert GroupThread.objects.filter(pk=thread.pk).exists()


def test_a_moderator_deletes_a_thread_with_its_replies_and_the_group_counts_it_out(client, people):
    thread = thread_in(people.group, people.member)
    reply_in(thread, people.owner)
    client.force_login(people.moderator)

    response = act(client, thread, "delete", confirm="1")

    assert response.status_code == 302
    assert response["Location"] == reverse("community:group_detail", args=[people.group.pk])
    assert not GroupThread.objects.exists() and not GroupReply.objects.exists()
    assert refreshed(people.group).thread_count == 0


def test_the_author_deletes_their_own_reply_and_the_thread_counts_it_out(client, people):
    thread = thread_in(people.group, people.owner)
    reply = reply_in(thread, people.member)
    other = reply_in(thread, people.moderator)
    client.force_login(people.member)

    refused = act(client, other, "delete", confirm="1")
    response = act(client, reply, "delete", confirm="1")

    assert refused.status_code == 403
    assert response.status_code == 302
    assert list(GroupReply.objects.all()) == [other]
    assert refreshed(thread).reply_count == 1


def test_the_author_deletes_their_thread_only_while_nobody_has_replied(client, people):
    alone = thread_in(people.group, people.member)
    answered = thread_in(people.group, people.member)
    reply_in(answered, people.owner)
    client.force_login(people.member)

    refused = act(client, answered, "delete", confirm="1")
    deleted = act(client, alone, "delete", confirm="1")

    assert refused.status_code == 403
    assert deleted.status_code == 302
    assert list(GroupThread.objects.all()) == [answered]
    assert refreshed(people.group).thread_count == 1


def test_an_unknown_action_is_refused_with_a_message(client, people):
    thread = thread_in(people.group, people.member)
    client.force_login(people.moderator)

    response = act(client, thread, "explode")

    assert response.status_code == 302
    assert refreshed(thread).pinned is False


def test_pinned_threads_come_first_then_the_latest_activity(client, people):
    now = timezone.now()
    old = thread_in(
        people.group, people.member, title="Gammel", last_activity_at=now - timedelta(days=9)
    )
    thread_in(people.group, people.member, title="Fersk", last_activity_at=now)
    discussions.moderate_thread(people.owner, old, "pin")
    client.force_login(people.member)

    page = html(client.get(reverse("community:group_detail", args=[people.group.pk])))

    assert page.index("Gammel") < page.index("Fersk")
    assert "Pinned" in page


def test_the_thread_list_pages_25_threads_at_a_time(client, people):
    for n in range(30):
        thread_in(people.group, people.member, title=f"Tråd nummer {n:02d}")
    client.force_login(people.member)
    url = reverse("community:group_detail", args=[people.group.pk])

    first = html(client.get(url))
    second = html(client.get(url, {"page": 2}))
    nonsense = client.get(url, {"page": "tull"})

    assert first.count('<li class="thread-row') == 25
    assert second.count('<li class="thread-row') == 5
    assert nonsense.status_code == 200


# --- Hidden posts --------------------------------------------------------------------------------


def test_a_hidden_reply_shows_as_hidden_to_members_and_with_its_text_to_moderators(client, people):
    thread = thread_in(people.group, people.owner)
    reply = reply_in(thread, people.member, body="Usaklig innlegg")
    discussions.moderate_reply(people.moderator, reply, "hide")
    url = reverse("community:group_thread", args=[thread.pk])

    client.force_login(people.outsider)
    outsider_page = html(client.get(url))
    client.force_login(people.moderator)
    moderator_page = html(client.get(url))

    assert "Usaklig innlegg" not in outsider_page
    assert "Hidden by a moderator." in outsider_page
    assert "Usaklig innlegg" in moderator_page
    assert "badge--hidden" in moderator_page


def test_a_hidden_thread_is_left_out_for_members_and_marked_for_moderators(client, people):
    thread = thread_in(people.group, people.owner, title="Skjult tråd")
    discussions.moderate_thread(people.moderator, thread, "hide")
    list_url = reverse("community:group_detail", args=[people.group.pk])

    client.force_login(people.member)
    member_list = html(client.get(list_url))
    member_thread = client.get(reverse("community:group_thread", args=[thread.pk]))
    client.force_login(people.moderator)
    moderator_list = html(client.get(list_url))

    assert "Skjult tråd" not in member_list
    assert member_thread.status_code == 404
    assert "Skjult tråd" in moderator_list
    assert "badge--hidden" in moderator_list


def test_a_hidden_reply_cannot_be_edited_or_reported_by_others(client, people):
    thread = thread_in(people.group, people.owner)
    reply = reply_in(thread, people.member)
    discussions.moderate_reply(people.owner, reply, "hide")
    client.force_login(people.outsider)

    report = client.post(
        reverse("community:group_reply_report", args=[reply.pk]), {"reason": "spam"}
    )

    assert report.status_code == 404
    assert not Report.objects.exists()


# --- Strangers and banned ex-members (C1, C2) ----------------------------------------------------


def object_urls(people, thread, reply):
    """Every URL of this part with an object id, and what a POST to it would send."""
    group = people.group.pk
    return [
        ("community:group_thread_new", group, {"title": "Inntrenger", "body": "Hei"}),
        ("community:group_reports", group, {"report": 1, "action": "dismiss"}),
        ("community:group_thread", thread.pk, {"body": "Inntrenger"}),
        ("community:group_thread_edit", thread.pk, {"title": "Inntrenger", "body": "Hei"}),
        ("community:group_thread_action", thread.pk, {"action": "delete", "confirm": "1"}),
        ("community:group_thread_report", thread.pk, {"reason": "spam"}),
        ("community:group_reply_edit", reply.pk, {"body": "Inntrenger"}),
        ("community:group_reply_action", reply.pk, {"action": "delete", "confirm": "1"}),
        ("community:group_reply_report", reply.pk, {"reason": "spam"}),
    ]


def snapshot_of_the_database():
    return (
        list(GroupThread.objects.order_by("pk").values()),
        list(GroupReply.objects.order_by("pk").values()),
        list(Report.objects.values()),
        list(Group.objects.values("thread_count", "last_activity_at")),
        Notification.objects.count(),
    )


@pytest.mark.parametrize("kind", [GroupKind.REQUEST, GroupKind.INVITE, GroupKind.HIDDEN])
@pytest.mark.parametrize("who", ["outsider", "banned"])
def test_a_stranger_gets_404_on_every_object_url_and_nothing_changes(client, kind, who):
    people = cast(kind)
    thread = thread_in(people.group, people.owner)
    reply = reply_in(thread, people.member)
    client.force_login(getattr(people, who))
    before = snapshot_of_the_database()

    for name, pk, data in object_urls(people, thread, reply):
        url = reverse(name, args=[pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url, data).status_code == 404, name

    assert snapshot_of_the_database() == before


@pytest.mark.parametrize("kind", [GroupKind.REQUEST, GroupKind.INVITE, GroupKind.HIDDEN])
def test_a_member_removed_from_a_closed_group_gets_404_on_the_next_request(client, kind):
    people = cast(kind)
    thread = thread_in(people.group, people.owner)
    client.force_login(people.member)
    assert client.get(reverse("community:group_thread", args=[thread.pk])).status_code == 200

    GroupMembership.objects.filter(user=people.member).update(status=MembershipStatus.BANNED)

    assert client.get(reverse("community:group_thread", args=[thread.pk])).status_code == 404
    assert (
        client.post(
            reverse("community:group_thread", args=[thread.pk]), {"body": "Hei"}
        ).status_code
        == 404
    )
    assert not GroupReply.objects.exists()


def test_a_member_banned_from_an_open_group_can_neither_read_nor_post(client, people):
    thread = thread_in(people.group, people.owner)
    client.force_login(people.banned)

    assert client.get(reverse("community:group_thread", args=[thread.pk])).status_code == 404
    detail = client.get(reverse("community:group_detail", args=[people.group.pk]))
    assert detail.status_code == 302
    assert detail["Location"] == reverse("community:group_about", args=[people.group.pk])


def test_a_non_member_of_a_by_request_group_is_sent_to_its_about_page(client):
    people = cast(GroupKind.REQUEST)
    client.force_login(people.outsider)

    response = client.get(reverse("community:group_detail", args=[people.group.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("community:group_about", args=[people.group.pk])


def test_a_stranger_to_a_hidden_group_gets_404_on_its_page(client):
    people = cast(GroupKind.HIDDEN)
    client.force_login(people.outsider)

    assert client.get(reverse("community:group_detail", args=[people.group.pk])).status_code == 404


def test_a_member_of_a_closed_group_reads_it(client):
    people = cast(GroupKind.INVITE)
    thread_in(people.group, people.owner, title="Internt")
    client.force_login(people.member)

    page = client.get(reverse("community:group_detail", args=[people.group.pk]))

    assert page.status_code == 200 and "Internt" in html(page)


def test_signed_out_visitors_are_sent_to_sign_in(client, people):
    thread = thread_in(people.group, people.owner)

    response = client.get(reverse("community:group_thread", args=[thread.pk]))

    assert response.status_code == 302
    assert "login" in response["Location"] or "logg-inn" in response["Location"]


# --- Member text is plain text (X1) --------------------------------------------------------------


def test_script_and_image_payloads_come_out_escaped(client, people):
    thread = discussions.start_thread(people.member, people.group, XSS_TITLE, XSS_BODY)
    discussions.reply(people.owner, thread, XSS_BODY + " https://usn.no/alumni")
    client.force_login(people.outsider)

    pages = [
        html(client.get(reverse("community:group_detail", args=[people.group.pk]))),
        html(client.get(reverse("community:group_thread", args=[thread.pk]))),
        html(client.get(reverse("community:group_thread_report", args=[thread.pk]))),
    ]

    for page in pages:
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "&lt;script&gt;alert(" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages[1]
    assert '<a href="https://usn.no/alumni"' in pages[1]


# --- Query counts (R2) ---------------------------------------------------------------------------


def test_the_group_page_runs_the_same_few_queries_for_3_and_60_threads(client, people):
    client.force_login(people.member)
    url = reverse("community:group_detail", args=[people.group.pk])
    for n in range(3):
        thread_in(people.group, people.member if n % 2 else people.owner)
    client.get(url)  # warm the caches that fill once (site, locale, menus)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(57):
        author = make_author(n)
        join(people.group, author)
        thread_in(people.group, author)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    assert len(many) <= 15


def test_the_thread_page_runs_the_same_few_queries_for_3_and_60_replies(client, people):
    thread = thread_in(people.group, people.owner)
    client.force_login(people.moderator)
    url = reverse("community:group_thread", args=[thread.pk])
    for _ in range(3):
        reply_in(thread, people.member)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(57):
        author = make_author(n)
        reply_in(thread, author)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    assert len(many) <= 15


def make_author(n):
    from .conftest import make_member

    return make_member(f"forfatter{n}@example.no", display_name=f"Forfatter {n}")
