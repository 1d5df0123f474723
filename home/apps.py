from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site and content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import admin_denial, locales, reference_choices, signals  # noqa: F401

        admin_denial.install()
        locales.install()
