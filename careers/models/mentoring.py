"""Mentoring: members who offer to mentor, requests from mentees, the mentorships that follow,
and programmes a coordinator runs with an application window and a cohort."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.models import Faculty

REQUEST_EXPIRES_DAYS = 14  # an unanswered request expires
CHECK_IN_EVERY_DAYS = 30  # an active mentorship is reminded to check in this often


class MentoringFormat(models.TextChoices):
    ONE_OFF = "one_off", _("Mentor for a day: one conversation")
    TERM = "term", _("A term: regular meetings over some months")


class MentorProfile(models.Model):
    """A member's offer to mentor: what about, how, and how many mentees at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="mentor_profile",
    )
    active = models.BooleanField(
        _("taking requests"), default=True, help_text=_("Untick to pause new requests.")
    )
    about = models.TextField(_("what I can help with"), max_length=2000)
    topics = models.ManyToManyField(
        "community.InterestTag", verbose_name=_("topics"), blank=True, related_name="mentors"
    )
    capacity = models.PositiveSmallIntegerField(
        _("mentees at a time"), default=1, help_text=_("Between 1 and 10.")
    )
    offers_one_off = models.BooleanField(_("mentor for a day"), default=True)
    offers_term = models.BooleanField(_("a term"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=10),
                name="mentor_capacity_1_to_10",
            )
        ]

    def __str__(self):
        return str(self.user_id)


class MentoringProgramme(models.Model):
    """A mentoring programme a coordinator runs: applications in a window, then a cohort."""

    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), max_length=4000)
    faculty = models.ForeignKey(
        Faculty,
        verbose_name=_("faculty"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentoring_programmes",
    )
    applications_open = models.DateTimeField(_("applications open"))
    applications_close = models.DateTimeField(_("applications close"))
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("mentoring programme")
        verbose_name_plural = _("mentoring programmes")
        ordering = ["-starts", "name"]

    def __str__(self):
        return self.name

    def is_open_for_applications(self, now=None) -> bool:
        now = now or timezone.now()
        return self.applications_open <= now < self.applications_close


class MentoringRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="mentoring_requests_received",
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentee"),
        on_delete=models.CASCADE,
        related_name="mentoring_requests_sent",
    )
    format = models.CharField(_("format"), max_length=10, choices=MentoringFormat.choices)
    purpose = models.TextField(_("what I would like help with"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    response_note = models.TextField(_("answer"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("mentoring request")
        verbose_name_plural = _("mentoring requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=Q(status="pending"),
                name="one_pending_request_per_pair",
            )
        ]
        indexes = [
            models.Index(fields=["status", "expires_at"], name="mentoring_request_expiry_idx")
        ]

    def __str__(self):
        return f"{self.mentee_id} → {self.mentor_id} ({self.status})"


class Mentorship(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        DROPPED = "dropped", _("Ended early")

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="mentorships_as_mentor",
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentee"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="mentorships_as_mentee",
    )
    request = models.OneToOneField(
        MentoringRequest,
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentorship",
    )
    programme = models.ForeignKey(
        MentoringProgramme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentorships",
    )
    format = models.CharField(_("format"), max_length=10, choices=MentoringFormat.choices)
    goals = models.TextField(_("goals"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    agreed_end = models.DateField(_("agreed end"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    next_check_in = models.DateField(_("next check-in"), null=True, blank=True)
    check_in_reminded_at = models.DateTimeField(_("check-in reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_check_in"], name="mentorship_check_in_idx"),
            models.Index(fields=["status", "agreed_end"], name="mentorship_end_idx"),
        ]

    def __str__(self):
        return f"{self.mentor_id} / {self.mentee_id} ({self.status})"


class MentorshipFeedback(models.Model):
    """Closing feedback, one from each side."""

    mentorship = models.ForeignKey(
        Mentorship,
        verbose_name=_("mentorship"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="mentorship_feedback",
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("given"), default=timezone.now)

    class Meta:
        verbose_name = _("mentorship feedback")
        verbose_name_plural = _("mentorship feedback")
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "author"], name="one_feedback_per_side"),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="mentorship_rating_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.rating}/5"


class ProgrammeApplication(models.Model):
    class Role(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        MENTEE = "mentee", _("Mentee")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        MATCHED = "matched", _("Matched")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        NOT_MATCHED = "not_matched", _("Not matched")

    programme = models.ForeignKey(
        MentoringProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="mentoring_applications",
    )
    role = models.CharField(_("as"), max_length=10, choices=Role.choices)
    motivation = models.TextField(_("motivation"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.APPLIED
    )
    created_at = models.DateTimeField(_("applied"), default=timezone.now)

    class Meta:
        verbose_name = _("programme application")
        verbose_name_plural = _("programme applications")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user"], name="one_application_per_programme"
            )
        ]

    def __str__(self):
        return f"{self.user_id} as {self.role} in {self.programme_id}"


class ProgrammeMatch(models.Model):
    """A mentor and a mentee of one programme, suggested by the matcher, confirmed (or changed)
    by the coordinator; confirming starts the mentorship."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    programme = models.ForeignKey(
        MentoringProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="matches",
    )
    mentor_application = models.ForeignKey(
        ProgrammeApplication,
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="matches_as_mentor",
    )
    mentee_application = models.ForeignKey(
        ProgrammeApplication,
        verbose_name=_("mentee"),
        on_delete=models.CASCADE,
        related_name="matches_as_mentee",
    )
    score = models.PositiveSmallIntegerField(_("match score"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUGGESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    mentorship = models.OneToOneField(
        Mentorship,
        verbose_name=_("mentorship"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programme_match",
    )

    class Meta:
        verbose_name = _("programme match")
        verbose_name_plural = _("programme matches")
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee_application"],
                condition=~Q(status="rejected"),
                name="one_live_match_per_mentee",
            )
        ]

    def __str__(self):
        return f"{self.mentor_application_id} + {self.mentee_application_id}"
