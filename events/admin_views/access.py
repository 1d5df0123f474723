"""Who may manage which event in the admin (SECURITY.md C3): the one place that decides.

Administrators and editors manage every event; a faculty coordinator only the events of the
faculties they coordinate. Everyone else manages none. Every admin view of an event (participant
list, CSV export, mail, duplicate, check-in) asks `manageable_events`; a refusal is the admin's
own 403 page, an unknown event a 404.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from community.admin_views.access import AdminRefusalMixin
from home.coordinators import coordinated_faculties

from ..models import EventPage, EventRegistration

EDITORS_GROUP = "Editors"


def manages_all_events(user) -> bool:
    return user.is_superuser or user.groups.filter(name=EDITORS_GROUP).exists()


def manageable_events(user):
    """The events `user` may manage: all, their faculties' events, or none."""
    if not user.is_authenticated or not user.is_active:
        return EventPage.objects.none()
    if manages_all_events(user):
        return EventPage.objects.all()
    return EventPage.objects.filter(faculty__in=coordinated_faculties(user))


def may_manage(user, event) -> bool:
    return manageable_events(user).filter(pk=event.pk).exists()


class EventObjectMixin:
    """Loads the event of the URL once the model permission has been checked: 404 when there is
    no such event, 403 when it belongs to a faculty the user does not coordinate (C3)."""

    def dispatch(self, request, *args, **kwargs):
        self.event = get_object_or_404(
            EventPage.objects.select_related("faculty", "campus"), pk=kwargs["pk"]
        )
        if not may_manage(request.user, self.event):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class EventAdminAccessMixin(AdminRefusalMixin, PermissionCheckedMixin, EventObjectMixin):
    """Model permission on registrations (view or change) first, then the event's scope."""

    model = EventRegistration
    header_icon = "date"
    any_permission_required = ["view", "change"]

    @cached_property
    def may_change(self) -> bool:
        return self.user_has_permission("change")
