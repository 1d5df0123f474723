"""The event list of an index, fast at 5,000 events (DESIGN.md §7: p95 ≤ 50 ms).

Asking the database for "the next twelve events of this scope, with their places" makes it join
every listed event to Wagtail's page table, test each path against the planned sections and view
restrictions, count places for each, and sort them all — for every visitor, though the answer
changes only when a page is published or moved. So the facts the filters need (id, start, end,
faculty, campus, mode) of every listed event of the scope are kept in the cache under the page-tree
version (`home.menus`: any page saved, published, moved or deleted, any view restriction, makes a
new version), and a request filters and pages them in Python; the database then loads only the
twelve events shown, places taken included. Topic and text search ask the database for the
matching ids of the scope's events, one plain query each.
"""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Q
from django.template import Context
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from home.menus import MENU_CACHE_SECONDS, chrome_key, request_key

from .models import AttendanceMode, EventPage, EventPageTag

# One listed event: a plain tuple of numbers and a short string, times as POSIX timestamps,
# because thousands of them are unpickled from the cache on every request, and tuples of plain
# values are the cheapest thing to unpickle (aware datetimes cost ten times as much).
PK, START, END, FACULTY, CAMPUS, MODE = range(6)


def listed_events(index) -> list[tuple]:
    """(pk, start, end, faculty_id, campus_id, attendance_mode) of every listed event of
    `index`'s scope, soonest first, from the cache when it can."""
    key = chrome_key("event-scope", index.pk)
    rows = cache.get(key)
    if rows is None:
        rows = [
            (pk, start.timestamp(), end.timestamp(), faculty_id, campus_id, mode)
            for pk, start, end, faculty_id, campus_id, mode in index.events()
            .order_by("start", "pk")
            .values_list("pk", "start", "end", "faculty_id", "campus_id", "attendance_mode")
        ]
        cache.set(key, rows, MENU_CACHE_SECONDS)
    return rows


def _matching(rows, filters, now) -> list[int]:
    """The ids of the rows the filters keep, in the list's order."""
    now = now.timestamp()
    if filters["when"] == "past":
        rows = [row for row in reversed(rows) if row[END] < now]
    else:
        rows = [row for row in rows if row[END] >= now]
    if filters["faculty"]:
        faculty = int(filters["faculty"])
        rows = [row for row in rows if row[FACULTY] == faculty]
    if filters["campus"]:
        campus = int(filters["campus"])
        rows = [row for row in rows if row[CAMPUS] == campus]
    if filters["month"]:
        month_start, month_end = (moment.timestamp() for moment in filters["month"])
        rows = [row for row in rows if row[START] < month_end and row[END] >= month_start]
    if filters["mode"] == "online":
        rows = [row for row in rows if row[MODE] != AttendanceMode.IN_PERSON]
    elif filters["mode"] == "in_person":
        rows = [row for row in rows if row[MODE] != AttendanceMode.ONLINE]
    ids = [row[PK] for row in rows]
    if filters["topic"] and ids:
        tagged = set(
            EventPageTag.objects.filter(tag__slug=filters["topic"]).values_list(
                "content_object_id", flat=True
            )
        )
        ids = [pk for pk in ids if pk in tagged]
    if filters["q"] and ids:
        found = set(
            EventPage.objects.filter(
                Q(title__icontains=filters["q"]) | Q(intro__icontains=filters["q"])
            ).values_list("pk", flat=True)
        )
        ids = [pk for pk in ids if pk in found]
    return ids


def event_page(index, filters, now, page_number, per_page):
    """The requested page of the index's events: a Paginator page whose object_list holds the
    events themselves (faculty, campus, image and places taken loaded)."""
    ids = _matching(listed_events(index), filters, now)
    page = Paginator(ids, per_page).get_page(page_number)
    shown = list(page.object_list)
    if shown:
        events = {
            event.pk: event
            for event in EventPage.objects.filter(pk__in=shown)
            .with_places_taken()
            .select_related("faculty", "campus", "image")
        }
        page.object_list = [events[pk] for pk in shown if pk in events]
    else:
        page.object_list = []
    return page


def event_cards(request, events) -> list[SafeString]:
    """The HTML of each event's card on the list (`events/components/event_card.html`), from the
    cache when it can: one round trip for the page.

    A card is the same for every viewer (title, time, place, introduction, places left; nothing
    about the person looking), so it is kept under the page-tree version, the host and language
    (as the site chrome, `home.menus`: a page published, changed or moved makes every card
    stale) and the places taken, which change with every registration. The card template is
    rendered with a plain Context: it needs the request (for `pageurl`) but none of the context
    processors."""
    events = list(events)
    prefix = chrome_key("event-card", request_key(request))
    keys = [f"{prefix}:{event.pk}:{getattr(event, 'places_taken', '')}" for event in events]
    found = cache.get_many(keys)
    missing = {}
    template = None
    cards = []
    for key, event in zip(keys, events, strict=True):
        html = found.get(key)
        if html is None:
            if template is None:
                template = get_template("events/components/event_card.html").template
            html = missing[key] = template.render(Context({"item": event, "request": request}))
        cards.append(mark_safe(html))  # noqa: S308 — rendered by the autoescaping card template
    if missing:
        cache.set_many(missing, MENU_CACHE_SECONDS)
    return cards
