"""Per-site settings editors change in the admin: contact details, social links, accessibility."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

# Norway's public register of accessibility statements (the universal-design regulation).
DEFAULT_ACCESSIBILITY_STATEMENT_URL = "https://uustatus.no/nb/erklaringer/publisert/"


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    accessibility_statement_url = models.CharField(
        _("accessibility statement URL"),
        max_length=300,
        default=DEFAULT_ACCESSIBILITY_STATEMENT_URL,
        help_text=_("A full address or a path on this site, e.g. /tilgjengelighet/."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("postal_address"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("linkedin_url"), FieldPanel("facebook_url"), FieldPanel("instagram_url")],
            heading=_("Social media"),
        ),
        FieldPanel("accessibility_statement_url"),
    ]

    class Meta:
        verbose_name = _("site settings")

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [
            ("LinkedIn", self.linkedin_url),
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
        ]
        return [(name, url) for name, url in links if url]
