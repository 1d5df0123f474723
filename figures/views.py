"""The figures dashboard in the Wagtail admin, and its CSV exports (SECURITY.md C3, X6).

Everything shown comes from `FigureSnapshot` rows in one query, so a page costs the same few
queries however large the site is. The URL names the scope: a faculty's code, or `usn` for the
whole university (central staff only). A scope outside the user's faculties is a 403, an unknown
one a 404.
"""

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from events.csv_export import neutralise
from home.admin_denial import permission_denied_403
from home.models import Faculty
from newsletters.models import Topic

from . import policy
from .computing import add_months, current_month
from .metrics import (
    CONSENT_PREFIX,
    CONSENT_TABLE,
    GRADUATE_YARDSTICK,
    TABLES,
    table_named,
)
from .models import FigureSnapshot

TREND_MONTHS = 12


def display(value, percent: bool) -> str:
    if value is None:
        return "–"
    if percent:
        return f"{formats.number_format(value, 1)} %"
    return formats.number_format(int(round(value)), 0, force_grouping=True)


class FiguresAccessMixin:
    """Central staff or a coordinator, and the scope of the URL within what they may see."""

    def dispatch(self, request, *args, **kwargs):
        try:
            self.check_access(request, kwargs.get("scope"))
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return permission_denied_403(request)

    def check_access(self, request, scope_code):
        user = request.user
        self.central = policy.sees_all(user)
        self.faculties = policy.visible_faculties(user)
        if not self.central and not self.faculties:
            raise PermissionDenied
        self.scope = self.resolve_scope(scope_code)

    def resolve_scope(self, code):
        """The Faculty named by `code`, None for the whole university."""
        if code is None:
            return None if self.central else self.faculties[0]
        if code == policy.TOTAL_SCOPE:
            if not self.central:
                raise PermissionDenied
            return None
        for faculty in self.faculties:
            if faculty.code.lower() == code.lower():
                return faculty
        if Faculty.objects.filter(code__iexact=code).exists():
            raise PermissionDenied  # another faculty's figures (C3)
        raise Http404

    # The data: one query for every row the page needs. ------------------------------------

    def months(self):
        last = current_month()
        return [add_months(last, -back) for back in range(TREND_MONTHS - 1, -1, -1)]

    def columns(self):
        """The overview's columns: (faculty id or None, heading)."""
        columns = [(faculty.pk, faculty.code) for faculty in self.faculties]
        if self.central:
            columns.append((None, _("USN in total")))
        return columns

    def load(self, faculty_ids, include_total):
        months = self.months()
        values = {}
        rows = (
            FigureSnapshot.objects.for_scopes(faculty_ids, include_total=include_total)
            .filter(month__gte=months[0], month__lte=months[-1])
            .values_list("faculty_id", "key", "month", "value")
        )
        for faculty_id, key, month, value in rows:
            values[(faculty_id, key, month)] = value
        return months, values

    def scope_id(self):
        return self.scope.pk if self.scope else None

    def scope_code(self):
        return self.scope.code.lower() if self.scope else policy.TOTAL_SCOPE

    def scope_name(self):
        return self.scope.name if self.scope else _("USN in total")

    def overview(self, values, month):
        """Rows of (label, [cells]) of the latest month, one cell per column."""
        columns = self.columns()
        rows = []
        for table in TABLES:
            for metric in table.metrics:
                rows.append(
                    {
                        "label": metric.label,
                        "cells": [
                            display(values.get((scope, metric.key, month)), metric.percent)
                            for scope, _heading in columns
                        ],
                    }
                )
        return {"headings": [heading for _scope, heading in columns], "rows": rows}

    def trend(self, table, values, months):
        scope = self.scope_id()
        series = []
        for metric in table.metrics:
            data = [values.get((scope, metric.key, month)) for month in months]
            series.append({"label": str(metric.label), "data": data, "percent": metric.percent})
        labels = [formats.date_format(month, "YEAR_MONTH_FORMAT") for month in months]
        rows = [
            {
                "month": labels[index],
                "cells": [
                    display(serie["data"][index], metric.percent)
                    for serie, metric in zip(series, table.metrics, strict=True)
                ],
            }
            for index in range(len(months))
        ]
        return {
            "name": table.name,
            "title": table.title,
            "headings": [metric.label for metric in table.metrics],
            "rows": rows,
            "chart": {"labels": labels, "series": series},
        }

    def consent(self, values, month):
        scope = self.scope_id()
        slugs = {
            key[len(CONSENT_PREFIX) :]: value
            for (faculty_id, key, row_month), value in values.items()
            if faculty_id == scope and row_month == month and key.startswith(CONSENT_PREFIX)
        }
        topics = Topic.objects.filter(slug__in=slugs).only("slug", "name_nb", "name_en")
        names = {topic.slug: topic.name for topic in topics} if slugs else {}
        rows = [
            {"label": names.get(slug, slug), "value": slugs[slug]}
            for slug in sorted(slugs, key=lambda slug: names.get(slug, slug))
        ]
        return {
            "name": CONSENT_TABLE,
            "title": _("Consent rate per topic"),
            "rows": [{"label": row["label"], "cell": display(row["value"], True)} for row in rows],
            "chart": {
                "labels": [row["label"] for row in rows],
                "series": [
                    {
                        "label": _("Consent rate"),
                        "data": [row["value"] for row in rows],
                        "percent": True,
                    }
                ],
                "kind": "bar",
            },
        }


