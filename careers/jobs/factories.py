"""Factories for job postings and saved searches, shared by tests and demo data."""

from datetime import timedelta

from django.utils import timezone

import factory

from ..models import JobPosting, JobStatus, JobType, SavedJobSearch, WorkPlace
from .service import expiry_for


class JobPostingFactory(factory.django.DjangoModelFactory):
    """A published posting by default; `status=JobStatus.PENDING` for one waiting for review."""

    class Meta:
        model = JobPosting
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Økonomirådgiver {n}")
    employer = "Vestfold Regnskap AS"
    location = "Tønsberg"
    workplace = WorkPlace.HYBRID
    job_type = JobType.FULL_TIME
    description = "Vi søker en engasjert rådgiver til vårt team i Tønsberg."
    apply_url = "https://jobb.example.no/stilling"
    deadline = None
    status = JobStatus.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() - timedelta(days=1) if o.status == JobStatus.PUBLISHED else None
    )
    expires_at = factory.LazyAttribute(
        lambda o: expiry_for(o.published_at, o.deadline) if o.published_at else None
    )

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def faculties(self, create, extracted, **kwargs):
        if create and extracted:
            self.faculties.set(extracted)

    @factory.post_generation
    def programmes(self, create, extracted, **kwargs):
        if create and extracted:
            self.programmes.set(extracted)


class SavedJobSearchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedJobSearch

    name = "Økonomijobber"
    query = factory.LazyFunction(dict)
    last_notified_published_at = factory.LazyFunction(timezone.now)
