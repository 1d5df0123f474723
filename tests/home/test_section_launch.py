"""Launching a faculty section is decided centrally: coordinators cannot change it."""

from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest

from home.models import FacultySectionPage, LaunchState


def section_form(section, **overrides):
    data = {
        "title": section.title,
        "slug": section.slug,
        "intro": section.intro,
        "image_alt": "",
        "body": streamfield([]),
        "faculty": section.faculty_id,
        "launch_state": section.launch_state,
        "action-publish": "action-publish",
    }
    data.update(overrides)
    return nested_form_data(data)


@pytest.mark.django_db
def test_coordinator_does_not_see_the_launch_fields(client, sections, faculties):
    from django.contrib.auth.models import Group

    from accounts.factories import UserFactory

    coordinator = UserFactory(email="hiu@usn.example")
    coordinator.groups.add(Group.objects.get(name="Fakultetskoordinator HIU"))
    client.force_login(coordinator)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[sections["HIU"].pk])).content
    assert b'name="launch_state"' not in html
    assert b'name="faculty"' not in html


@pytest.mark.django_db
def test_coordinator_cannot_launch_a_planned_section_by_posting_the_field(client, sections):
    from django.contrib.auth.models import Group

    from accounts.factories import UserFactory

    coordinator = UserFactory(email="hiu@usn.example")
    coordinator.groups.add(Group.objects.get(name="Fakultetskoordinator HIU"))
    client.force_login(coordinator)
    hiu = sections["HIU"]
    client.post(
        reverse("wagtailadmin_pages:edit", args=[hiu.pk]),
        section_form(hiu, intro="Ny tekst", launch_state=LaunchState.LIVE),
    )
    hiu = FacultySectionPage.objects.get(pk=hiu.pk)
    assert hiu.intro == "Ny tekst"  # the edit itself went through
    assert hiu.launch_state == LaunchState.PLANNED


@pytest.mark.django_db
def test_editor_launches_a_section(client, sections, editor):
    client.force_login(editor)
    hiu = sections["HIU"]
    client.post(
        reverse("wagtailadmin_pages:edit", args=[hiu.pk]),
        section_form(hiu, launch_state=LaunchState.LIVE),
    )
    # Wagtail's Editors group saves a draft; a moderator publishes it.
    draft = FacultySectionPage.objects.get(pk=hiu.pk).get_latest_revision_as_object()
    assert draft.launch_state == LaunchState.LIVE
