"""Admin registration of the community app.

An "Alumni" menu with the verification claims, the reports of member content and the groups
(coordinators see their faculty's only), the members
overview, the graduate register and its import (administrators), and the interests vocabulary
that editors curate.
"""

from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder, register_admin_url_finder
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts.admin_viewsets import NO_EDITING, LimitedViewSetMixin

from . import admin_views
from .admin_views.duplicates import DuplicateListView, MergeView
from .admin_views.segments import SegmentExportView
from .models import (
    GraduateImport,
    GraduateRecord,
    InterestTag,
    MessagingSuspension,
    Profile,
    Report,
    VerificationClaim,
)


def model_permissions(model, actions):
    """The permissions offered for `model` in the admin's group editor."""
    return Permission.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        codename__in=[get_permission_codename(action, model._meta) for action in actions],
    )


class ReadOnlyModelViewSet(LimitedViewSetMixin, ModelViewSet):
    """A listing (and optionally an inspect view) of records that are not edited here."""

    copy_view_enabled = False
    add_to_reference_index = False
    search_backend_name = None  # plain database lookups over `search_fields`

    def get_permissions_to_register(self):
        return model_permissions(self.model, ["view"])

    def register_admin_url_finder(self):
        if self.inspect_view_enabled:
            finder = type(
                "InspectURLFinder",
                (ModelAdminURLFinder,),
                {"edit_url_name": self.get_url_name("inspect")},
            )
            register_admin_url_finder(self.model, finder)


class GraduateRecordViewSet(ReadOnlyModelViewSet):
    """The graduate register, as imported from the student system; administrators only."""

    model = GraduateRecord
    name = "graduate_register"
    url_prefix = "graduate-register"
    icon = "list-ul"
    menu_label = _("Graduate register")
    index_view_class = admin_views.GraduateRecordIndexView
    inspect_view_enabled = True
    list_per_page = 50
    list_display = [
        "full_name",
        "student_number",
        "email",
        Column("faculty", label=_("Faculty"), accessor="faculty.code", sort_key="faculty__code"),
        "programme_name",
        "graduation_date",
        BooleanColumn("matched", label=_("Member"), accessor=lambda record: record.matched_user_id),
    ]
    list_filter = ["faculty"]
    search_fields = ["full_name", "student_number", "email"]
    inspect_view_fields = [
        "student_number",
        "full_name",
        "email",
        "faculty",
        "programme",
        "programme_name",
        "degree",
        "graduation_date",
        "matched_user",
        "last_import",
        "updated_at",
    ]


class MemberViewSet(ReadOnlyModelViewSet):
    """Members and how far they are verified and listed; administrators only, read-only."""

    model = Profile
    name = "members"
    url_prefix = "members"
    icon = "user"
    menu_label = _("Members")
    index_view_class = admin_views.MemberIndexView
    filterset_class = admin_views.MemberFilterSet
    search_fields = ["display_name", "user__email"]
    list_per_page = 50


class ReviewQueueViewSet(ModelViewSet):
    """A queue of things someone decides: a scoped listing, a review page per item and the
    decision URLs, with no add, edit or delete views."""

    add_to_reference_index = False
    copy_view_enabled = False
    list_per_page = 50
    review_view_class = None

    def get_decision_urlpatterns(self):
        return []

    def get_index_view_kwargs(self, **kwargs):
        return {
            **super().get_index_view_kwargs(**kwargs),
            **NO_EDITING,
            "review_url_name": self.get_url_name("review"),
        }

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.review_view_class.as_view(), name="review"),
            *self.get_decision_urlpatterns(),
        ]

    def get_permissions_to_register(self):
        return model_permissions(self.model, ["view", "change"])

    def register_admin_url_finder(self):
        finder = type(
            f"{self.model.__name__}URLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("review")},
        )
        register_admin_url_finder(self.model, finder)


class VerificationClaimViewSet(ReviewQueueViewSet):
    """Claims to be a graduate, reviewed by the claimed faculty's coordinators (C3)."""

    model = VerificationClaim
    name = "verification_claims"
    url_prefix = "verification-claims"
    icon = "tick-inverse"
    menu_label = _("Verification claims")
    index_view_class = admin_views.ClaimIndexView
    filterset_class = admin_views.ClaimFilterSet
    review_view_class = admin_views.ClaimReviewView

    def get_decision_urlpatterns(self):
        return [
            path(
                "<int:pk>/approve/",
                admin_views.ClaimDecisionView.as_view(approve=True),
                name="approve",
            ),
            path(
                "<int:pk>/decline/",
                admin_views.ClaimDecisionView.as_view(approve=False),
                name="decline",
            ),
        ]


class ReportViewSet(ReviewQueueViewSet):
    """Reports of member content, decided by administrators and by the coordinators of the
    reported member's faculty (SECURITY.md M5, C3). No export: the snapshots are personal data."""

    model = Report
    name = "reports"
    url_prefix = "reports"
    icon = "warning"
    menu_label = _("Reports")
    index_view_class = admin_views.ReportIndexView
    filterset_class = admin_views.ReportFilterSet
    review_view_class = admin_views.ReportReviewView

    def get_decision_urlpatterns(self):
        return [
            path("<int:pk>/decide/", admin_views.ReportDecisionView.as_view(), name="decide"),
        ]


