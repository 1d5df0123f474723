"""Messaging between members: conversations, their participants, messages and blocks.

Read state, archive and mute belong to a participant, not to the conversation, so every member
keeps their own view of it. A participant row stays after leaving (`left_at`) so the others can see
who left; only current participants may read, list, search or be notified (SECURITY.md C1, C2).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_PARTICIPANTS = 20  # SECURITY.md M3
MESSAGE_MAX_LENGTH = 5000


class WhoMayMessage(models.TextChoices):
    MEMBERS = "members", _("Verified members")
    GROUPS = "groups", _("Members of my groups")
    NOBODY = "nobody", _("Nobody")


class Conversation(models.Model):
    """A one-to-one or small group conversation."""

    title = models.CharField(_("title"), max_length=120, blank=True)
    is_group = models.BooleanField(_("group conversation"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="started_conversations",
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now, db_index=True)
    last_message = models.ForeignKey(
        "Message",
        verbose_name=_("latest message"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [
            models.Index(fields=["created_by", "created_at"], name="conversation_starts_idx")
        ]

    def __str__(self):
        return self.title or f"#{self.pk}"


class ParticipantQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left_at__isnull=True)

    def inbox(self, user, archived=False):
        """The member's conversations, latest activity first, with what the inbox row shows."""
        return (
            self.current()
            .filter(user=user, archived=archived)
            .select_related("conversation", "conversation__last_message")
            .order_by("-last_activity_at", "-pk")
        )

    def unread_for(self, user):
        return (
            self.current().filter(user=user).filter(Q(unread_count__gt=0) | Q(marked_unread=True))
        )


class Participant(models.Model):
    """A member in a conversation, with their own read state, archive and mute."""

    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="conversation_memberships",
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    # Kept here (not only on the conversation) so the inbox is one indexed range scan.
    last_activity_at = models.DateTimeField(_("latest activity"), default=timezone.now)
    last_read_at = models.DateTimeField(_("read until"), null=True, blank=True)
    last_read_message_id = models.BigIntegerField(_("last message read"), null=True, blank=True)
    unread_count = models.PositiveIntegerField(_("unread messages"), default=0)
    marked_unread = models.BooleanField(_("marked unread"), default=False)
    archived = models.BooleanField(_("archived"), default=False)
    muted = models.BooleanField(_("muted"), default=False)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="one_participant_row_per_member"
            )
        ]
        indexes = [
            models.Index(
                fields=["user", "archived", "last_activity_at"], name="participant_inbox_idx"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} in {self.conversation_id}"

    @property
    def is_current(self) -> bool:
        return self.left_at is None

    @property
    def is_unread(self) -> bool:
        return self.unread_count > 0 or self.marked_unread


class MessageQuerySet(models.QuerySet):
    def visible_to(self, participant):
        """What a participant sees: written since they joined, not deleted for them."""
        return (
            self.filter(conversation_id=participant.conversation_id)
            .filter(created_at__gte=participant.joined_at)
            .exclude(deletions__user_id=participant.user_id)
        )


class Message(models.Model):
    """One message. Plain text; links are made clickable when shown, and it is always escaped."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Message")
        JOINED = "joined", _("Joined the conversation")
        LEFT = "left", _("Left the conversation")

    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    # Kept when the sender's account is erased: the others still see it, from a former member.
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="sent_messages",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    body = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # Hidden by a moderator, or automatically after three reports pending review (SECURITY.md M5).
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["conversation", "id"], name="message_history_idx"),
            models.Index(fields=["sender", "created_at"], name="message_sender_idx"),
        ]

    def __str__(self):
        return self.body[:60]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class MessageDeletion(models.Model):
    """'Delete for me': the message is gone from this member's view only."""

    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="deletions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="deleted_messages",
    )
    created_at = models.DateTimeField(_("deleted"), default=timezone.now)

    class Meta:
        verbose_name = _("deleted message")
        verbose_name_plural = _("deleted messages")
        constraints = [
            models.UniqueConstraint(fields=["message", "user"], name="one_deletion_per_member")
        ]

    def __str__(self):
        return f"{self.message_id} deleted by {self.user_id}"


class MemberBlockQuerySet(models.QuerySet):
    def between(self, a, b):
        """Blocks in either direction between two users (or user ids)."""
        a_id, b_id = getattr(a, "pk", a), getattr(b, "pk", b)
        return self.filter(
            Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)
        )


class MemberBlock(models.Model):
    """A member blocked by another (SECURITY.md M4). The blocked member is never told."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("blocked by"),
        on_delete=models.CASCADE,
        related_name="blocks_made",
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("blocked member"),
        on_delete=models.CASCADE,
        related_name="blocks_received",
    )
    created_at = models.DateTimeField(_("blocked"), default=timezone.now)

    objects = MemberBlockQuerySet.as_manager()

    class Meta:
        verbose_name = _("blocked member")
        verbose_name_plural = _("blocked members")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="one_block_per_pair"),
            models.CheckConstraint(
                condition=~Q(blocker=models.F("blocked")), name="no_blocking_oneself"
            ),
        ]

    def __str__(self):
        return f"{self.blocker_id} blocks {self.blocked_id}"
