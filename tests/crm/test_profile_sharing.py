"""The member's choice on the profile edit form: unticked by default, its change time recorded,
and un-ticking reaches the CRM as a withdrawal."""

import re

from django.urls import reverse
from django.utils import translation

import pytest
from freezegun import freeze_time

from crm.models import SharingWithdrawal
from tests.community.conftest import make_member

pytestmark = pytest.mark.django_db


def profile_form_data(profile, **overrides):
    data = {
        "profile-display_name": profile.display_name,
        "education-TOTAL_FORMS": "0",
        "education-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
    }
    for field in (
        "photo",
        "headline",
        "education",
        "work",
        "industry",
        "location",
        "bio",
        "skills",
        "interests",
        "links",
        "languages",
        "mentoring",
        "groups",
    ):
        data[f"visibility-{field}_visibility"] = getattr(profile, f"{field}_visibility")
    data.update(overrides)
    return data


@pytest.fixture
def alumna(db):
    return make_member("alumna@example.no", display_name="Alma Alumna")


def test_the_box_is_in_the_privacy_part_unticked_with_its_help_text(client, alumna):
    client.force_login(alumna)
    with translation.override("en"):
        html = client.get(reverse("community:profile_edit")).content.decode()

    [box] = re.findall(r"<input[^>]*name=\"profile-share_with_crm\"[^>]*>", html)
    assert 'type="checkbox"' in box
    assert "checked" not in box
    assert "customer register" in html
    assert html.index("profile-share_with_crm") > html.index("profile-listed_in_directory")


def test_ticking_the_box_shares_and_records_when(client, alumna):
    client.force_login(alumna)
    profile = alumna.profile

    with freeze_time("2026-03-02 10:00:00"):
        response = client.post(
            reverse("community:profile_edit"),
            profile_form_data(profile, **{"profile-share_with_crm": "on"}),
        )

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.share_with_crm is True
    assert profile.share_with_crm_changed_at.isoformat() == "2026-03-02T10:00:00+00:00"
    assert not SharingWithdrawal.objects.exists()


def test_saving_without_changing_the_choice_keeps_its_time(client, alumna):
    client.force_login(alumna)
    profile = alumna.profile

    client.post(reverse("community:profile_edit"), profile_form_data(profile))

    profile.refresh_from_db()
    assert profile.share_with_crm is False
    assert profile.share_with_crm_changed_at is None


def test_unticking_the_box_withdraws_once(client, alumna):
    client.force_login(alumna)
    profile = alumna.profile
    profile.share_with_crm = True
    profile.save()

    with freeze_time("2026-03-05 08:00:00"):
        client.post(reverse("community:profile_edit"), profile_form_data(profile))
    client.post(reverse("community:profile_edit"), profile_form_data(profile))

    profile.refresh_from_db()
    assert profile.share_with_crm is False
    assert profile.share_with_crm_changed_at.isoformat() == "2026-03-05T08:00:00+00:00"
    [withdrawal] = SharingWithdrawal.objects.all()
    assert withdrawal.member_id == alumna.pk
    assert withdrawal.withdrawn_at.isoformat() == "2026-03-05T08:00:00+00:00"
