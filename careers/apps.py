from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = _("Careers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from home.models import FacultySectionPage, HomePage
        from home.page_types import allow_subpage_type

        from . import (
            merging,  # noqa: F401  (how its rows merge, accounts.merging)
            personal_data,  # noqa: F401  (registers what careers hold about a person)
        )
        from .jobs import reporting as job_reporting

        job_reporting.register()  # job postings can be reported (SECURITY.md M5)

        # Career guidance and course offers: one index of each central, one per faculty section.
        for page_type in ("careers.CareersIndexPage", "careers.CourseOfferIndexPage"):
            allow_subpage_type(HomePage, page_type)
            allow_subpage_type(FacultySectionPage, page_type)
