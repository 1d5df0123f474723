"""iCalendar (.ics) for events: one event's file, the building block of every calendar feed.

Nothing here ever names a participant: an event in a calendar carries the event's own facts, its
page address and the organiser, never who else is coming (SECURITY.md C1).
"""

from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

import icalendar

OSLO = ZoneInfo("Europe/Oslo")
PRODID = "-//USN Alumni//Events//NB"


def event_uid(event) -> str:
    """Stable for the life of the event, so a calendar updates the entry rather than adding one."""
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "usn-alumni"
    return f"event-{event.pk}@{host}"


def event_component(event, *, online_url: str = "", now=None) -> icalendar.Event:
    """The VEVENT of `event`. Times are written in Europe/Oslo with their TZID (the calendar
    carries the VTIMEZONE), so they are exact instants; the stamp is in UTC.

    `online_url` only for a confirmed participant's own copy."""
    component = icalendar.Event()
    component.add("uid", event_uid(event))
    component.add("dtstamp", (now or timezone.now()).astimezone(ZoneInfo("UTC")))
    component.add("dtstart", event.start.astimezone(OSLO))
    component.add("dtend", event.end.astimezone(OSLO))
    component.add("summary", event.title)
    url = event.full_url or ""
    description = "\n\n".join(part for part in (event.intro, url, online_url) if part)
    component.add("description", description)
    if url:
        component.add("url", url)
    location = ", ".join(
        part for part in (event.venue, event.address, str(event.campus or "")) if part
    )
    if online_url:
        location = f"{location} / {online_url}" if location else online_url
    if location:
        component.add("location", location)
    if event.organiser_email:
        organizer = icalendar.vCalAddress(f"mailto:{event.organiser_email}")
        if event.organiser_name:
            organizer.params["cn"] = icalendar.vText(event.organiser_name)
        component.add("organizer", organizer)
    component.add(
        "last-modified", (event.last_published_at or timezone.now()).astimezone(ZoneInfo("UTC"))
    )
    return component


def calendar_for(components, name: str = "") -> bytes:
    """A VCALENDAR holding `components`, with the time zones they use."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    for component in components:
        calendar.add_component(component)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_ics(event, *, online_url: str = "") -> bytes:
    """One event as a complete .ics file."""
    return calendar_for([event_component(event, online_url=online_url)], name=event.title)


def ics_filename(event) -> str:
    return f"{event.slug or 'event'}.ics"
