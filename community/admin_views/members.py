"""The read-only overview of members for administrators: a member edits their own profile."""

from django.db.models import Prefetch
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic import IndexView

import django_filters

from home.models import Faculty

from ..models import EducationRecord, Profile, VerificationMethod
from .access import NoExportMixin


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
