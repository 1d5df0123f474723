"""A member who is not in the graduate register asks to be verified."""

from django.urls import reverse

import pytest

from community.models import VerificationClaim
from home.models import Programme

URL = "/medlemmer/verifisering/"


@pytest.mark.django_db
def test_member_sends_a_claim_that_waits_for_the_faculty(client, unverified_member, faculties):
    client.force_login(unverified_member)
    programme = Programme.objects.get(code="MØA")
    response = client.post(
        URL,
        {
            "faculty": faculties["HH"].pk,
            "programme": programme.pk,
            "graduation_year": "2015",
            "student_number": "123456",
            "message": "Jeg tok master i 2015.",
        },
    )
    assert response.status_code == 302
    claim = VerificationClaim.objects.get(user=unverified_member)
    assert claim.status == VerificationClaim.Status.PENDING
    assert claim.faculty == faculties["HH"]
    dashboard = client.get(reverse("community:dashboard")).content.decode()
    assert "venter" in dashboard or "waiting" in dashboard


@pytest.mark.django_db
def test_one_pending_claim_at_a_time(client, unverified_member, faculties):
    VerificationClaim.objects.create(
        user=unverified_member, faculty=faculties["HH"], graduation_year=2015
    )
    client.force_login(unverified_member)
    assert client.get(URL).status_code == 302
    client.post(
        URL,
        {"faculty": faculties["HS"].pk, "programme_name": "Sykepleie", "graduation_year": "2010"},
    )
    assert VerificationClaim.objects.filter(user=unverified_member).count() == 1


@pytest.mark.django_db
def test_verified_member_need_not_claim(client, verified_member):
    client.force_login(verified_member)
    assert client.get(URL).status_code == 302
    assert not VerificationClaim.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"programme_name": "", "graduation_year": "2015"}, "programme"),
        ({"programme_name": "Økonomi", "graduation_year": "1850"}, "graduation_year"),
        ({"programme_name": "Økonomi", "graduation_year": "abc"}, "graduation_year"),
    ],
)
def test_bad_claims_are_explained(client, unverified_member, faculties, data, field):
    client.force_login(unverified_member)
    response = client.post(URL, {"faculty": faculties["HH"].pk, **data})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not VerificationClaim.objects.exists()


@pytest.mark.django_db
def test_visitor_cannot_claim(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]
