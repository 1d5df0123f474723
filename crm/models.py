"""Integrations that may read the CRM API, their tokens, and the record of members who stopped
sharing (issue 9).

A token is shown once, when it is made, and stored only as its SHA-256 hash with a short prefix
that lets an administrator tell tokens apart. Revoking is immediate: the next request with the
token is refused.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "usncrm_"  # noqa: S105  (a public marker, not a secret)
# What the list shows of a token: the fixed prefix and the first characters of the random part.
VISIBLE_PREFIX_LENGTH = len(TOKEN_PREFIX) + 6


class Scope(models.TextChoices):
    MEMBERS = "members:read", _("Members and their profiles (members:read)")
    CONSENTS = "consents:read", _("Newsletter subscriptions (consents:read)")
    ATTENDANCE = "attendance:read", _("Event attendance (attendance:read)")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """A fresh token: a recognisable prefix (so a leaked one is easy to find in logs and code
    scanners) and 256 random bits."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class IntegrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def for_token(self, token: str):
        """The active integration holding `token`, or None. The lookup is by hash, so the time
        it takes says nothing about how close a guess was."""
        if not token or not token.startswith(TOKEN_PREFIX):
            return None
        return self.active().filter(token_hash=hash_token(token)).first()


class Integration(models.Model):
    """A system allowed to read the CRM API (usually one: the university's CRM), with the scopes
    it was given."""

    name = models.CharField(
        _("name"),
        max_length=100,
        unique=True,
        help_text=_("Which system uses the token, e.g. 'USN CRM (production)'."),
    )
    scopes = models.JSONField(_("scopes"), default=list)
    token_prefix = models.CharField(_("token starts with"), max_length=20, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    objects = IntegrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("integration")
        verbose_name_plural = _("integrations")
        ordering = ["revoked_at", "name"]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def scope_labels(self) -> list[str]:
        labels = dict(Scope.choices)
        return [str(labels[scope]) for scope in self.scopes if scope in labels]

    def set_new_token(self) -> str:
        """Give the integration a new token and return it; only its hash is kept."""
        token = new_token()
        self.token_hash = hash_token(token)
        self.token_prefix = token[:VISIBLE_PREFIX_LENGTH]
        return token

    def revoke(self, when=None) -> bool:
        """Revoke the token; False if it already was."""
        if self.revoked_at is not None:
            return False
        self.revoked_at = when or timezone.now()
        self.save(update_fields=["revoked_at"])
        return True


class SharingWithdrawalQuerySet(models.QuerySet):
    def since(self, when):
        return self.filter(withdrawn_at__gte=when) if when else self


class SharingWithdrawal(models.Model):
    """A member the CRM must forget: they stopped sharing, were deactivated or deleted their
    account. Only the member id and the time, nothing else about the person, so it can outlive
    the account."""

    member_id = models.PositiveBigIntegerField(_("member id"), db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), default=timezone.now, db_index=True)

    objects = SharingWithdrawalQuerySet.as_manager()

    class Meta:
        verbose_name = _("withdrawal from CRM sharing")
        verbose_name_plural = _("withdrawals from CRM sharing")
        ordering = ["withdrawn_at", "pk"]

    def __str__(self):
        return f"{self.member_id} ({self.withdrawn_at:%Y-%m-%d %H:%M})"
