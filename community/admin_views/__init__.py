"""Wagtail admin screens of the community app; wagtail_hooks.py registers them.

- the graduate register (read-only) and its import: upload, dry-run preview, run, progress;
- the queue of verification claims, scoped to the coordinator's faculties (SECURITY.md C3);
- the read-only overview of members for administrators;
- the queue of reports of member content, scoped like the claims (SECURITY.md M5, C3);
- the groups overview, scoped to the coordinator's faculties (C3).

Every refusal is a 403 rendered as the admin's own "access denied" page (home.admin_denial).

`imports` holds the register and its import, `claims` the claims, `members` the members overview,
`reports` the reports, `groups` the groups, and `access` what they share.
"""

from .access import AdminRefusalMixin, NoExportMixin, visible_faculties
from .claims import (
    ClaimDecisionForm,
    ClaimDecisionView,
    ClaimFilterSet,
    ClaimIndexView,
    ClaimReviewView,
)
from .groups import GroupViewSet
from .imports import (
    GraduateFileForm,
    GraduateRecordIndexView,
    ImportPreviewView,
    ImportProgressView,
    ImportRunView,
    ImportStatusView,
    ImportUploadView,
    progress_message,
    report_rows,
)
from .members import MemberFilterSet, MemberIndexView
from .reports import (
    ReportDecisionForm,
    ReportDecisionView,
    ReportFilterSet,
    ReportIndexView,
    ReportReviewView,
)

__all__ = [
    "AdminRefusalMixin",
    "ClaimDecisionForm",
    "ClaimDecisionView",
    "ClaimFilterSet",
    "ClaimIndexView",
    "ClaimReviewView",
    "GraduateFileForm",
    "GraduateRecordIndexView",
    "GroupViewSet",
    "ImportPreviewView",
    "ImportProgressView",
    "ImportRunView",
    "ImportStatusView",
    "ImportUploadView",
    "MemberFilterSet",
    "MemberIndexView",
    "NoExportMixin",
    "ReportDecisionForm",
    "ReportDecisionView",
    "ReportFilterSet",
    "ReportIndexView",
    "ReportReviewView",
    "progress_message",
    "report_rows",
    "visible_faculties",
]
