"""Admin registration and page-serving hooks of the home app."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Campus, Faculty, FacultySectionPage, LaunchState


class FacultyViewSet(SnippetViewSet):
    model = Faculty
    icon = "group"
    menu_label = _("Faculties")
    list_display = ["code", "name_nb", "name_en", "coordinator_group"]
    search_fields = ["code", "name_nb", "name_en"]
    ordering = ["sort_order"]


class CampusViewSet(SnippetViewSet):
    model = Campus
    icon = "site"
    menu_label = _("Campuses")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["sort_order"]


class ReferenceDataViewSetGroup(SnippetViewSetGroup):
    items = (FacultyViewSet, CampusViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Reference data")
    menu_name = "reference-data"


register_snippet(ReferenceDataViewSetGroup)


@hooks.register("before_serve_page")
def hide_planned_sections(page, request, serve_args, serve_kwargs):
    """A section that has not launched, and everything under it, is a 404 for the public; its
    coordinators and editors see it so they can prepare it."""
    section = (
        FacultySectionPage.objects.ancestor_of(page, inclusive=True)
        .filter(launch_state=LaunchState.PLANNED)
        .first()
    )
    if section is not None and not section.permissions_for_user(request.user).can_edit():
        raise Http404
