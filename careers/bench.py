"""`manage.py bench` scenarios for the careers app: the job list (DESIGN.md §7: every page
≤ 15 queries, the same for 10 or 1,000 rows; held to the list pages' 50 ms). Measured on the demo
data; at --members 50,000 there are about 2,000 published job postings (careers/jobs/demo.py)."""

from django.urls import reverse

from accounts.models import User
from home.bench import PAGE_MS, Scenario

from .models import JobPosting

NAMED = "kari.nordmann@example.no"


def scenarios(context):
    newest = JobPosting.objects.published().newest_first().first()
    if newest is None:
        return []
    url = reverse("careers:job_list")
    kari = User.objects.filter(email__iexact=NAMED).first()
    result = [
        Scenario("job list", url, None, PAGE_MS),
        Scenario("job list: search", f"{url}?q=r%C3%A5dgiver", None, PAGE_MS),
        Scenario("job list: filters, page 3", f"{url}?job_type=full_time&page=3", None, PAGE_MS),
        Scenario("job posting", reverse("careers:job_detail", args=[newest.pk]), None, PAGE_MS),
    ]
    if kari is not None:
        result.append(Scenario("job list: search (member)", f"{url}?q=konsulent", kari, PAGE_MS))
    return result
