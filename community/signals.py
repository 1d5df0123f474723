"""Signal handlers: a profile for every new account, verification when an address is
confirmed or a Feide login arrives, and each profile's faculty set kept by its education."""

from django.conf import settings
from django.contrib import messages
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from allauth.account.signals import email_confirmed, user_logged_in, user_signed_up
from allauth.socialaccount.signals import social_account_added, social_account_updated

from .members import ensure_profile
from .models import EducationRecord, Profile, VerificationMethod
from .verification import match_register_for_user, verify_member

FEIDE_PROVIDER = "feide"


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def create_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        ensure_profile(instance)


@receiver(pre_save, sender=EducationRecord)
def remember_education_owner(sender, instance, raw=False, **kwargs):
    """A record saved over an existing row without having been loaded (so without
    _loaded_owner, see EducationRecord.from_db) may move to another profile: look up the old
    owner. Records loaded from the database cost no query here."""
    if raw or instance.pk is None or None not in getattr(instance, "_loaded_owner", (None,)):
        return
    instance._loaded_owner = (
        EducationRecord.objects.filter(pk=instance.pk).values_list("profile_id", "faculty_id")
    ).first()


def refresh_faculty_sets(*profile_ids) -> None:
    Profile.objects.filter(pk__in=set(profile_ids) - {None}).refresh_education_faculties()


# Profile.education_faculties decides who counts as "my faculty" in the directory: it must
# follow every education change at once (DESIGN.md §5).
@receiver(post_save, sender=EducationRecord)
def education_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    loaded = getattr(instance, "_loaded_owner", None) or (None, None)
    if not created and loaded == (instance.profile_id, instance.faculty_id):
        return  # neither the profile nor the faculty changed (a year, a programme, ...)
    refresh_faculty_sets(instance.profile_id, loaded[0])
    instance._loaded_owner = (instance.profile_id, instance.faculty_id)


@receiver(post_delete, sender=EducationRecord)
def education_deleted(sender, instance, **kwargs):
    loaded = getattr(instance, "_loaded_owner", None) or (None, None)
    refresh_faculty_sets(instance.profile_id, loaded[0])


@receiver(email_confirmed)
def verify_from_register_on_confirmation(sender, request, email_address, **kwargs):
    match_register_for_user(email_address.user)


@receiver(social_account_added)
@receiver(social_account_updated)
def verify_feide_members(sender, request, sociallogin, **kwargs):
    """A USN student or graduate who signs in with Feide is verified (issue: Feide verifies)."""
    verify_usn_feide_login(sociallogin)


@receiver(user_signed_up)
def verify_feide_signups(sender, request, user, sociallogin=None, **kwargs):
    """A new account made through Feide: social_account_added only fires when Feide is
    connected to an account that already exists."""
    if sociallogin is not None:
        verify_usn_feide_login(sociallogin)


def verify_usn_feide_login(sociallogin) -> None:
    if sociallogin.account.provider != FEIDE_PROVIDER:
        return
    if is_usn_affiliation(feide_claims(sociallogin.account.extra_data)):
        verify_member(sociallogin.user, VerificationMethod.FEIDE)


def feide_claims(extra_data: dict) -> dict:
    """allauth (65.11+) keeps OpenID Connect data as {"userinfo": {...}, "id_token": {...}};
    older rows are flat."""
    claims = {}
    for part in ("id_token", "userinfo"):
        if isinstance(extra_data.get(part), dict):
            claims.update(extra_data[part])
    return claims or extra_data


def is_usn_affiliation(claims: dict) -> bool:
    """Feide identities look like 'name@usn.no'; an identity from USN is a student or graduate."""
    identity = (
        claims.get("eduPersonPrincipalName")
        or claims.get("https://n.feide.no/claims/eduPersonPrincipalName")
        or claims.get("email")
        or ""
    )
    return identity.lower().endswith("@usn.no") or identity.lower().endswith("@student.usn.no")


@receiver(user_logged_in)
def ask_whether_the_profile_is_still_correct(sender, request, user, **kwargs):
    """The "still correct?" prompt at login, for profiles not confirmed for 12 months."""
    profile = getattr(user, "profile", None)
    if profile is not None and profile.needs_confirmation:
        messages.info(
            request,
            _("It is a year since you checked your profile. Please see that it is still correct."),
        )
