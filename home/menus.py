"""The version of the cached site chrome; any change to the page tree, the sites, the view
restrictions or the site settings bumps it.

The main menu, breadcrumbs, language switcher, footer, planned-section paths and restricted
paths are cached under keys that carry this version, so one bump makes all of them stale at once
(on every app server: the version lives in the shared cache). Nothing kept under these keys may
depend on the user; the language and the requested host are part of every key that needs them.
"""

from django.core.cache import cache
from django.utils.translation import get_language

MENU_VERSION_KEY = "main-menu-version"
MENU_CACHE_SECONDS = 600


def menu_version() -> int:
    version = cache.get(MENU_VERSION_KEY)
    if version is None:
        cache.add(MENU_VERSION_KEY, 1, timeout=None)
        version = cache.get(MENU_VERSION_KEY, 1)
    return version


def invalidate_menus() -> None:
    try:
        cache.incr(MENU_VERSION_KEY)
    except ValueError:
        cache.set(MENU_VERSION_KEY, 2, timeout=None)


def chrome_key(name: str, *parts) -> str:
    """A cache key for one piece of chrome at the current version."""
    return ":".join(["chrome", name, str(menu_version()), *(str(part) for part in parts)])


def request_key(request) -> str:
    """The host (validated against ALLOWED_HOSTS) and active language of a request: what decides
    which site, and so which URLs and settings, the chrome shows. Using the host rather than the
    Site saves the Site query on views that are not pages."""
    return f"{request.get_host()}:{get_language()}"


def cached_chrome(key: str, build):
    """The value under key, built and stored on a miss."""
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, MENU_CACHE_SECONDS)
    return value
