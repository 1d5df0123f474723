"""The job board: postings by verified members and editors, their review and expiry, trusted
posters, and the searches members save to be told about new matches."""

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.models import Faculty, Programme

MAX_DAYS_OPEN = 60  # a posting expires at its deadline and at most this long after publishing
EXPIRY_NOTICE_DAYS = 3  # the poster is told this long before it expires
MAX_SEARCH_TERMS = 10  # words of a search that count; the rest are ignored (SECURITY.md X4)


class JobType(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")
    TEMPORARY = "temporary", _("Temporary")
    INTERNSHIP = "internship", _("Internship")
    TRAINEE = "trainee", _("Trainee")
    SUMMER = "summer", _("Summer job")


class WorkPlace(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    HYBRID = "hybrid", _("Hybrid")
    REMOTE = "remote", _("Remote")


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Expired")
    CLOSED = "closed", _("Closed")


def contains_text(field: str, text: str) -> Q:
    """`field` contains `text`, ignoring case also for æ, ø and å: SQLite's LIKE folds only
    ASCII letters, so other text is matched as a case-insensitive regular expression (which
    Django runs through Python's `re` on SQLite and `~*` on PostgreSQL)."""
    if text.isascii():
        return Q(**{f"{field}__icontains": text})
    matches = Q(**{f"{field}__iregex": re.escape(text)})
    # The regular expression costs a call into Python per row on SQLite: a LIKE on the word's
    # longest ASCII part ("dgiver" of "rådgiver") first leaves it few rows to look at.
    ascii_part = max(re.findall(r"[\x00-\x7f]+", text), key=len, default="")
    if len(ascii_part) >= 3:
        return Q(**{f"{field}__icontains": ascii_part}) & matches
    return matches


class JobPostingQuerySet(models.QuerySet):
    def published(self, now=None):
        """What members and visitors see: published, not past its expiry, not hidden."""
        now = now or timezone.now()
        return self.filter(status=JobStatus.PUBLISHED, expires_at__gt=now, hidden_at__isnull=True)

    def pending_review(self):
        return self.filter(status=JobStatus.PENDING)

    def listed_for(self, user, now=None):
        """The published postings `user` may see: visitors only the public ones (members-only
        postings are for signed-in members)."""
        postings = self.published(now)
        if not user.is_authenticated:
            postings = postings.filter(visible_to_visitors=True)
        return postings

    def search(self, text: str):
        """Postings with every word of `text` in the title, the employer or the description
        (case-insensitive, the first MAX_SEARCH_TERMS words)."""
        postings = self
        for term in text.split()[:MAX_SEARCH_TERMS]:
            postings = postings.filter(
                contains_text("title", term)
                | contains_text("employer", term)
                | contains_text("description", term)
            )
        return postings

    def filtered(
        self, q="", job_type="", workplace="", topic=None, faculty=None, location="", **ignored
    ):
        """The job list's search and filters, as a saved search stores them (`topic` and
        `faculty` are ids); empty values filter nothing."""
        postings = self.search(q) if q else self
        if job_type:
            postings = postings.filter(job_type=job_type)
        if workplace:
            postings = postings.filter(workplace=workplace)
        if topic:
            postings = postings.filter(topics=topic)
        if faculty:
            postings = postings.filter(faculties=faculty)
        if location:
            postings = postings.filter(contains_text("location", location))
        # One topic and one faculty each match a posting once: no duplicate rows to remove.
        return postings

    def newest_first(self):
        return self.order_by("-published_at", "-pk")


class JobPosting(models.Model):
    title = models.CharField(_("title"), max_length=150)
    employer = models.CharField(_("employer"), max_length=150)
    location = models.CharField(_("location"), max_length=150, blank=True)
    workplace = models.CharField(
        _("on site or remote"), max_length=10, choices=WorkPlace.choices, default=WorkPlace.ON_SITE
    )
    job_type = models.CharField(_("type"), max_length=12, choices=JobType.choices)
    description = models.TextField(_("description"), max_length=8000)
    topics = models.ManyToManyField(
        "community.InterestTag",
        verbose_name=_("fields"),
        blank=True,
        related_name="job_postings",
    )
    faculties = models.ManyToManyField(
        Faculty, verbose_name=_("relevant faculties"), blank=True, related_name="job_postings"
    )
    programmes = models.ManyToManyField(
        Programme, verbose_name=_("relevant programmes"), blank=True, related_name="job_postings"
    )
    deadline = models.DateField(_("application deadline"), null=True, blank=True)
    apply_url = models.URLField(_("link to apply"), max_length=500, blank=True)
    apply_email = models.EmailField(_("e-mail address to apply to"), blank=True)
    visible_to_visitors = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Shown to visitors too; otherwise only to signed-in members."),
    )

    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="job_postings",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    expiry_notice_sent_at = models.DateTimeField(_("expiry notice sent"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("note to the poster"), max_length=2000, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)  # by reports (M5)

    objects = JobPostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "expires_at"], name="job_live_idx"),
            models.Index(fields=["status", "published_at"], name="job_recent_idx"),
            models.Index(fields=["posted_by", "created_at"], name="job_poster_idx"),
        ]

    def __str__(self):
        return f"{self.title} – {self.employer}"


class TrustedJobPoster(models.Model):
    """A member whose postings are published without waiting for review."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="trusted_job_poster",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trusted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("trusted since"), default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("trusted job poster")
        verbose_name_plural = _("trusted job posters")

    def __str__(self):
        return str(self.user_id)


class SavedJobSearch(models.Model):
    """A job alert: a member's saved search; new matches reach them as notifications."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="saved_job_searches",
    )
    name = models.CharField(_("name"), max_length=100)
    query = models.JSONField(_("search"), default=dict)
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    # The newest posting already told about, by (published_at, id): the next run looks only at
    # later ones. Publishing order, not id order: a posting approved late has a lower id than
    # one an editor published meanwhile, and must still reach the alerts.
    last_notified_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_notified_posting_id = models.BigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("saved job search")
        verbose_name_plural = _("saved job searches")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name
