"""Site chrome: the main menu, breadcrumbs, the language switcher and the footer.

Each is cached per host and language until the page tree, the sites or the site settings change
(home.menus, home.signals), so site chrome costs no queries on most requests. None of them
depends on the user: what does (the account links, member badges) stays in the templates.
"""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from wagtail.models import Locale, Page, Site

from home.menus import cached_chrome, chrome_key, request_key
from home.models import SiteSettings
from home.models.pages import exclude_planned_sections

register = template.Library()


def _home_for(request, language_code=None):
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    try:
        locale = Locale.objects.get_for_language(language_code or get_language())
    except (Locale.DoesNotExist, LookupError):
        return root.specific
    return (root.get_translation_or_none(locale) or root).specific


def _menu_items(request):
    """The main menu of this site in the active language."""

    def build():
        home = _home_for(request)
        if home is None:
            return []
        children = exclude_planned_sections(home.get_children().live().public().in_menu())
        return [
            {"title": child.title, "url": child.get_url(request), "path": child.path}
            for child in children
        ]

    return cached_chrome(chrome_key("main-menu", request_key(request)), build)


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    current = context.get("page")
    items = [
        {**item, "active": current is not None and current.path.startswith(item["path"])}
        for item in _menu_items(context["request"])
    ]
    return {"items": items}


def _is_cacheable(request, page) -> bool:
    """A saved page served normally; a preview shows unsaved content, so it is never cached."""
    return page.pk is not None and not getattr(request, "is_preview", False)


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    request = context["request"]

    def build():
        ancestors = [p for p in page.get_ancestors().filter(depth__gte=2).specific() if p.live]
        return [{"title": p.title, "url": p.get_url(request)} for p in ancestors]

    if _is_cacheable(request, page):
        crumbs = cached_chrome(chrome_key("breadcrumbs", request_key(request), page.pk), build)
    else:
        crumbs = build()
    return {"crumbs": crumbs, "current": page.title}


def _language_links(request, page):
    current = get_language()
    links = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        url = None
        if isinstance(page, Page):
            try:
                translation = page.get_translation_or_none(Locale.objects.get_for_language(code))
            except (Locale.DoesNotExist, LookupError):
                translation = None
            if translation is not None and translation.live:
                url = translation.get_url(request)
            else:
                home = _home_for(request, code)
                url = home.get_url(request) if home else None
        else:
            url = translate_url(request.get_full_path(), code)
        if url:
            links.append({"code": code, "name": name, "url": url})
    return links


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in the other languages: its translation where there is one, else that
    language's home page; views that are not pages get their own path translated (no query, so
    not cached: the path carries the visitor's query string)."""
    request = context["request"]
    page = context.get("page")
    if isinstance(page, Page) and _is_cacheable(request, page):
        links = cached_chrome(
            chrome_key("language-switcher", request_key(request), page.pk),
            lambda: _language_links(request, page),
        )
    else:
        links = _language_links(request, page)
    return {"links": links}


@register.simple_tag(takes_context=True)
def site_footer(context):
    """What the footer shows of this site's settings, with the accessibility statement's link in
    the active language."""
    request = context["request"]

    def build():
        site_settings = SiteSettings.for_request(request)
        return {
            "postal_address": site_settings.postal_address,
            "contact_email": site_settings.contact_email,
            "contact_phone": site_settings.contact_phone,
            "social_links": site_settings.social_links,
            "accessibility_statement_link": site_settings.accessibility_statement_link(),
        }

    return cached_chrome(chrome_key("footer", request_key(request)), build)
