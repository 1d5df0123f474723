"""Mail about a registration, to a member in their language or to a visitor in the language of
the page they registered on. All transactional (SECURITY.md E7)."""

from django.urls import reverse
from django.utils.translation import gettext, override

from accounts.mail import send_to_address
from community.models import NotificationKind
from community.notifications.service import notify

from .ics import event_ics, ics_filename
from .tokens import feedback_token, visitor_confirmation_token


def _links(registration) -> dict:
    return {
        "event_url": registration.event.url or "",
        "cancel_url": reverse("events:cancel", args=[registration.cancel_token]),
    }


def _send(registration, template, context=None, attachments=()):
    language = registration.mail_language
    with override(language):  # links carry the language prefix of the mail
        context = {
            "registration": registration,
            "event": registration.event,
            "name": registration.display_name,
            **_links(registration),
            **{
                key: value() if callable(value) else value for key, value in (context or {}).items()
            },
        }
    send_to_address(registration.email, language, template, context, attachments=attachments)


def _ics_attachment(registration):
    event = registration.event
    content = event_ics(event, online_url=event.online_url if registration.is_confirmed else "")
    return [(ics_filename(event), content, "text/calendar")]


def send_registration_status(registration) -> None:
    """Registered (with the event's .ics) or on the waitlist (with the place in line)."""
    _send(
        registration,
        "events/mail/registration",
        {
            "kind": "confirmed" if registration.is_confirmed else "waitlisted",
            "position": registration.waitlist_position(),
        },
        attachments=_ics_attachment(registration) if registration.is_confirmed else (),
    )


def send_promotion(registration) -> None:
    """A place freed and is now this person's: a mail with the .ics, and a notification for a
    member."""
    _send(
        registration,
        "events/mail/registration",
        {"kind": "promoted"},
        attachments=_ics_attachment(registration),
    )
    if registration.user_id:
        with override(registration.mail_language):
            title = gettext("You got a place at %(event)s") % {"event": registration.event.title}
        notify(
            registration.user,
            NotificationKind.EVENT,
            title[:200],
            url=registration.event.url or "",
            dedupe_key=f"event-promoted-{registration.pk}",
            mailed_separately=True,
        )


def send_visitor_confirmation(registration) -> None:
    """The visitor confirms their address with a signed link before they take a place."""
    _send(
        registration,
        "events/mail/visitor_confirm",
        {
            "confirm_url": lambda: reverse(
                "events:visitor_confirm", args=[visitor_confirmation_token(registration)]
            )
        },
    )


def send_reminder(registration) -> None:
    _send(
        registration,
        "events/mail/reminder",
        {"online_url": registration.event.online_url},
        attachments=_ics_attachment(registration),
    )


def send_feedback_request(registration) -> None:
    _send(
        registration,
        "events/mail/feedback_request",
        {"feedback_url": lambda: reverse("events:feedback", args=[feedback_token(registration)])},
    )


def send_meetup_cancelled(registration) -> None:
    """The group's moderators called the meetup off; the registration is cancelled with it."""
    group_id = registration.event.group_id
    _send(
        registration,
        "events/mail/meetup_cancelled",
        {
            "group_url": lambda: (
                reverse("community:group_detail", args=[group_id]) if group_id else ""
            )
        },
    )