class MessagingSuspensionViewSet(LimitedViewSetMixin, ModelViewSet):
    """Suspensions made from reports; administrators shorten or lift them here (set "until")."""

    model = MessagingSuspension
    offered_views = ("edit",)
    name = "messaging_suspensions"
    url_prefix = "messaging-suspensions"
    icon = "lock"
    menu_label = _("Messaging suspensions")
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    list_per_page = 50
    list_display = [
        Column("member", label=_("Member"), accessor="user"),
        "starts_at",
        Column(
            "ends_at", label=_("Until"), accessor=lambda s: s.ends_at or _("Until further notice")
        ),
        "reason",
    ]
    panels = [FieldPanel("ends_at"), FieldPanel("reason")]

    def get_queryset(self, request):
        return MessagingSuspension.objects.select_related("user").order_by("-starts_at")

    def get_permissions_to_register(self):
        return model_permissions(self.model, ["view", "change"])


class GraduateImportViewSet(ViewSet):
    """Upload a CSV export, check the dry run, run the import and follow its progress."""

    name = "graduate_imports"
    url_prefix = "graduate-imports"
    icon = "upload"
    menu_label = _("Import graduates")

    @property
    def menu_item_class(self):
        class ImportMenuItem(MenuItem):
            def is_shown(self, request):
                return request.user.has_perm("community.add_graduateimport")

        return ImportMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.ImportUploadView.as_view(), name="index"),
            path("<int:pk>/", admin_views.ImportPreviewView.as_view(), name="preview"),
            path("<int:pk>/run/", admin_views.ImportRunView.as_view(), name="run"),
            path("<int:pk>/progress/", admin_views.ImportProgressView.as_view(), name="progress"),
            path("<int:pk>/status/", admin_views.ImportStatusView.as_view(), name="status"),
        ]


class AlumniViewSetGroup(ViewSetGroup):
    menu_label = _("Alumni")
    menu_icon = "group"
    menu_name = "alumni"
    menu_order = 250
    items = (
        VerificationClaimViewSet,
        ReportViewSet,
        MessagingSuspensionViewSet,
        admin_views.GroupViewSet,
        MemberViewSet,
        GraduateRecordViewSet,
        GraduateImportViewSet,
    )


# Member segments as CSV and possible duplicates (issue 9).


class CoordinatorMenuItem(MenuItem):
    """Shown to administrators and faculty coordinators, who are the ones the views let in;
    asked once per request however many such items the menu has."""

    def is_shown(self, request):
        if not hasattr(request, "_sees_some_faculty"):
            request._sees_some_faculty = admin_views.visible_faculties(request.user).exists()
        return request._sees_some_faculty


class SegmentExportViewSet(ViewSet):
    """Export members: a segment of the coordinator's faculty members as CSV (C3, X6)."""

    name = "member_segments"
    url_prefix = "member-segments"
    icon = "download"
    menu_label = _("Export members")
    menu_item_class = CoordinatorMenuItem

    def get_urlpatterns(self):
        return [path("", SegmentExportView.as_view(), name="index")]


class DuplicateViewSet(ViewSet):
    """Possible duplicate members, side by side, and merging them."""

    name = "member_duplicates"
    url_prefix = "member-duplicates"
    icon = "user"
    menu_label = _("Possible duplicates")
    menu_item_class = CoordinatorMenuItem

    def get_urlpatterns(self):
        return [
            path("", DuplicateListView.as_view(), name="index"),
            path("<int:source_id>/into/<int:target_id>/", MergeView.as_view(), name="merge"),
        ]


AlumniViewSetGroup.items = (*AlumniViewSetGroup.items, SegmentExportViewSet, DuplicateViewSet)
# --- end issue 9 (register) ---


@hooks.register("register_admin_viewset")
def register_alumni_viewsets():
    return AlumniViewSetGroup()


@hooks.register("register_permissions")
def graduate_import_permissions():
    """So that a group can be allowed to import graduates in the admin's group editor."""
    return model_permissions(GraduateImport, ["add"])


@hooks.register("register_log_actions")
def register_community_log_actions(actions):
    """Decisions on claims, reports and imports appear in the admin's site history (audit log)."""
    actions.register_action(
        "community.claim_approved", _("Approve claim"), _("Verification claim approved")
    )
    actions.register_action(
        "community.claim_declined", _("Decline claim"), _("Verification claim declined")
    )
    actions.register_action("community.report_decided", _("Decide report"), _("Report decided"))
    actions.register_action(
        "community.messaging_suspended", _("Suspend messaging"), _("Messaging suspended")
    )
    actions.register_action(
        "community.graduate_import_run", _("Run graduate import"), _("Graduate import started")
    )


class InterestTagViewSet(SnippetViewSet):
    """The interests vocabulary: curated ones are offered to every member as choices."""

    model = InterestTag
    icon = "tag"
    menu_label = _("Interests")
    add_to_admin_menu = True
    menu_order = 260
    list_display = [
        "name",
        "slug",
        BooleanColumn("curated", label=_("Curated"), sort_key="curated"),
        Column("members", label=_("Members"), sort_key="members"),
    ]
    list_filter = ["curated"]
    search_fields = ["name", "slug"]
    search_backend_name = None
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("curated")]

    def get_queryset(self, request):
        return InterestTag.objects.annotate(members=Count("tagged_profiles"))


register_snippet(InterestTagViewSet)
