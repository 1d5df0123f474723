"""Registrations for events, their place on the waitlist, and the feedback after an event."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .pages import EventPage


class RegistrationStatus(models.TextChoices):
    PENDING = "pending_confirmation", _("Waiting for the e-mail address to be confirmed")
    CONFIRMED = "confirmed", _("Registered")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class EventRegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waitlisted(self):
        """On the waitlist, first come first."""
        return self.filter(status=RegistrationStatus.WAITLISTED).order_by("created_at", "pk")

    def pending(self):
        return self.filter(status=RegistrationStatus.PENDING)

    def for_event(self, event):
        return self.filter(event=event)

    def of_member(self, user):
        return self.filter(user=user) if user.is_authenticated else self.none()

    def places_taken(self, event) -> int:
        """Confirmed participants of `event` and their guests."""
        total = self.filter(event=event).confirmed().aggregate(total=Sum(F("guests") + 1))["total"]
        return total or 0


class EventRegistration(models.Model):
    """One person's registration for one event: a member (user) or a visitor (name, address)."""

    event = models.ForeignKey(
        EventPage, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    visitor_name = models.CharField(_("name"), max_length=200, blank=True)
    visitor_email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        help_text=_("For visitors: the language of the page they registered on."),
    )
    status = models.CharField(
        _("status"), max_length=24, choices=RegistrationStatus.choices, db_index=True
    )
    guests = models.PositiveSmallIntegerField(_("guests"), default=0)
    answers = models.JSONField(_("answers"), default=list, blank=True)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("place confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)
    cancel_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    feedback_sent_at = models.DateTimeField(_("feedback request sent"), null=True, blank=True)

    objects = EventRegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(user__isnull=False) & ~Q(status="cancelled"),
                name="events_one_active_registration_per_member",
            ),
            models.UniqueConstraint(
                F("event"),
                Lower("visitor_email"),
                condition=Q(user__isnull=True) & ~Q(status="cancelled") & ~Q(visitor_email=""),
                name="events_one_active_registration_per_visitor_address",
            ),
        ]
        indexes = [
            # Counting places and walking the waitlist of one event.
            models.Index(fields=["event", "status", "created_at"], name="events_reg_event_status"),
            models.Index(fields=["user", "status"], name="events_reg_user_status"),
        ]

    def __str__(self):
        return f"{self.display_name} – {self.event.title}"

    @property
    def is_visitor(self) -> bool:
        return self.user_id is None

    @property
    def display_name(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.user.email
        return self.visitor_name

    @property
    def email(self) -> str:
        return self.user.email if self.user_id else self.visitor_email

    @property
    def mail_language(self) -> str:
        if self.user_id:
            return self.user.preferred_language or settings.LANGUAGE_CODE
        return self.language or settings.LANGUAGE_CODE

    @property
    def places(self) -> int:
        return 1 + self.guests

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == RegistrationStatus.WAITLISTED

    @property
    def is_pending(self) -> bool:
        return self.status == RegistrationStatus.PENDING

    def waitlist_position(self) -> int | None:
        """1 for the first on the waitlist; None when not on it."""
        if not self.is_waitlisted:
            return None
        ahead = (
            EventRegistration.objects.filter(event_id=self.event_id)
            .waitlisted()
            .filter(
                Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk)
            )
            .count()
        )
        return ahead + 1


class EventFeedback(models.Model):
    """A participant's short feedback after an event."""

    registration = models.OneToOneField(
        EventRegistration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("given"), default=timezone.now)

    class Meta:
        verbose_name = _("event feedback")
        verbose_name_plural = _("event feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="events_feedback_rating_1_5"
            )
        ]

    def __str__(self):
        return f"{self.rating}/5"
