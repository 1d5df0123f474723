from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from home.models import FacultySectionPage, HomePage
        from home.page_types import allow_subpage_type

        # What events hold about a person, and meetup places ending with a group membership.
        from . import (  # noqa: F401
            merging,  # noqa: F401  (how its rows merge, accounts.merging)
            personal_data,
            signals,
        )

        # One site-wide event index under the home page, one per faculty section.
        allow_subpage_type(HomePage, "events.EventIndexPage")
        allow_subpage_type(FacultySectionPage, "events.EventIndexPage")
