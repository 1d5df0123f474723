"""Settings for `make bench`: the embedded defaults of `make run`, but without DEBUG (which adds
template debugging and a query log to every request), so the figures are what a server does."""

from .dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405  (Django's test client)
WHITENOISE_AUTOREFRESH = False
# The benchmark sends thousands of requests a minute from one address.
THROTTLE_REQUESTS_PER_MINUTE = 0
# Server time of rendering, not of the anonymous page cache (usn_alumni.page_cache): the cache's
# own figures come from `make throughput` (docs/performance.md).
PAGE_CACHE_SECONDS = 0
