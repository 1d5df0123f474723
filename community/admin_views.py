"""Wagtail admin screens of the community app; wagtail_hooks.py registers them.

- the graduate register (read-only) and its import: upload, dry-run preview, run, progress;
- the queue of verification claims, scoped to the coordinator's faculties (SECURITY.md C3);
- the read-only overview of members for administrators.

Every refusal is a 403 rendered as the admin's own "access denied" page (home.admin_denial).
"""

from uuid import uuid4

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.validators import FileExtensionValidator
from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.log_actions import log

import django_filters

from home.admin_denial import permission_denied_403
from home.coordinators import coordinated_faculties
from home.models import Faculty

from .graduate_import import ACTIONS, CREATE, ERROR, MAX_UPLOAD_SIZE, UNCHANGED, UPDATE
from .models import (
    EducationRecord,
    GraduateImport,
    GraduateRecord,
    Profile,
    VerificationClaim,
    VerificationMethod,
)
from .tasks import preview_graduate_import, run_graduate_import
from .verification import claims_for_coordinator, decide_claim

PREVIEW_ROWS = 500  # rows of a report shown at once; the totals always cover the whole file
Status = GraduateImport.Status


class AdminRefusalMixin:
    """Answer a refused request with the admin's 403 page rather than the site's."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return permission_denied_403(request)


class NoExportMixin:
    """These listings hold personal data and offer no spreadsheet export (SECURITY.md X6)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.is_export = False


def visible_faculties(user):
    """Faculties whose register entries and claims the user may see (SECURITY.md C3)."""
    return Faculty.objects.all() if user.is_superuser else coordinated_faculties(user)


# --- The graduate register and its import -----------------------------------------------------


