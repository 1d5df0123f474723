"""Registering for events: places, the waitlist, cancelling, visitors confirming by mail.

Capacity holds exactly under concurrent registrations: every change that takes or frees a place
runs in one transaction that first locks the event's row (`SELECT … FOR UPDATE` on PostgreSQL),
so counting the confirmed places and adding one is never interleaved with another request.
SQLite has no row locks; there the project opens every transaction with BEGIN IMMEDIATE
(`transaction_mode` in settings), which serialises writers the same way.

Mail is sent after the transaction commits, never for a change that was rolled back.
"""

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.groups import policy as group_policy
from community.members import is_verified_member
from home import rollout

from .mail import send_promotion, send_registration_status, send_visitor_confirmation
from .models import ACTIVE_STATUSES, Audience, EventPage, EventRegistration, RegistrationStatus
from .tokens import registration_from_feedback_token, registration_from_visitor_token

__all__ = [
    "RegistrationRefused",
    "active_registration_of",
    "can_cancel",
    "cancel",
    "confirm_visitor",
    "may_see_event",
    "promote_from_waitlist",
    "refusal_for",
    "register",
    "registration_from_feedback_token",
    "registration_from_visitor_token",
]


class RegistrationRefused(Exception):
    """Why someone may not register (or cancel); the message is shown to them."""

    def __init__(self, message, code=""):
        super().__init__(str(message))
        self.message = message
        self.code = code


# Who may see an event and who may register: the one place that decides (STYLE.md 5). For a
# group's meetup the groups policy decides, on every request (SECURITY.md C1, C2).


def may_see_event(event, user) -> bool:
    """May `user` know of `event` at all (its page, its routes, its .ics)? Every event but a
    group's meetup is for everyone; a meetup only for whoever may read its group's content, and
    one whose group is gone for nobody."""
    if event.audience != Audience.GROUP:
        return True
    group = event.group
    return group is not None and group_policy.can_read_content(group, user)


def audience_allows(event, user) -> bool:
    """May `user` (or an anonymous visitor) register for `event` at all?"""
    if event.audience == Audience.PUBLIC:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if event.audience == Audience.MEMBERS:
        return True
    if event.audience == Audience.VERIFIED:
        return is_verified_member(user)
    if event.audience == Audience.GROUP:
        # Current members only; a meetup whose group is gone admits nobody.
        return event.group is not None and group_policy.is_member(event.group, user)
    return False  # an audience this code does not know yet is nobody's


def refusal_for(event, user, now=None):
    """None when `user` may register now, otherwise (code, message) to show instead of the form."""
    now = now or timezone.now()
    if event.has_ended(now):
        return "ended", _("This event is over.")
    if not rollout.feature_enabled_for_page(event, "events"):
        return "not_offered", _(
            "Registration is closed: this faculty does not take event registrations on the "
            "alumni site yet."
        )
    if event.registration_opens_at and now < event.registration_opens_at:
        return "not_open", _("Registration has not opened yet.")
    if not event.registration_is_open(now):
        return "closed", _("Registration is closed.")
    if not audience_allows(event, user):
        if event.audience == Audience.VERIFIED:
            if user.is_authenticated:
                return "verified_only", _(
                    "This event is for verified alumni. Ask to be verified as a graduate on "
                    "your profile to register."
                )
            return "verified_only", _("This event is for verified alumni. Sign in to register.")
        if event.audience == Audience.GROUP:
            if event.group is None:
                return "no_group", _("This event is not open for registration.")
            return "group_only", _(
                "This meetup is for the members of the group. Join the group to register."
            )
        return "members_only", _("This event is for members. Sign in or join to register.")
    return None


def _lock_event(event) -> EventPage:
    """Lock the event's own row until the transaction ends and return it fresh."""
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)


def _place_or_waitlist(event, registration, now):
    """Give `registration` a place if its party fits, else a place on the waitlist."""
    taken = EventRegistration.objects.places_taken(event)
    left = event.places_left(taken)
    if left is None or registration.places <= left:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
    else:
        registration.status = RegistrationStatus.WAITLISTED


