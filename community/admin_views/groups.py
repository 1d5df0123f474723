"""The groups overview for staff (a ModelViewSet): administrators see, inspect and correct every
group; a faculty coordinator sees and inspects the groups linked to their faculty and nothing else
(SECURITY.md C3). Groups are created and run by their members, so there is no add or delete here.
"""

from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

import django_filters

from accounts.admin_viewsets import LimitedViewSetMixin
from home.models import Faculty

from ..models import Group, GroupKind
from .access import AdminRefusalMixin, NoExportMixin, visible_faculties


def groups_for_staff(user):
    """The groups a staff member may see in the admin: all for administrators, those linked to a
    faculty they coordinate for coordinators (C3)."""
    if user.is_superuser:
        return Group.objects.all()
    return Group.objects.filter(faculty__in=visible_faculties(user))


def group_faculties(request):
    """The faculty filter offers only the faculties whose groups the user sees."""
    return visible_faculties(request.user) if request else Faculty.objects.none()


def faculty_code(group) -> str:
    return group.faculty.code if group.faculty else ""


class GroupFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Who can join"), choices=GroupKind.choices)
    faculty = django_filters.ModelChoiceFilter(label=_("Faculty"), queryset=group_faculties)
    archived = django_filters.BooleanFilter(
        label=_("Archived"), field_name="archived_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Group
        fields = ["kind", "faculty", "archived"]


class ScopedGroupMixin:
    """The group of the URL, if the user may see it; a 404 otherwise, as if it did not exist."""

    def get_object(self, queryset=None):
        group = super().get_object()
        if not groups_for_staff(self.request.user).filter(pk=group.pk).exists():
            raise Http404
        return group


class GroupIndexView(NoExportMixin, AdminRefusalMixin, IndexView):
    """Groups the user may see, most recently active first."""

    default_ordering = "-last_activity_at"

    def get_base_queryset(self):
        return groups_for_staff(self.request.user).select_related("faculty")


class GroupInspectView(ScopedGroupMixin, AdminRefusalMixin, InspectView):
    pass


class GroupEditView(ScopedGroupMixin, AdminRefusalMixin, EditView):
    pass


class GroupViewSet(LimitedViewSetMixin, ModelViewSet):
    """Every group with its size and activity; administrators correct a name, description, kind
    or faculty; coordinators look at their faculty's groups."""

    model = Group
    offered_views = ("inspect", "edit")
    name = "groups"
    # Not "groups": Wagtail's own user-group admin (Settings → Groups) lives at admin/groups/,
    # and ours, registered first, shadowed its index and edit views.
    url_prefix = "alumni-groups"
    icon = "group"
    menu_label = _("Groups")
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None  # plain database lookups over `search_fields`
    search_fields = ["name"]
    list_per_page = 50
    index_view_class = GroupIndexView
    inspect_view_class = GroupInspectView
    edit_view_class = GroupEditView
    filterset_class = GroupFilterSet
    list_display = [
        "name",
        Column("kind", label=_("Who can join"), accessor="get_kind_display", sort_key="kind"),
        Column("faculty", label=_("Faculty"), accessor=faculty_code),
        Column("member_count", label=_("Members"), sort_key="member_count"),
        Column("thread_count", label=_("Threads"), sort_key="thread_count"),
        DateColumn("last_activity_at", label=_("Last activity"), sort_key="last_activity_at"),
        BooleanColumn("archived", label=_("Archived"), accessor="is_archived"),
    ]
    inspect_view_fields = [
        "name",
        "description",
        "kind",
        "faculty",
        "industry",
        "region",
        "created_at",
        "last_activity_at",
        "archive_notice_sent_at",
        "archived_at",
        "member_count",
        "thread_count",
    ]
    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("kind"),
        FieldPanel("faculty"),
    ]

    def get_permissions_to_register(self):
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(Group),
            codename__in=[
                get_permission_codename(action, Group._meta) for action in ("view", "change")
            ],
        )
