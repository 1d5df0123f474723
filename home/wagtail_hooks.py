"""Admin registration and page-serving hooks of the home app."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.pages.workflow import ConfirmWorkflowCancellationView
from wagtail.admin.viewsets.pages import base_page_viewset
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Campus, Faculty, FacultySectionPage, LaunchState
from .models.pages import is_in_planned_section


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
    coordinators and editors see it so they can prepare it. The cached planned paths spare the
    query for every page outside a planned section."""
    if not is_in_planned_section(page):
        return
    section = (
        FacultySectionPage.objects.ancestor_of(page, inclusive=True)
        .filter(launch_state=LaunchState.PLANNED)
        .first()
    )
    if section is not None and not section.permissions_for_user(request.user).can_edit():
        raise Http404


@hooks.register("before_serve_page")
def tell_the_page_cache_which_page(page, request, serve_args, serve_kwargs):
    """The page cache (usn_alumni.page_cache) stores only page responses, and asks the page
    type how long it may keep one."""
    from usn_alumni.page_cache import note_served_page

    note_served_page(request, page)


@hooks.register("before_move_page")
def refuse_move_confirmation_without_permission(request, page, destination):
    """Wagtail checks move permission only when the move is posted; its confirmation page would
    show another faculty's page and destination to anyone with admin access (SECURITY.md C3)."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


@hooks.register("before_copy_page")
def refuse_copying_a_faculty_section(request, page):
    """A faculty has one section per language, so a copy could never be saved; say so instead of
    letting the copy fail."""
    if page.specific_class is FacultySectionPage:
        messages.error(
            request,
            _(
                "A faculty section cannot be copied: each faculty has one section per language. "
                "Use “Translate” to make the section in another language."
            ),
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


class ScopedConfirmWorkflowCancellationView(ConfirmWorkflowCancellationView):
    """Wagtail's view has no permission check; it would show another faculty's page in
    moderation to any admin user."""

    def dispatch(self, request, *args, **kwargs):
        if not self.object.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


base_page_viewset.confirm_workflow_cancellation_view_class = ScopedConfirmWorkflowCancellationView


# After Wagtail's own hooks (order 0), so these endpoints replace the unscoped ones.
@hooks.register("construct_admin_api", order=100)
def scope_the_admin_api_media_endpoints(router):
    from .admin_api import ScopedDocumentsAdminAPIViewSet, ScopedImagesAdminAPIViewSet

    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)


@hooks.register("construct_page_chooser_queryset")
def hide_drafts_one_may_not_edit_from_the_page_chooser(pages, request):
    """The page chooser browses the whole tree — an editor of one section may link to any public
    page — but a page that is not live is shown only to those who may edit it: otherwise a
    coordinator read the titles of another faculty's drafts (SECURITY.md C3)."""
    user = request.user
    if user.is_superuser:
        return pages
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(
        user, ["change", "publish"]
    )
    return pages.filter(Q(live=True) | Q(pk__in=editable.values("pk")))
