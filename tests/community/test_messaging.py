"""Messaging between members: starting and continuing conversations, who may write to whom
(M2–M4), read state, archive, mute, leave, edit, delete for me, search, and the stranger's view
(C1, C2)."""

import re
import threading
from datetime import timedelta

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

import pytest
from freezegun import freeze_time

from community.messaging import policy, service
from community.models import (
    Conversation,
    MemberBlock,
    Message,
    MessagingSuspension,
    Notification,
    Participant,
    WhoMayMessage,
)

from .conftest import make_member


@pytest.fixture
def kari(db):
    return make_member("kari@example.no", programme_code="MØA", display_name="Kari Kollega")


@pytest.fixture
def ola(db):
    return make_member("ola@example.no", programme_code="BSP", display_name="Ola Olsen")


@pytest.fixture
def per(db):
    return make_member("per@example.no", programme_code="MØA", display_name="Per Person")


_capture = None


@pytest.fixture(autouse=True)
def english():
    """These tests read the English pages (under /en/) and messages."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def run_on_commit(django_capture_on_commit_callbacks):
    """The services notify after commit; inside a test's transaction, run that at once."""
    global _capture
    _capture = django_capture_on_commit_callbacks
    yield
    _capture = None


def start(sender, *recipients, body="Hei!", title=""):
    with _capture(execute=True):
        return service.start_conversation(
            sender, [user.profile for user in recipients], body, title=title
        )


def send(participant, body):
    with _capture(execute=True):
        return service.send_message(participant, body)


def participant(user, message_or_conversation):
    conversation_id = getattr(message_or_conversation, "conversation_id", None) or (
        message_or_conversation.pk
    )
    return Participant.objects.select_related("conversation", "user").get(
        user=user, conversation_id=conversation_id
    )


def conversation_url(message):
    return reverse("community:conversation", args=[message.conversation_id])


# Starting and continuing


@pytest.mark.django_db
def test_verified_member_starts_a_conversation_from_a_profile(client, kari, ola):
    client.force_login(kari)
    page = client.get(reverse("community:profile_detail", args=[ola.profile.pk]))
    new_url = reverse("community:conversation_new") + f"?til={ola.profile.pk}"
    assert new_url in page.content.decode()
    form = client.get(new_url)
    assert "Ola Olsen" in form.content.decode()
    response = client.post(
        reverse("community:conversation_new"),
        {"recipients": [ola.profile.pk], "body": "Hei Ola, lenge siden!"},
    )
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("community:conversation", args=[conversation.pk])
    assert not conversation.is_group
    assert conversation.last_message.body == "Hei Ola, lenge siden!"
    assert participant(ola, conversation).unread_count == 1


@pytest.mark.django_db
def test_writing_again_continues_the_existing_conversation(kari, ola):
    first = start(kari, ola, body="Hei")
    second = start(kari, ola, body="Hei igjen")
    assert first.conversation_id == second.conversation_id
    assert Conversation.objects.count() == 1


@pytest.mark.django_db
def test_group_conversation_with_a_title(kari, ola, per):
    message = start(kari, ola, per, body="Velkommen", title="Kullfest 2015")
    conversation = message.conversation
    assert conversation.is_group and conversation.title == "Kullfest 2015"
    assert set(conversation.participants.values_list("user_id", flat=True)) == {
        kari.pk,
        ola.pk,
        per.pk,
    }


@pytest.mark.django_db
def test_at_most_20_participants(kari):
    others = [make_member(f"m{i}@example.no", display_name=f"Medlem {i}") for i in range(20)]
    with pytest.raises(policy.MessagingRefused, match="at most 20"):
        start(kari, *others)
    assert not Conversation.objects.exists()
    start(kari, *others[:19])
    assert Participant.objects.count() == 20


