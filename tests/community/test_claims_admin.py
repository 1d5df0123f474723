"""The queue of verification claims in the admin: faculty scoping (SECURITY.md C3), the review page,
approving and declining with a mail to the member, and a listing that does not grow in queries."""

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

import pytest

from accounts.factories import UserFactory
from community.members import ensure_profile
from community.models import EducationRecord, GraduateRecord, VerificationClaim
from home.models import Programme
from tests.conftest import login_to_admin


@pytest.fixture(autouse=True)
def english_admin(db, coordinator_hh, coordinator_hs, superuser):
    """The staff here use the admin in English, the language these tests read."""
    for user in (coordinator_hh, coordinator_hs, superuser):
        UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "en"})
    with translation.override("en"):
        yield


def make_claim(code: str, email: str, **fields) -> VerificationClaim:
    user = UserFactory(email=email, first_name=fields.pop("first_name", "Kari"))
    ensure_profile(user)
    programme = Programme.objects.filter(faculty__code=code).first()
    return VerificationClaim.objects.create(
        user=user,
        faculty=programme.faculty,
        programme=programme,
        graduation_year=fields.pop("graduation_year", 2016),
        **fields,
    )


@pytest.fixture
def claim_hh(db):
    return make_claim("HH", "hanne.claim@example.no", first_name="Hanne", student_number="123456")


@pytest.fixture
def claim_hs(db):
    return make_claim("HS", "sindre.claim@example.no", first_name="Sindre")


def html(response) -> str:
    return response.content.decode()


def snapshot(claim):
    claim.refresh_from_db()
    profile = claim.user.profile
    profile.refresh_from_db()
    return (
        claim.status,
        claim.decided_by_id,
        profile.is_verified,
        EducationRecord.objects.filter(profile=profile).count(),
    )


# --- The listing ---------------------------------------------------------------------------------


def test_a_coordinator_sees_their_faculty_claims_and_not_another_faculty(
    client, coordinator_hh, claim_hh, claim_hs
):
    login_to_admin(client, coordinator_hh)

    response = client.get(reverse("verification_claims:index"))

    assert response.status_code == 200
    assert "Hanne" in html(response)
    assert "Sindre" not in html(response)


def test_an_administrator_sees_every_faculty_claims(client, superuser, claim_hh, claim_hs):
    login_to_admin(client, superuser)

    response = client.get(reverse("verification_claims:index"))

    assert "Hanne" in html(response)
    assert "Sindre" in html(response)


def test_waiting_claims_are_listed_before_decided_ones(client, superuser, claim_hh, claim_hs):
    VerificationClaim.objects.filter(pk=claim_hs.pk).update(
        status=VerificationClaim.Status.DECLINED
    )
    older = make_claim("HH", "olga.claim@example.no", first_name="Olga")
    VerificationClaim.objects.filter(pk=older.pk).update(created_at="2020-01-01T00:00:00Z")
    login_to_admin(client, superuser)

    page = html(client.get(reverse("verification_claims:index")))

    assert page.index("Hanne") < page.index("Olga") < page.index("Sindre")


def test_claims_are_filtered_by_status(client, superuser, claim_hh, claim_hs):
    VerificationClaim.objects.filter(pk=claim_hs.pk).update(
        status=VerificationClaim.Status.DECLINED
    )
    login_to_admin(client, superuser)

    response = client.get(reverse("verification_claims:index"), {"status": "pending"})

    assert "Hanne" in html(response)
    assert "Sindre" not in html(response)


def test_an_editor_cannot_open_the_claims(client, editor, claim_hh):
    login_to_admin(client, editor)

    assert client.get(reverse("verification_claims:index")).status_code == 403
    assert client.get(reverse("verification_claims:review", args=[claim_hh.pk])).status_code == 403


