"""`manage.py bench` scenarios for the member pages (DESIGN.md §7: p95 ≤ 50 ms, ≤ 15 queries)."""

from django.db.models import Count
from django.urls import reverse

from home.bench import PAGE_MS, Scenario
from home.models import Faculty

from .models import Participant, Profile

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
    return result
