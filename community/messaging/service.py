"""Starting conversations, sending, editing, reading and leaving: the work the views share.

Counters are updated with single UPDATE statements (F expressions), so two members posting at the
same moment both land and every unread count stays exact. Notifications are sent after the
transaction commits, to current participants only (SECURITY.md C2), never to a member who blocked
the sender or muted the conversation (M4).
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    F,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import (
    Conversation,
    MemberBlock,
    Message,
    MessageDeletion,
    Notification,
    NotificationKind,
    Participant,
    Profile,
)
from ..notifications.service import notify
from . import policy

EDIT_WINDOW = timedelta(minutes=15)
MAIL_INTERVAL = timedelta(minutes=15)  # at most one message mail per conversation per 15 minutes
SEARCH_MAX_LENGTH = 200


def conversation_url(conversation_id) -> str:
    return reverse("community:conversation", args=[conversation_id])


def participant_for(user, conversation_id):
    """The user's current participation in the conversation, or None (the views answer 404)."""
    return (
        Participant.objects.current()
        .select_related("conversation", "user")
        .filter(user=user, conversation_id=conversation_id)
        .first()
    )


def other_participants(participant) -> list[Participant]:
    """The other current participants, with their profiles, in the order they joined."""
    return list(
        Participant.objects.current()
        .filter(conversation_id=participant.conversation_id)
        .exclude(user_id=participant.user_id)
        .select_related("user", "user__profile")
        .order_by("joined_at", "pk")
    )


def profiles_of(participants) -> list[Profile]:
    return [p.user.profile for p in participants if hasattr(p.user, "profile")]


def existing_direct_conversation(user, other_user):
    """The one-to-one conversation both are still in, so writing again continues it."""
    return (
        Conversation.objects.filter(is_group=False, participants__user=user)
        .filter(participants__left_at__isnull=True)
        .filter(
            pk__in=Participant.objects.current().filter(user=other_user).values("conversation_id")
        )
        .first()
    )


def start_conversation(sender, recipient_profiles, body, title=""):
    """Start a conversation (or continue the one-to-one one that exists) with a first message.
    Returns the message. Raises policy.MessagingRefused."""
    recipient_profiles = list({profile.pk: profile for profile in recipient_profiles}.values())
    recipient_profiles = [p for p in recipient_profiles if p.user_id != sender.pk]
    if len(recipient_profiles) == 1:
        existing = existing_direct_conversation(sender, recipient_profiles[0].user)
        if existing is not None:
            return send_message(participant_for(sender, existing.pk), body)
    policy.check_may_start(sender, recipient_profiles)
    now = timezone.now()
    with transaction.atomic():
        conversation = Conversation.objects.create(
            title=title.strip() if len(recipient_profiles) > 1 else "",
            is_group=len(recipient_profiles) > 1,
            created_by=sender,
            created_at=now,
        )
        Participant.objects.bulk_create(
            [
                Participant(conversation=conversation, user=user, joined_at=now)
                for user in [sender, *(profile.user for profile in recipient_profiles)]
            ]
        )
        participant = participant_for(sender, conversation.pk)
        return _post(participant, body, now=now)


def send_message(participant, body, others=None):
    """Post a message as this participant. Raises policy.MessagingRefused."""
    if others is None:
        others = other_participants(participant)
    policy.check_may_post(participant, profiles_of(others))
    return _post(participant, body)


def _post(participant, body, now=None, kind=Message.Kind.TEXT):
    body = body.strip()
    now = now or timezone.now()
    with transaction.atomic():
        # Messages of one conversation are posted one at a time: with the conversation row locked
        # first, message ids follow commit order, so the read markers and unread counts that
        # compare ids stay exact when two members post at the same moment.
        Conversation.objects.select_for_update().filter(pk=participant.conversation_id).exists()
        message = Message.objects.create(
            conversation_id=participant.conversation_id,
            sender=participant.user,
            body=body,
            kind=kind,
            created_at=now,
        )
        _record_activity(participant, message)
    if kind == Message.Kind.TEXT:
        transaction.on_commit(lambda: notify_participants(message))
    return message


def _record_activity(participant, message):
    conversation_id = participant.conversation_id
    # Only ever moves forward, whichever of two simultaneous messages commits last.
    Conversation.objects.filter(pk=conversation_id).filter(
        Q(last_message__isnull=True) | Q(last_message_id__lt=message.pk)
    ).update(last_message=message)
    blockers = MemberBlock.objects.filter(blocked_id=message.sender_id).values("blocker_id")
    Participant.objects.current().filter(conversation_id=conversation_id).exclude(
        user_id__in=blockers
    ).update(
        last_activity_at=Greatest(F("last_activity_at"), message.created_at),
        archived=Case(
            When(user_id=message.sender_id, then=F("archived")),
            default=Value(False),
            output_field=BooleanField(),
        ),
        unread_count=Case(When(user_id=message.sender_id, then=0), default=F("unread_count") + 1),
        last_read_message_id=Case(
            When(user_id=message.sender_id, then=Value(message.pk)),
            default=F("last_read_message_id"),
            output_field=BigIntegerField(),
        ),
    )


