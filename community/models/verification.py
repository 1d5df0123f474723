"""Who is a verified alumnus: the graduate register, imports of it, and claims to check by hand."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from home.models import Faculty, Programme

from .profiles import graduation_year_validators


class VerificationMethod(models.TextChoices):
    REGISTER = "register", _("Graduate register")
    FEIDE = "feide", _("Feide login")
    CLAIM = "claim", _("Approved claim")


def import_storage():
    # Uploaded graduate files hold personal data: kept outside MEDIA_ROOT, never served, and
    # deleted when the import has run. With media on S3 they go to a private place in the bucket
    # (settings STORAGES["graduate_imports"]): the app server that took the upload and the task
    # worker that imports it may be different machines.
    if "graduate_imports" in settings.STORAGES:
        return storages["graduate_imports"]
    return FileSystemStorage(location=settings.VAR_DIR / "graduate-imports")


class GraduateImport(models.Model):
    """One CSV export from the national student system, previewed (dry run) and then imported."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        PREVIEWED = "previewed", _("Previewed")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    file = models.FileField(_("file"), storage=import_storage, upload_to="%Y/%m/", blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # Per-row outcome of the dry run or the import: [{"row": 2, "action": "create", ...}].
    report = models.JSONField(_("report"), default=list, blank=True)
    failure = models.TextField(_("why it failed"), blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("graduate import")
        verbose_name_plural = _("graduate imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def percent_done(self) -> int:
        if not self.total_rows:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))


def name_key(name: str) -> str:
    """A name as compared when matching people: case-folded (also Æ/Ø/Å, which SQLite's
    case-insensitive LIKE does not fold) with single spaces."""
    return " ".join(name.split()).casefold()


class GraduateRecord(models.Model):
    """A graduate as the national student system reports them; the key is the student number."""

    student_number = models.CharField(_("student number"), max_length=20, unique=True)
    full_name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False, default="")
    email = models.EmailField(_("e-mail address"), blank=True, db_index=True)
    faculty = models.ForeignKey(Faculty, verbose_name=_("faculty"), on_delete=models.PROTECT)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), null=True, blank=True, on_delete=models.SET_NULL
    )
    programme_name = models.CharField(_("programme (as registered)"), max_length=200)
    degree = models.CharField(_("degree"), max_length=100, blank=True)
    graduation_date = models.DateField(_("graduation date"))
    matched_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="graduate_records",
    )
    last_import = models.ForeignKey(
        GraduateImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("graduate record")
        verbose_name_plural = _("graduate register")
        ordering = ["full_name"]

    def __str__(self):
        return f"{self.full_name} ({self.student_number})"

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.full_name)
        super().save(*args, **kwargs)


class VerificationClaim(models.Model):
    """A member's claim to be a USN graduate, for that faculty's coordinators to decide."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="verification_claims",
    )
    faculty = models.ForeignKey(Faculty, verbose_name=_("faculty"), on_delete=models.PROTECT)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), null=True, blank=True, on_delete=models.SET_NULL
    )
    programme_name = models.CharField(
        _("programme, if not in the list"), max_length=200, blank=True
    )
    graduation_year = models.PositiveSmallIntegerField(
        _("graduation year"), validators=graduation_year_validators()
    )
    student_number = models.CharField(_("student number"), max_length=20, blank=True)
    message = models.TextField(_("anything else we should know"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note to the member"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("verification claim")
        verbose_name_plural = _("verification claims")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} – {self.faculty.code} {self.graduation_year}"
