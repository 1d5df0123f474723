"""Snapshot rows of the coordinators' figures, and the record of each section's launch notice.

The dashboard reads only `FigureSnapshot` rows (a handful of queries however large the data);
`figures.computing` fills them from the live tables on a schedule.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.models import Faculty


class FigureSnapshotQuerySet(models.QuerySet):
    def for_scopes(self, faculty_ids, *, include_total: bool):
        """Rows of these faculties, and of the whole university when `include_total`."""
        scope = Q(faculty_id__in=list(faculty_ids))
        if include_total:
            scope |= Q(faculty__isnull=True)
        return self.filter(scope)


class FigureSnapshot(models.Model):
    """One figure (`key`) of one month, for one faculty or (faculty empty) the whole university."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    faculty = models.ForeignKey(
        Faculty,
        verbose_name=_("faculty"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="figure_snapshots",
    )
    key = models.CharField(_("figure"), max_length=80)
    value = models.FloatField(_("value"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    objects = FigureSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("figure snapshot")
        verbose_name_plural = _("figure snapshots")
        ordering = ["month", "key"]
        # NULL is never equal to NULL in a unique index: the whole-university rows need their own.
        constraints = [
            models.UniqueConstraint(
                fields=["month", "faculty", "key"],
                condition=Q(faculty__isnull=False),
                name="figures_one_value_per_faculty_month_key",
            ),
            models.UniqueConstraint(
                fields=["month", "key"],
                condition=Q(faculty__isnull=True),
                name="figures_one_total_per_month_key",
            ),
        ]
        indexes = [models.Index(fields=["month", "faculty"], name="figures_month_faculty_idx")]
        permissions = [("view_all_figures", _("Can see the figures of every faculty"))]

    def __str__(self):
        scope = self.faculty.code if self.faculty_id else "USN"
        return f"{self.month:%Y-%m} {scope} {self.key}={self.value}"


class LaunchNotice(models.Model):
    """The one mail telling a faculty's news subscribers that its section has launched."""

    faculty = models.OneToOneField(
        Faculty,
        verbose_name=_("faculty"),
        on_delete=models.CASCADE,
        related_name="launch_notice",
    )
    campaign = models.ForeignKey(
        "newsletters.Campaign",
        verbose_name=_("campaign"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    launch_state = models.CharField(_("launched as"), max_length=10)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("launch notice")
        verbose_name_plural = _("launch notices")

    def __str__(self):
        return f"{self.faculty.code} {self.launch_state}"
