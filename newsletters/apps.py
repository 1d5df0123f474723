from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    """Consent-first marketing mail: topics, the consent ledger, campaigns, deliveries,
    unsubscribe and bounce handling (SECURITY.md E1-E10)."""

    name = "newsletters"
    verbose_name = _("Newsletters")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            merging,  # noqa: F401  (how its rows merge, accounts.merging)
            personal_data,  # noqa: F401  (registers what newsletters hold about a person)
            signals,  # noqa: F401  (member e-mail changes, erasure, webhooks)
            webhooks,  # noqa: F401  (bounces, complaints, unsubscribe by mail: Anymail signals)
        )
