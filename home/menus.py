"""The version number of the cached main menu; any change to the page tree bumps it."""

from django.core.cache import cache

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
