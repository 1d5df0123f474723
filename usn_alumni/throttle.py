"""A global per-address request throttle (SECURITY.md M1): past the limit, 429 with Retry-After.

A fixed one-minute window per client address, counted in the shared cache, so every app server
behind the load balancer counts together (Redis in production). It sits in front of everything
but static files and the health check, and is a ceiling against floods and scrapers, far above
what a person clicking through the site reaches; the specific limits (login, sign-up, mail,
directory) stay where they are.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import gettext as _

WINDOW_SECONDS = 60
EXEMPT_PREFIXES = ("/health/", "/static/", "/favicon.ico")


def client_address(request) -> str:
    """REMOTE_ADDR, or, behind trusted proxies, the address the nearest trusted proxy saw."""
    proxies = settings.THROTTLE_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


class AddressThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.THROTTLE_REQUESTS_PER_MINUTE
        if limit and not request.path_info.startswith(EXEMPT_PREFIXES):
            now = time.time()
            window = int(now // WINDOW_SECONDS)
            key = f"throttle:{client_address(request)}:{window}"
            # One cache round trip per request: the window's key exists for all but its first.
            try:
                count = cache.incr(key)
            except ValueError:  # the window's first request (or a race with another server)
                count = 1 if cache.add(key, 1, WINDOW_SECONDS + 5) else cache.incr(key)
            if count > limit:
                retry_after = max(1, int((window + 1) * WINDOW_SECONDS - now))
                response = HttpResponse(
                    _("Too many requests from your address. Please wait a minute and try again."),
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                response["Retry-After"] = str(retry_after)
                return response
        return self.get_response(request)
