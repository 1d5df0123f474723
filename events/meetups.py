"""Meetups: events for the members of one group, scheduled by the group's owners and moderators
from the group's own pages, without access to the Wagtail admin.

A meetup is an ordinary EventPage (audience "Members of a group", `group` set) published under the
site-wide event index, so registering, the waitlist, the mail with its .ics, reminders and the
member's calendar feed are the events engine's. What is particular to a meetup:

- only whoever may read the group's content knows of it: its page and routes are a 404 for
  everyone else, and it is left out of every list, feed and search (SECURITY.md C1);
- only current members register, and a member who leaves loses their places to come (C2);
- the description is the member's plain text, kept in the page's `intro` (escaped wherever shown).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import Site

from community.groups import policy as group_policy
from community.models import Group, NotificationKind
from community.notifications.service import notify

from .mail import send_meetup_cancelled
from .models import (
    AttendanceMode,
    Audience,
    EventIndexPage,
    EventPage,
    EventRegistration,
    RegistrationStatus,
)
from .registration import cancel, promote_from_waitlist

# What a moderator fills in; the form and the service share these names.
MEETUP_FIELDS = (
    "title",
    "start",
    "end",
    "attendance_mode",
    "venue",
    "address",
    "online_url",
    "description",
    "capacity",
    "registration_closes_at",
)
# Changing one of these tells the participants.
WHEN_AND_WHERE = ("start", "end", "attendance_mode", "venue", "address", "online_url")
UPCOMING_ON_GROUP_PAGE = 5
SLUG_LENGTH = 80


class MeetupError(Exception):
    """Why a meetup cannot be scheduled, changed or cancelled; the message is shown."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def upcoming_meetups(group, now=None):
    """The group's live meetups that have not ended, soonest first, with their places taken."""
    return (
        EventPage.objects.live()
        .meetups_of(group)
        .upcoming(now)
        .with_places_taken()
        .select_related("campus")
    )


def past_meetups(group, now=None):
    return EventPage.objects.live().meetups_of(group).past(now)


def meetup_of(group, pk):
    """The group's live meetup with this id, or None (a meetup of another group is None too)."""
    return EventPage.objects.live().meetups_of(group).filter(pk=pk).first()


