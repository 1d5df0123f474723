"""The rollout switches on faculty sections: set centrally, and each feature respects them."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation

import pytest

from careers.jobs.forms import JobPostingForm
from careers.mentoring import policy as mentoring_policy
from careers.mentoring.policy import MentoringRefused
from careers.mentoring.views import open_programmes
from careers.models import MentoringProgramme
from community.groups.forms import GroupForm
from events.factories import EventIndexPageFactory, EventPageFactory
from events.registration import RegistrationRefused, refusal_for, register
from home import rollout
from home.models import FacultySectionPage
from tests.conftest import login_to_admin

pytestmark = pytest.mark.django_db


def switch_off(section, feature):
    setattr(section, f"{feature}_enabled", False)
    section.save_revision().publish()


def test_every_feature_is_on_for_existing_sections(sections, faculties):
    assert all(
        rollout.feature_enabled(faculty, feature)
        for faculty in faculties.values()
        for feature in rollout.FEATURES
    )


def test_a_switch_turned_off_is_seen_at_once(sections, faculties):
    switch_off(sections["HS"], "groups")
    assert not rollout.feature_enabled(faculties["HS"], "groups")
    assert rollout.feature_enabled(faculties["HH"], "groups")
    assert rollout.feature_enabled(None, "groups")


def test_the_answer_costs_no_query_once_cached(sections, faculties, django_assert_num_queries):
    rollout.feature_enabled(faculties["HH"], "events")
    with django_assert_num_queries(0):
        for faculty in faculties.values():
            for feature in rollout.FEATURES:
                rollout.feature_enabled(faculty, feature)


def test_an_unknown_feature_is_a_programming_error(faculties):
    with pytest.raises(ValueError):
        rollout.feature_enabled(faculties["HH"], "podcasts")


# Events -------------------------------------------------------------------------------------


def test_registration_is_closed_for_an_event_under_a_section_with_events_off(
    sections, verified_member
):
    index = EventIndexPageFactory(parent=sections["HH"], slug="arrangementer")
    event = EventPageFactory(parent=index, slug="nettverksmote")
    assert refusal_for(event, verified_member) is None
    switch_off(sections["HH"], "events")
    event.refresh_from_db()
    with translation.override("en"):
        code, message = refusal_for(event, verified_member)
        assert code == "not_offered"
        assert "closed" in str(message)
        with pytest.raises(RegistrationRefused):
            register(event, user=verified_member)
    assert not event.registrations.exists()


def test_the_event_page_shows_registration_closed_not_an_error(client, sections, verified_member):
    index = EventIndexPageFactory(parent=sections["HH"], slug="arrangementer")
    event = EventPageFactory(parent=index, slug="nettverksmote")
    switch_off(sections["HH"], "events")
    client.force_login(verified_member)
    response = client.get(event.url)
    assert response.status_code == 200
    response = client.post(event.url + "register/", {"guests": 0}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code < 500
    assert not event.registrations.exists()


# Groups -------------------------------------------------------------------------------------


def group_data(faculty):
    return {
        "name": "Økonomer i Vestfold",
        "description": "For økonomer som bor i Vestfold.",
        "kind": "open",
        "faculty": faculty.pk,
        "industry": "",
        "region": "",
    }


def test_a_group_linked_to_a_faculty_with_groups_off_is_refused(sections, faculties):
    switch_off(sections["HH"], "groups")
    with translation.override("en"):
        form = GroupForm(group_data(faculties["HH"]))
        assert not form.is_valid()
        assert "does not have groups" in form.errors["faculty"][0]
    assert GroupForm(group_data(faculties["HS"])).is_valid()


# Mentoring ----------------------------------------------------------------------------------


def make_programme(faculty):
    now = timezone.now()
    return MentoringProgramme.objects.create(
        name="Mentorprogram",
        description="Et program.",
        faculty=faculty,
        applications_open=now - timedelta(days=1),
        applications_close=now + timedelta(days=10),
        starts=(now + timedelta(days=20)).date(),
        ends=(now + timedelta(days=200)).date(),
    )


def test_mentoring_programmes_of_a_faculty_with_mentoring_off_are_not_offered(
    sections, faculties, verified_member
):
    programme = make_programme(faculties["HH"])
    central = make_programme(None)
    assert set(open_programmes()) == {programme, central}
    switch_off(sections["HH"], "mentoring")
    assert list(open_programmes()) == [central]
    assert not mentoring_policy.programme_offered(programme)
    with pytest.raises(MentoringRefused):
        mentoring_policy.check_may_apply(verified_member, programme, "mentee")
    assert not programme.applications.exists()


# Job board ----------------------------------------------------------------------------------


def job_data(*faculties):
    return {
        "title": "Controller",
        "employer": "Vestfold Regnskap AS",
        "location": "Tønsberg",
        "workplace": "on_site",
        "job_type": "full_time",
        "description": "Vi søker en controller.",
        "faculties": [faculty.pk for faculty in faculties],
        "apply_email": "jobb@example.no",
    }


def test_a_posting_naming_only_faculties_with_the_job_board_off_is_refused(sections, faculties):
    switch_off(sections["HH"], "job_board")
    with translation.override("en"):
        form = JobPostingForm(job_data(faculties["HH"]))
        assert not form.is_valid()
        assert "job board is not open" in form.errors["faculties"][0]
    assert JobPostingForm(job_data(faculties["HH"], faculties["HS"])).is_valid()
    assert JobPostingForm(job_data()).is_valid()


# Campaigns ----------------------------------------------------------------------------------


def test_campaigns_switch_is_answered_for_the_newsletters_app(sections, faculties):
    switch_off(sections["TNM"], "campaigns")
    assert not rollout.feature_enabled(faculties["TNM"], "campaigns")
    assert rollout.feature_enabled(faculties["TNM"].pk, "events")


# Who may change the switches ----------------------------------------------------------------


def edit_url(section):
    return f"/admin/pages/{section.pk}/edit/"


def test_a_coordinator_does_not_get_the_switches_in_the_editor(client, sections, coordinator_hh):
    login_to_admin(client, coordinator_hh)
    response = client.get(edit_url(sections["HH"]))
    assert response.status_code == 200
    assert b'name="events_enabled"' not in response.content
    assert b'name="campaigns_enabled"' not in response.content


def test_a_coordinator_cannot_switch_a_feature_off_by_posting_it(client, sections, coordinator_hh):
    section = sections["HH"]
    login_to_admin(client, coordinator_hh)
    client.post(
        edit_url(section),
        {
            "title": section.title,
            "slug": section.slug,
            "intro": "",
            "image_alt": "",
            "body-count": "0",
            "events_enabled": "",
            "groups_enabled": "",
            "action-publish": "publish",
        },
    )
    section = FacultySectionPage.objects.get(pk=section.pk)
    assert section.events_enabled and section.groups_enabled


def test_a_superuser_gets_the_switches(client, sections, superuser):
    login_to_admin(client, superuser)
    response = client.get(edit_url(sections["HH"]))
    assert b'name="events_enabled"' in response.content
    assert b'name="job_board_enabled"' in response.content


# Planned sections -------------------------------------------------------------------------


def test_a_member_of_a_faculty_whose_section_is_planned_can_join(client, sections, faculties):
    """HIU's section is planned: its graduates sign up and are verified like everyone else."""
    from allauth.account.models import EmailAddress

    from accounts.models import User
    from community.models import GraduateRecord
    from community.verification import match_register_for_user

    assert not sections["HIU"].is_public
    GraduateRecord.objects.create(
        student_number="900001",
        full_name="Ida Idrett",
        email="ida.idrett@example.no",
        faculty=faculties["HIU"],
        programme_name="Bachelor i idrett",
        graduation_date="2020-06-15",
    )
    response = client.post(
        reverse("account_signup"),
        {
            "email": "ida.idrett@example.no",
            "password1": "et langt og godt passord 2026",
            "password2": "et langt og godt passord 2026",
            "first_name": "Ida",
            "last_name": "Idrett",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="ida.idrett@example.no")
    EmailAddress.objects.filter(user=user).update(verified=True)
    assert match_register_for_user(user)
    user.profile.refresh_from_db()
    assert user.profile.is_verified
    assert user.profile.education.filter(faculty=faculties["HIU"]).exists()