def test_the_claims_listing_runs_the_same_queries_for_5_and_50_claims(client, coordinator_hh):
    for n in range(5):
        make_claim("HH", f"a{n}@example.no")
    login_to_admin(client, coordinator_hh)
    client.get(reverse("verification_claims:index"))  # warm per-process caches
    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse("verification_claims:index"))
    assert html(response).count("a0@example.no") == 0  # names are shown, not addresses
    for n in range(45):
        make_claim("HH", f"b{n}@example.no")

    with CaptureQueriesContext(connection) as fifty:
        response = client.get(reverse("verification_claims:index"))

    assert html(response).count('href="/admin/verification-claims/') >= 50
    assert len(fifty) == len(five)


# --- Faculty scoping on one claim (C3) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "name"),
    [("get", "review"), ("post", "approve"), ("post", "decline"), ("get", "approve")],
)
def test_a_coordinator_of_another_faculty_is_refused_and_nothing_changes(
    client, coordinator_hh, claim_hs, method, name
):
    login_to_admin(client, coordinator_hh)
    before = snapshot(claim_hs)

    response = getattr(client, method)(
        reverse(f"verification_claims:{name}", args=[claim_hs.pk]), {"note": "Nei"}
    )

    assert response.status_code == 403
    assert "Sindre" not in html(response)
    assert snapshot(claim_hs) == before
    assert mail.outbox == []


def test_an_unknown_claim_is_a_404(client, coordinator_hh):
    login_to_admin(client, coordinator_hh)

    assert client.get(reverse("verification_claims:review", args=[999999])).status_code == 404


# --- The review page -----------------------------------------------------------------------------


def test_the_review_page_shows_the_member_and_the_claim(client, coordinator_hh, claim_hh):
    login_to_admin(client, coordinator_hh)

    response = client.get(reverse("verification_claims:review", args=[claim_hh.pk]))

    page = html(response)
    assert response.status_code == 200
    assert "hanne.claim@example.no" in page
    assert "123456" in page
    assert "2016" in page
    assert "Approve" in page and "Decline" in page


def test_the_review_page_shows_register_entries_with_the_same_student_number(
    client, coordinator_hh, claim_hh, faculties
):
    GraduateRecord.objects.create(
        student_number="123456", full_name="Hanne Registrert", faculty=faculties["HH"],
        programme_name="Bachelor i økonomi", graduation_date="2016-06-20",
    )  # fmt: skip
    login_to_admin(client, coordinator_hh)

    response = client.get(reverse("verification_claims:review", args=[claim_hh.pk]))

    assert "Hanne Registrert" in html(response)


def test_the_review_page_shows_register_entries_with_the_same_name(
    client, coordinator_hh, claim_hh, faculties
):
    name = claim_hh.user.get_full_name()
    GraduateRecord.objects.create(
        student_number="777777", full_name=name.upper(), faculty=faculties["HH"],
        programme_name="Bachelor i økonomi", graduation_date="2016-06-20",
    )  # fmt: skip
    login_to_admin(client, coordinator_hh)

    response = client.get(reverse("verification_claims:review", args=[claim_hh.pk]))

    assert "777777" in html(response)


def test_the_review_page_hides_register_entries_of_other_faculties(
    client, coordinator_hh, claim_hh, faculties
):
    GraduateRecord.objects.create(
        student_number="123456", full_name="Hanne i HS", faculty=faculties["HS"],
        programme_name="Sykepleie", graduation_date="2016-06-20",
    )  # fmt: skip
    login_to_admin(client, coordinator_hh)

    response = client.get(reverse("verification_claims:review", args=[claim_hh.pk]))

    assert "Hanne i HS" not in html(response)


# --- Deciding ------------------------------------------------------------------------------------