@pytest.mark.django_db
def test_unverified_member_cannot_start_or_open_the_new_message_page(
    client, unverified_member, ola
):
    with pytest.raises(policy.MessagingRefused, match="verified"):
        start(unverified_member, ola)
    client.force_login(unverified_member)
    response = client.get(reverse("community:conversation_new") + f"?til={ola.profile.pk}")
    assert response.status_code == 403
    assert "verified" in response.content.decode()
    assert not Conversation.objects.exists()


@pytest.mark.django_db
def test_cannot_write_to_an_unverified_member(kari, unverified_member):
    with pytest.raises(policy.MessagingRefused):
        start(kari, unverified_member)


@pytest.mark.django_db
def test_at_most_20_new_conversations_a_day(kari):
    others = [make_member(f"n{i}@example.no", display_name=f"Ny {i}") for i in range(21)]
    with freeze_time("2026-11-29 10:00"):
        for other in others[:20]:
            start(kari, other)
        with pytest.raises(policy.MessagingRefused, match="limit"):
            start(kari, others[20])
        # Replies in the conversations one has are not limited.
        start(kari, others[0], body="Og en ting til")
    with freeze_time("2026-11-30 10:01"):
        start(kari, others[20])
    assert Conversation.objects.filter(created_by=kari).count() == 21


@pytest.mark.django_db
def test_suspended_member_cannot_send(kari, ola):
    message = start(kari, ola)
    MessagingSuspension.objects.create(user=kari, ends_at=timezone.now() + timedelta(days=7))
    with pytest.raises(policy.MessagingRefused, match="suspended"):
        send(participant(kari, message), "Hallo?")
    assert Message.objects.count() == 1


# Who may message me, and blocks (M4)


@pytest.mark.django_db
def test_nobody_means_no_new_conversation_and_no_reply(kari, ola):
    message = start(kari, ola)
    ola.profile.who_may_message = WhoMayMessage.NOBODY
    ola.profile.save()
    with pytest.raises(policy.MessagingRefused, match="does not receive messages"):
        send(participant(kari, message), "Svar?")
    per = make_member("per2@example.no", display_name="Per To")
    with pytest.raises(policy.MessagingRefused):
        start(per, ola)


@pytest.mark.django_db
def test_members_of_my_groups_only_honours_the_shared_group_check(kari, ola):
    ola.profile.who_may_message = WhoMayMessage.GROUPS
    ola.profile.save()
    with pytest.raises(policy.MessagingRefused):
        start(kari, ola)

    def share(a, b):
        return {a, b} == {kari.pk, ola.pk}

    policy.register_shared_group_check(share)
    try:
        start(kari, ola)
    finally:
        policy.unregister_shared_group_check(share)
    assert Conversation.objects.count() == 1


@pytest.mark.django_db
def test_blocked_member_can_neither_start_nor_continue_and_is_not_told(client, kari, ola):
    message = start(ola, kari, body="Hei Kari")
    MemberBlock.objects.create(blocker=kari, blocked=ola)
    with pytest.raises(policy.MessagingRefused) as refused:
        send(participant(ola, message), "Hvorfor svarer du ikke?")
    # The same words as for a member who takes no messages: nothing says "blocked".
    assert "block" not in str(refused.value).lower()
    assert "does not receive messages" in str(refused.value)
    client.force_login(ola)
    page = client.get(conversation_url(message)).content.decode()
    assert "block" not in page.lower().replace("block kari", "")
    assert 'name="body"' not in page
    response = client.post(conversation_url(message), {"body": "Hallo"})
    assert response.status_code == 400
    assert Message.objects.count() == 1


@pytest.mark.django_db
def test_no_notification_from_a_blocked_member_in_a_group(kari, ola, per):
    message = start(per, kari, ola, title="Tre")
    MemberBlock.objects.create(blocker=kari, blocked=ola)
    Notification.objects.all().delete()
    unread_before = participant(kari, message).unread_count
    send(participant(ola, message), "Fra Ola")
    assert not Notification.objects.filter(recipient=kari).exists()
    assert Notification.objects.filter(recipient=per).count() == 1
    assert participant(kari, message).unread_count == unread_before


