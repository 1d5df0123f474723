"""`manage.py bench` scenarios for the events (DESIGN.md §7: the event list p95 ≤ 50 ms; every
page ≤ 15 queries, the same for 10 or 1,000 rows). Measured on the demo data; at
--members 50,000 there are 5,000 events and about 200,000 registrations."""

from django.db.models import Count

from home.bench import PAGE_MS, Scenario

from .models import EventIndexPage, EventPage, EventRegistration

NAMED = "kari.nordmann@example.no"


def scenarios(context):
    index = EventIndexPage.objects.live().filter(depth=3).order_by("path").first()
    if index is None:
        return []
    member = EventRegistration.objects.filter(user__email=NAMED).select_related("user").first()
    user = member.user if member else None
    busiest = (
        EventPage.objects.live()
        .public()
        .upcoming()
        .annotate(n=Count("registrations"))
        .order_by("-n", "pk")
        .first()
    )
    result = [
        Scenario("event list", index.url, None, PAGE_MS),
        Scenario("event list: past, page 3", f"{index.url}?when=past&page=3", None, PAGE_MS),
        Scenario("event list: search", f"{index.url}?q=karriere", None, PAGE_MS),
    ]
    if busiest is not None:
        result.append(Scenario("event page", busiest.url, None, PAGE_MS))
        if user is not None:
            result.append(Scenario("event page (member)", busiest.url, user, PAGE_MS))
    return result
