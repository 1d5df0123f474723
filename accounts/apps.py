from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # personal_data registers what allauth and Wagtail hold about a person (DESIGN.md §5);
        # signals ends sessions (A7) and counts a new authenticator as the second factor (A5).
        from . import (  # noqa: F401
            merging,  # noqa: F401  (how allauth's and Wagtail's rows merge, issue 9)
            personal_data,
            signals,
        )