def register(
    event,
    *,
    user=None,
    visitor_name="",
    visitor_email="",
    guests=0,
    answers=None,
    language="",
    send_confirmation=True,
    now=None,
) -> EventRegistration:
    """Register a member (`user`) or a visitor (name and address) for `event`.

    A member gets a place, or the waitlist when the event is full. A visitor's registration waits
    for their address to be confirmed (a signed link by mail) and only then takes a place; a
    visitor who registers again while still unconfirmed gets the link again. Without
    `send_confirmation` (the address has had its share of mail, SECURITY.md M7) the
    registration is saved all the same, and no link is sent.
    Raises RegistrationRefused when the rules say no; registering twice returns the registration
    the person already has."""
    now = now or timezone.now()
    is_visitor = user is None or not user.is_authenticated
    acting_user = user if not is_visitor else AnonymousUser()
    refusal = refusal_for(event, acting_user, now)
    if refusal:
        raise RegistrationRefused(refusal[1], refusal[0])
    if is_visitor and event.audience != Audience.PUBLIC:
        raise RegistrationRefused(_("This event is for members. Sign in or join to register."))
    if guests < 0 or guests > event.guests_allowed:
        raise RegistrationRefused(
            _("You can bring at most %(count)s guests.") % {"count": event.guests_allowed},
            "guests",
        )
    try:
        with transaction.atomic():
            event = _lock_event(event)
            existing = _active_registration(
                event, user=None if is_visitor else user, visitor_email=visitor_email
            )
            if existing is not None:
                if is_visitor and existing.is_pending and send_confirmation:
                    # The first mail went astray or was deleted: the same link, newly signed.
                    transaction.on_commit(lambda: send_visitor_confirmation(existing))
                return existing
            registration = EventRegistration(
                event=event,
                user=None if is_visitor else user,
                visitor_name=visitor_name if is_visitor else "",
                visitor_email=visitor_email if is_visitor else "",
                language=language,
                guests=guests,
                answers=answers or [],
                created_at=now,
            )
            if is_visitor:
                registration.status = RegistrationStatus.PENDING
            else:
                _place_or_waitlist(event, registration, now)
            registration.save()
            if is_visitor:
                if send_confirmation:
                    transaction.on_commit(lambda: send_visitor_confirmation(registration))
            else:
                transaction.on_commit(lambda: send_registration_status(registration))
    except IntegrityError:
        # A double submit that raced past the check above: the first one won.
        existing = _active_registration(
            event, user=None if is_visitor else user, visitor_email=visitor_email
        )
        if existing is None:
            raise
        return existing
    return registration


def _active_registration(event, *, user=None, visitor_email=""):
    registrations = EventRegistration.objects.filter(event=event, status__in=ACTIVE_STATUSES)
    if user is not None:
        return registrations.filter(user=user).first()
    if visitor_email:
        return registrations.filter(user__isnull=True, visitor_email__iexact=visitor_email).first()
    return None


def active_registration_of(event, user):
    """The member's current (not cancelled) registration for `event`, or None."""
    if not user.is_authenticated:
        return None
    registration = _active_registration(event, user=user)
    if registration is not None:
        registration.event = event  # the page has it: no query for the deadline or the link
    return registration


def confirm_visitor(registration, now=None) -> EventRegistration:
    """The visitor used their link: give them a place or a place on the waitlist. Using the link
    again changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = EventRegistration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.PENDING:
            return registration
        if event.has_ended(now):
            raise RegistrationRefused(_("This event is over."), "ended")
        _place_or_waitlist(event, registration, now)
        registration.save(update_fields=["status", "confirmed_at"])
        transaction.on_commit(lambda: send_registration_status(registration))
    return registration


def can_cancel(registration, now=None) -> bool:
    """Until the deadline (registration closes, or the event starts); a place on the waitlist or
    an unconfirmed visitor registration can be given up until the event starts."""
    now = now or timezone.now()
    if registration.status == RegistrationStatus.CANCELLED:
        return False
    if registration.status == RegistrationStatus.CONFIRMED:
        return now < registration.event.cancellation_deadline
    return now < registration.event.start


def cancel(registration, now=None, *, past_deadline=False) -> EventRegistration:
    """Cancel and hand the freed places to the waitlist, in order. `past_deadline` is for the
    site ending a registration itself (a member who left a meetup's group), which the
    cancellation deadline does not hold back."""
    now = now or timezone.now()
    if not past_deadline and not can_cancel(registration, now):
        raise RegistrationRefused(
            _("The deadline for cancelling has passed. Please contact the organiser."),
            "too_late",
        )
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = EventRegistration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            return registration
        freed = registration.status == RegistrationStatus.CONFIRMED
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        if freed:
            promote_from_waitlist(event, now)
    return registration


def promote_from_waitlist(event, now=None) -> list[EventRegistration]:
    """Give free places to the waitlist, first come first, each party that fits; they are told
    by mail (and members by a notification). Call with the event locked."""
    now = now or timezone.now()
    if event.has_ended(now):
        return []
    left = event.places_left(EventRegistration.objects.places_taken(event))
    promoted = []
    for candidate in EventRegistration.objects.filter(event=event).waitlisted():
        if left is not None and left <= 0:
            break
        if left is None or candidate.places <= left:
            candidate.status = RegistrationStatus.CONFIRMED
            candidate.confirmed_at = now
            candidate.save(update_fields=["status", "confirmed_at"])
            promoted.append(candidate)
            if left is not None:
                left -= candidate.places
    for candidate in promoted:
        transaction.on_commit(lambda candidate=candidate: send_promotion(candidate))
    return promoted
