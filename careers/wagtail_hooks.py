"""Admin registration of the careers app."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from community.wagtail_hooks import ReviewQueueViewSet, model_permissions

from .admin_views import jobs as job_admin
from .models import JobPosting, TrustedJobPoster

# --- The job board (engineer K2) ----------------------------------------------------------------
# A "Job board" menu: the postings, waiting first, with review, approve and reject for editors
# and the coordinators of the faculties a posting names (SECURITY.md C3); add and edit for
# editors; the trusted posters whose postings skip the review.


class JobPostingViewSet(ReviewQueueViewSet):
    """Job postings: the review queue and the list of every posting in the user's scope."""

    model = JobPosting
    name = "job_postings"
    url_prefix = "job-postings"
    icon = "doc-full"
    menu_label = _("Job postings")
    index_view_class = job_admin.JobPostingIndexView
    filterset_class = job_admin.JobPostingFilterSet
    review_view_class = job_admin.JobPostingReviewView
    search_fields = ["title", "employer"]
    search_backend_name = None  # plain database lookups over `search_fields`

    def get_index_view_kwargs(self, **kwargs):
        return {**super().get_index_view_kwargs(**kwargs), "add_url_name": self.get_url_name("add")}

    def get_decision_urlpatterns(self):
        return [
            path(
                "<int:pk>/approve/",
                job_admin.JobPostingDecisionView.as_view(approve=True),
                name="approve",
            ),
            path(
                "<int:pk>/reject/",
                job_admin.JobPostingDecisionView.as_view(approve=False),
                name="reject",
            ),
            path("add/", job_admin.JobPostingAddView.as_view(), name="add"),
            path("<int:pk>/edit/", job_admin.JobPostingEditView.as_view(), name="edit"),
        ]

    def get_permissions_to_register(self):
        return model_permissions(self.model, ["add", "view", "change"])


class TrustedJobPosterViewSet(ModelViewSet):
    """Members whose postings are published without review; removing one ends the trust."""

    model = TrustedJobPoster
    name = "trusted_job_posters"
    url_prefix = "trusted-job-posters"
    icon = "user"
    menu_label = _("Trusted job posters")
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    list_per_page = 50
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    search_backend_name = None
    list_display = [
        Column("member", label=_("Member"), accessor=job_admin.member_label),
        DateColumn("granted_at", label=_("Trusted since"), sort_key="granted_at"),
        Column("granted_by", label=_("Trusted by"), accessor=job_admin.granted_by_label),
        "note",
    ]

    def get_queryset(self, request):
        return TrustedJobPoster.objects.select_related("user", "granted_by").order_by("-granted_at")

    def get_form_class(self, for_update=False):
        return job_admin.TrustedJobPosterForm

    def get_common_view_kwargs(self, **kwargs):
        return {
            **super().get_common_view_kwargs(**kwargs),
            "history_url_name": None,
            "usage_url_name": None,
            "copy_url_name": None,
        }

    def get_permissions_to_register(self):
        return model_permissions(self.model, ["add", "change", "delete", "view"])


class JobBoardViewSetGroup(ViewSetGroup):
    menu_label = _("Job board")
    menu_icon = "doc-full"
    menu_name = "job_board"
    menu_order = 245
    items = (JobPostingViewSet, TrustedJobPosterViewSet)


@hooks.register("register_admin_viewset")
def register_job_board_viewsets():
    return JobBoardViewSetGroup()


@hooks.register("register_log_actions")
def register_job_log_actions(actions):
    """Review decisions appear in the admin's site history (audit log)."""
    actions.register_action("careers.job_approved", _("Approve job posting"), _("Job approved"))
    actions.register_action("careers.job_rejected", _("Reject job posting"), _("Job rejected"))


# --- End of the job board -----------------------------------------------------------------------
