"""A small known dataset for the figures, built with the factories at frozen times."""

import datetime

from django.utils import timezone

import pytest
from freezegun import freeze_time

from accounts.factories import UserFactory
from community.factories import GroupFactory, GroupThreadFactory
from community.members import ensure_profile
from community.models import EducationRecord, GraduateRecord, Profile

NOW = "2026-06-15 12:00"


def aware(*args):
    return timezone.make_aware(datetime.datetime(*args))


def make_member(email, faculty, *, joined, verified=False, **profile_fields):
    user = UserFactory(email=email)
    profile = ensure_profile(user)
    EducationRecord.objects.create(profile=profile, faculty=faculty, graduation_year=2015)
    Profile.objects.filter(pk=profile.pk).update(
        created_at=joined,
        is_verified=verified,
        verified_at=joined if verified else None,
        **profile_fields,
    )
    return user


@pytest.fixture
def known_data(faculties):
    """HH: three members (two joined in May, one in June, two verified); HS: one member (June).
    HH's register has four graduates, two of them members. One HH group with a thread in June."""
    hh, hs = faculties["HH"], faculties["HS"]
    may, june = aware(2026, 5, 10), aware(2026, 6, 5)
    people = {
        "anne": make_member("anne@example.no", hh, joined=may, verified=True, headline="Økonom"),
        "bjorn": make_member("bjorn@example.no", hh, joined=may, verified=True),
        "cecilie": make_member("cecilie@example.no", hh, joined=june),
        "dag": make_member("dag@example.no", hs, joined=june),
    }
    for number, user in enumerate([people["anne"], people["bjorn"], None, None]):
        GraduateRecord.objects.create(
            student_number=f"10{number}",
            full_name=f"Kandidat {number}",
            faculty=hh,
            programme_name="Master i økonomi",
            graduation_date=datetime.date(2015, 6, 1),
            matched_user=user,
        )
    with freeze_time(aware(2026, 6, 3, 9)):
        group = GroupFactory(faculty=hh, owner=people["anne"])
        GroupThreadFactory(group=group, author=people["anne"])
    return people


@pytest.fixture
def frozen_now():
    with freeze_time(NOW):
        yield
