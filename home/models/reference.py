"""Reference data the whole site shares: USN's four faculties and eight campuses."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.models import Collection


class Faculty(models.Model):
    """One of USN's faculties, with its coordinators' Wagtail group and its media collection."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name_nb = models.CharField(_("name (Norwegian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    coordinator_group = models.OneToOneField(
        Group,
        verbose_name=_("coordinator group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_faculty",
    )
    collection = models.OneToOneField(
        Collection,
        verbose_name=_("image and document collection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="faculty",
    )

    class Meta:
        verbose_name = _("faculty")
        verbose_name_plural = _("faculties")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """The faculty's name in the active language."""
        return self.name_en if (get_language() or "nb").startswith("en") else self.name_nb


class Campus(models.Model):
    """One of USN's campuses; the names are the same in both languages."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("campus")
        verbose_name_plural = _("campuses")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class DegreeLevel(models.TextChoices):
    ONE_YEAR = "one_year", _("One-year programme")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    PHD = "phd", _("PhD")
    CONTINUING = "continuing", _("Continuing education")


class Programme(models.Model):
    """A study programme of one faculty, as the national student system names it."""

    faculty = models.ForeignKey(
        Faculty, verbose_name=_("faculty"), on_delete=models.PROTECT, related_name="programmes"
    )
    code = models.CharField(_("code"), max_length=20, unique=True)
    name_nb = models.CharField(_("name (Norwegian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    degree_level = models.CharField(_("degree level"), max_length=12, choices=DegreeLevel.choices)

    class Meta:
        verbose_name = _("study programme")
        verbose_name_plural = _("study programmes")
        ordering = ["faculty__sort_order", "name_nb"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nb").startswith("en") else self.name_nb