def test_approving_verifies_the_member_adds_the_education_and_sends_one_mail(
    client, coordinator_hh, claim_hh
):
    login_to_admin(client, coordinator_hh)

    response = client.post(
        reverse("verification_claims:approve", args=[claim_hh.pk]), {"note": "Velkommen!"}
    )

    assert response.status_code == 302
    claim_hh.refresh_from_db()
    assert claim_hh.status == VerificationClaim.Status.APPROVED
    assert claim_hh.decided_by == coordinator_hh
    assert claim_hh.decision_note == "Velkommen!"
    profile = claim_hh.user.profile
    profile.refresh_from_db()
    assert profile.is_verified
    assert profile.verification_method == "claim"
    education = EducationRecord.objects.get(profile=profile)
    assert (education.faculty.code, education.graduation_year, education.verified) == (
        "HH",
        2016,
        True,
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hanne.claim@example.no"]
    assert "Velkommen!" in mail.outbox[0].body


def test_the_decision_is_in_the_audit_log_without_the_member_name(client, coordinator_hh, claim_hh):
    login_to_admin(client, coordinator_hh)

    client.post(reverse("verification_claims:decline", args=[claim_hh.pk]))

    entry = ModelLogEntry.objects.get(action="community.claim_declined")
    assert entry.user == coordinator_hh
    assert entry.object_id == str(claim_hh.pk)
    assert "hanne" not in entry.label.lower()


def test_the_decision_mail_is_in_the_member_language(client, coordinator_hh, claim_hh):
    claim_hh.user.preferred_language = "en"
    claim_hh.user.save()
    login_to_admin(client, coordinator_hh)

    with translation.override("nb"):  # the coordinator's request is in Norwegian
        client.post(reverse("verification_claims:approve", args=[claim_hh.pk]))

    assert mail.outbox[0].subject == "You are now a verified USN alumnus"


def test_a_norwegian_member_gets_the_decision_mail_in_norwegian(client, superuser, claim_hh):
    with translation.override("nb"):
        expected = translation.gettext("You are now a verified USN alumnus")
    login_to_admin(client, superuser)

    client.post(reverse("verification_claims:approve", args=[claim_hh.pk]))

    assert mail.outbox[0].subject == expected


def test_declining_sends_the_decline_mail_and_does_not_verify(client, coordinator_hh, claim_hh):
    claim_hh.user.preferred_language = "en"
    claim_hh.user.save()
    login_to_admin(client, coordinator_hh)

    client.post(
        reverse("verification_claims:decline", args=[claim_hh.pk]),
        {"note": "Vi fant deg ikke i registeret."},
    )

    claim_hh.refresh_from_db()
    assert claim_hh.status == VerificationClaim.Status.DECLINED
    claim_hh.user.profile.refresh_from_db()
    assert not claim_hh.user.profile.is_verified
    assert not EducationRecord.objects.filter(profile=claim_hh.user.profile).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "About your request to be verified as a USN graduate"
    assert "Vi fant deg ikke i registeret." in mail.outbox[0].body


def test_a_decided_claim_cannot_be_approved_again(client, coordinator_hh, claim_hh):
    login_to_admin(client, coordinator_hh)
    client.post(reverse("verification_claims:decline", args=[claim_hh.pk]))
    mail.outbox.clear()
    before = snapshot(claim_hh)

    response = client.post(reverse("verification_claims:approve", args=[claim_hh.pk]), follow=True)

    assert "This claim has already been decided." in html(response)
    assert snapshot(claim_hh) == before
    assert mail.outbox == []


def test_a_decided_claim_shows_no_decision_buttons(client, coordinator_hh, claim_hh):
    login_to_admin(client, coordinator_hh)
    client.post(reverse("verification_claims:approve", args=[claim_hh.pk]))

    response = client.get(reverse("verification_claims:review", args=[claim_hh.pk]))

    assert reverse("verification_claims:decline", args=[claim_hh.pk]) not in html(response)


def test_a_note_longer_than_1000_characters_is_refused(client, coordinator_hh, claim_hh):
    login_to_admin(client, coordinator_hh)

    response = client.post(
        reverse("verification_claims:approve", args=[claim_hh.pk]), {"note": "x" * 1001}
    )

    assert response.status_code == 200
    claim_hh.refresh_from_db()
    assert claim_hh.status == VerificationClaim.Status.PENDING
    assert mail.outbox == []
