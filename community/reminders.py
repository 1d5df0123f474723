"""The yearly "is your profile still correct?" mail: one reminder per stale profile, only to
members who kept reminders switched on (their notification setting on the profile)."""

from django.utils import timezone

from .mail import send_profile_reminder
from .models import Profile

STALE_AFTER = timezone.timedelta(days=365)


def profiles_due_a_reminder(now=None):
    now = now or timezone.now()
    return Profile.objects.filter(
        confirmed_at__lt=now - STALE_AFTER,
        reminder_sent_at__isnull=True,
        email_reminders=True,
        user__is_active=True,
    ).select_related("user")


def send_profile_reminders(now=None, limit=5000) -> int:
    """Send what is due, marking each profile first so a crash never sends twice."""
    now = now or timezone.now()
    sent = 0
    for profile in profiles_due_a_reminder(now)[:limit]:
        claimed = Profile.objects.filter(pk=profile.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
        if claimed:
            send_profile_reminder(profile)
            sent += 1
    return sent