class GraduateRecordIndexView(NoExportMixin, IndexView):
    """The register's listing; the faculty column reads the faculty joined in, not per row."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("faculty")


class GraduateFileForm(forms.Form):
    """The upload: a .csv of at most 50 MB that is text, checked before anything reads it."""

    file = forms.FileField(
        label=_("CSV file from the student system"),
        help_text=_(
            "Columns: studentnummer, navn, epost, fakultet, studieprogramkode, studieprogram, "
            "grad, eksamensdato. Separated by semicolons or commas; at most 50 MB."
        ),
        validators=[FileExtensionValidator(["csv"], message=_("Upload a .csv file."))],
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_SIZE:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        head = upload.read(8192)
        upload.seek(0)
        if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise forms.ValidationError(_("This is not a CSV text file."))
        return upload


class GraduateImportAccessMixin(AdminRefusalMixin, PermissionCheckedMixin):
    """Imports are for those who may add imports: administrators, not coordinators."""

    model = GraduateImport
    permission_required = "add"
    header_icon = "upload"
    index_url_name = "graduate_imports:index"

    def get_import(self, with_report=False):
        imports = GraduateImport.objects.select_related("uploaded_by")
        if not with_report:
            imports = imports.defer("report")
        return get_object_or_404(imports, pk=self.kwargs["pk"])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Import graduates")},
            {"url": "", "label": self.get_page_title()},
        ]

    def import_urls(self, graduate_import):
        return {
            name: reverse(f"graduate_imports:{name}", args=[graduate_import.pk])
            for name in ("preview", "run", "progress", "status")
        }


def progress_message(graduate_import: GraduateImport) -> str:
    """One sentence on where an import stands, for the progress text and its aria-live region."""
    values = {
        "processed": graduate_import.processed_rows,
        "total": graduate_import.total_rows,
        "percent": graduate_import.percent_done,
    }
    if graduate_import.status == Status.UPLOADED:
        if not graduate_import.total_rows:
            return gettext("Checking the file…")
        return gettext("Checking the file: %(processed)s of %(total)s rows.") % values
    if graduate_import.status == Status.PREVIEWED:
        return gettext("Waiting for the import to start…")
    if graduate_import.status == Status.IMPORTING:
        return gettext("%(processed)s of %(total)s rows imported (%(percent)s %%).") % values
    if graduate_import.status == Status.DONE:
        return gettext("The import is finished: %(total)s rows processed.") % values
    return gettext("The import failed: %(reason)s") % {"reason": graduate_import.failure}


ACTION_LABELS = {
    CREATE: _("New"),
    UPDATE: _("Changed"),
    UNCHANGED: _("Unchanged"),
    ERROR: _("Error"),
}


def field_label(name: str) -> str:
    return str(GraduateRecord._meta.get_field(name).verbose_name)


def report_rows(graduate_import: GraduateImport, show: str):
    """The report entries to show (one action or all), capped and labelled for the table, and
    how many entries there are in all."""
    entries = graduate_import.report or []
    if show in ACTIONS:
        entries = [entry for entry in entries if entry["action"] == show]
    rows = [
        {
            **entry,
            "label": ACTION_LABELS.get(entry["action"], entry["action"]),
            "change_list": [
                (field_label(name), old, new) for name, (old, new) in entry["changes"].items()
            ],
        }
        for entry in entries[:PREVIEW_ROWS]
    ]
    return rows, len(entries)


class ImportUploadView(GraduateImportAccessMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "community/admin/import_upload.html"
    form_class = GraduateFileForm
    page_title = _("Import graduates")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recent_imports"] = GraduateImport.objects.defer("report").select_related(
            "uploaded_by"
        )[:10]
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        graduate_import = GraduateImport(
            original_name=upload.name[:200], uploaded_by=self.request.user
        )
        # A random stored name: the file name may say whose data it is.
        graduate_import.file.save(f"{uuid4().hex}.csv", upload, save=True)
        preview_graduate_import.enqueue(graduate_import.pk)
        return redirect("graduate_imports:preview", graduate_import.pk)


class ImportPreviewView(GraduateImportAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """The dry run: what each row would do, and the button that runs the import."""

    template_name = "community/admin/import_preview.html"

    def get_page_title(self):
        return gettext("Preview: %(file)s") % {"file": self.graduate_import.original_name}

    def get(self, request, *args, **kwargs):
        self.graduate_import = self.get_import(with_report=True)
        if self.graduate_import.status in (Status.IMPORTING, Status.DONE):
            return redirect("graduate_imports:progress", self.graduate_import.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        graduate_import = self.graduate_import
        show = self.request.GET.get("show", "")
        rows, matching = report_rows(graduate_import, show if show in ACTIONS else "")
        context.update(
            graduate_import=graduate_import,
            urls=self.import_urls(graduate_import),
            rows=rows,
            matching=matching,
            capped=matching > len(rows),
            show=show if show in ACTIONS else "",
            tabs=[
                ("", gettext("All rows"), graduate_import.total_rows),
                (ERROR, gettext("Errors"), graduate_import.error_count),
                (CREATE, ACTION_LABELS[CREATE], graduate_import.created),
                (UPDATE, ACTION_LABELS[UPDATE], graduate_import.updated),
                (UNCHANGED, ACTION_LABELS[UNCHANGED], graduate_import.unchanged),
            ],
            checking=graduate_import.status == Status.UPLOADED,
            progress_message=progress_message(graduate_import),
            can_run=graduate_import.status == Status.PREVIEWED
            and (graduate_import.created or graduate_import.updated),
        )
        return context


class ImportRunView(GraduateImportAccessMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        graduate_import = self.get_import()
        if graduate_import.status != Status.PREVIEWED:
            messages.error(request, _("This import cannot be run (again)."))
            return redirect("graduate_imports:preview", graduate_import.pk)
        log(
            instance=graduate_import,
            action="community.graduate_import_run",
            user=request.user,
            title=gettext("Graduate import %(pk)s") % {"pk": graduate_import.pk},
        )
        run_graduate_import.enqueue(graduate_import.pk)
        return redirect("graduate_imports:progress", graduate_import.pk)


class ImportProgressView(GraduateImportAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """The import's progress while it runs, and its outcome when it has run."""

    template_name = "community/admin/import_progress.html"

    def get_page_title(self):
        return gettext("Import: %(file)s") % {"file": self.graduate_import.original_name}

    def get(self, request, *args, **kwargs):
        self.graduate_import = self.get_import(with_report=True)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        graduate_import = self.graduate_import
        finished = graduate_import.status in (Status.DONE, Status.FAILED)
        error_rows, error_total = report_rows(graduate_import, ERROR) if finished else ([], 0)
        context.update(
            graduate_import=graduate_import,
            urls=self.import_urls(graduate_import),
            finished=finished,
            progress_message=progress_message(graduate_import),
            error_rows=error_rows,
            error_total=error_total,
            capped=error_total > len(error_rows),
            register_url=reverse("graduate_register:index"),
        )
        return context


