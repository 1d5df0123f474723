"""Calendar feeds (.ics): the site's upcoming events, one faculty's, and a member's own
registrations at a secret address the member can renew (SECURITY.md C1).

No feed names a participant: each entry is the event's own facts (events.ics). The online link is
only in the personal feed, and only for the member's confirmed registrations.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.generic import TemplateView, View

from wagtail.models import Locale

from community.models import GroupMembership, MembershipStatus
from home.models import Faculty

from .ics import calendar_for, event_component
from .models import Audience, CalendarFeedToken, EventPage, EventRegistration, RegistrationStatus

FEED_LIMIT = 500  # a calendar app fetches the whole file every few hours
PERSONAL_PAST_DAYS = 90


def listed_events():
    """Upcoming events as the event lists show them: live, public pages in the current
    language, outside sections that have not launched; never a group's meetup (C1)."""
    events = (
        EventPage.objects.live()
        .public()
        .listed()
        .exclude_planned_sections()
        .filter(locale=Locale.get_active())
        .upcoming()
        .select_related("campus")
    )
    return events


def ics_response(content: bytes, filename: str, private: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=900"
    return response


def public_feed(events, name: str) -> bytes:
    now = timezone.now()
    return calendar_for([event_component(event, now=now) for event in events], name=name)


class SiteFeedView(View):
    """Every upcoming event of the site."""

    def get(self, request):
        name = gettext("USN Alumni: events")
        content = public_feed(listed_events()[:FEED_LIMIT], name)
        return ics_response(content, "usn-alumni.ics")


class FacultyFeedView(View):
    """The upcoming events of one faculty (by its code, e.g. /hh.ics)."""

    def get(self, request, code):
        faculty = get_object_or_404(Faculty, code__iexact=code)
        events = listed_events().filter(faculty=faculty)[:FEED_LIMIT]
        name = gettext("USN Alumni: events of %(faculty)s") % {"faculty": faculty.name}
        return ics_response(public_feed(events, name), f"usn-alumni-{faculty.code.lower()}.ics")


def personal_feed(user, now=None) -> bytes:
    """The member's confirmed registrations (with the online link) and places on the waitlist
    (marked tentative, no link), from three months back on, in the member's language. A group's
    meetup only while the member is in the group (C2): leaving cancels the places to come, and
    the past ones drop out of the feed as well."""
    now = now or timezone.now()
    still_in_group = GroupMembership.objects.filter(
        group=OuterRef("event__group"), user=user, status=MembershipStatus.ACTIVE
    )
    registrations = (
        EventRegistration.objects.filter(
            user=user,
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED],
            event__live=True,
            event__end__gte=now - timedelta(days=PERSONAL_PAST_DAYS),
        )
        .filter(~Q(event__audience=Audience.GROUP) | Exists(still_in_group))
        .select_related("event", "event__campus")
        .order_by("event__start", "pk")[:FEED_LIMIT]
    )
    components = []
    with translation.override(user.preferred_language or None):
        for registration in registrations:
            event = registration.event
            confirmed = registration.status == RegistrationStatus.CONFIRMED
            component = event_component(
                event, online_url=event.online_url if confirmed else "", now=now
            )
            component.add("status", "CONFIRMED" if confirmed else "TENTATIVE")
            if not confirmed:
                component["summary"] = gettext("Waitlist: %(event)s") % {"event": event.title}
            components.append(component)
        name = gettext("USN Alumni: my events")
    return calendar_for(components, name=name)


class PersonalFeedView(View):
    """A member's registrations, at the secret address; an unknown (or renewed) one is a 404."""

    def get(self, request, token):
        feed = (
            CalendarFeedToken.objects.select_related("user")
            .filter(token=token, user__is_active=True)
            .first()
        )
        if feed is None:
            raise Http404
        return ics_response(personal_feed(feed.user), "usn-alumni-mine.ics", private=True)


class MyCalendarView(LoginRequiredMixin, TemplateView):
    """The member's own feed address to copy into a calendar app, and a button to renew it."""

    template_name = "events/calendars/my_calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        feed = CalendarFeedToken.objects.for_user(self.request.user)
        url = self.request.build_absolute_uri(reverse("calendars:personal_feed", args=[feed.token]))
        context.update(
            feed_url=url,
            webcal_url="webcal://" + url.split("://", 1)[1],
            site_feed_url=self.request.build_absolute_uri(reverse("calendars:site_feed")),
            faculty_feeds=[
                (
                    faculty,
                    self.request.build_absolute_uri(
                        reverse("calendars:faculty_feed", args=[faculty.code.lower()])
                    ),
                )
                for faculty in Faculty.objects.order_by("code")
            ],
        )
        return context

    def post(self, request):
        CalendarFeedToken.objects.for_user(request.user).renew()
        messages.success(
            request,
            gettext(
                "Your calendar has a new address. The old one no longer works: "
                "add the new one to your calendar app."
            ),
        )
        return redirect("calendars:my_calendar")

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response
