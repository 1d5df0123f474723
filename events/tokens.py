"""Signed links in registration mail: a visitor confirming their address, the feedback form.

The cancel link uses the registration's own random token instead (it must keep working for
as long as the registration can be cancelled, and can be replaced to revoke it)."""

from django.core import signing

from .models import EventRegistration, RegistrationStatus

VISITOR_CONFIRM_SALT = "events.visitor-confirm"
VISITOR_CONFIRM_MAX_AGE = 3 * 24 * 3600
FEEDBACK_SALT = "events.feedback"
FEEDBACK_MAX_AGE = 60 * 24 * 3600


def visitor_confirmation_token(registration) -> str:
    return signing.dumps(registration.pk, salt=VISITOR_CONFIRM_SALT)


def registration_from_visitor_token(token):
    """The pending registration a visitor's link is for, or None for a bad or stale link."""
    try:
        pk = signing.loads(token, salt=VISITOR_CONFIRM_SALT, max_age=VISITOR_CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    return EventRegistration.objects.select_related("event").filter(pk=pk).first()


def feedback_token(registration) -> str:
    return signing.dumps(registration.pk, salt=FEEDBACK_SALT)


def registration_from_feedback_token(token):
    try:
        pk = signing.loads(token, salt=FEEDBACK_SALT, max_age=FEEDBACK_MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        EventRegistration.objects.select_related("event")
        .filter(pk=pk, status=RegistrationStatus.CONFIRMED)
        .first()
    )
