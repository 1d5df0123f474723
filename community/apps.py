from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (  # noqa: F401  (registers data; connects handlers)
            merging,  # noqa: F401  (how its rows merge, accounts.merging)
            personal_data,
            signals,
        )
        from .groups import discussions  # noqa: F401  (connects its membership_ended handler)
        from .groups.policy import share_a_group
        from .messaging.policy import register_shared_group_check

        register_shared_group_check(share_a_group)