@pytest.mark.django_db
def test_blocker_does_not_see_the_blocked_members_messages_in_a_group(client, kari, ola, per):
    message = start(per, kari, ola, title="Tre")
    MemberBlock.objects.create(blocker=kari, blocked=ola)
    send(participant(ola, message), "Skjult for Kari")
    client.force_login(kari)
    assert "Skjult for Kari" not in client.get(conversation_url(message)).content.decode()
    client.force_login(per)
    assert "Skjult for Kari" in client.get(conversation_url(message)).content.decode()


@pytest.mark.django_db
def test_block_and_unblock_from_the_profile(client, kari, ola):
    client.force_login(kari)
    block_url = reverse("community:member_block", args=[ola.profile.pk])
    client.post(block_url)
    assert MemberBlock.objects.filter(blocker=kari, blocked=ola).exists()
    settings_page = client.get(reverse("community:messaging_settings")).content.decode()
    assert "Ola Olsen" in settings_page
    client.post(block_url, {"action": "unblock"})
    assert not MemberBlock.objects.exists()


@pytest.mark.django_db
def test_blocking_needs_post_and_a_visible_profile(client, kari, unverified_member):
    client.force_login(unverified_member)
    response = client.post(reverse("community:member_block", args=[kari.profile.pk]))
    assert response.status_code == 404
    assert not MemberBlock.objects.exists()
    client.force_login(kari)
    assert client.get(reverse("community:member_block", args=[kari.profile.pk])).status_code in (
        404,
        405,
    )


@pytest.mark.django_db
def test_profile_hides_the_message_button_when_the_member_takes_no_messages(client, kari, ola):
    ola.profile.who_may_message = WhoMayMessage.NOBODY
    ola.profile.save()
    client.force_login(kari)
    page = client.get(reverse("community:profile_detail", args=[ola.profile.pk])).content
    assert reverse("community:conversation_new").encode() not in page


# The stranger's view (C1, C2)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,method",
    [
        ("community:conversation", "get"),
        ("community:conversation", "post"),
        ("community:conversation_new_messages", "get"),
        ("community:conversation_action", "post"),
        ("community:conversation_add", "get"),
        ("community:conversation_add", "post"),
    ],
)
def test_stranger_gets_404_for_a_conversation_and_nothing_changes(
    client, kari, ola, per, name, method
):
    message = start(kari, ola, body="Privat")
    client.force_login(per)
    url = reverse(name, args=[message.conversation_id])
    data = {"body": "Inntrenger", "action": "archive", "til": [per.profile.pk]}
    response = getattr(client, method)(url, data)
    assert response.status_code == 404
    assert b"Privat" not in response.content
    assert Message.objects.count() == 1
    assert not Participant.objects.filter(user=per).exists()
    assert not Participant.objects.filter(archived=True).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["community:message_edit", "community:message_delete"])
def test_stranger_gets_404_for_a_message(client, kari, ola, per, name):
    message = start(kari, ola, body="Privat")
    client.force_login(per)
    response = client.post(reverse(name, args=[message.pk]), {"body": "Endret"})
    assert response.status_code == 404
    message.refresh_from_db()
    assert message.body == "Privat"
    assert not message.deletions.exists()


@pytest.mark.django_db
def test_visitor_is_sent_to_sign_in(client, kari, ola):
    message = start(kari, ola)
    response = client.get(conversation_url(message))
    assert response.status_code == 302
    assert "/konto/" in response["Location"]


@pytest.mark.django_db
def test_stranger_does_not_find_others_messages_in_search(client, kari, ola, per):
    start(kari, ola, body="Hemmelig lønnsforhandling")
    client.force_login(per)
    page = client.get(reverse("community:message_search"), {"q": "lønnsforhandling"})
    assert "Hemmelig" not in page.content.decode()
    client.force_login(ola)
    page = client.get(reverse("community:message_search"), {"q": "lønnsforhandling"})
    assert "Hemmelig lønnsforhandling" in page.content.decode()


