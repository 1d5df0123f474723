"""Who may see which part of a profile (DESIGN.md §5). Every view and template asks this module.

Levels: 'members' (any verified member), 'faculty' (verified members who share a faculty with the
profile's owner), 'private' (only the owner). Administrators on the member pages see what a
verified member of the same faculty sees — never 'only me'. A profile is not visible at all to
visitors and to members who are not verified (their own profile excepted): they get a 404.
"""

from dataclasses import dataclass, field

from .members import is_verified_member
from .models import Profile, Visibility

FIELD_GROUPS = {
    "photo": "photo_visibility",
    "headline": "headline_visibility",
    "education": "education_visibility",
    "bio": "bio_visibility",
    "work": "work_visibility",
    "industry": "industry_visibility",
    "location": "location_visibility",
    "skills": "skills_visibility",
    "interests": "interests_visibility",
    "links": "links_visibility",
    "languages": "languages_visibility",
    "mentoring": "mentoring_visibility",
    "groups": "groups_visibility",
}


@dataclass
class Viewer:
    """What we need to know about the person looking, computed once per request."""

    user: object
    verified: bool
    is_staff_viewer: bool
    faculty_ids: set[int] = field(default_factory=set)

    @classmethod
    def for_user(cls, user) -> "Viewer":
        if not user.is_authenticated:
            return cls(user=user, verified=False, is_staff_viewer=False)
        faculty_ids = set()
        profile = getattr(user, "profile", None)
        if profile is not None:
            faculty_ids = set(profile.education.values_list("faculty_id", flat=True))
        return cls(
            user=user,
            verified=is_verified_member(user),
            is_staff_viewer=user.is_superuser,
            faculty_ids=faculty_ids,
        )


def can_view_profile(viewer: Viewer, profile: Profile) -> bool:
    if viewer.user.is_authenticated and viewer.user.pk == profile.user_id:
        return True
    if not profile.user.is_active:
        return False
    return viewer.verified or viewer.is_staff_viewer


def visible_levels(viewer: Viewer, profile: Profile, profile_faculty_ids=None) -> set[str]:
    if viewer.user.is_authenticated and viewer.user.pk == profile.user_id:
        return {Visibility.MEMBERS, Visibility.FACULTY, Visibility.PRIVATE}
    if not can_view_profile(viewer, profile):
        return set()
    if viewer.is_staff_viewer:
        return {Visibility.MEMBERS, Visibility.FACULTY}
    if profile_faculty_ids is None:
        profile_faculty_ids = {record.faculty_id for record in profile.education.all()}
    if viewer.faculty_ids & set(profile_faculty_ids):
        return {Visibility.MEMBERS, Visibility.FACULTY}
    return {Visibility.MEMBERS}


def visible_groups(viewer: Viewer, profile: Profile, profile_faculty_ids=None) -> set[str]:
    """The names of the field groups (FIELD_GROUPS) the viewer may see on this profile."""
    levels = visible_levels(viewer, profile, profile_faculty_ids)
    return {
        group for group, attribute in FIELD_GROUPS.items() if getattr(profile, attribute) in levels
    }
