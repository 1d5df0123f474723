"""Signal handlers of the accounts app: ending sessions (SECURITY.md A7) and counting a newly set
up authenticator as the session's second factor (A5).

Connected in AccountsConfig.ready().
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_save
from django.dispatch import receiver

from allauth.mfa.signals import authenticator_added
from allauth.usersessions.models import UserSession

from .mfa_policy import record_second_factor_setup


def end_sessions_of(user, keep_session_key: str | None = None) -> int:
    """End every session of `user` that allauth tracks, except `keep_session_key`.

    Ending deletes the session from the session store (database or cache) as well as the
    UserSession row, so the other browser is signed out on its next request.
    """
    ended = 0
    for user_session in UserSession.objects.filter(user_id=user.pk):
        if keep_session_key and user_session.session_key == keep_session_key:
            continue
        user_session.end()
        ended += 1
    return ended


@receiver(user_logged_out, dispatch_uid="accounts_end_other_sessions_at_logout")
def end_other_sessions_at_logout(sender, request, user, **kwargs):
    """Signing out signs the member out everywhere (A7): a forgotten session on a shared
    computer ends when they sign out at home."""
    if user is None or request is None:
        return
    current = request.session.session_key
    end_sessions_of(user, keep_session_key=current)
    # Django flushes the current session itself; its tracking row goes with it.
    UserSession.objects.filter(session_key=current).delete()


@receiver(
    post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts_end_sessions_when_inactive"
)
def end_sessions_when_deactivated(sender, instance, raw=False, **kwargs):
    """A deactivated account (e.g. unticked "active" in the Wagtail admin) has no sessions (A7).

    Django already refuses an inactive user on their next request; this removes the sessions and
    their tracking rows so nothing of them is left to resume.
    """
    if raw or instance.is_active:
        return
    end_sessions_of(instance)


@receiver(authenticator_added, dispatch_uid="accounts_second_factor_on_setup")
def second_factor_on_setup(sender, request, user, authenticator, **kwargs):
    record_second_factor_setup(request, authenticator)
