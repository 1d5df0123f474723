"""Shared by the mentoring tests: mentors and mentees with known programmes, industries and
interests, so that the ranking is known in advance; and a coordinator's programme."""

from datetime import timedelta

from django.utils import timezone

import pytest

from careers.mentoring import service
from careers.models import MentoringProgramme, MentorProfile
from community.models import InterestTag, Profile, Visibility
from home.models import Faculty
from tests.community.conftest import make_member

OPEN = {
    f"{part}_visibility": Visibility.MEMBERS
    for part in ("education", "industry", "interests", "work", "headline")
}


def tag(name, curated=True):
    return InterestTag.objects.get_or_create(name=name, defaults={"curated": curated})[0]


def set_interests(user, *names):
    profile = Profile.objects.get(user=user)
    profile.interests.set([tag(name) for name in names])
    profile.save()


def make_mentor(
    email,
    *,
    name=None,
    programme_code="BSP",
    industry="",
    interests=(),
    topics=(),
    capacity=2,
    one_off=True,
    term=True,
    active=True,
    **fields,
):
    """A verified member of `programme_code` with an (active) mentor offer; open profile."""
    user = make_member(
        email,
        programme_code=programme_code,
        display_name=name or email.split("@")[0].title(),
        industry=industry,
        **{**OPEN, **fields},
    )
    if interests:
        set_interests(user, *interests)
    offer = service.save_offer(
        user,
        about=f"Jeg hjelper gjerne med {', '.join(topics) or 'karriere'}.",
        topics=[tag(name) for name in topics],
        capacity=capacity,
        offers_one_off=one_off,
        offers_term=term,
        active=active,
    )
    return MentorProfile.objects.get(pk=offer.pk)


def make_mentee(email, *, programme_code="MØA", industry="", interests=(), **fields):
    user = make_member(
        email, programme_code=programme_code, display_name=email.split("@")[0].title(),
        industry=industry, **fields,
    )  # fmt: skip
    if interests:
        set_interests(user, *interests)
    return user


def make_programme(faculty_code="HH", *, name=None, open_now=True, **fields):
    now = timezone.now()
    window = (now - timedelta(days=1), now + timedelta(days=14))
    if not open_now:
        window = (now - timedelta(days=30), now - timedelta(days=1))
    today = timezone.localdate()
    return MentoringProgramme.objects.create(
        name=name or f"Mentorprogram {faculty_code}",
        description="Et program for studenter.",
        faculty=Faculty.objects.get(code=faculty_code),
        applications_open=window[0],
        applications_close=window[1],
        starts=fields.pop("starts", today + timedelta(days=20)),
        ends=fields.pop("ends", today + timedelta(days=200)),
        **fields,
    )


@pytest.fixture(name="mentee")
def mentee_fixture(db):
    """A verified HH alumna (MØA) in banking, interested in leadership and finance."""
    return make_mentee(
        "mentee@example.no",
        programme_code="MØA",
        industry="banking",
        interests=("Ledelse", "Økonomi og finans"),
    )
