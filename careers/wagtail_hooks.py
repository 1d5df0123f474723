"""Admin registration of the careers app: a "Careers" menu with the member benefits (editors all,
faculty coordinators their faculties' only; careers.benefits.policy decides), a "Job board"
menu with the review queue and the trusted posters, and the mentoring programmes."""

from django import forms
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.admin_url_finder import register_admin_url_finder
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from community.wagtail_hooks import ReviewQueueViewSet, model_permissions

from .admin_views import jobs as job_admin
from .admin_views import mentoring as mentoring_admin
from .benefits import admin_views as benefit_admin
from .models import JobPosting, MemberBenefit, MentoringProgramme, TrustedJobPoster


def places_taken(benefit):
    if benefit.places is None:
        return benefit.redemption_count
    return f"{benefit.redemption_count} / {benefit.places}"


class MemberBenefitViewSet(ModelViewSet):
    """Member benefits, with how many members have used each (the redemption count)."""

    model = MemberBenefit
    name = "member_benefits"
    url_prefix = "member-benefits"
    icon = "tag"
    menu_label = _("Member benefits")
    copy_view_enabled = False
    inspect_view_enabled = False
    search_backend_name = None  # plain database lookups over `search_fields`
    search_fields = ["title", "partner"]
    list_display = [
        "title",
        "partner",
        "kind",
        Column("faculty", label=_("Faculty"), accessor="faculty.code", sort_key="faculty__code"),
        "valid_until",
        BooleanColumn("active", label=_("Active")),
        Column(
            "redemption_count",
            label=_("Used by"),
            accessor=places_taken,
            sort_key="redemption_count",
        ),
    ]
    list_filter = ["kind", "active", "faculty"]
    index_view_class = benefit_admin.BenefitIndexView
    add_view_class = benefit_admin.BenefitCreateView
    edit_view_class = benefit_admin.BenefitEditView
    delete_view_class = benefit_admin.BenefitDeleteView
    history_view_class = benefit_admin.BenefitHistoryView
    usage_view_class = benefit_admin.BenefitUsageView
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("partner"),
            FieldPanel("description"),
            MultiFieldPanel(
                [FieldPanel("kind"), FieldRowPanel([FieldPanel("code"), FieldPanel("places")])],
                heading=_("The offer"),
            ),
            FieldPanel("how_to_use"),
            FieldPanel("link"),
            MultiFieldPanel(
                [
                    # A plain list: the snippet chooser would offer every faculty.
                    FieldPanel("faculty", widget=forms.Select),
                    FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                ],
                heading=_("Who it is for"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
                    FieldPanel("active"),
                ],
                heading=_("When"),
            ),
        ],
        base_form_class=benefit_admin.MemberBenefitForm,
    )


class CareersViewSetGroup(ViewSetGroup):
    menu_label = _("Careers")
    menu_icon = "tasks"
    menu_name = "careers"
    menu_order = 250
    items = (MemberBenefitViewSet,)


@hooks.register("register_admin_viewset")
def register_careers_viewsets():
    return CareersViewSetGroup()


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


# --- Mentoring ------------------------------------------------------------------------------
# Mentoring programmes, scoped to the coordinator's faculty (SECURITY.md C3): the listing with
# the figures, add/edit/delete, and per programme the matches and applications.


class MentoringProgrammeViewSet(ModelViewSet):
    model = MentoringProgramme
    name = "mentoring_programmes"
    url_prefix = "mentoring-programmes"
    icon = "group"
    menu_label = _("Mentoring programmes")
    menu_order = 270
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    list_per_page = 50
    index_view_class = mentoring_admin.ProgrammeIndexView
    add_view_class = mentoring_admin.ProgrammeCreateView
    edit_view_class = mentoring_admin.ProgrammeEditView
    delete_view_class = mentoring_admin.ProgrammeDeleteView
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("faculty"),
            FieldPanel("description"),
            FieldRowPanel(
                [FieldPanel("applications_open"), FieldPanel("applications_close")],
                heading=_("Application window"),
            ),
            FieldRowPanel([FieldPanel("starts"), FieldPanel("ends")], heading=_("The programme")),
        ],
        base_form_class=mentoring_admin.MentoringProgrammeForm,
    )

    def get_common_view_kwargs(self, **kwargs):
        # No history or usage views: they would show another faculty's programme unscoped.
        return {
            **super().get_common_view_kwargs(**kwargs),
            "history_url_name": None,
            "usage_url_name": None,
            "copy_url_name": None,
        }

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", self.add_view, name="add"),
            path("edit/<int:pk>/", self.edit_view, name="edit"),
            path("delete/<int:pk>/", self.delete_view, name="delete"),
            path(
                "<int:pk>/matches/",
                mentoring_admin.ProgrammeMatchesView.as_view(),
                name="matches",
            ),
            path(
                "<int:pk>/matches/suggest/",
                mentoring_admin.SuggestMatchesView.as_view(),
                name="suggest",
            ),
            path(
                "match/<int:pk>/confirm/",
                mentoring_admin.MatchActionView.as_view(confirm=True),
                name="confirm",
            ),
            path(
                "match/<int:pk>/reject/",
                mentoring_admin.MatchActionView.as_view(confirm=False),
                name="reject",
            ),
            path(
                "application/<int:pk>/assign/",
                mentoring_admin.AssignMentorView.as_view(),
                name="assign",
            ),
        ]

    def get_permissions_to_register(self):
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(MentoringProgramme),
            codename__in=[
                get_permission_codename(action, MentoringProgramme._meta)
                for action in ("add", "change", "delete", "view")
            ],
        )

    def register_admin_url_finder(self):
        register_admin_url_finder(MentoringProgramme, mentoring_admin.ProgrammeURLFinder)


@hooks.register("register_admin_viewset")
def register_mentoring_viewsets():
    return MentoringProgrammeViewSet()


# --- End of mentoring -----------------------------------------------------------------------
