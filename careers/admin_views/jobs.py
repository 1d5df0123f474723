"""The job board in the admin: the postings (waiting first) scoped like the claims queue
(SECURITY.md C3), the review page with approve and reject, editors' add and edit, and the form
for trusted posters.

Editors and administrators see every posting; a faculty coordinator those naming one of their
faculties (careers.jobs.policy.reviewable_postings); anyone else with the permission sees none.
A posting outside the user's scope is the admin's 403 page, an unknown one a 404.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

import django_filters

from community.admin_views.access import AdminRefusalMixin, ScopedObjectMixin
from community.models import Report
from community.moderation.service import reports_on
from home.coordinators import coordinated_faculties
from home.models import Faculty

from ..jobs import policy, service
from ..jobs.forms import JobPostingForm
from ..models import JobPosting, JobStatus, JobType, TrustedJobPoster, WorkPlace


def posting_faculties(request):
    """The faculty filter offers the faculties whose postings the user reviews."""
    if request is None:
        return Faculty.objects.none()
    if policy.reviews_all(request.user):
        return Faculty.objects.all()
    return coordinated_faculties(request.user)


class JobPostingFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=JobStatus.choices)
    job_type = django_filters.ChoiceFilter(label=_("Type"), choices=JobType.choices)
    workplace = django_filters.ChoiceFilter(label=_("On site or remote"), choices=WorkPlace.choices)
    faculties = django_filters.ModelChoiceFilter(
        label=_("Faculty"), field_name="faculties", queryset=posting_faculties
    )
    hidden = django_filters.BooleanFilter(
        label=_("Hidden after reports"), field_name="hidden_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = JobPosting
        fields = ["status", "job_type", "workplace", "faculties", "hidden"]


def faculty_codes(posting) -> str:
    return ", ".join(faculty.code for faculty in posting.faculties.all()) or "–"


class JobPostingIndexView(AdminRefusalMixin, IndexView):
    """The postings the user may review, those waiting first."""

    any_permission_required = ["add", "change", "view"]
    review_url_name = None

    def get_base_queryset(self):
        return policy.reviewable_postings(self.request.user).prefetch_related("faculties")

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered and self.ordering:
            return super().order_queryset(queryset)
        waiting_first = Case(
            When(status=JobStatus.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return queryset.annotate(decided=waiting_first).order_by("decided", "-created_at", "-pk")

    def get_edit_url(self, instance):
        return reverse(self.review_url_name, args=[instance.pk])

    def get_list_more_buttons(self, instance):
        return []

    @cached_property
    def columns(self):
        return [
            TitleColumn("title", label=_("Title"), get_url=self.get_edit_url, sort_key="title"),
            Column("employer", label=_("Employer"), sort_key="employer"),
            Column("faculties", label=_("Faculties"), accessor=faculty_codes),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                primary=lambda posting: posting.status == JobStatus.PENDING,
                sort_key="status",
            ),
            DateColumn("created_at", label=_("Posted"), sort_key="created_at"),
            DateColumn("expires_at", label=_("Expires"), sort_key="expires_at"),
        ]


class ApproveForm(forms.Form):
    trust_poster = forms.BooleanField(
        label=_("Trust the poster: publish their next postings without review"),
        required=False,
    )


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Why it is rejected"),
        help_text=_("Sent to the poster, e.g. what to change before posting again."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class JobPostingObjectMixin(ScopedObjectMixin):
    """The posting of the URL, within the postings the user reviews (C3)."""

    object_attribute = "posting"

    def get_object_queryset(self):
        return JobPosting.objects.select_related("posted_by", "reviewed_by")

    def get_scope(self, user):
        return policy.reviewable_postings(user)


class JobPostingAccessMixin(AdminRefusalMixin, PermissionCheckedMixin, JobPostingObjectMixin):
    model = JobPosting
    header_icon = "doc-full"
    index_url_name = "job_postings:index"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Job postings")},
            {"url": "", "label": self.get_page_title()},
        ]


class JobPostingReviewView(JobPostingAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """The posting as the poster wrote it, who posted it, its reports; approve or reject."""

    template_name = "careers/jobs/admin/review.html"
    any_permission_required = ["change", "view"]

    def get_page_title(self):
        return str(self.posting.title)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        posting = self.posting
        pending = posting.status == JobStatus.PENDING
        poster = posting.posted_by
        may_change = self.user_has_permission("change")
        context.update(
            posting=posting,
            poster=poster,
            poster_trusted=policy.is_trusted(poster),
            poster_verified=policy.may_post(poster) if poster else False,
            topics=posting.topics.all(),
            faculties=posting.faculties.all(),
            programmes=posting.programmes.select_related("faculty"),
            open_reports=reports_on(posting).filter(status=Report.Status.OPEN).count(),
            can_decide=pending and may_change,
            approve_form=kwargs.get("approve_form") or ApproveForm(),
            reject_form=kwargs.get("reject_form") or RejectForm(),
            may_trust=self.request.user.has_perm("careers.add_trustedjobposter")
            and poster is not None
            and not policy.is_trusted(poster),
            approve_url=reverse("job_postings:approve", args=[posting.pk]),
            reject_url=reverse("job_postings:reject", args=[posting.pk]),
            edit_url=reverse("job_postings:edit", args=[posting.pk])
            if may_change and policy.may_edit(posting)
            else "",
            public_url=reverse("careers:job_detail", args=[posting.pk]),
            index_url=reverse(self.index_url_name),
        )
        return context


class JobPostingDecisionView(JobPostingReviewView):
    """Approve or reject (POST only); the service records it, logs it and mails the poster."""

    approve = True
    any_permission_required = None
    permission_required = "change"
    http_method_names = ["post"]

    def already_decided(self):
        messages.error(self.request, gettext("This posting has already been decided."))
        return redirect("job_postings:review", self.posting.pk)

    def post(self, request, *args, **kwargs):
        posting = self.posting
        if posting.status != JobStatus.PENDING:
            return self.already_decided()
        if self.approve:
            form = ApproveForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(approve_form=form))
            trust = form.cleaned_data["trust_poster"] and request.user.has_perm(
                "careers.add_trustedjobposter"
            )
            try:
                decided = service.approve_posting(posting, request.user, trust_poster=trust)
            except service.JobRefused as refusal:
                messages.error(request, str(refusal))
                return redirect("job_postings:review", posting.pk)
            message = gettext("“%(title)s” is published; the poster has been told by e-mail.")
        else:
            form = RejectForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(reject_form=form))
            decided = service.reject_posting(posting, request.user, form.cleaned_data["note"])
            message = gettext("“%(title)s” is rejected; the poster has been told by e-mail.")
        if not decided:
            return self.already_decided()
        messages.success(request, message % {"title": posting.title})
        return redirect(self.index_url_name)


class JobPostingFormMixin:
    template_name = "careers/jobs/admin/job_form.html"
    form_class = JobPostingForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["index_url"] = reverse(self.index_url_name)
        context["action_url"] = self.request.path
        context["submit_label"] = self.submit_label
        return context


class JobPostingAddView(
    JobPostingFormMixin,
    AdminRefusalMixin,
    PermissionCheckedMixin,
    WagtailAdminTemplateMixin,
    FormView,
):
    """Editors post a job from the admin; it is published at once."""

    model = JobPosting
    permission_required = "add"
    header_icon = "doc-full"
    index_url_name = "job_postings:index"
    page_title = _("New job posting")
    submit_label = _("Save and publish")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Job postings")},
            {"url": "", "label": self.page_title},
        ]

    def form_valid(self, form):
        try:
            posting = service.submit_posting(
                form.save(commit=False), self.request.user, by_staff=True, **form.relations()
            )
        except service.JobRefused as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        messages.success(
            self.request, gettext("“%(title)s” is published.") % {"title": posting.title}
        )
        return redirect("job_postings:review", posting.pk)


class JobPostingEditView(
    JobPostingFormMixin, JobPostingAccessMixin, WagtailAdminTemplateMixin, FormView
):
    """Staff correct a posting within their scope; its status stays as it is."""

    permission_required = "change"
    submit_label = _("Save changes")

    def get_page_title(self):
        return gettext("Edit “%(title)s”") % {"title": self.posting.title}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.posting}

    def get(self, request, *args, **kwargs):
        if not policy.may_edit(self.posting):
            messages.error(request, gettext("A closed posting cannot be changed."))
            return redirect("job_postings:review", self.posting.pk)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not policy.may_edit(self.posting):
            messages.error(request, gettext("A closed posting cannot be changed."))
            return redirect("job_postings:review", self.posting.pk)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            service.update_posting(
                form.save(commit=False),
                self.request.user,
                form.changed_data,
                by_staff=True,
                **form.relations(),
            )
        except service.JobRefused as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        messages.success(self.request, gettext("Your changes are saved."))
        return redirect("job_postings:review", self.posting.pk)


# --- Trusted posters ----------------------------------------------------------------------------


class TrustedJobPosterForm(WagtailAdminModelForm):
    """Trust a member by their e-mail address (a list of 100,000 members is no choice)."""

    email = forms.EmailField(
        label=_("The member's e-mail address"),
        help_text=_("Their postings are published without review from now on."),
    )

    class Meta:
        model = TrustedJobPoster
        fields = ["note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["email"].initial = self.instance.user.email
            self.fields["email"].disabled = True
            self.fields["email"].help_text = ""
        self.order_fields(["email", "note"])

    def clean_email(self):
        if self.instance.pk:
            return self.instance.user.email
        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No member has this e-mail address."))
        if TrustedJobPoster.objects.filter(user=user).exists():
            raise forms.ValidationError(_("This member is already a trusted poster."))
        self.member = user
        return email

    def save(self, commit=True):
        trusted = super().save(commit=False)
        if not trusted.pk:
            trusted.user = self.member
            trusted.granted_by = self.for_user
        if commit:
            trusted.save()
        return trusted


def member_label(trusted) -> str:
    user = trusted.user
    name = user.get_full_name()
    return f"{name} <{user.email}>" if name else user.email


def granted_by_label(trusted) -> str:
    user = trusted.granted_by
    return (user.get_full_name() or user.email) if user else "–"