@pytest.mark.django_db
def test_leaving_takes_effect_on_the_next_request_and_stops_notifications(client, kari, ola, per):
    message = start(kari, ola, per, title="Gruppe")
    client.force_login(per)
    client.post(
        reverse("community:conversation_action", args=[message.conversation_id]),
        {"action": "leave"},
    )
    assert client.get(conversation_url(message)).status_code == 404
    assert (
        client.get(
            reverse("community:conversation_new_messages", args=[message.conversation_id])
        ).status_code
        == 404
    )
    Notification.objects.all().delete()
    send(participant(kari, message), "Etter at Per gikk")
    assert not Notification.objects.filter(recipient=per).exists()
    assert Notification.objects.filter(recipient=ola).exists()
    client.force_login(ola)
    assert (
        "Per Person left the conversation" in client.get(conversation_url(message)).content.decode()
    )


@pytest.mark.django_db
def test_a_conversation_between_two_cannot_be_left(kari, ola):
    message = start(kari, ola)
    with pytest.raises(policy.MessagingRefused):
        service.leave(participant(kari, message))


@pytest.mark.django_db
def test_added_member_sees_only_what_is_written_after_joining(client, kari, ola, per):
    message = start(kari, ola, make_member("x@example.no", display_name="X"), title="Gruppe")
    send(participant(ola, message), "Før Per kom")
    with freeze_time(timezone.now() + timedelta(seconds=5)):
        service.add_participants(participant(kari, message), [per.profile])
        send(participant(kari, message), "Velkommen Per")
    client.force_login(per)
    page = client.get(conversation_url(message)).content.decode()
    assert "Velkommen Per" in page
    assert "Før Per kom" not in page


# Reading, unread, archive, mute


@pytest.mark.django_db
def test_opening_a_conversation_marks_it_and_its_notifications_read(client, kari, ola):
    message = start(kari, ola)
    assert Notification.objects.filter(recipient=ola, read_at__isnull=True).count() == 1
    client.force_login(ola)
    client.get(conversation_url(message))
    ola_in = participant(ola, message)
    assert ola_in.unread_count == 0 and ola_in.last_read_message_id == message.pk
    assert not Notification.objects.filter(recipient=ola, read_at__isnull=True).exists()


@pytest.mark.django_db
def test_sender_sees_when_the_other_has_read(client, kari, ola):
    message = start(kari, ola)
    client.force_login(kari)
    assert ">Read<" not in client.get(conversation_url(message)).content.decode()
    client.force_login(ola)
    client.get(conversation_url(message))
    client.force_login(kari)
    assert ">Read<" in client.get(conversation_url(message)).content.decode()


@pytest.mark.django_db
def test_mark_unread_archive_and_new_message_brings_it_back(client, kari, ola):
    message = start(kari, ola)
    client.force_login(ola)
    action = reverse("community:conversation_action", args=[message.conversation_id])
    client.get(conversation_url(message))
    client.post(action, {"action": "unread"})
    assert participant(ola, message).is_unread
    client.post(action, {"action": "archive"})
    inbox = client.get(reverse("community:inbox")).content.decode()
    assert "Kari Kollega" not in inbox
    assert "Kari Kollega" in client.get(reverse("community:inbox") + "?arkiv=1").content.decode()
    send(participant(kari, message), "Er du der?")
    assert "Kari Kollega" in client.get(reverse("community:inbox")).content.decode()


@pytest.mark.django_db
def test_muted_conversation_sends_no_notification(client, kari, ola):
    message = start(kari, ola)
    client.force_login(ola)
    client.post(
        reverse("community:conversation_action", args=[message.conversation_id]),
        {"action": "mute"},
    )
    Notification.objects.all().delete()
    send(participant(kari, message), "Stille")
    assert not Notification.objects.exists()
    assert participant(ola, message).unread_count == 2  # still counted, just not announced