def site_event_index() -> EventIndexPage:
    """Meetups are published under the site-wide event index: the one under the default site's
    home page. Without one there is nowhere to put them, and the moderator is told so."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    index = (
        EventIndexPage.objects.child_of(site.root_page).live().order_by("path").first()
        if site
        else None
    )
    if index is None:
        raise MeetupError(
            _(
                "Meetups cannot be scheduled yet, because the site has no event list. Please "
                "tell the alumni office."
            )
        )
    return index


def validate_meetup(details: dict, now=None, meetup=None) -> None:
    """Raise ValidationError (by field) when the details do not make a meetup. For a change of
    an existing meetup, times it already had may stay as they are."""
    now = now or timezone.now()
    errors = {}
    start, end = details.get("start"), details.get("end")
    closes = details.get("registration_closes_at")
    mode = details.get("attendance_mode") or AttendanceMode.IN_PERSON
    unchanged_start = meetup is not None and start == meetup.start
    if start and not unchanged_start and start <= now:
        errors["start"] = _("The meetup must start in the future.")
    if start and end and end <= start:
        errors["end"] = _("The meetup must end after it starts.")
    capacity = details.get("capacity")
    if capacity is not None and capacity < 1:
        errors["capacity"] = _("Give at least 1 place, or leave the field empty for no limit.")
    if mode != AttendanceMode.ONLINE and not (
        (details.get("venue") or "").strip() or (details.get("address") or "").strip()
    ):
        errors["venue"] = _("Say where the meetup is: a venue, an address or both.")
    if mode != AttendanceMode.IN_PERSON and not details.get("online_url"):
        errors["online_url"] = _("Give the link to the online meeting.")
    if closes:
        unchanged_closes = meetup is not None and closes == meetup.registration_closes_at
        if start and closes > start:
            errors["registration_closes_at"] = _(
                "Registration must close before the meetup starts."
            )
        elif closes <= now and not unchanged_closes:
            errors["registration_closes_at"] = _("Registration must close in the future.")
    if not (details.get("description") or "").strip():
        errors["description"] = _("Describe the meetup in a few sentences.")
    if errors:
        raise ValidationError(errors)


def _free_slug(parent, title) -> str:
    allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
    base = slugify(title, allow_unicode=allow_unicode)[:SLUG_LENGTH].strip("-") or "treff"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _apply(page, details) -> None:
    page.title = details["title"].strip()
    page.start = details["start"]
    page.end = details["end"]
    page.attendance_mode = details.get("attendance_mode") or AttendanceMode.IN_PERSON
    in_person = page.attendance_mode != AttendanceMode.ONLINE
    page.venue = (details.get("venue") or "").strip() if in_person else ""
    page.address = (details.get("address") or "").strip() if in_person else ""
    online = page.attendance_mode != AttendanceMode.IN_PERSON
    page.online_url = (details.get("online_url") or "") if online else ""
    page.intro = details["description"].strip()  # the member's plain text, escaped when shown
    page.capacity = details.get("capacity")
    page.registration_closes_at = details.get("registration_closes_at")


def _publish(page, user) -> None:
    """Publish as the member, so the page's history says who did it. The member is not an
    editor: the groups policy, asked before, is what permits this."""
    page.save_revision(user=user).publish(user=user, skip_permission_checks=True)


def _check_may_schedule(group, user) -> None:
    if not group_policy.can_schedule_meetups(group, user):
        raise PermissionDenied


def _check_not_over(meetup, now) -> None:
    if meetup.has_ended(now):
        raise MeetupError(_("This meetup is over and can no longer be changed."))


def create_meetup(user, group, *, now=None, **details) -> EventPage:
    """Schedule a meetup of `group`: an event for its members, published at once under the
    site-wide event index. `details` are MEETUP_FIELDS. Raises PermissionDenied for anyone but
    the group's owners and moderators (of a group that is not archived), ValidationError for
    details that do not make a meetup and MeetupError when the site has no event index."""
    now = now or timezone.now()
    _check_may_schedule(group, user)
    validate_meetup(details, now)
    index = site_event_index()
    with transaction.atomic():
        page = EventPage(
            slug=_free_slug(index, details["title"]),
            audience=Audience.GROUP,
            group=group,
            faculty_id=group.faculty_id,
            organiser_name=group.name[:150],
            guests_allowed=0,
        )
        _apply(page, details)
        index.add_child(instance=page)
        _publish(page, user)
        # Scheduling a meetup is activity: a group that meets is not quiet (archiving).
        Group.objects.filter(pk=group.pk).update(last_activity_at=now)
    return EventPage.objects.get(pk=page.pk)


def edit_meetup(user, meetup, *, now=None, **details) -> EventPage:
    """Change a meetup that is not over. More places (or no limit) go to the waitlist at once;
    the participants are told when the time or the place changes."""
    now = now or timezone.now()
    _check_may_schedule(meetup.group, user)
    _check_not_over(meetup, now)
    validate_meetup(details, now, meetup=meetup)
    with transaction.atomic():
        page = EventPage.objects.select_for_update(of=("self",)).get(pk=meetup.pk)
        before = {name: getattr(page, name) for name in WHEN_AND_WHERE}
        old_capacity = page.capacity
        _apply(page, details)
        moved = any(getattr(page, name) != value for name, value in before.items())
        _publish(page, user)
        page = EventPage.objects.get(pk=page.pk)
        more_places = page.capacity is None or (
            old_capacity is not None and page.capacity > old_capacity
        )
        if more_places:
            promote_from_waitlist(page, now)
        if moved:
            transaction.on_commit(lambda: _tell_participants_of_change(page))
    return page


def _tell_participants_of_change(page) -> None:
    registrations = (
        EventRegistration.objects.filter(event=page, user__isnull=False)
        .active()
        .select_related("user")
    )
    for registration in registrations:
        with override(registration.mail_language):
            title = gettext("%(event)s has changed: see the new time and place") % {
                "event": page.title
            }
        notify(
            registration.user,
            NotificationKind.EVENT,
            title[:200],
            url=page.url or "",
            dedupe_key=f"meetup-changed-{page.pk}",
        )


def cancel_meetup(user, meetup, *, now=None) -> int:
    """Call off a meetup that is not over: the page is unpublished, every registration is
    cancelled and each participant (and each on the waitlist) gets a mail. Returns how many."""
    now = now or timezone.now()
    _check_may_schedule(meetup.group, user)
    _check_not_over(meetup, now)
    with transaction.atomic():
        page = EventPage.objects.select_for_update(of=("self",)).get(pk=meetup.pk)
        registrations = list(
            EventRegistration.objects.filter(event=page).active().select_related("user", "event")
        )
        EventRegistration.objects.filter(pk__in=[r.pk for r in registrations]).update(
            status=RegistrationStatus.CANCELLED, cancelled_at=now
        )
        # The member is not an editor: the groups policy, asked above, is what permits this.
        UnpublishPageAction(page, user=user).execute(skip_permission_checks=True)
        for registration in registrations:
            registration.status = RegistrationStatus.CANCELLED
            transaction.on_commit(
                lambda registration=registration: send_meetup_cancelled(registration)
            )
    return len(registrations)


def end_places_of_former_member(group, user, now=None) -> int:
    """A member left `group` (or was removed, banned or erased): their registrations for its
    meetups that have not ended are cancelled, whatever the cancellation deadline, and the
    places go to the waitlist (C2). Returns how many were cancelled."""
    now = now or timezone.now()
    registrations = (
        EventRegistration.objects.filter(
            user=user, event__group=group, event__audience=Audience.GROUP, event__end__gt=now
        )
        .active()
        .select_related("event")
    )
    count = 0
    for registration in registrations:
        cancel(registration, now, past_deadline=True)
        count += 1
    return count
