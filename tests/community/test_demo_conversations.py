"""seed_demo's conversations: only between verified members, denormalised fields that agree with
the messages, a lively inbox for Kari, idempotent and deterministic.

Built with the members of test_demo_members (accounts.demo, then community.demo, which ends with
the conversations), about 60 members in a fraction of a second.
"""

from collections import defaultdict

from django.db import connection

import pytest

from accounts.models import User
from community.demo import conversations
from community.models import Conversation, Message, Participant, Profile

from .test_demo_members import build_members, delete_generated_members

MEMBERS = 60
KARI, OLA = "kari.nordmann@example.no", "ola.hansen@example.no"


def conversations_by_email():
    """Every conversation as its participants' addresses, title and messages (sender, text)."""
    emails = dict(User.objects.values_list("pk", "email"))
    messages = defaultdict(list)
    for conversation_id, sender_id, body in Message.objects.order_by("pk").values_list(
        "conversation_id", "sender_id", "body"
    ):
        messages[conversation_id].append((emails[sender_id], body))
    people = defaultdict(list)
    for conversation_id, user_id in Participant.objects.order_by("pk").values_list(
        "conversation_id", "user_id"
    ):
        people[conversation_id].append(emails[user_id])
    return sorted(
        (tuple(people[c.pk]), c.title, tuple(messages[c.pk])) for c in Conversation.objects.all()
    )


@pytest.mark.django_db
def test_conversations_are_only_between_verified_active_members():
    build_members(MEMBERS)
    assert Participant.objects.count() > MEMBERS
    verified = set(
        Profile.objects.filter(is_verified=True, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )
    assert set(Participant.objects.values_list("user_id", flat=True)) <= verified
    assert set(Message.objects.values_list("sender_id", flat=True)) <= verified
    assert not Participant.objects.filter(user__email=OLA).exists()  # his claim still waits


@pytest.mark.django_db
def test_conversations_have_a_realistic_shape():
    build_members(MEMBERS)
    conversations = Conversation.objects.all()
    assert conversations.filter(is_group=True).exists()
    assert not conversations.filter(is_group=True, title="").exists()
    assert not conversations.filter(is_group=False).exclude(title="").exists()
    for conversation in conversations.prefetch_related("participants"):
        count = len(conversation.participants.all())
        assert (3 <= count <= 8) if conversation.is_group else count == 2
    assert 5 < Message.objects.count() / MEMBERS < 20
    assert not Message.objects.filter(body__icontains="lorem").exists()


@pytest.mark.django_db
def test_denormalised_fields_agree_with_the_messages():
    build_members(MEMBERS)
    messages = defaultdict(list)
    for message in Message.objects.order_by("pk"):
        messages[message.conversation_id].append(message)

    for conversation in Conversation.objects.all():
        history = messages[conversation.pk]
        assert len(history) >= 2
        times = [message.created_at for message in history]
        assert times == sorted(times) and len(set(times)) == len(times)
        assert conversation.created_at == times[0]
        assert conversation.last_message_id == history[-1].pk
        assert history[0].sender_id == conversation.created_by_id
        participants = list(conversation.participants.all())
        assert {p.user_id for p in participants} >= {m.sender_id for m in history}
        for participant in participants:
            assert participant.joined_at == times[0]
            assert participant.last_activity_at == times[-1]
            read = participant.last_read_message_id
            assert read in {message.pk for message in history}
            own = [m.pk for m in history if m.sender_id == participant.user_id]
            assert not own or read >= own[-1]  # writing marks everything before as read
            unread = [m for m in history if m.pk > read and m.sender_id != participant.user_id]
            assert participant.unread_count == len(unread) <= 3
            assert participant.last_read_at == next(m for m in history if m.pk == read).created_at


@pytest.mark.django_db
def test_some_conversations_end_unread_and_most_are_read():
    build_members(MEMBERS)
    unread = Participant.objects.filter(unread_count__gt=0).count()
    assert 0 < unread < Participant.objects.count() / 3


@pytest.mark.django_db
def test_kari_has_a_lively_inbox_with_unread_conversations():
    build_members(MEMBERS)
    kari = User.objects.get(email=KARI)
    inbox = list(Participant.objects.inbox(kari))

    assert len(inbox) >= 4
    assert any(p.conversation.is_group for p in inbox)
    assert sum(p.is_unread for p in inbox) >= 2
    assert Participant.objects.unread_for(kari).exists()


@pytest.mark.django_db
def test_kari_and_ola_talk_once_ola_is_verified():
    build_members(MEMBERS)
    Profile.objects.filter(user__email=OLA).update(is_verified=True)

    build_members(MEMBERS)

    ola = User.objects.get(email=OLA)
    together = Conversation.objects.filter(participants__user=ola, is_group=False).filter(
        participants__user__email=KARI
    )
    assert together.count() == 1
    assert Participant.objects.unread_for(ola).exists()


@pytest.mark.django_db
def test_a_second_run_adds_no_conversations():
    build_members(MEMBERS)
    first = conversations_by_email()
    counts = (Conversation.objects.count(), Participant.objects.count(), Message.objects.count())

    build_members(MEMBERS)

    assert (Conversation.objects.count(), Participant.objects.count()) == counts[:2]
    assert Message.objects.count() == counts[2]
    assert conversations_by_email() == first


@pytest.mark.django_db
def test_a_larger_count_adds_conversations_only_for_the_new_members():
    build_members(30, seed=7)
    before = set(User.objects.values_list("email", flat=True))
    smaller = set(conversations_by_email())
    build_members(MEMBERS, seed=7)
    added = set(conversations_by_email()) - smaller

    assert smaller and added
    assert smaller <= set(conversations_by_email())
    assert all(people[0] not in before for people, _title, _messages in added)  # who started it


@pytest.mark.django_db
def test_same_seed_gives_the_same_conversations():
    build_members(seed=7)
    first = conversations_by_email()
    Conversation.objects.all().delete()
    delete_generated_members()

    build_members(seed=7)

    assert first
    assert conversations_by_email() == first


def index_names():
    with connection.cursor() as cursor:
        return {
            name
            for model in (Conversation, Participant, Message)
            for name in connection.introspection.get_constraints(cursor, model._meta.db_table)
        }


@pytest.mark.django_db
def test_the_bulk_path_gives_the_same_conversations_and_puts_the_indexes_back(monkeypatch):
    indexes = index_names()
    build_members(seed=7)
    first = conversations_by_email()
    Conversation.objects.all().delete()
    delete_generated_members()
    monkeypatch.setattr(conversations, "BULK_AT", 0)  # as for 100,000 members

    build_members(seed=7)

    assert conversations_by_email() == first
    assert index_names() == indexes
