"""Who may do what with newsletters in the admin; every newsletters admin view asks this module.

- Central staff (administrators and the communications group, who hold the campaign publish
  permission) see and approve every campaign, and see the subscriber records.
- A faculty coordinator drafts and edits the campaigns of the faculties they coordinate, and only
  those: another faculty's campaign is a 403 on every URL with its id (C3). They cannot publish:
  their campaigns go through the approval workflow.
- The marketing-mail settings (the frequency cap) are for administrators only.
"""

from home.coordinators import coordinated_faculties
from home.models import Faculty

from ..models import Campaign


def is_central_staff(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("newsletters.publish_campaign"))
    )


def campaigns_for(user):
    """The campaigns `user` may see in the admin (none for people without campaign access)."""
    if not (user.is_authenticated and user.is_active):
        return Campaign.objects.none()
    if is_central_staff(user):
        return Campaign.objects.all()
    if not (
        user.has_perm("newsletters.change_campaign") or user.has_perm("newsletters.add_campaign")
    ):
        return Campaign.objects.none()
    return Campaign.objects.for_coordinator(user)


def may_handle(user, campaign) -> bool:
    return campaigns_for(user).filter(pk=campaign.pk).exists()


def campaign_faculties(user):
    """The faculties `user` may address a campaign to; central staff may also leave it empty."""
    if is_central_staff(user):
        return Faculty.objects.all()
    return coordinated_faculties(user)


def may_stop(user, campaign) -> bool:
    """Central staff, or a coordinator of the campaign's faculty, may stop a sending."""
    return may_handle(user, campaign)
