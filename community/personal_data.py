"""What the community app holds about a person, registered with accounts.registry."""

from django.utils.translation import gettext_lazy as _

from accounts.registry import delete_rows, detach_rows, register, rows_of

from .models import (
    GraduateImport,
    GraduateRecord,
    Notification,
    NotificationSetting,
    Profile,
    VerificationClaim,
)


def export_profile(user):
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return None
    data = {
        field.name: getattr(profile, field.attname)
        for field in Profile._meta.concrete_fields
        if field.name not in {"id", "user"}
    }
    data["photo"] = profile.photo.url if profile.photo else ""
    data["country"] = str(profile.country or "")
    data["skills"] = sorted(tag.name for tag in profile.skills.all())
    data["interests"] = sorted(tag.name for tag in profile.interests.all())
    data["links"] = list(profile.links.values("label", "url"))
    data["education"] = [
        {
            "faculty": record.faculty.code,
            "programme": str(record.programme or record.programme_name),
            "campus": str(record.campus or ""),
            "degree_level": record.degree_level,
            "graduation_year": record.graduation_year,
            "verified": record.verified,
        }
        for record in profile.education.select_related("faculty", "programme", "campus")
    ]
    return data


def erase_profile(user):
    for profile in Profile.objects.filter(user=user):
        if profile.photo:
            profile.photo.delete(save=False)
        profile.delete()


register(Profile, label=_("Profile and education"), export=export_profile, erase=erase_profile)
register(
    VerificationClaim,
    label=_("Requests to be verified as a graduate"),
    export=rows_of(
        VerificationClaim,
        fields=[
            "faculty__code",
            "programme_name",
            "graduation_year",
            "student_number",
            "message",
            "status",
            "decision_note",
            "created_at",
            "decided_at",
        ],
    ),
    # A coordinator's decisions stay on the members' claims, without the coordinator's name.
    erase=lambda user: (
        VerificationClaim.objects.filter(decided_by=user).update(decided_by=None),
        VerificationClaim.objects.filter(user=user).delete(),
    ),
)
register(
    GraduateRecord,
    label=_("The graduate register's record of you"),
    export=rows_of(
        GraduateRecord,
        user_field="matched_user",
        fields=[
            "student_number",
            "full_name",
            "email",
            "faculty__code",
            "programme_name",
            "degree",
            "graduation_date",
        ],
    ),
    # The register belongs to the university's student system; erasure unlinks the member.
    erase=detach_rows(GraduateRecord, user_field="matched_user"),
)
register(
    GraduateImport,
    label=_("Graduate files you uploaded"),
    export=rows_of(
        GraduateImport, user_field="uploaded_by", fields=["original_name", "created_at"]
    ),
    erase=detach_rows(GraduateImport, user_field="uploaded_by"),
)
register(
    Notification,
    label=_("Your notifications"),
    export=rows_of(
        Notification,
        user_field="recipient",
        fields=["kind", "title", "url", "created_at", "read_at", "emailed_at"],
    ),
    erase=delete_rows(Notification, user_field="recipient"),
)
register(
    NotificationSetting,
    label=_("Your notification settings"),
    export=rows_of(NotificationSetting, fields=["kind", "frequency"]),
    erase=delete_rows(NotificationSetting),
)
