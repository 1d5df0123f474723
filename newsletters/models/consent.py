"""Who agreed to what: subscribers, their current subscriptions, the append-only consent ledger
and the suppression list (SECURITY.md E1-E5, E8; DESIGN.md §5).

A `Subscriber` is one address that can receive marketing mail: a member (linked to the user, so
the address follows the account's) or a person who subscribed on the public form. `Subscription`
holds the current state per topic, for fast audience queries; `ConsentEvent` is the ledger the state
is derived from, and is only ever appended to. `Suppression` holds hashes of addresses that must
never get marketing mail again (unsubscribed from everything, hard bounce, complaint, erased).
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .topics import ConsentText, Topic


def email_hash(address: str) -> str:
    """The suppression key of an address: SHA-256 of the trimmed, lower-cased address."""
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()


class Language(models.TextChoices):
    NB = "nb", _("Norwegian")
    EN = "en", _("English")


class Subscriber(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriber",
    )
    # For a member, kept equal to the account's address (newsletters.signals).
    email = models.EmailField(_("e-mail address"))
    # email_hash(email), so audience queries can leave out suppressed addresses in SQL.
    email_hash = models.CharField(max_length=64, editable=False, db_index=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.NB
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="newsletters_subscriber_email_ci_unique")
        ]

    def __str__(self):
        return self.name or self.email

    def save(self, *args, **kwargs):
        self.email_hash = email_hash(self.email)
        if kwargs.get("update_fields") and "email" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "email_hash"}
        super().save(*args, **kwargs)

    @property
    def mail_language(self) -> str:
        """The language mail to this subscriber is written in (a member's follows the account's
        preferred language, newsletters.signals)."""
        return self.language or "nb"


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    ACTIVE = "active", _("Subscribed")
    WITHDRAWN = "withdrawn", _("Unsubscribed")


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=SubscriptionStatus.ACTIVE)


class Subscription(models.Model):
    """The current state of one subscriber's consent to one topic; derived from the ledger and
    changed only by newsletters.consent, which writes the ledger entry in the same transaction."""

    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="subscriptions"
    )
    status = models.CharField(_("status"), max_length=10, choices=SubscriptionStatus.choices)
    consent_text = models.ForeignKey(
        ConsentText, verbose_name=_("consent text"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "topic"], name="newsletters_one_subscription_per_topic"
            )
        ]
        indexes = [models.Index(fields=["topic", "status", "subscriber"])]

    def __str__(self):
        return f"{self.subscriber} – {self.topic} ({self.get_status_display()})"


class ConsentAction(models.TextChoices):
    REQUESTED = "requested", _("Asked to subscribe")
    CONFIRMED = "confirmed", _("Confirmed by the link in the mail")
    WITHDRAWN = "withdrawn", _("Withdrew consent")


class CapturePoint(models.TextChoices):
    SIGNUP = "signup", _("Sign-up")
    PREFERENCES = "preferences", _("Preference centre")
    PUBLIC_FORM = "public_form", _("Public subscription form")
    CONFIRMATION = "confirmation", _("Confirmation mail")
    UNSUBSCRIBE_PAGE = "unsubscribe", _("Unsubscribe page")
    ONE_CLICK = "one_click", _("One-click unsubscribe (RFC 8058)")
    MAILTO = "mailto", _("Unsubscribe by e-mail")
    BOUNCE = "bounce", _("Bounce or complaint")
    ERASURE = "erasure", _("Account deleted")
    STAFF = "staff", _("Staff")


class CaptureMethod(models.TextChoices):
    WEB_FORM = "web_form", _("Web form")
    EMAIL_LINK = "email_link", _("Link in an e-mail")
    ONE_CLICK_POST = "one_click", _("One-click POST from the mail program")
    EMAIL = "email", _("E-mail")
    WEBHOOK = "webhook", _("Mail provider webhook")
    SYSTEM = "system", _("System")


class AppendOnlyQuerySet(models.QuerySet):
    """The ledger is append-only (SECURITY.md E2): no bulk update or delete."""

    def update(self, **kwargs):
        raise TypeError("The consent ledger is append-only")

    def delete(self):
        raise TypeError("The consent ledger is append-only")

    def _forget_subscriber(self, subscriber):
        """The one sanctioned change: on erasure (P2) entries lose the link to the person and
        keep what, when and how, so the figures stay right and nothing identifies anyone."""
        # QuerySet's own update: filter() returns this class again, whose update() refuses.
        return models.QuerySet.update(self.filter(subscriber=subscriber), subscriber=None)

    _forget_subscriber.queryset_only = False  # also on the manager, despite the underscore


class ConsentEvent(models.Model):
    """One entry of the append-only consent ledger: who, which topic, what, when, which text
    version, where and how (SECURITY.md E2)."""

    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        null=True,
        on_delete=models.PROTECT,
        related_name="consent_events",
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="consent_events"
    )
    action = models.CharField(_("action"), max_length=10, choices=ConsentAction.choices)
    consent_text = models.ForeignKey(
        ConsentText, verbose_name=_("consent text"), on_delete=models.PROTECT, related_name="+"
    )
    capture_point = models.CharField(_("where"), max_length=12, choices=CapturePoint.choices)
    method = models.CharField(_("how"), max_length=10, choices=CaptureMethod.choices)
    # The campaign whose mail the person unsubscribed from, for the campaign report.
    campaign = models.ForeignKey(
        "newsletters.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consent_events",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent event")
        verbose_name_plural = _("consent ledger")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["subscriber", "created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.topic} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The consent ledger is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The consent ledger is append-only")


class SuppressionReason(models.TextChoices):
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed from everything")
    BOUNCED = "bounced", _("Hard bounce")
    COMPLAINED = "complained", _("Marked as spam")
    ERASED = "erased", _("Account deleted")
    STAFF = "staff", _("Added by staff")


class Suppression(models.Model):
    """An address that gets no marketing mail, kept only as a hash (it may belong to someone
    whose account was erased)."""

    email_hash = models.CharField(_("address (hashed)"), max_length=64, unique=True)
    reason = models.CharField(_("reason"), max_length=12, choices=SuppressionReason.choices)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppression list")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email_hash[:12]}… ({self.get_reason_display()})"

    @classmethod
    def is_suppressed(cls, address: str) -> bool:
        return cls.objects.filter(email_hash=email_hash(address)).exists()

    @classmethod
    def suppress(cls, address: str, reason: str) -> "Suppression":
        entry, _created = cls.objects.get_or_create(
            email_hash=email_hash(address), defaults={"reason": reason}
        )
        return entry
