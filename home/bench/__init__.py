"""What `manage.py bench` runs: scenarios from every app's `<app>.bench` module.

Budgets from DESIGN.md §7: p95 ≤ 50 ms for the directory search, a profile, the inbox, a
conversation, a group page and the event list; ≤ 15 SQL queries on every page.
"""

from dataclasses import dataclass, field

from wagtail.models import Site

PAGE_MS = 50
PAGE_QUERIES = 15


@dataclass
class Scenario:
    name: str
    path: str
    user: object = None
    budget_ms: int | None = None
    max_queries: int | None = PAGE_QUERIES
    bare: bool = False


@dataclass
class BenchContext:
    members: int
    shared: dict = field(default_factory=dict)


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
