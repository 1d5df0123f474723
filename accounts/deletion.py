"""Deleting an account (SECURITY.md P2): erased at once, every session ended, the user row gone.

What others still see stays, anonymised, as each app's registry entry decides (messages and group
posts from a "former member", attended event registrations without the person, the consent
ledger without the subscriber). The newsletters entry puts a subscriber's address on the
suppression list as a hash. A member who never subscribed to a newsletter gets no suppression
entry: no marketing mail can reach an address without a new double opt-in, and keeping even a hash
of an address that was never on a list would be holding data for no purpose (docs/privacy.md).
"""

from django.contrib.auth import get_user_model, logout
from django.db import transaction

from .audit import AuditAction, record
from .redaction import redact_mentions_of
from .registry import erase_user
from .signals import end_sessions_of


def erase_and_delete(user, *, actor_label: str = "") -> None:
    """Erase everything held about `user` and remove the account. Their sessions end first: the
    registry's entry for allauth's session rows deletes the rows that say which sessions are
    theirs. Mentions of their name and address in the free text others keep are redacted
    before the entries detach the author (accounts.redaction). `actor_label` names the command
    when it was not the member (retention)."""
    with transaction.atomic():
        end_sessions_of(user)
        redact_mentions_of(user)
        erase_user(user)
        get_user_model().objects.filter(pk=user.pk).delete()
        # The log says that an account was deleted, never whose.
        record(AuditAction.ERASE, actor_label=actor_label, count=1)


def delete_account(request) -> None:
    """The signed-in member deletes their own account; this browser is signed out too."""
    user = request.user
    with transaction.atomic():
        end_sessions_of(user, keep_session_key=request.session.session_key)
        logout(request)
        erase_and_delete(user)
