"""Site chrome: the main menu, breadcrumbs and the language switcher."""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.urls import translate_url
from django.utils.translation import get_language

from wagtail.models import Locale, Page, Site

from home.menus import MENU_CACHE_SECONDS, menu_version
from home.models.pages import exclude_planned_sections

register = template.Library()


def _home_for(request, language_code=None):
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    try:
        locale = Locale.objects.get(language_code=language_code or get_language())
    except Locale.DoesNotExist:
        return root.specific
    return (root.get_translation_or_none(locale) or root).specific


def _menu_items(request):
    """The main menu of this site in the active language, cached until a page changes
    (home.signals bumps the version), so site chrome costs no queries on most requests."""
    site = Site.find_for_request(request)
    key = f"main-menu:{menu_version()}:{site.pk if site else 0}:{get_language()}"
    items = cache.get(key)
    if items is None:
        items = []
        home = _home_for(request)
        if home is not None:
            children = exclude_planned_sections(home.get_children().live().public().in_menu())
            items = [
                {"title": child.title, "url": child.get_url(request), "path": child.path}
                for child in children
            ]
        cache.set(key, items, MENU_CACHE_SECONDS)
    return items


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    current = context.get("page")
    items = [
        {**item, "active": current is not None and current.path.startswith(item["path"])}
        for item in _menu_items(context["request"])
    ]
    return {"items": items}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    request = context["request"]
    ancestors = [p for p in page.get_ancestors().filter(depth__gte=2).specific() if p.live]
    crumbs = [{"title": p.title, "url": p.get_url(request)} for p in ancestors]
    return {"crumbs": crumbs, "current": page.title}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in the other languages: its translation where there is one, else that
    language's home page; views that are not pages get their own path translated."""
    request = context["request"]
    page = context.get("page")
    current = get_language()
    links = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        url = None
        if isinstance(page, Page):
            try:
                translation = page.get_translation_or_none(Locale.objects.get(language_code=code))
            except Locale.DoesNotExist:
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
    return {"links": links}
