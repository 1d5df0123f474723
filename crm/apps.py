from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrmConfig(AppConfig):
    """The read-only API the university's CRM syncs members from (issue 9): integrations with
    scoped tokens, members who chose to share, and the ids of those who stopped."""

    name = "crm"
    verbose_name = _("CRM integration")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            personal_data,  # noqa: F401  (registers who created an integration)
            signals,  # noqa: F401  (keeps Profile.updated_at current; records withdrawals)
        )
