"""Who coordinates which faculty, and the Wagtail permissions scoping them to it (SECURITY C3).

Each faculty has one Wagtail group of coordinators (created by migration) with its own image and
document collection. When a faculty's section page is created, in any language, that group gets page
permissions on the section and everything below it, and on nothing else.
"""

from django.contrib.auth.models import Permission

from wagtail.models import GroupPagePermission

from .models import Faculty, FacultySectionPage

SECTION_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def grant_section_permissions(section: FacultySectionPage) -> None:
    """Give the section's faculty coordinators their page permissions on it; safe to repeat."""
    group = section.faculty.coordinator_group
    if group is None:
        return
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=SECTION_PAGE_PERMISSIONS
    )
    for permission in permissions:
        GroupPagePermission.objects.get_or_create(group=group, page=section, permission=permission)


def coordinated_faculties(user):
    """The faculties whose coordinator group the user belongs to (none for most people)."""
    if not user.is_authenticated:
        return Faculty.objects.none()
    return Faculty.objects.filter(coordinator_group__in=user.groups.all())
