"""Demo job postings (careers/jobs/demo.py, called by careers/demo.py): realistic postings in
every status, three waiting for review (one for the HH coordinator), a trusted poster, Kari's
job alert; nothing more when run again; the 2,000 postings for the benchmark, in bulk."""

import io

from django.core.management import call_command
from django.utils import timezone

import pytest

from careers.jobs import demo, policy
from careers.models import JobPosting, JobStatus, SavedJobSearch, TrustedJobPoster
from home.management.commands.seed_demo import DemoContext
from home.models import Faculty

pytestmark = pytest.mark.django_db


def build(members=20):
    context = DemoContext(seed=2026, options={"members": members}, stdout=io.StringIO())
    demo.build(context)
    return context


@pytest.fixture
def seeded(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo", members=20, stdout=io.StringIO())
    if not JobPosting.objects.exists():  # careers/demo.py (engineer K1) calls us once merged
        build()


def test_demo_postings_reviews_trust_and_karis_alert(seeded, coordinator_hh, coordinator_hs):
    # every status, most published; some for members only
    assert JobPosting.objects.count() == len(demo.POSTINGS)
    assert JobPosting.objects.published().count() >= 25
    assert set(JobPosting.objects.values_list("status", flat=True)) == set(JobStatus.values)
    assert JobPosting.objects.filter(status=JobStatus.PENDING).count() == 3
    assert JobPosting.objects.filter(visible_to_visitors=False).exists()

    # one posting waits for the HH coordinator, another for the HS coordinator
    hh = policy.reviewable_postings(coordinator_hh).filter(status=JobStatus.PENDING)
    assert [posting.title for posting in hh] == ["Regnskapsmedarbeider"]
    hs = policy.reviewable_postings(coordinator_hs).filter(status=JobStatus.PENDING)
    assert [posting.title for posting in hs] == ["Vernepleier, avlastning"]

    # a trusted poster, and Kari's job alert
    assert TrustedJobPoster.objects.count() == 1
    search = SavedJobSearch.objects.get(user__email="kari.nordmann@example.no")
    assert search.query["q"] == "økonomi"
    assert search.query["faculty"] == Faculty.objects.get(code="HH").pk

    # published postings are open, say how to apply, and come from verified members or staff
    now = timezone.now()
    for posting in JobPosting.objects.filter(status=JobStatus.PUBLISHED).select_related(
        "posted_by__profile"
    ):
        assert posting.expires_at > now
        assert posting.apply_url or posting.apply_email
        assert posting.posted_by.is_superuser or posting.posted_by.profile.is_verified


def test_demo_is_idempotent(seeded):
    before = JobPosting.objects.count(), SavedJobSearch.objects.count()
    build()
    assert (JobPosting.objects.count(), SavedJobSearch.objects.count()) == before


def test_scale_postings_are_published_in_bulk_once(seeded, monkeypatch):
    monkeypatch.setattr(demo, "SCALE_POSTINGS", 300)
    before = JobPosting.objects.count()
    build(members=demo.SCALE_MEMBERS)
    assert JobPosting.objects.count() == before + 300
    assert JobPosting.objects.published().count() >= 300
    assert JobPosting.faculties.through.objects.count() >= 300
    build(members=demo.SCALE_MEMBERS)
    assert JobPosting.objects.count() == before + 300
