"""Making a member a verified alumnus: from the graduate register, Feide, or an approved claim.

Every path ends in `verify_member`, which marks the profile verified once and copies the register's
education into the profile as verified education records.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from allauth.account.models import EmailAddress

from home.coordinators import coordinated_faculties

from .members import ensure_profile
from .models import (
    EducationRecord,
    GraduateRecord,
    Profile,
    VerificationClaim,
    VerificationMethod,
)


def verify_member(user, method: str, graduate_records=()) -> Profile:
    profile = ensure_profile(user)
    with transaction.atomic():
        for record in graduate_records:
            add_education_from_register(profile, record)
        profile.mark_verified(method)
    return profile


def add_education_from_register(profile: Profile, record: GraduateRecord) -> None:
    year = record.graduation_date.year
    exists = profile.education.filter(
        faculty=record.faculty, graduation_year=year, programme=record.programme
    ).exists()
    if not exists:
        EducationRecord.objects.create(
            profile=profile,
            faculty=record.faculty,
            programme=record.programme,
            programme_name=record.programme_name,
            degree_level=record.programme.degree_level if record.programme else "",
            graduation_year=year,
            verified=True,
        )


def verified_addresses(user) -> list[str]:
    return [
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    ]


def match_register_for_user(user) -> bool:
    """Verify `user` if one of their verified addresses is in the graduate register."""
    addresses = verified_addresses(user)
    if not addresses:
        return False
    query = Q()
    for address in addresses:
        query |= Q(email__iexact=address)
    records = list(
        GraduateRecord.objects.filter(query)
        .filter(Q(matched_user__isnull=True) | Q(matched_user=user))
        .select_related("faculty", "programme")
    )
    if not records:
        return False
    GraduateRecord.objects.filter(pk__in=[r.pk for r in records]).update(matched_user=user)
    verify_member(user, VerificationMethod.REGISTER, records)
    return True


def match_register_for_records(record_ids) -> int:
    """After an import: verify every member whose verified address matches a new record."""
    records = GraduateRecord.objects.filter(pk__in=record_ids, matched_user__isnull=True).exclude(
        email=""
    )
    matched = 0
    emails = {record.email.lower() for record in records}
    if not emails:
        return 0
    addresses = EmailAddress.objects.filter(verified=True, email__in=emails).select_related("user")
    by_email = {address.email.lower(): address.user for address in addresses}
    for record in records.select_related("faculty", "programme"):
        user = by_email.get(record.email.lower())
        if user is None:
            continue
        record.matched_user = user
        record.save(update_fields=["matched_user"])
        verify_member(user, VerificationMethod.REGISTER, [record])
        matched += 1
    return matched


def claims_for_coordinator(user):
    """The claims a person may handle: all for administrators and editors of all content,
    otherwise only those of the faculties they coordinate (SECURITY.md C3)."""
    claims = VerificationClaim.objects.select_related("user", "faculty", "programme")
    if user.is_superuser:
        return claims
    return claims.filter(faculty__in=coordinated_faculties(user))


def decide_claim(claim: VerificationClaim, by, approve: bool, note: str = "") -> bool:
    """Approve (verify the member, add the education) or decline a pending claim. Returns False,
    changing and sending nothing, if the claim was decided already."""
    with transaction.atomic():
        claim = VerificationClaim.objects.select_for_update().get(pk=claim.pk)
        if claim.status != VerificationClaim.Status.PENDING:
            return False
        claim.status = (
            VerificationClaim.Status.APPROVED if approve else VerificationClaim.Status.DECLINED
        )
        claim.decided_by = by
        claim.decided_at = timezone.now()
        claim.decision_note = note
        claim.save()
        if approve:
            profile = ensure_profile(claim.user)
            EducationRecord.objects.get_or_create(
                profile=profile,
                faculty=claim.faculty,
                programme=claim.programme,
                graduation_year=claim.graduation_year,
                defaults={
                    "programme_name": claim.programme_name,
                    "degree_level": claim.programme.degree_level if claim.programme else "",
                    "verified": True,
                },
            )
            profile.mark_verified(VerificationMethod.CLAIM)
    from .mail import send_claim_decision

    send_claim_decision(claim)
    return True
