"""`manage.py bench` scenarios for the member pages (DESIGN.md §7: p95 ≤ 50 ms, ≤ 15 queries)."""

from urllib.parse import urlencode

from django.db.models import Count
from django.urls import resolve, reverse

from home.bench import PAGE_MS, Scenario
from home.models import Faculty

from .models import Group, GroupMembership, GroupThread, Participant, Profile

NAMED = "kari.nordmann@example.no"


def scenarios(context):
    member = Profile.objects.select_related("user").filter(user__email=NAMED).first()
    if member is None:
        return []
    user = member.user
    other = Profile.objects.listed().exclude(pk=member.pk).order_by("pk").first()
    directory = reverse("community:directory")
    hh = Faculty.objects.get(code="HH").pk
    result = [
        Scenario("directory: name search", f"{directory}?q=Hansen", user, PAGE_MS),
        Scenario(
            "directory: skill + faculty", f"{directory}?q=regnskap&faculty={hh}", user, PAGE_MS
        ),
        Scenario("directory: filters only", f"{directory}?industry=it&country=NO", user, PAGE_MS),
        # The first visit: every listed member by name, and "people like you".
        Scenario("directory: no search", directory, user, PAGE_MS),
        Scenario("profile", reverse("community:profile_detail", args=[other.pk]), user, PAGE_MS),
        Scenario("inbox", reverse("community:inbox"), user, PAGE_MS),
    ]
    busiest = (
        Participant.objects.current()
        .filter(user=user)
        .annotate(n=Count("conversation__messages"))
        .order_by("-n")
        .first()
    )
    if busiest:
        result.append(
            Scenario(
                "conversation",
                reverse("community:conversation", args=[busiest.conversation_id]),
                user,
                PAGE_MS,
            )
        )
        result.append(
            Scenario(
                "conversation poll (nothing new)",
                reverse("community:conversation_new_messages", args=[busiest.conversation_id])
                + "?etter=999999999",
                user,
                PAGE_MS,
            )
        )
    result.append(Scenario("header badges poll", reverse("community:notification_count"), user))
    return result + group_scenarios(user, hh)


def is_built(path: str) -> bool:
    """Does the page at `path` answer GET yet? A view class without get() is a placeholder
    of a page still being built; its scenario is left out rather than failing the run."""
    view_class = getattr(resolve(path).func, "view_class", None)
    return view_class is None or hasattr(view_class, "get")


def group_scenarios(user, faculty_id) -> list[Scenario]:
    """The group directory, and the busiest group's page and its longest thread as one of its
    members sees them (at --members ≥ 50,000: 5,000 threads and 45,000 replies)."""
    directory = reverse("community:group_directory")
    query = urlencode({"q": "økonomi", "faculty": faculty_id, "sort": "members"})
    result = [
        Scenario("group list", directory, user, PAGE_MS),
        Scenario("group list: search + filter", f"{directory}?{query}", user, PAGE_MS),
    ]
    busiest = Group.objects.active().order_by("-thread_count", "pk").first()
    if busiest is None or not busiest.thread_count:
        return result
    members = GroupMembership.objects.active().filter(group=busiest).select_related("user")
    member = members.filter(user=user).first() or members.order_by("joined_at", "pk").first()
    if member is None:
        return result
    page = reverse("community:group_detail", args=[busiest.pk])
    if is_built(page):
        result.append(Scenario("group page", page, member.user, PAGE_MS))
    longest = GroupThread.objects.filter(group=busiest).order_by("-reply_count", "pk").first()
    thread = reverse("community:group_thread", args=[longest.pk])
    if is_built(thread):
        result.append(Scenario("group thread", thread, member.user, PAGE_MS))
    return result
