"""A cache of whole responses of Wagtail pages for visitors who are not signed in (issue 11).

What is cached. Only responses of Wagtail's page view (`wagtail.views.serve`; a `before_serve_page`
hook in home/wagtail_hooks.py tells the middleware which page it served), never community,
account, registration, careers or newsletter views, the admin, or anything else. A response is
stored only when all of these hold:

- the request is a GET without a query string (filters, paging and search are never cached),
  without an Authorization header, and without a session or messages cookie: a signed-in member,
  or a visitor with a session (a passed password restriction, a pending message), neither gets a
  cached page nor fills the cache;
- the response is a 200 that sets no cookie (a page that renders a CSRF token sets the csrftoken
  cookie, so a form page is never stored and one visitor's token never reaches another), is not
  streamed or content-encoded, varies on nothing but Cookie and Accept-Language, and whose
  Cache-Control says neither private, no-store nor no-cache (Wagtail marks pages with view
  restrictions so);
- the page type allows it: a page class may set `anonymous_cache_seconds` to 0 (never cached),
  to a number of seconds (at most that long), or make it a method returning one of those; None
  (the default) means PAGE_CACHE_SECONDS. The audit of what visitors see change without a publish:
    * events.EventIndexPage and events.EventPage: 0. They show places left and "full", which
      every registration changes, and whether registration is open, which time changes.
    * careers.CourseOfferIndexPage and careers.CourseOfferPage: until the next local midnight.
      Which offers are current and whether applications are open change with the date.
    * Home, faculty section, standard, news index and news pages, careers index and career
      articles: only the page tree, site settings, images and documents decide what they show,
      and every change to those bumps the version below.
    * Form pages render a CSRF token and so set a cookie: never stored.

Invalidation. An entry carries the page-tree version of home.menus, read before the page was
rendered, and is served only while that version is current. home.signals bumps the version in
the shared cache on every page save, publish, unpublish, move and delete, on site, site settings,
view restriction, locale, redirect, image and document changes, and again when the transaction
commits, so a publish on one app server makes the cached copies stale on every server. The
version and the entry come in one cache round trip (`get_many`). With the local-memory cache the
version is per process: several processes need the shared cache (REDIS_URL), as production has.

Where it sits. After the security, static-file and throttle middleware, before sessions,
locale, CSRF and authentication: a hit costs one cache round trip and no SQL. The stored response
already carries what the inner middleware adds (Content-Security-Policy, X-Frame-Options,
Content-Language, Vary); the outer middleware adds the rest (HSTS, nosniff, Referrer-Policy,
Cross-Origin-Opener-Policy) to hits and misses alike.

`X-Page-Cache: hit` marks a response served from the cache; `X-Page-Cache: miss` a page response
to a request that could have been served from it but was rendered (and stored, if the rules
allow). Responses the cache never considered carry no such header.
"""

import hashlib
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_max_age
from django.utils.translation import get_language_from_path

from home.menus import MENU_VERSION_KEY, menu_version

HEADER = "X-Page-Cache"
ENTRY_PREFIX = "page-cache"
# Paths that are never Wagtail pages: not even worth a cache lookup.
NEVER_PAGES = ("/admin/", "/static/", "/media/", "/documents/", "/health/", "/favicon.ico")
# Cookies that change what Django renders for a request (the session: a member or a visitor
# with session data; messages: a pending flash message).
PERSONAL_COOKIES = ("messages",)
UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache")
# What a stored page may vary on: cookies (the personal ones bypass the cache) and the language
# (which the path decides). A response varying on anything else is not stored.
KEYED_VARY = {"cookie", "accept-language"}
_PAGE_ATTRIBUTE = "_page_cache_page"


def note_served_page(request, page) -> None:
    """Called by home's `before_serve_page` hook: the page Wagtail is about to serve."""
    setattr(request, _PAGE_ATTRIBUTE, page)


def seconds_until_local_midnight(now=None) -> int:
    """For pages whose content changes with the date (Europe/Oslo): how long it stays valid."""
    now = timezone.localtime(now)
    midnight = datetime.combine(now.date() + timedelta(days=1), time.min, tzinfo=now.tzinfo)
    return max(1, int((midnight - now).total_seconds()))


def may_use_cache(request) -> bool:
    """Whether this request may be answered from the cache (and its answer stored)."""
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return False
    if "HTTP_AUTHORIZATION" in request.META or request.path_info.startswith(NEVER_PAGES):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies:
        return False
    return not any(name in cookies for name in PERSONAL_COOKIES)


def entry_key(request) -> str:
    """Scheme, host (validated against ALLOWED_HOSTS), language and path, hashed to a fixed
    length. The language follows from the path (nb without a prefix, /en/), kept for clarity."""
    language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    raw = f"{request.scheme}://{request.get_host()}|{language}|{request.path}"
    digest = hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()
    return f"{ENTRY_PREFIX}:{digest}"


def seconds_to_keep(request, response, page, default: int) -> int:
    """How long this page response may be kept; 0 when it must not be stored."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return 0
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return 0
    cache_control = response.get("Cache-Control", "").lower()
    if any(directive in cache_control for directive in UNCACHEABLE_DIRECTIVES):
        return 0
    if get_max_age(response) == 0 or response.has_header("Content-Encoding"):
        return 0
    varies_on = {field.strip().lower() for field in response.get("Vary", "").split(",")}
    if varies_on - KEYED_VARY - {""}:
        return 0
    allowed = getattr(page, "anonymous_cache_seconds", None)
    if callable(allowed):
        allowed = allowed()
    if allowed is None:
        return default
    return max(0, min(int(allowed), default))


def _rebuild(entry) -> HttpResponse:
    _version, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


class PageCacheMiddleware:
    """Serve and store anonymous Wagtail page responses; PAGE_CACHE_SECONDS = 0 switches it off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not may_use_cache(request):
            return self.get_response(request)
        key = entry_key(request)
        found = cache.get_many([MENU_VERSION_KEY, key])
        version = found.get(MENU_VERSION_KEY)
        entry = found.get(key)
        if entry is not None and version is not None and entry[0] == version:
            response = _rebuild(entry)
            response[HEADER] = "hit"
            return response
        if version is None:
            version = menu_version()
        # The version is read before rendering: a bump while this page renders (a publish in
        # another process) leaves what is stored below stale at once.
        response = self.get_response(request)
        page = getattr(request, _PAGE_ATTRIBUTE, None)
        if page is None:
            return response
        keep = seconds_to_keep(request, response, page, seconds)
        if keep:
            headers = [(name, value) for name, value in response.items() if name != HEADER]
            cache.set(key, (version, response.status_code, headers, response.content), keep)
        response[HEADER] = "miss"
        return response
