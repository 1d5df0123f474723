"""The export and erasure registry covers every model that points at a person (P1, P2)."""

import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder

import pytest

from accounts.registry import erase_user, export_user, registered_models


def models_pointing_at_users():
    user_model = get_user_model()
    for model in apps.get_models():
        fields = [
            field.name
            for field in model._meta.get_fields()
            if field.is_relation
            and field.concrete
            and field.related_model is user_model
            and field.model is model  # fields inherited through multi-table inheritance count once
        ]
        if fields:
            yield model, fields


def test_every_model_that_points_at_a_user_is_registered():
    registered = registered_models()
    missing = [
        f"{model._meta.label} ({', '.join(fields)})"
        for model, fields in models_pointing_at_users()
        if model not in registered
    ]
    assert not missing, f"add these to the personal-data registry: {missing}"


def test_the_check_itself_sees_user_pointing_models():
    labels = {model._meta.label for model, _ in models_pointing_at_users()}
    assert {"community.Profile", "community.VerificationClaim", "account.EmailAddress"} <= labels


@pytest.mark.django_db
def test_export_holds_the_members_profile_and_education_as_json(verified_member):
    profile = verified_member.profile
    profile.employer = "Equinor"
    profile.skills.add("Regnskap")
    profile.save()
    data = export_user(verified_member)
    exported = data["community.Profile"]
    assert exported["employer"] == "Equinor"
    assert exported["skills"] == ["Regnskap"]
    assert exported["education"][0]["faculty"] == "HH"
    assert data["account.EmailAddress"][0]["email"] == verified_member.email
    json.dumps(data, cls=DjangoJSONEncoder)  # the export is serialisable


@pytest.mark.django_db
def test_export_never_contains_another_members_data(verified_member, member):
    from community.members import ensure_profile

    other = ensure_profile(member)
    other.employer = "Hemmelig AS"
    other.save()
    assert "Hemmelig AS" not in json.dumps(export_user(verified_member), cls=DjangoJSONEncoder)


@pytest.mark.django_db
def test_erasure_removes_profile_claims_and_addresses(verified_member):
    from allauth.account.models import EmailAddress

    from community.models import EducationRecord, Profile, VerificationClaim
    from home.models import Faculty

    VerificationClaim.objects.create(
        user=verified_member, faculty=Faculty.objects.get(code="HH"), graduation_year=2015
    )
    erase_user(verified_member)
    assert not Profile.objects.filter(user=verified_member).exists()
    assert not EducationRecord.objects.filter(profile__user=verified_member).exists()
    assert not VerificationClaim.objects.filter(user=verified_member).exists()
    assert not EmailAddress.objects.filter(user=verified_member).exists()
