"""Mail the community app sends to members."""

from django.urls import reverse

from accounts.mail import send_to_user


def send_claim_decision(claim) -> None:
    send_to_user(
        claim.user,
        "community/mail/claim_decision",
        {"claim": claim, "profile_url": reverse("community:profile_edit")},
    )


def send_profile_reminder(profile) -> None:
    send_to_user(
        profile.user,
        "community/mail/profile_reminder",
        {"profile": profile, "profile_url": reverse("community:profile_edit")},
    )
