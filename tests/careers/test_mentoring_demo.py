"""Demo mentoring (careers/mentoring/demo.py, called by careers/demo.py from `seed_demo`): about
25 mentors with topics, Kari with an active mentorship as a mentee and a request waiting, and the
HH programme with applications and suggested matches; a second run adds nothing."""

import io

from django.core.management import call_command

import pytest

from careers.mentoring import demo
from careers.models import (
    MentoringProgramme,
    MentoringRequest,
    MentorProfile,
    Mentorship,
    ProgrammeApplication,
    ProgrammeMatch,
)
from community.models import Profile
from home.management.commands.seed_demo import DemoContext

pytestmark = pytest.mark.django_db


def build():
    demo.build(DemoContext(seed=2026, options={}, stdout=io.StringIO()))


@pytest.fixture
def seeded(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo", members=120, stdout=io.StringIO())
    build()


def counts():
    return tuple(
        model.objects.count()
        for model in (
            MentorProfile,
            Mentorship,
            MentoringRequest,
            MentoringProgramme,
            ProgrammeApplication,
            ProgrammeMatch,
        )
    )


def test_demo_mentors_kari_and_the_hh_programme(seeded):
    mentors = MentorProfile.objects.exclude(user__email="kari.nordmann@example.no")
    assert mentors.count() == demo.MENTORS
    assert all(mentor.topics.exists() for mentor in mentors)
    assert (
        not Profile.objects.filter(user__mentor_profile__active=True)
        .exclude(open_to_mentoring=True)
        .exists()
    )
    kari = "kari.nordmann@example.no"
    assert Mentorship.objects.filter(mentee__email=kari, status="active").count() == 1
    assert MentoringRequest.objects.filter(mentee__email=kari, status="pending").count() == 1
    programme = MentoringProgramme.objects.get(name=demo.PROGRAMME_NAME)
    assert programme.faculty.code == "HH" and programme.is_open_for_applications()
    assert programme.applications.filter(role="mentor").exists()
    assert programme.applications.filter(role="mentee").count() == demo.PROGRAMME_MENTEES
    assert programme.matches.filter(status="suggested").exists()


def test_demo_is_idempotent(seeded):
    before = counts()
    build()
    assert counts() == before
