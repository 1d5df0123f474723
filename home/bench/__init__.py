"""What `manage.py bench` runs: scenarios from every app's `<app>.bench` module.

Budgets from DESIGN.md §7: p95 ≤ 50 ms for the directory search, a profile, the inbox, a
conversation, a group page and the event list; ≤ 15 SQL queries on every page.

Three kinds of scenario: a page (`path`, requested through the test client), a callable (`call`,
timed like a request: p50/p95 of `runs` calls, queries of one), and a rate (`rate`, run once: a
callable returning a `RateResult`, judged against `min_rate` items per second).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from wagtail.models import Site

PAGE_MS = 50
PAGE_QUERIES = 15


@dataclass
class Scenario:
    name: str
    path: str = ""
    user: object = None
    budget_ms: int | None = None
    max_queries: int | None = PAGE_QUERIES
    bare: bool = False
    call: Callable[[], object] | None = None  # a non-HTTP scenario, timed per call
    rate: Callable[[], "RateResult"] | None = None  # a throughput scenario, run once
    min_rate: float | None = None  # items per second, for `rate`


@dataclass
class RateResult:
    """What a rate scenario did: `items` done in `seconds` of wall time, the time each item
    took (ms; for p50/p95) and the SQL queries per `per` (e.g. "batch of 200")."""

    items: int
    seconds: float
    item_ms: list[float]
    queries: int
    per: str = "item"

    @property
    def rate(self) -> float:
        return self.items / self.seconds if self.seconds else 0.0


@dataclass
class BenchContext:
    members: int
    shared: dict = field(default_factory=dict)
    recipients: int | None = None  # newsletters: mails in the send-rate scenario (None: all)


def scenarios(context):
    """The content pages: home, a faculty section, a news story (no time budget in §7, queries
    ≤ 15), as a visitor sees them."""
    from home.models import FacultySectionPage, NewsPage

    site = Site.objects.get(is_default_site=True)
    result = [Scenario("home page (visitor)", site.root_page.url)]
    section = FacultySectionPage.objects.live().public().filter(launch_state="live").first()
    section = section or FacultySectionPage.objects.live().public().first()
    if section:
        result.append(Scenario("faculty section (visitor)", section.url))
    news = NewsPage.objects.live().public().order_by("-first_published_at").first()
    if news:
        result.append(Scenario("news page (visitor)", news.url))
    return result
