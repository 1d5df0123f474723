"""Member benefits: a discount code or free places, seen only by verified members."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from home.models import Faculty


class BenefitKind(models.TextChoices):
    DISCOUNT_CODE = "code", _("Discount code")
    FREE_PLACES = "places", _("Free places")


class MemberBenefitQuerySet(models.QuerySet):
    def current(self, today=None):
        today = today or timezone.localdate()
        return self.filter(active=True).filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=today),
            Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        )


class MemberBenefit(models.Model):
    """An offer for verified members. The code (or the claim of a free place) is revealed to a
    verified member who asks for it, and each member who does counts as one redemption."""

    title = models.CharField(_("title"), max_length=150)
    partner = models.CharField(_("offered by"), max_length=150, blank=True)
    description = models.TextField(_("description"), max_length=2000)
    kind = models.CharField(_("kind"), max_length=10, choices=BenefitKind.choices)
    code = models.CharField(
        _("discount code"),
        max_length=100,
        blank=True,
        help_text=_("Shown only to verified members who ask for it."),
    )
    places = models.PositiveIntegerField(
        _("free places"), null=True, blank=True, help_text=_("For free places: how many.")
    )
    how_to_use = models.TextField(_("how to use it"), max_length=1000, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    faculty = models.ForeignKey(
        Faculty,
        verbose_name=_("faculty"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_benefits",
        help_text=_("Empty: for all verified members."),
    )
    topics = models.ManyToManyField(
        "community.InterestTag", verbose_name=_("topics"), blank=True, related_name="+"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    redemption_count = models.PositiveIntegerField(_("redemptions"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = MemberBenefitQuerySet.as_manager()

    class Meta:
        verbose_name = _("member benefit")
        verbose_name_plural = _("member benefits")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == BenefitKind.DISCOUNT_CODE and not self.code.strip():
            errors["code"] = _("Give the discount code members will see.")
        if self.kind == BenefitKind.FREE_PLACES:
            if not self.places:
                errors["places"] = _("Say how many free places there are.")
            elif self.places < self.redemption_count:
                errors["places"] = ngettext(
                    "%(count)s place has been claimed already; there cannot be fewer.",
                    "%(count)s places have been claimed already; there cannot be fewer.",
                    self.redemption_count,
                ) % {"count": self.redemption_count}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("A benefit cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    @property
    def has_places(self) -> bool:
        return self.kind == BenefitKind.FREE_PLACES

    @property
    def places_left(self) -> int | None:
        """Free places not yet claimed; None when the benefit is not limited."""
        if not self.has_places or self.places is None:
            return None
        return max(self.places - self.redemption_count, 0)


class BenefitRedemption(models.Model):
    """One verified member revealed the code or claimed a free place (once per member)."""

    benefit = models.ForeignKey(
        MemberBenefit,
        verbose_name=_("benefit"),
        on_delete=models.CASCADE,
        related_name="redemptions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="benefit_redemptions",
    )
    created_at = models.DateTimeField(_("redeemed"), default=timezone.now)

    class Meta:
        verbose_name = _("benefit redemption")
        verbose_name_plural = _("benefit redemptions")
        constraints = [
            models.UniqueConstraint(fields=["benefit", "user"], name="one_redemption_per_member")
        ]

    def __str__(self):
        return f"{self.benefit_id}: {self.user_id}"