class DashboardView(FiguresAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "figures/dashboard.html"
    page_title = gettext_lazy("Figures")
    header_icon = "table"

    def get_page_subtitle(self):
        return self.scope_name()

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Figures")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        months, values = self.load([faculty.pk for faculty in self.faculties], self.central)
        latest = months[-1]
        trends = [self.trend(table, values, months) for table in TABLES]
        consent = self.consent(values, latest)
        scopes = [(faculty.code.lower(), faculty.name) for faculty in self.faculties]
        if self.central:
            scopes.append((policy.TOTAL_SCOPE, _("USN in total")))
        computed = [value for key, value in values.items() if key[2] == latest]
        context.update(
            central=self.central,
            overview=self.overview(values, latest),
            latest_month=latest,
            has_figures=bool(computed),
            trends=trends,
            consent=consent,
            scope_code=self.scope_code(),
            scope_name=self.scope_name(),
            scopes=[
                {
                    "code": code,
                    "name": name,
                    "url": reverse("figures:scope", args=[code]),
                    "current": code == self.scope_code(),
                }
                for code, name in scopes
            ],
            yardstick=GRADUATE_YARDSTICK,
        )
        return context


class CsvView(FiguresAccessMixin, View):
    """One table as CSV: the overview (`overview`), a trend table, or the consent rates."""

    def get(self, request, table, scope=None):
        if table == "overview":
            months, values = self.load([f.pk for f in self.faculties], self.central)
        else:
            months, values = self.load([self.scope.pk] if self.scope else [], self.scope is None)
        latest = months[-1]
        if table == "overview":
            data = self.overview(values, latest)
            header = [_("Figure"), *data["headings"]]
            lines = [[row["label"], *row["cells"]] for row in data["rows"]]
            name = f"figures-overview-{latest:%Y-%m}.csv"
        elif table == CONSENT_TABLE:
            data = self.consent(values, latest)
            header = [_("Topic"), _("Consent rate")]
            lines = [[row["label"], row["cell"]] for row in data["rows"]]
            name = f"figures-{self.scope_code()}-consent-{latest:%Y-%m}.csv"
        else:
            definition = table_named(table)
            if definition is None:
                raise Http404
            data = self.trend(definition, values, months)
            header = [_("Month"), *data["headings"]]
            lines = [[row["month"], *row["cells"]] for row in data["rows"]]
            name = f"figures-{self.scope_code()}-{table}-{latest:%Y-%m}.csv"
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([neutralise(cell) for cell in header])
        for line in lines:
            writer.writerow([neutralise(cell) for cell in line])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response