def notify_participants(message):
    """Tell the other current participants, unless they muted the conversation or blocked the
    sender. The message text goes into the mail only for those who did not choose private
    notifications."""
    recipients = (
        Participant.objects.current()
        .filter(conversation_id=message.conversation_id, muted=False)
        .exclude(user_id=message.sender_id)
        .exclude(
            user_id__in=MemberBlock.objects.filter(blocked_id=message.sender_id).values(
                "blocker_id"
            )
        )
        .select_related("user", "user__profile")
    )
    sender_name = sender_display_name(message)
    url = conversation_url(message.conversation_id)
    for participant in recipients:
        recipient = participant.user
        profile = getattr(recipient, "profile", None)
        with translation.override(recipient.preferred_language or None):
            title = _("New message from %(name)s") % {"name": sender_name}
        notify(
            recipient,
            NotificationKind.MESSAGE,
            title,
            url=url,
            dedupe_key=f"conversation:{message.conversation_id}",
            excerpt="" if profile is None or profile.private_notifications else message.body,
            mail_interval=MAIL_INTERVAL,
        )


def sender_display_name(message) -> str:
    if message.sender_id is None:
        return _("Former member")
    profile = Profile.objects.filter(user_id=message.sender_id).only("display_name").first()
    return profile.display_name if profile else _("Former member")


def mark_read(participant):
    """Everything up to now is read; the conversation's notifications too."""
    latest = participant.conversation.last_message_id
    if (
        not participant.is_unread
        and latest is not None
        and (participant.last_read_message_id or 0) >= latest
    ):
        return  # nothing new since the last visit: no writes on every page view
    Participant.objects.filter(pk=participant.pk).update(
        unread_count=0,
        marked_unread=False,
        last_read_at=timezone.now(),
        last_read_message_id=Coalesce(
            Greatest(F("last_read_message_id"), Value(latest)), Value(latest)
        )
        if latest
        else F("last_read_message_id"),
    )
    Notification.objects.for_recipient(participant.user).unread().filter(
        dedupe_key=f"conversation:{participant.conversation_id}"
    ).update(read_at=timezone.now())


def set_flag(participant, **flags):
    """Archive, mute or mark unread: the participant's own view of the conversation."""
    allowed = {"archived", "muted", "marked_unread"}
    if not flags or set(flags) - allowed:
        raise ValueError(f"Only {allowed} can be set")
    Participant.objects.filter(pk=participant.pk).update(**flags)


def can_edit(message, user, now=None) -> bool:
    now = now or timezone.now()
    return (
        message.kind == Message.Kind.TEXT
        and message.sender_id == user.pk
        and message.hidden_at is None
        and now - message.created_at <= EDIT_WINDOW
    )


def edit_message(message, user, body) -> bool:
    """Change one's own message within 15 minutes of sending it; False when too late."""
    if not can_edit(message, user):
        return False
    body = body.strip()
    Message.objects.filter(pk=message.pk, sender=user).update(body=body, edited_at=timezone.now())
    message.body, message.edited_at = body, timezone.now()
    return True


def delete_for_me(message, user) -> None:
    MessageDeletion.objects.get_or_create(message=message, user=user)


def leave(participant) -> None:
    """Leave a group conversation: the others see that the member left; it is gone from the
    member's inbox and they can no longer read it (C2)."""
    if not participant.conversation.is_group:
        raise policy.MessagingRefused(_("A conversation between two can be archived, not left."))
    with transaction.atomic():
        now = timezone.now()
        Participant.objects.filter(pk=participant.pk).update(left_at=now)
        message = Message.objects.create(
            conversation_id=participant.conversation_id,
            sender=participant.user,
            kind=Message.Kind.LEFT,
            created_at=now,
        )
        _record_activity(participant, message)


def add_participants(participant, profiles) -> None:
    """Add members to a group conversation (they see what is written from now on)."""
    if not participant.conversation.is_group:
        raise policy.MessagingRefused(
            _("Start a new conversation to write to more than one member.")
        )
    policy.check_may_send(participant.user)
    current = Participant.objects.current().filter(conversation_id=participant.conversation_id)
    current_ids = set(current.values_list("user_id", flat=True))
    profiles = [profile for profile in profiles if profile.user_id not in current_ids]
    if not profiles:
        return
    if len(current_ids) + len(profiles) > policy.MAX_PARTICIPANTS:
        raise policy.MessagingRefused(
            _("A conversation can have at most %(count)d participants.")
            % {"count": policy.MAX_PARTICIPANTS}
        )
    policy.check_may_add(participant.user, profiles)
    now = timezone.now()
    with transaction.atomic():
        for profile in profiles:
            Participant.objects.update_or_create(
                conversation_id=participant.conversation_id,
                user=profile.user,
                defaults={
                    "joined_at": now,
                    "left_at": None,
                    "unread_count": 0,
                    "marked_unread": False,
                    "archived": False,
                    "last_read_message_id": None,
                },
            )
            message = Message.objects.create(
                conversation_id=participant.conversation_id,
                sender=profile.user,
                kind=Message.Kind.JOINED,
                created_at=now,
            )
        _record_activity(participant, message)


def search_messages(user, query):
    """Messages in the member's current conversations that contain `query` (case-insensitive),
    newest first; what they deleted for themselves or what was hidden is left out."""
    query = (query or "").strip()[:SEARCH_MAX_LENGTH]
    if not query:
        return Message.objects.none()
    memberships = Participant.objects.current().filter(user=user)
    return (
        Message.objects.filter(
            kind=Message.Kind.TEXT,
            hidden_at__isnull=True,
            body__icontains=query,
        )
        .filter(
            Q(
                conversation__participants__in=memberships,
                created_at__gte=F("conversation__participants__joined_at"),
            )
        )
        .exclude(deletions__user=user)
        .exclude(sender_id__in=MemberBlock.objects.filter(blocker=user).values("blocked_id"))
        .select_related("conversation", "sender", "sender__profile")
        .order_by("-created_at", "-pk")
    )
