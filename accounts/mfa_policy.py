"""Who must use a second factor, and whether this session used one (SECURITY.md A5).

allauth keeps a log of the authentication steps of a session (password, social login, mfa, ...);
a completed TOTP, recovery-code or WebAuthn step is logged with method "mfa", both at login
(`mfa_authenticate`) and when confirming access later (`mfa_reauthenticate`).
"""

from allauth.account.internal.flows.login import (
    get_authentication_records,
    record_authentication,
)
from allauth.mfa.models import Authenticator

SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
SECOND_FACTOR_METHOD = "mfa"


def can_reach_admin(user) -> bool:
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


def session_used_second_factor(request) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == SECOND_FACTOR_METHOD for record in records)


def record_second_factor_setup(request, authenticator) -> None:
    """Count setting up an authenticator app or security key as this session's second factor.

    Activation proves possession (allauth checks a code from the new app, or the key's signature)
    in a session that already passed the password, so the member who just set up MFA on their way
    to the admin is not asked for a second code straight away.
    """
    if request is None or authenticator.type not in SECOND_FACTORS:
        return
    if getattr(request, "user", None) is None or request.user.pk != authenticator.user_id:
        return
    record_authentication(
        request,
        request.user,
        SECOND_FACTOR_METHOD,
        id=authenticator.pk,
        type=authenticator.type,
        activated=True,
    )
