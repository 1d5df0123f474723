"""Services around a member's profile: creating it, how complete it is, confirming it."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Profile


def ensure_profile(user) -> Profile:
    """The user's profile, created with privacy-by-default settings if it does not exist yet."""
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        name = user.get_full_name() or user.email.split("@")[0]
        profile, _created = Profile.objects.get_or_create(
            user=user, defaults={"display_name": name[:100]}
        )
    return profile


def is_verified_member(user) -> bool:
    """Verified alumni may use the directory, message and join groups (DESIGN.md §4)."""
    if not user.is_authenticated:
        return False
    profile = getattr(user, "profile", None)
    return bool(profile and profile.is_verified and user.is_active)


@dataclass(frozen=True)
class Step:
    key: str
    weight: int
    label: str


# Ordered by how much each helps other alumni find and trust the member.
STEPS = [
    Step("education", 20, _("Add your USN education")),
    Step("work", 15, _("Add your current position and employer")),
    Step("headline", 10, _("Write a headline")),
    Step("photo", 10, _("Add a photo")),
    Step("interests", 10, _("Choose a few interests")),
    Step("skills", 10, _("Add your skills")),
    Step("location", 10, _("Say where you live")),
    Step("bio", 10, _("Write a few words about yourself")),
    Step("links", 5, _("Add a link, e.g. to LinkedIn")),
]


def completed_steps(profile: Profile) -> set[str]:
    done = set()
    if profile.education.exists():
        done.add("education")
    if profile.current_position and profile.employer:
        done.add("work")
    if profile.headline:
        done.add("headline")
    if profile.photo:
        done.add("photo")
    if profile.interests.exists():
        done.add("interests")
    if profile.skills.exists():
        done.add("skills")
    if profile.city and profile.country:
        done.add("location")
    if profile.bio:
        done.add("bio")
    if profile.links.exists():
        done.add("links")
    return done


def completeness(profile: Profile) -> tuple[int, Step | None]:
    """Per cent complete, and the most useful next step (None when complete)."""
    done = completed_steps(profile)
    percent = sum(step.weight for step in STEPS if step.key in done)
    next_step = next((step for step in STEPS if step.key not in done), None)
    return percent, next_step


def confirm_profile(profile: Profile) -> None:
    profile.confirmed_at = timezone.now()
    profile.reminder_sent_at = None
    profile.save(update_fields=["confirmed_at", "reminder_sent_at"])
