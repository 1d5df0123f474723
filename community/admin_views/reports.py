"""The queue of reports of member content (SECURITY.md M5), scoped like the claims (C3): a
coordinator sees reports about their faculty's members, administrators see all. The listing, the
review page with the snapshot and the member's history, and the decision.
"""

from django import forms
from django.contrib import messages
from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, Value, When
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

import django_filters

from ..models import MessagingSuspension, Report
from ..moderation.service import decide_report, reports_for_moderator, reports_on
from .access import AdminRefusalMixin, NoExportMixin, ScopedObjectMixin

EXCERPT_LENGTH = 80


class ReportFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Report.Status.choices)
    reason = django_filters.ChoiceFilter(label=_("Reason"), choices=Report.Reason.choices)

    class Meta:
        model = Report
        fields = ["status", "reason"]


def reported_name(report) -> str:
    return report.snapshot_author or gettext("Former member")


def excerpt(report) -> str:
    return Truncator(" ".join(report.snapshot.split())).chars(EXCERPT_LENGTH)


def with_content_report_counts(reports):
    """Each report with how many reports there are on the same content, in the same query."""
    same_content = (
        Report.objects.filter(
            content_type_id=OuterRef("content_type_id"), object_id=OuterRef("object_id")
        )
        .order_by()
        .values("content_type_id", "object_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return reports.annotate(content_reports=Subquery(same_content, output_field=IntegerField()))


class ReportIndexView(NoExportMixin, AdminRefusalMixin, IndexView):
    """The reports the user may handle, those waiting first."""

    any_permission_required = ["change", "view"]
    review_url_name = None

    def get_base_queryset(self):
        return with_content_report_counts(reports_for_moderator(self.request.user))

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered and self.ordering:
            return super().order_queryset(queryset)
        open_first = Case(
            When(status=Report.Status.OPEN, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return queryset.annotate(decided=open_first).order_by("decided", "-created_at", "-pk")

    def get_edit_url(self, instance):
        return reverse(self.review_url_name, args=[instance.pk])

    def get_list_more_buttons(self, instance):
        return []

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "reported_member",
                label=_("Reported member"),
                accessor=reported_name,
                get_url=self.get_edit_url,
            ),
            Column("reason", label=_("Reason"), accessor="get_reason_display", sort_key="reason"),
            Column("snapshot", label=_("Reported content"), accessor=excerpt),
            Column("content_reports", label=_("Reports"), sort_key="content_reports"),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                primary=lambda report: report.status == Report.Status.OPEN,
                sort_key="status",
            ),
            DateColumn("created_at", label=_("Reported"), sort_key="created_at"),
        ]


class ReportDecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"), choices=Report.Action.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        help_text=_("A warning mail includes it; otherwise it is kept for the moderators."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    suspend_days = forms.IntegerField(
        label=_("Suspend for how many days"),
        help_text=_("Only for a suspension. Leave empty to suspend until further notice."),
        required=False,
        min_value=1,
        max_value=365,
    )


class ReportObjectMixin(ScopedObjectMixin):
    """The report of the URL, about a member the user moderates (C3)."""

    object_attribute = "report"

    def get_object_queryset(self):
        return Report.objects.select_related("reported_member", "decided_by", "group")

    def get_scope(self, user):
        return reports_for_moderator(user)


class ReportAccessMixin(AdminRefusalMixin, PermissionCheckedMixin, ReportObjectMixin):
    model = Report
    header_icon = "warning"
    index_url_name = "reports:index"


class ReportReviewView(ReportAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """The snapshot, the reports on the same content, the member's history; the decision form."""

    template_name = "community/admin/report_review.html"
    any_permission_required = ["change", "view"]

    def get_page_title(self):
        return gettext("Report about %(member)s") % {"member": reported_name(self.report)}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Reports")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report
        same_content = reports_on(report).order_by("created_at", "pk")
        member_id = report.reported_member_id
        if member_id:
            earlier_reports = (
                Report.objects.filter(reported_member_id=member_id)
                .exclude(content_type_id=report.content_type_id, object_id=report.object_id)
                .count()
            )
            suspensions = MessagingSuspension.objects.filter(user_id=member_id).count()
        else:
            earlier_reports = suspensions = 0
        context.update(
            report=report,
            reports=same_content,
            reporter_count=same_content.exclude(reporter=None)
            .values("reporter")
            .distinct()
            .count(),
            earlier_reports=earlier_reports,
            suspensions=suspensions,
            form=kwargs.get("form") or ReportDecisionForm(),
            can_decide=report.status == Report.Status.OPEN and self.user_has_permission("change"),
            decide_url=reverse("reports:decide", args=[report.pk]),
            index_url=reverse(self.index_url_name),
        )
        return context


class ReportDecisionView(ReportReviewView):
    """Decide (POST only); `decide_report` closes every open report on the content and logs it."""

    any_permission_required = None
    permission_required = "change"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        report = self.report
        if report.status != Report.Status.OPEN:
            messages.error(request, gettext("This report has already been decided."))
            return redirect("reports:review", report.pk)
        form = ReportDecisionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        decided = decide_report(
            report,
            request.user,
            form.cleaned_data["action"],
            note=form.cleaned_data["note"],
            suspend_days=form.cleaned_data["suspend_days"],
        )
        if not decided:
            messages.error(request, gettext("This report has already been decided."))
            return redirect("reports:review", report.pk)
        messages.success(
            request,
            gettext("Decided: %(action)s.")
            % {"action": Report.Action(form.cleaned_data["action"]).label},
        )
        return redirect(self.index_url_name)