@pytest.mark.django_db
def test_inbox_is_ordered_by_latest_activity_with_unread_counts_and_previews(
    client, kari, ola, per
):
    with freeze_time("2026-11-01 10:00"):
        with_ola = start(ola, kari, body="Fra Ola")
    with freeze_time("2026-11-02 10:00"):
        start(per, kari, body="Fra Per")
        send(participant(per, Conversation.objects.last()), "Igjen fra Per")
    client.force_login(kari)
    page = client.get(reverse("community:inbox")).content.decode()
    assert page.index("Per Person") < page.index("Ola Olsen")
    assert "Igjen fra Per" in page and "2 unread" in page
    with freeze_time("2026-11-03 10:00"):
        send(participant(ola, with_ola), "Ola igjen")
    page = client.get(reverse("community:inbox")).content.decode()
    assert page.index("Ola Olsen") < page.index("Per Person")


@pytest.mark.django_db
def test_inbox_runs_the_same_queries_for_10_and_1000_conversations(client, kari):
    def add_conversations(count):
        now = timezone.now()
        others = [
            make_member(f"i{Conversation.objects.count() + n}@example.no", display_name="X")
            for n in range(min(count, 10))
        ]
        for n in range(count):
            conversation = Conversation.objects.create(created_by=kari)
            Participant.objects.bulk_create(
                [
                    Participant(conversation=conversation, user=kari, unread_count=1),
                    Participant(conversation=conversation, user=others[n % len(others)]),
                ]
            )
            msg = Message.objects.create(
                conversation=conversation, sender=others[n % len(others)], body=f"m{n}"
            )
            Conversation.objects.filter(pk=conversation.pk).update(last_message=msg)
            Participant.objects.filter(conversation=conversation).update(last_activity_at=now)

    client.force_login(kari)
    add_conversations(10)
    client.get(reverse("community:inbox"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("community:inbox")).status_code == 200
    add_conversations(990)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("community:inbox")).status_code == 200
    assert len(many) == len(few)
    assert len(many) <= 15


@pytest.mark.django_db
def test_conversation_page_runs_the_same_queries_for_10_and_200_messages(client, kari, ola):
    message = start(kari, ola)
    me = participant(kari, message)
    for n in range(9):
        send(me, f"Melding {n}")
    client.force_login(kari)
    client.get(conversation_url(message))
    with CaptureQueriesContext(connection) as few:
        client.get(conversation_url(message))
    for n in range(190):
        send(me, f"Mer {n}")
    with CaptureQueriesContext(connection) as many:
        client.get(conversation_url(message))
    assert len(many) == len(few)
    assert len(many) <= 15


@pytest.mark.django_db
def test_history_pages_back(client, kari, ola):
    message = start(kari, ola, body="Den aller første")
    me = participant(kari, message)
    for n in range(40):
        send(me, f"Melding nummer {n}")
    client.force_login(ola)
    page = client.get(conversation_url(message)).content.decode()
    assert "Melding nummer 39" in page and "Den aller første" not in page
    assert "Show older messages" in page
    oldest_shown = Message.objects.order_by("-pk")[29].pk
    older = client.get(conversation_url(message) + f"?for={oldest_shown}").content.decode()
    assert "Den aller første" in older and "Melding nummer 39" not in older


@pytest.mark.django_db
def test_poll_returns_only_newer_messages_and_marks_them_read(client, kari, ola):
    message = start(kari, ola)
    client.force_login(ola)
    client.get(conversation_url(message))
    poll = reverse("community:conversation_new_messages", args=[message.conversation_id])
    quiet = client.get(poll, {"etter": message.pk}).content.decode()
    assert "chat-message" not in quiet
    assert f"etter={message.pk}" in quiet
    newer = send(participant(kari, message), "Ny melding <b>fet</b>")
    fresh = client.get(poll, {"etter": message.pk}).content.decode()
    assert "Ny melding &lt;b&gt;fet&lt;/b&gt;" in fresh
    assert f"etter={newer.pk}" in fresh
    assert participant(ola, message).unread_count == 0


