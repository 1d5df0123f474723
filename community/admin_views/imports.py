"""The graduate register in the admin: its read-only listing, and its import from the student
system's CSV (upload, dry-run preview, run, progress, and the status the progress bar polls).
"""

from uuid import uuid4

from django import forms
from django.contrib import messages
from django.core.validators import FileExtensionValidator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View

from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.log_actions import log

from ..graduate_import import ACTIONS, CREATE, ERROR, MAX_UPLOAD_SIZE, UNCHANGED, UPDATE
from ..models import GraduateImport, GraduateRecord
from ..tasks import preview_graduate_import, run_graduate_import
from .access import AdminRefusalMixin, NoExportMixin

PREVIEW_ROWS = 500  # rows of a report shown at once; the totals always cover the whole file
Status = GraduateImport.Status


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
            messages.error(request, gettext("This import cannot be run (again)."))
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
