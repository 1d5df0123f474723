"""Admin registration of the events app: an "Events" menu with the registrations of the events
the user may manage (coordinators: their faculty's only, SECURITY.md C3), and per event the
participants, the CSV export, mail to the participants, duplicating and check-in."""

from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder, register_admin_url_finder
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_views
from .checkin import CheckInView
from .models import EventPage, EventRegistration


def model_permissions(model, actions):
    """The permissions offered for `model` in the admin's group editor."""
    return Permission.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        codename__in=[get_permission_codename(action, model._meta) for action in actions],
    )


class EventRegistrationViewSet(ModelViewSet):
    """Registrations, reached through their events: no generic add, edit or delete (a
    registration changes through the registration service, which keeps the waitlist right)."""

    model = EventRegistration
    name = "event_registrations"
    url_prefix = "event-registrations"
    icon = "date"
    menu_label = _("Event registrations")
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_urlpatterns(self):
        return [
            path("", admin_views.EventListView.as_view(), name="index"),
            path("event/<int:pk>/", admin_views.ParticipantListView.as_view(), name="participants"),
            path(
                "event/<int:pk>/export/",
                admin_views.ParticipantExportView.as_view(),
                name="export",
            ),
            path("event/<int:pk>/mail/", admin_views.ParticipantMailView.as_view(), name="mail"),
            path(
                "event/<int:pk>/duplicate/",
                admin_views.DuplicateEventView.as_view(),
                name="duplicate",
            ),
            path("event/<int:pk>/check-in/", CheckInView.as_view(), name="checkin"),
        ]

    def get_permissions_to_register(self):
        return model_permissions(self.model, ["view", "change"])

    def register_admin_url_finder(self):
        class RegistrationURLFinder(ModelAdminURLFinder):
            def construct_edit_url(self, instance):
                return reverse("event_registrations:participants", args=[instance.event_id])

        register_admin_url_finder(self.model, RegistrationURLFinder)


class EventsViewSetGroup(ViewSetGroup):
    menu_label = _("Events")
    menu_icon = "date"
    menu_name = "events"
    menu_order = 240
    items = (EventRegistrationViewSet,)


@hooks.register("register_admin_viewset")
def register_events_viewsets():
    return EventsViewSetGroup()


@hooks.register("register_page_listing_more_buttons")
def event_participants_button(page, user, next_url=None, **kwargs):
    """ "Participants" in an event's page menu, for those who may manage it."""
    from wagtail.admin.widgets import button as widgets

    if page.specific_class is not EventPage:
        return
    may_see = user.has_perm("events.view_eventregistration") or user.has_perm(
        "events.change_eventregistration"
    )
    if may_see and admin_views.may_manage(user, page):
        yield widgets.Button(
            _("Participants"),
            reverse("event_registrations:participants", args=[page.pk]),
            priority=50,
        )


@hooks.register("register_log_actions")
def register_events_log_actions(actions):
    """What is done with an event's participants appears in the page's history (audit log)."""
    actions.register_action(
        "events.participants_exported",
        _("Export participants"),
        _("Participant list exported"),
    )
    actions.register_action(
        "events.participants_mailed",
        _("Mail participants"),
        _("Participants mailed"),
    )
    actions.register_action(
        "events.attendance_marked", _("Mark attended"), _("Participant marked as attended")
    )
    actions.register_action(
        "events.attendance_undone", _("Undo attended"), _("Attendance mark removed")
    )