@pytest.mark.django_db
def test_poll_with_nothing_new_runs_two_queries_beyond_session_and_user(client, kari, ola):
    message = start(kari, ola)
    client.force_login(ola)
    poll = reverse("community:conversation_new_messages", args=[message.conversation_id])
    client.get(poll, {"etter": message.pk})
    with CaptureQueriesContext(connection) as queries:
        client.get(poll, {"etter": message.pk})
    own = [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" not in q["sql"] and 'FROM "accounts_user"' not in q["sql"]
    ]
    assert len(own) == 2, own


# Text, edit, delete


@pytest.mark.django_db
def test_text_is_escaped_and_links_made_clickable(client, kari, ola):
    message = start(
        kari,
        ola,
        body="<script>alert(1)</script> Se https://usn.no/alumni og <img src=x onerror=alert(1)>",
    )
    client.force_login(ola)
    page = client.get(conversation_url(message)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;" in page
    assert 'href="https://usn.no/alumni"' in page


@pytest.mark.django_db
def test_edit_within_15_minutes_only_by_the_sender(client, kari, ola):
    with freeze_time("2026-11-29 12:00"):
        message = start(kari, ola, body="Skrivefeil")
    edit_url = reverse("community:message_edit", args=[message.pk])
    client.force_login(ola)
    assert client.post(edit_url, {"body": "Kapret"}).status_code == 404
    client.force_login(kari)
    with freeze_time("2026-11-29 12:14"):
        client.post(edit_url, {"body": "Rettet"})
    message.refresh_from_db()
    assert message.body == "Rettet" and message.edited_at is not None
    with freeze_time("2026-11-29 12:16"):
        client.post(edit_url, {"body": "For sent"})
    message.refresh_from_db()
    assert message.body == "Rettet"


@pytest.mark.django_db
def test_delete_for_me_keeps_it_for_the_other(client, kari, ola):
    message = start(kari, ola, body="Angrer litt")
    client.force_login(kari)
    client.post(reverse("community:message_delete", args=[message.pk]))
    assert "Angrer litt" not in client.get(conversation_url(message)).content.decode()
    client.force_login(ola)
    assert "Angrer litt" in client.get(conversation_url(message)).content.decode()


@pytest.mark.django_db
def test_empty_and_too_long_messages_get_a_clear_message(client, kari, ola):
    message = start(kari, ola)
    client.force_login(kari)
    response = client.post(conversation_url(message), {"body": "   "})
    assert response.status_code == 400
    assert "Write a message before sending." in response.content.decode()
    response = client.post(conversation_url(message), {"body": "x" * 5001})
    assert response.status_code == 400
    assert "x" * 5001 in response.content.decode()  # nothing the member typed is lost
    assert Message.objects.count() == 1


@pytest.mark.django_db
def test_search_is_capped_and_hostile_input_is_harmless(client, kari, ola):
    start(kari, ola, body="Hei")
    client.force_login(kari)
    response = client.get(reverse("community:message_search"), {"q": "%' OR 1=1 --" * 100})
    assert response.status_code == 400
    response = client.get(reverse("community:message_search"), {"q": "%_\\"})
    assert response.status_code == 200


# Notifications and mail


@pytest.mark.django_db
def test_message_mail_at_most_once_per_conversation_per_15_minutes(kari, ola):
    with freeze_time("2026-11-29 12:00") as frozen:
        message = start(kari, ola, body="Første")
        assert len(mail.outbox) == 1
        assert "Første" in mail.outbox[0].body
        me = participant(kari, message)
        send(me, "Andre")
        frozen.tick(timedelta(minutes=10))
        send(me, "Tredje")
        assert len(mail.outbox) == 1
        frozen.tick(timedelta(minutes=6))
        send(me, "Fjerde")
        assert len(mail.outbox) == 2
    assert "Fjerde" in mail.outbox[1].body
    assert "List-Unsubscribe-Post" not in mail.outbox[1].extra_headers


@pytest.mark.django_db
def test_private_notifications_leave_the_text_out_of_mail(kari, ola):
    ola.profile.private_notifications = True
    ola.profile.save()
    start(kari, ola, body="Konfidensielt innhold")
    assert len(mail.outbox) == 1
    assert "Konfidensielt" not in mail.outbox[0].body
    assert "Konfidensielt" not in mail.outbox[0].alternatives[0][0]
    assert "Kari Kollega" in mail.outbox[0].body


@pytest.mark.django_db
def test_private_notifications_are_chosen_on_the_notification_settings_page(client, ola):
    client.force_login(ola)
    data = dict.fromkeys(("message", "group", "event", "mentoring", "job"), "immediate")
    client.post(reverse("community:notification_settings"), {**data, "private_notifications": "on"})
    ola.profile.refresh_from_db()
    assert ola.profile.private_notifications
    page = client.get(reverse("community:notification_settings")).content.decode()
    assert re.search(r'<input[^>]*name="private_notifications"[^>]*checked', page)
    client.post(reverse("community:notification_settings"), data)
    ola.profile.refresh_from_db()
    assert not ola.profile.private_notifications


@pytest.mark.django_db
def test_messages_set_to_daily_wait_for_the_digest_without_their_text(kari, ola):
    from community.models import Frequency, NotificationKind, NotificationSetting
    from community.notifications import send_digests

    NotificationSetting.objects.create(
        user=ola, kind=NotificationKind.MESSAGE, frequency=Frequency.DAILY
    )
    with freeze_time("2026-11-29 12:00"):
        start(kari, ola, body="Hemmelig tekst")
        start(make_member("p3@example.no", display_name="Pia Tre"), ola, body="Annen tekst")
        assert mail.outbox == []
    with freeze_time("2026-11-30 06:00"):
        assert send_digests("daily") == 1
        assert send_digests("daily") == 0  # safe to run twice
    digest = mail.outbox[0]
    assert digest.to == [ola.email]
    assert "Kari Kollega" in digest.body and "Pia Tre" in digest.body
    assert "Hemmelig tekst" not in digest.body


@pytest.mark.django_db
def test_notification_title_is_in_the_recipients_language(kari, ola):
    ola.preferred_language = "nb"
    ola.save()
    start(kari, ola)
    assert Notification.objects.get(recipient=ola).title == "Ny melding fra Kari Kollega"


@pytest.mark.django_db
def test_messaging_settings_are_saved(client, kari):
    client.force_login(kari)
    response = client.post(reverse("community:messaging_settings"), {"who_may_message": "nobody"})
    assert response.status_code == 302
    kari.profile.refresh_from_db()
    assert kari.profile.who_may_message == "nobody"
    response = client.post(reverse("community:messaging_settings"), {"who_may_message": "x"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_pages_with_messages_are_not_stored(client, kari, ola):
    message = start(kari, ola)
    client.force_login(kari)
    for url in (reverse("community:inbox"), conversation_url(message)):
        assert "no-store" in client.get(url)["Cache-Control"]


# Concurrency


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database locks whole tables between threads; "
    "runs on PostgreSQL in CI",
)
@pytest.mark.django_db(transaction=True)
def test_two_members_posting_at_the_same_moment_lose_nothing():
    # Members without education: a transactional test cannot rely on the migrations' data
    # (programmes), which an earlier transactional test's flush removed.
    kari = make_member("kari.samtidig@example.no", display_name="Kari Samtidig")
    ola = make_member("ola.samtidig@example.no", display_name="Ola Samtidig")
    message = start(kari, ola)
    barrier = threading.Barrier(2)
    errors = []

    def post(user, prefix):
        try:
            me = participant(user, message)
            barrier.wait()
            for n in range(10):
                send(me, f"{prefix} {n}")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=post, args=(kari, "Kari")),
        threading.Thread(target=post, args=(ola, "Ola")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Message.objects.count() == 21
    conversation = Conversation.objects.get()
    assert conversation.last_message_id == Message.objects.order_by("-pk").first().pk
    kari_in, ola_in = participant(kari, message), participant(ola, message)
    # Each side's unread count is what the other sent after their own last message.
    for me, other in ((kari_in, ola), (ola_in, kari)):
        expected = Message.objects.filter(sender=other, pk__gt=me.last_read_message_id).count()
        assert me.unread_count == expected


# Erasure


@pytest.mark.django_db
def test_erased_members_messages_stay_for_the_other_from_a_former_member(client, kari, ola):
    from accounts.registry import erase_user

    message = start(kari, ola, body="Jeg er her fortsatt")
    erase_user(kari)
    message.refresh_from_db()
    assert message.sender_id is None
    client.force_login(ola)
    page = client.get(conversation_url(message)).content.decode()
    assert "Jeg er her fortsatt" in page and "Former member" in page
    assert "Kari Kollega" not in page


# The header badges, report links, and lifting a suspension


@pytest.mark.django_db
def test_header_shows_unread_conversations_on_every_member_page(client, kari, ola):
    start(kari, ola)
    client.force_login(ola)
    page = client.get(reverse("community:dashboard")).content.decode()
    assert "Messages, 1 unread conversation" in page
    assert f'hx-get="{reverse("community:notification_count")}"' in page


@pytest.mark.django_db
def test_badge_poll_is_two_queries_with_sessions_in_the_cache(client, kari, ola, settings):
    """As in production (Redis): the session costs no query, the user one, the counts one."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    start(kari, ola)
    client.force_login(ola)
    url = reverse("community:notification_count")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    body = response.content.decode()
    assert 'id="messages-count" hx-swap-oob="true"' in body
    assert "Messages, 1 unread conversation" in body
    assert len(queries) == 2, [q["sql"] for q in queries.captured_queries]


@pytest.mark.django_db
def test_others_messages_have_a_report_link_and_own_messages_do_not(client, kari, ola):
    message = start(kari, ola, body="Fra Kari")
    report_url = reverse("community:message_report", args=[message.pk])
    client.force_login(ola)
    assert report_url in client.get(conversation_url(message)).content.decode()
    client.force_login(kari)
    assert report_url not in client.get(conversation_url(message)).content.decode()


@pytest.mark.django_db
def test_administrator_lifts_a_suspension_and_a_coordinator_cannot(
    client, kari, superuser, coordinator_hh
):
    from tests.conftest import login_to_admin

    suspension = MessagingSuspension.objects.create(user=kari, reason="Spam")
    assert policy.is_suspended(kari)
    url = reverse("messaging_suspensions:edit", args=[suspension.pk])
    login_to_admin(client, coordinator_hh)
    assert client.get(url).status_code == 403
    assert client.post(url, {"ends_at": "2020-01-01 10:00", "reason": "x"}).status_code == 403
    assert policy.is_suspended(kari)
    login_to_admin(client, superuser)
    listing = client.get(reverse("messaging_suspensions:index")).content.decode()
    assert "Spam" in listing
    now = timezone.localtime()
    response = client.post(url, {"ends_at": now.strftime("%Y-%m-%d %H:%M"), "reason": "Lifted"})
    assert response.status_code == 302
    assert not policy.is_suspended(kari)


@pytest.mark.django_db
def test_profile_with_message_and_block_buttons_stays_within_15_queries(client, kari, ola):
    url = reverse("community:profile_detail", args=[ola.profile.pk])
    client.force_login(kari)
    client.get(url)  # warms the menu and site caches
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert reverse("community:member_block", args=[ola.profile.pk]) in page
    assert len(queries) <= 15, [q["sql"][:120] for q in queries.captured_queries]


@pytest.mark.django_db
def test_reopening_a_read_conversation_writes_nothing(client, kari, ola):
    message = start(kari, ola)
    client.force_login(ola)
    client.get(conversation_url(message))  # reads it
    with CaptureQueriesContext(connection) as queries:
        client.get(conversation_url(message))
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    send(participant(kari, message), "Ny")
    with CaptureQueriesContext(connection) as queries:
        client.get(conversation_url(message))
    assert [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert participant(ola, message).unread_count == 0
