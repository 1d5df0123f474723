"""Who may message whom (DESIGN.md §5; SECURITY.md M2–M4). Every messaging view asks this module.

A refusal is a `MessagingRefused` with a message fit to show the sender. When the recipient
blocked the sender, the sender is told the same as when the recipient takes no messages from them:
the blocked member is never told they are blocked (M4).
"""

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..members import is_verified_member
from ..models import (
    MAX_PARTICIPANTS,
    Conversation,
    MemberBlock,
    MessagingSuspension,
    Profile,
    WhoMayMessage,
)

NEW_CONVERSATIONS_PER_DAY = 20  # SECURITY.md M2

# Checks "do these two members share a group?", registered by the groups feature; with none
# registered, nobody shares a group, so "members of my groups" lets nobody start a conversation.
_shared_group_checks: list[Callable[[int, int], bool]] = []


def register_shared_group_check(check: Callable[[int, int], bool]) -> None:
    _shared_group_checks.append(check)


def unregister_shared_group_check(check: Callable[[int, int], bool]) -> None:
    _shared_group_checks.remove(check)


def share_a_group(user_id: int, other_id: int) -> bool:
    return any(check(user_id, other_id) for check in _shared_group_checks)


class MessagingRefused(Exception):
    """The sender may not do this; `str(error)` says why, in words fit to show them."""


def is_suspended(user) -> bool:
    return MessagingSuspension.objects.active().filter(user=user).exists()


def check_may_send(sender) -> None:
    """Only verified members who are not suspended send messages (M2, M5)."""
    if not is_verified_member(sender):
        raise MessagingRefused(_("Only verified alumni can send messages."))
    if is_suspended(sender):
        raise MessagingRefused(
            _("Your messaging is suspended by a moderator. You can still read your messages.")
        )


def _not_accepting(profile) -> MessagingRefused:
    return MessagingRefused(
        _("%(name)s does not receive messages from you.") % {"name": profile.display_name}
    )


def accepts_messages_from(recipient_profile: Profile, sender, blockers=None) -> bool:
    """The recipient's "who may message me" choice and blocks in either direction. `blockers`,
    if the caller has them: the ids of whoever of the two blocked the other."""
    recipient = recipient_profile.user
    if not recipient.is_active or recipient.pk == sender.pk:
        return False
    choice = recipient_profile.who_may_message
    if choice == WhoMayMessage.NOBODY:
        return False
    if choice == WhoMayMessage.GROUPS and not share_a_group(recipient.pk, sender.pk):
        return False
    if blockers is not None:
        return not blockers
    return not MemberBlock.objects.between(recipient, sender).exists()


def started_today(sender, now=None) -> int:
    since = (now or timezone.now()) - timedelta(days=1)
    return Conversation.objects.filter(created_by=sender, created_at__gte=since).count()


def check_may_start(sender, recipient_profiles) -> None:
    """May `sender` start a conversation with these members? Raises MessagingRefused."""
    check_may_send(sender)
    if not recipient_profiles:
        raise MessagingRefused(_("Choose at least one member to write to."))
    if len(recipient_profiles) + 1 > MAX_PARTICIPANTS:
        raise MessagingRefused(
            ngettext(
                "A conversation can have at most %(count)d participant.",
                "A conversation can have at most %(count)d participants.",
                MAX_PARTICIPANTS,
            )
            % {"count": MAX_PARTICIPANTS}
        )
    if started_today(sender) >= NEW_CONVERSATIONS_PER_DAY:
        raise MessagingRefused(
            _(
                "You have started %(count)d new conversations in the last 24 hours, which is "
                "the limit. You can still reply in the ones you have."
            )
            % {"count": NEW_CONVERSATIONS_PER_DAY}
        )
    check_may_add(sender, recipient_profiles)


def check_may_add(sender, profiles) -> None:
    for profile in profiles:
        if not profile.is_verified or not accepts_messages_from(profile, sender):
            raise _not_accepting(profile)


def check_may_post(participant, others) -> None:
    """May this participant write in their conversation now? `others` are the other current
    participants' profiles. In a one-to-one conversation the other member's choice and blocks
    are honoured on every message, not only when starting."""
    check_may_send(participant.user)
    if not participant.is_current:
        raise MessagingRefused(_("You have left this conversation."))
    if not participant.conversation.is_group:
        if not others:
            raise MessagingRefused(_("The other member has left this conversation."))
        for profile in others:
            if not accepts_messages_from(profile, participant.user):
                raise _not_accepting(profile)
