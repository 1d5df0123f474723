"""A member's personal calendar feed: a secret address, renewed (the old one dead) on request."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedTokenQuerySet(models.QuerySet):
    def for_user(self, user) -> "CalendarFeedToken":
        """The member's feed token, made on first use."""
        token, _ = self.get_or_create(user=user)
        return token


class CalendarFeedToken(models.Model):
    """The secret in the address of a member's personal feed of their registrations. Whoever has
    the address sees the member's events, so renewing it makes the old address answer 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="calendar_feed_token",
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = CalendarFeedTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed address")
        verbose_name_plural = _("calendar feed addresses")

    def __str__(self):
        return str(_("Calendar feed address"))

    def renew(self) -> None:
        self.token = new_feed_token()
        self.created_at = timezone.now()
        self.save(update_fields=["token", "created_at"])
