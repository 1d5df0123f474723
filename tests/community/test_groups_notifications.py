"""Group notifications (SECURITY.md C2, E10): a new thread reaches each current member at the
frequency they chose for the group — by mail at once, in the daily or weekly digest, or not at
all — and replies reach the thread's author, collapsed per thread. Nobody who left or was
removed hears anything."""

from django.core import mail
from django.urls import reverse

import pytest
from freezegun import freeze_time

from community.factories import GroupThreadFactory
from community.groups import discussions
from community.groups.signals import membership_ended
from community.models import (
    Frequency,
    GroupKind,
    GroupMembership,
    MemberBlock,
    MembershipStatus,
    Notification,
    NotificationKind,
    NotificationSetting,
)
from community.notifications.service import send_digests
from community.tasks import notify_new_thread

from .conftest import make_member
from .group_discussion_helpers import cast, join

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return cast(GroupKind.INVITE)


def choose(group, user, frequency):
    GroupMembership.objects.filter(group=group, user=user).update(notify=frequency)


def start(people, author=None, title="Nytt om lønnsforhandlinger", body="Hva har dere fått?"):
    return discussions.start_thread(author or people.owner, people.group, title, body)


def notifications_of(user):
    return list(Notification.objects.filter(recipient=user))


def mails_to(user):
    return [message for message in mail.outbox if user.email in message.to]


# --- New threads ---------------------------------------------------------------------------------


def test_every_new_thread_is_mailed_at_once_to_members_who_chose_it(
    people, django_capture_on_commit_callbacks
):
    choose(people.group, people.member, Frequency.IMMEDIATE)

    with django_capture_on_commit_callbacks(execute=True):
        thread = start(people)

    [message] = mails_to(people.member)
    assert "Nytt om lønnsforhandlinger" in message.subject
    assert "Økonomi og ledelse" in message.subject
    assert reverse("community:group_thread", args=[thread.pk]) in message.body
    [notification] = notifications_of(people.member)
    assert notification.kind == NotificationKind.GROUP
    assert notification.url == reverse("community:group_thread", args=[thread.pk])
    assert notification.emailed_at is not None


def test_daily_members_get_the_thread_in_the_daily_digest_not_the_weekly_one(
    people, django_capture_on_commit_callbacks
):
    choose(people.group, people.member, Frequency.DAILY)
    with freeze_time("2026-03-02 10:00"), django_capture_on_commit_callbacks(execute=True):
        start(people)
    assert not mails_to(people.member)

    with freeze_time("2026-03-03 06:00"):
        send_digests("weekly")
        assert not mails_to(people.member)
        send_digests("daily")

    [digest] = mails_to(people.member)
    assert "Nytt om lønnsforhandlinger" in digest.body


def test_weekly_members_get_the_thread_in_the_weekly_digest_not_the_daily_one(
    people, django_capture_on_commit_callbacks
):
    choose(people.group, people.member, Frequency.WEEKLY)
    # the member's setting for group activity in general does not override the group's choice
    NotificationSetting.objects.create(
        user=people.member, kind=NotificationKind.GROUP, frequency=Frequency.DAILY
    )
    with freeze_time("2026-03-02 10:00"), django_capture_on_commit_callbacks(execute=True):
        start(people)

    with freeze_time("2026-03-03 06:00"):
        send_digests("daily")
    assert not mails_to(people.member)
    with freeze_time("2026-03-09 06:00"):
        send_digests("weekly")

    [digest] = mails_to(people.member)
    assert "Nytt om lønnsforhandlinger" in digest.body


def test_members_who_turned_a_group_off_get_nothing(people, django_capture_on_commit_callbacks):
    choose(people.group, people.member, Frequency.OFF)

    with django_capture_on_commit_callbacks(execute=True):
        start(people)

    assert not notifications_of(people.member)
    assert not mails_to(people.member)


def test_the_author_the_banned_and_outsiders_get_nothing(
    people, django_capture_on_commit_callbacks
):
    choose(people.group, people.owner, Frequency.IMMEDIATE)
    invited = make_member("invitert@example.no", display_name="Inga Invitert")
    join(people.group, invited, status=MembershipStatus.INVITED)

    with django_capture_on_commit_callbacks(execute=True):
        start(people)

    for user in (people.owner, people.banned, people.outsider, invited):
        assert not notifications_of(user), user
    assert notifications_of(people.moderator) and notifications_of(people.member)


