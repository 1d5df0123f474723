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
    accessibility_statement_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked in every footer, in the visitor's language where translated."),
    )
    accessibility_statement_url = models.CharField(
        _("accessibility statement URL"),
        max_length=300,
        default=DEFAULT_ACCESSIBILITY_STATEMENT_URL,
        help_text=_("Used when no page is chosen: a full address or a path on this site."),
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
        MultiFieldPanel(
            [FieldPanel("accessibility_statement_page"), FieldPanel("accessibility_statement_url")],
            heading=_("Accessibility statement"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    def accessibility_statement_link(self) -> str:
        """The statement in the active language where it is translated, else the address."""
        page = self.accessibility_statement_page
        if page is not None:
            localized = page.localized
            if localized.live:
                return localized.url
            if page.live:
                return page.url
        return self.accessibility_statement_url

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [
            ("LinkedIn", self.linkedin_url),
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
        ]
        return [(name, url) for name, url in links if url]
