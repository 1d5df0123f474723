"""Fixtures for community tests: members of different faculties and verification states."""

import pytest
from allauth.account.models import EmailAddress

from accounts.factories import UserFactory
from community.members import ensure_profile
from community.models import EducationRecord
from home.models import Programme


def make_member(email, *, programme_code=None, year=2015, verified=True, listed=True, **fields):
    user = UserFactory(email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    profile = ensure_profile(user)
    if programme_code:
        programme = Programme.objects.get(code=programme_code)
        EducationRecord.objects.create(
            profile=profile,
            faculty=programme.faculty,
            programme=programme,
            graduation_year=year,
            verified=verified,
        )
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.listed_in_directory = listed
    profile.save()
    if verified:
        profile.mark_verified("register")
    user.refresh_from_db()  # forget the profile cached on the user before it was verified
    return user


@pytest.fixture
def hh_alumnus(db):
    return make_member("hh.alumn@example.no", programme_code="MØA", display_name="Hanne HH")


@pytest.fixture
def hs_alumnus(db):
    return make_member("hs.alumn@example.no", programme_code="BSP", display_name="Sindre HS")


@pytest.fixture
def unverified_member(db):
    return make_member("uverifisert@example.no", verified=False, display_name="Ulrik Uverifisert")
