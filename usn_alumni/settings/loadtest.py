"""Settings for `make loadtest` (SECURITY.md R1): the production settings, served over plain HTTP
on loopback by gunicorn, with the per-address limits raised because every simulated member comes
from 127.0.0.1.

What differs from production and why:
- no TLS: no HTTPS redirect, no HSTS, cookies without the Secure flag (nothing ends TLS on
  loopback; a browser would not send Secure cookies back over http);
- M1 (THROTTLE_REQUESTS_PER_MINUTE) raised, not switched off: the middleware still does its cache
  round trip on every request, but one address sending thousands of requests a minute is the load
  tool, not an attacker;
- allauth's per-address login and sign-up limits raised for the same reason (the per-account
  limits stay as they are).
Everything else (DEBUG off, database sessions or Redis, the task backend, templates) is
production's. The runner (ops/loadtest.py) provides SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

from .environment import env_int
from .production import *  # noqa: F403
from .production import ACCOUNT_RATE_LIMITS

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"

THROTTLE_REQUESTS_PER_MINUTE = env_int("THROTTLE_REQUESTS_PER_MINUTE", 1_000_000)
ACCOUNT_RATE_LIMITS = {
    **ACCOUNT_RATE_LIMITS,
    "login": "100000/m/ip",
    "login_failed": "100000/m/ip,25/h/key",
    "signup": "100000/m/ip",
}
