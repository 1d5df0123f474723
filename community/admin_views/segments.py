""" "Export members": a coordinator picks a segment of their faculty's members, sees how many
there are, and downloads them as CSV (issue 9; SECURITY.md C3, X6).

Scope: members with an education record in a faculty the user coordinates; administrators
(central staff) any faculty. Every other user gets the admin's 403. The filters are a form whose
choices are already limited to that scope, so a tampered request (another faculty's programme)
is a form error and never widens it; the queryset is scoped again regardless.

What the file holds, and why: name, e-mail address, programme, graduation year, campus, verified,
member since and preferred language are what the university itself registered or what the member
gave it for contact. Employer and position, city and country are the member's own profile text:
they are included only where the member lets members of their faculty see them (visibility
"verified members" or "members of my faculty", community.privacy) — the coordinator exports as a
member of that faculty would see them, never what the member kept to themselves.

The file streams: members are read in chunks of 1,000 with their education prefetched, so the
number of queries grows with the chunks, not the members. The export is in the audit log.
"""

import csv

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from django_countries import countries

from accounts.audit import AuditAction, record
from home.models import Campus, Faculty, Programme
from home.spreadsheets import neutralise

from ..models import EducationRecord, Profile, Visibility
from .access import AdminRefusalMixin, visible_faculties

SHARED_WITH_FACULTY = {Visibility.MEMBERS, Visibility.FACULTY}
CHUNK = 1000


class SegmentForm(forms.Form):
    faculty = forms.ModelMultipleChoiceField(
        label=_("Faculty"), queryset=Faculty.objects.none(), required=False
    )
    programme = forms.ModelMultipleChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )
    year_from = forms.IntegerField(
        label=_("Graduated from year"), min_value=1960, max_value=2100, required=False
    )
    year_to = forms.IntegerField(
        label=_("Graduated up to year"), min_value=1960, max_value=2100, required=False
    )
    verified = forms.ChoiceField(
        label=_("Verified"),
        choices=[("", _("All")), ("yes", _("Verified only")), ("no", _("Not verified"))],
        required=False,
    )
    campus = forms.ModelMultipleChoiceField(
        label=_("Campus"), queryset=Campus.objects.all(), required=False
    )
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, faculties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["faculty"].queryset = faculties
        self.fields["programme"].queryset = Programme.objects.filter(
            faculty__in=faculties
        ).order_by("name_nb")
        self.fields["country"].choices = [("", _("All countries")), *countries]

    def filters(self) -> dict:
        """The chosen filters as plain data, for the audit log."""
        data = self.cleaned_data
        return {
            "faculty": sorted(f.code for f in data.get("faculty") or []),
            "programme": sorted(p.code for p in data.get("programme") or []),
            "year_from": data.get("year_from"),
            "year_to": data.get("year_to"),
            "verified": data.get("verified") or "",
            "campus": sorted(c.name for c in data.get("campus") or []),
            "country": data.get("country") or "",
        }


def segment_members(faculties, data):
    """The profiles in the segment: every education condition applies to one and the same
    education record, inside the user's faculties."""
    education = {"education__faculty__in": data.get("faculty") or faculties}
    if data.get("programme"):
        education["education__programme__in"] = data["programme"]
    if data.get("year_from"):
        education["education__graduation_year__gte"] = data["year_from"]
    if data.get("year_to"):
        education["education__graduation_year__lte"] = data["year_to"]
    if data.get("campus"):
        education["education__campus__in"] = data["campus"]
    members = Profile.objects.filter(user__is_active=True, **education)
    if data.get("verified") == "yes":
        members = members.filter(is_verified=True)
    elif data.get("verified") == "no":
        members = members.filter(is_verified=False)
    if data.get("country"):
        # Only members who let their faculty see where they live: a hidden country must not
        # leak through who turns up under the filter.
        members = members.filter(
            country=data["country"], location_visibility__in=SHARED_WITH_FACULTY
        )
    return members.distinct()


def csv_header():
    return [
        gettext("Name"),
        gettext("E-mail address"),
        gettext("Programme"),
        gettext("Graduation year"),
        gettext("Campus"),
        gettext("Verified"),
        gettext("Member since"),
        gettext("City"),
        gettext("Country"),
        gettext("Employer"),
        gettext("Position"),
        gettext("Preferred language"),
    ]


def csv_row(profile):
    records = profile.scoped_education
    shares_work = profile.work_visibility in SHARED_WITH_FACULTY
    shares_location = profile.location_visibility in SHARED_WITH_FACULTY
    return [
        profile.display_name,
        profile.user.email,
        "; ".join(str(r.programme.name_nb if r.programme else r.programme_name) for r in records),
        "; ".join(str(r.graduation_year or "") for r in records),
        "; ".join(r.campus.name if r.campus else "" for r in records),
        profile.is_verified,
        timezone.localtime(profile.created_at).date().isoformat(),
        profile.city if shares_location else "",
        profile.country.code if shares_location and profile.country else "",
        profile.employer if shares_work else "",
        profile.current_position if shares_work else "",
        profile.user.preferred_language,
    ]


class Echo:
    """A file-like object whose write returns the line, for streaming with csv.writer."""

    def write(self, value):
        return value


def stream_csv(members, faculties, header):
    writer = csv.writer(Echo())
    yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
    yield writer.writerow([neutralise(cell) for cell in header])
    rows = (
        members.select_related("user")
        .prefetch_related(
            Prefetch(
                "education",
                queryset=EducationRecord.objects.filter(faculty__in=faculties).select_related(
                    "programme", "campus"
                ),
                to_attr="scoped_education",
            )
        )
        .order_by("display_name", "pk")
    )
    for profile in rows.iterator(chunk_size=CHUNK):
        yield writer.writerow([neutralise(cell) for cell in csv_row(profile)])


class SegmentExportView(AdminRefusalMixin, WagtailAdminTemplateMixin, TemplateView):
    """The filter form with the count; `?download=1` streams the CSV."""

    template_name = "community/admin/segment_export.html"
    page_title = _("Export members")
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        self.faculties = visible_faculties(request.user).order_by("code")
        if not request.user.is_authenticated or not self.faculties.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        submitted = bool(request.GET)
        self.form = SegmentForm(request.GET if submitted else None, faculties=self.faculties)
        if submitted and self.form.is_valid() and request.GET.get("download"):
            return self.download()
        return super().get(request, *args, **kwargs)

    def scope(self):
        chosen = self.form.cleaned_data.get("faculty")
        return chosen if chosen else self.faculties

    def download(self):
        members = segment_members(self.faculties, self.form.cleaned_data)
        count = members.count()
        record(AuditAction.CSV_EXPORT, actor=self.request.user, count=count, **self.form.filters())
        response = StreamingHttpResponse(
            stream_csv(members, self.scope(), csv_header()), content_type="text/csv; charset=utf-8"
        )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="members-{stamp}.csv"'
        response["Cache-Control"] = "no-store"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        count = None
        if self.form.is_bound and self.form.is_valid():
            count = segment_members(self.faculties, self.form.cleaned_data).count()
        context.update(
            form=self.form,
            count=count,
            faculties=self.faculties,
            download_query=self.request.GET.urlencode(),
        )
        return context
