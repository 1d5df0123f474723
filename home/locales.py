"""Locales looked up once per process.

Wagtail asks for the active Locale by language code several times per page (routing,
`Page.localized`, the language switcher), one query each. Locales are created with the site's
languages and practically never change, so each process keeps the ones it has found; saving or
deleting a Locale clears the memo in the process that did it (home.signals), and a code with no
Locale is never memoised, so a new language is found at once everywhere.
"""

from wagtail.models import Locale
from wagtail.models.i18n import LocaleManager

_by_language_code: dict[str, Locale] = {}
_uncached_get_for_language = LocaleManager.get_for_language


def get_for_language(manager, language_code):
    try:
        return _by_language_code[language_code]
    except KeyError:
        pass
    locale = _uncached_get_for_language(manager, language_code)
    _by_language_code[language_code] = locale
    return locale


def forget_locales() -> None:
    _by_language_code.clear()


def install() -> None:
    """Route Wagtail's `Locale.objects.get_for_language` (and so `Locale.get_active()`) through
    the memo."""
    LocaleManager.get_for_language = get_for_language