def test_a_member_removed_before_the_task_runs_gets_nothing(
    people, django_capture_on_commit_callbacks
):
    """The task looks the members up when it runs, not when the thread was posted (C2)."""
    choose(people.group, people.member, Frequency.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        thread = start(people)
    GroupMembership.objects.filter(user=people.member).delete()

    for callback in callbacks:
        callback()

    assert Notification.objects.filter(dedupe_key=discussions.new_thread_key(thread)).exists()
    assert not notifications_of(people.member)
    assert not mails_to(people.member)


def test_members_who_blocked_the_author_hear_nothing_of_their_threads(
    people, django_capture_on_commit_callbacks
):
    MemberBlock.objects.create(blocker=people.member, blocked=people.owner)

    with django_capture_on_commit_callbacks(execute=True):
        start(people)

    assert not notifications_of(people.member)


def test_the_task_is_safe_to_run_twice(people, django_capture_on_commit_callbacks):
    choose(people.group, people.member, Frequency.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        thread = start(people)
    Notification.objects.filter(recipient=people.member).update(read_at=thread.created_at)

    notify_new_thread.enqueue(thread.pk)

    assert len(notifications_of(people.member)) == 1
    assert len(mails_to(people.member)) == 1


def test_a_notification_title_is_plain_text_in_the_members_language(
    client, people, django_capture_on_commit_callbacks
):
    people.member.preferred_language = "en"
    people.member.save(update_fields=["preferred_language"])

    with django_capture_on_commit_callbacks(execute=True):
        start(people, title="<b>Fet</b> tittel")

    [notification] = notifications_of(people.member)
    assert notification.title == "New thread in Økonomi og ledelse: <b>Fet</b> tittel"
    client.force_login(people.member)
    page = client.get(reverse("community:notification_list")).content.decode()
    assert "&lt;b&gt;Fet&lt;/b&gt; tittel" in page


# --- Replies to my threads -----------------------------------------------------------------------


def test_replies_reach_the_threads_author_and_collapse_into_one_notification(
    people, django_capture_on_commit_callbacks
):
    thread = GroupThreadFactory(group=people.group, author=people.member, title="Min tråd")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(10):
            discussions.reply(people.owner if n % 2 else people.moderator, thread, f"Svar {n}")

    [notification] = notifications_of(people.member)
    assert notification.read_at is None
    assert "Min tråd" in notification.title
    assert "Eva Eier" in notification.title  # the latest replier
    assert notification.url.startswith(reverse("community:group_thread", args=[thread.pk]))
    assert notification.frequency == ""  # the member's own setting for group activity


def test_replies_follow_the_members_setting_for_group_activity(
    people, django_capture_on_commit_callbacks
):
    NotificationSetting.objects.create(
        user=people.member, kind=NotificationKind.GROUP, frequency=Frequency.IMMEDIATE
    )
    thread = GroupThreadFactory(group=people.group, author=people.member)

    with django_capture_on_commit_callbacks(execute=True):
        discussions.reply(people.owner, thread, "Første svar")
        discussions.reply(people.owner, thread, "Andre svar")

    assert len(mails_to(people.member)) == 1  # the repeat collapses and is not mailed again


def test_replying_to_ones_own_thread_tells_nobody(people, django_capture_on_commit_callbacks):
    thread = GroupThreadFactory(group=people.group, author=people.member)

    with django_capture_on_commit_callbacks(execute=True):
        discussions.reply(people.member, thread, "Jeg svarer meg selv")

    assert not Notification.objects.exists()


def test_an_author_who_left_the_group_hears_nothing_of_replies(
    people, django_capture_on_commit_callbacks
):
    thread = GroupThreadFactory(group=people.group, author=people.member)
    GroupMembership.objects.filter(user=people.member).delete()

    with django_capture_on_commit_callbacks(execute=True):
        discussions.reply(people.owner, thread, "Svar etter at du gikk")

    assert not notifications_of(people.member)


def test_a_member_who_leaves_loses_the_groups_notifications(
    people, django_capture_on_commit_callbacks
):
    other = cast(GroupKind.OPEN, prefix="b-")
    join(other.group, people.member)
    with django_capture_on_commit_callbacks(execute=True):
        start(people)
        discussions.start_thread(other.owner, other.group, "Annen gruppe", "Tekst")
    assert len(notifications_of(people.member)) == 2

    membership_ended.send(sender=None, group=people.group, user=people.member)

    [kept] = notifications_of(people.member)
    assert "Annen gruppe" in kept.title
