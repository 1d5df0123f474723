"""Who sees and who manages which member benefit (issue 7; SECURITY.md C1, C3). Every benefit
view, member-facing or in the admin, asks this module, and nothing else decides.

Members:
- Benefits are for verified alumni. Visitors are sent to log in; members who are not verified
  yet get a page that explains verification, and never a benefit's details or code.
- A benefit for one faculty is shown only to members with an education in that faculty (any
  education record on their profile, as "members of my faculty" means elsewhere on the site).
- A benefit outside what a member may see is a 404 on every URL with its id.

The admin:
- Administrators and editors manage every benefit. A faculty coordinator manages the benefits of
  the faculties they coordinate, and only those: they cannot make a benefit for all members or
  for another faculty, and another faculty's benefit is the admin's 403 (C3).
"""

from django.db.models import Q

from community.members import is_verified_member
from community.models import EducationRecord
from home.coordinators import coordinated_faculties
from home.models import Faculty

from ..models import MemberBenefit

EDITORS_GROUP = "Editors"


def may_see_benefits(user) -> bool:
    return is_verified_member(user)


def benefits_for(user, today=None):
    """The current benefits the member may see and use: those for everyone, and those of the
    faculties the member studied at. Nothing for anyone who is not a verified member."""
    if not may_see_benefits(user):
        return MemberBenefit.objects.none()
    my_faculties = EducationRecord.objects.filter(profile__user=user).values("faculty_id")
    return MemberBenefit.objects.current(today).filter(
        Q(faculty__isnull=True) | Q(faculty__in=my_faculties)
    )


def manages_all_benefits(user) -> bool:
    return user.is_active and (user.is_superuser or user.groups.filter(name=EDITORS_GROUP).exists())


def manageable_benefits(user):
    """The benefits `user` may edit in the admin: all, their faculties', or none."""
    if not (user.is_authenticated and user.is_active):
        return MemberBenefit.objects.none()
    if manages_all_benefits(user):
        return MemberBenefit.objects.all()
    return MemberBenefit.objects.filter(faculty__in=coordinated_faculties(user))


def benefit_faculties(user):
    """The faculties `user` may make a benefit for. Only those who manage every benefit may
    also make one for all members (no faculty)."""
    if manages_all_benefits(user):
        return Faculty.objects.all()
    return coordinated_faculties(user)