class ImportStatusView(GraduateImportAccessMixin, View):
    """JSON for the progress bar's polling script."""

    def get(self, request, pk):
        graduate_import = self.get_import()
        return JsonResponse(
            {
                "status": graduate_import.status,
                "processed": graduate_import.processed_rows,
                "total": graduate_import.total_rows,
                "percent": graduate_import.percent_done,
                "finished": graduate_import.status in (Status.DONE, Status.FAILED),
                "message": progress_message(graduate_import),
            },
            headers={"Cache-Control": "no-store"},
        )


# --- Verification claims -----------------------------------------------------------------------


def claim_faculties(request):
    """The faculty filter offers only the faculties whose claims the user sees."""
    return visible_faculties(request.user) if request else Faculty.objects.none()


class ClaimFilterSet(WagtailFilterSet):
    """Filter the claims by status and, for those who see several, by faculty."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=VerificationClaim.Status.choices
    )
    faculty = django_filters.ModelChoiceFilter(label=_("Faculty"), queryset=claim_faculties)

    class Meta:
        model = VerificationClaim
        fields = ["status", "faculty"]


def claim_log_title(claim) -> str:
    return gettext("Verification claim %(pk)s (%(faculty)s)") % {
        "pk": claim.pk,
        "faculty": claim.faculty.code,
    }


def member_name(claim) -> str:
    return claim.user.get_full_name() or claim.user.email


def programme_label(claim) -> str:
    return claim.programme.name if claim.programme else claim.programme_name


class ClaimIndexView(AdminRefusalMixin, IndexView):
    """The claims the user may handle, those waiting first."""

    any_permission_required = ["change", "view"]
    review_url_name = None

    def get_base_queryset(self):
        return claims_for_coordinator(self.request.user)

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered and self.ordering:
            return super().order_queryset(queryset)
        waiting_first = Case(
            When(status=VerificationClaim.Status.PENDING, then=Value(0)),
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
            TitleColumn(
                "member", label=_("Member"), accessor=member_name, get_url=self.get_edit_url
            ),
            Column("faculty", label=_("Faculty"), accessor="faculty.code"),
            Column("programme", label=_("Programme"), accessor=programme_label),
            Column("graduation_year", label=_("Graduation year"), sort_key="graduation_year"),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                primary=lambda claim: claim.status == VerificationClaim.Status.PENDING,
                sort_key="status",
            ),
            DateColumn("created_at", label=_("Sent"), sort_key="created_at"),
        ]


class ClaimDecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the member (optional)"),
        help_text=_("Sent with the decision, e.g. why the claim could not be confirmed."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ClaimObjectMixin:
    """Loads the claim of the URL once the model permission has been checked: a 404 if there is
    no such claim, a 403 if it belongs to a faculty the user does not coordinate (C3)."""

    def dispatch(self, request, *args, **kwargs):
        self.claim = get_object_or_404(
            VerificationClaim.objects.select_related("user", "faculty", "programme"),
            pk=kwargs["pk"],
        )
        if not claims_for_coordinator(request.user).filter(pk=self.claim.pk).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ClaimAccessMixin(AdminRefusalMixin, PermissionCheckedMixin, ClaimObjectMixin):
    model = VerificationClaim
    header_icon = "tick-inverse"
    index_url_name = "verification_claims:index"


class ClaimReviewView(ClaimAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """The claim, the member, and register entries that look like them; the decision form."""

    template_name = "community/admin/claim_review.html"
    any_permission_required = ["change", "view"]

    def get_page_title(self):
        return gettext("Claim from %(member)s") % {"member": member_name(self.claim)}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Verification claims")},
            {"url": "", "label": self.get_page_title()},
        ]

    def matching_records(self):
        """Register entries that look like the claimant: same name, student number or address,
        within the faculties the reviewer may see."""
        user = self.claim.user
        query = Q(email__iexact=user.email)
        names = {user.get_full_name().strip()}
        profile = Profile.objects.filter(user=user).only("display_name").first()
        if profile:
            names.add(profile.display_name.strip())
        for name in names - {""}:
            query |= Q(full_name__iexact=name)
        if self.claim.student_number:
            query |= Q(student_number=self.claim.student_number)
        return (
            GraduateRecord.objects.filter(query)
            .filter(faculty__in=visible_faculties(self.request.user))
            .select_related("faculty", "programme", "matched_user")[:20]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        claim = self.claim
        pending = claim.status == VerificationClaim.Status.PENDING
        context.update(
            claim=claim,
            member=claim.user,
            profile=Profile.objects.filter(user=claim.user).first(),
            education=EducationRecord.objects.filter(profile__user=claim.user).select_related(
                "faculty", "programme"
            ),
            matches=self.matching_records(),
            form=kwargs.get("form") or ClaimDecisionForm(),
            can_decide=pending and self.user_has_permission("change"),
            approve_url=reverse("verification_claims:approve", args=[claim.pk]),
            decline_url=reverse("verification_claims:decline", args=[claim.pk]),
            index_url=reverse(self.index_url_name),
        )
        return context


class ClaimDecisionView(ClaimReviewView):
    """Approve or decline (POST only); `decide_claim` records it and mails the member."""

    approve = True
    any_permission_required = None
    permission_required = "change"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        claim = self.claim
        if claim.status != VerificationClaim.Status.PENDING:
            messages.error(request, _("This claim has already been decided."))
            return redirect("verification_claims:review", claim.pk)
        form = ClaimDecisionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        decide_claim(claim, by=request.user, approve=self.approve, note=form.cleaned_data["note"])
        log(
            instance=claim,
            action="community.claim_approved" if self.approve else "community.claim_declined",
            user=request.user,
            title=claim_log_title(claim),  # the audit log keeps no member's name or address
        )
        if self.approve:
            message = _("%(member)s is now a verified alumnus; they have been told by e-mail.")
        else:
            message = _("The claim from %(member)s was declined; they have been told by e-mail.")
        messages.success(request, message % {"member": member_name(claim)})
        return redirect(self.index_url_name)


# --- Members -----------------------------------------------------------------------------------


class MemberFilterSet(WagtailFilterSet):
    is_verified = django_filters.BooleanFilter(label=_("Verified alumnus"))
    listed_in_directory = django_filters.BooleanFilter(label=_("Listed in the directory"))
    faculty = django_filters.ModelChoiceFilter(
        label=_("Faculty"),
        queryset=Faculty.objects.all(),
        field_name="education__faculty",
        distinct=True,
    )

    class Meta:
        model = Profile
        fields = ["is_verified", "listed_in_directory", "faculty"]


def member_faculties(profile) -> str:
    return ", ".join(sorted({record.faculty.code for record in profile.education.all()}))


def verification_label(profile) -> str:
    if profile.verification_method in VerificationMethod.values:
        return VerificationMethod(profile.verification_method).label
    return profile.verification_method


class MemberIndexView(NoExportMixin, IndexView):
    """Read-only: the member edits their profile; administrators only look."""

    page_title = _("Members")

    def get_base_queryset(self):
        return Profile.objects.select_related("user").prefetch_related(
            Prefetch("education", queryset=EducationRecord.objects.select_related("faculty"))
        )

    def get_list_more_buttons(self, instance):
        return []

    @cached_property
    def columns(self):
        return [
            Column("display_name", label=_("Name"), sort_key="display_name"),
            Column(
                "email", label=_("E-mail address"), accessor="user.email", sort_key="user__email"
            ),
            Column("faculties", label=_("Faculties"), accessor=member_faculties),
            BooleanColumn("is_verified", label=_("Verified"), sort_key="is_verified"),
            Column("verification_method", label=_("Verified by"), accessor=verification_label),
            BooleanColumn("listed_in_directory", label=_("Listed"), sort_key="listed_in_directory"),
            DateColumn("created_at", label=_("Joined"), sort_key="created_at"),
        ]
