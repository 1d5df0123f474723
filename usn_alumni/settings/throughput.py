"""Settings for `make throughput` (issue 11): gunicorn serving the site as production does, on
loopback without TLS, with the bare ceiling view of `manage.py bench` mounted at /bench/bare/.

The middleware is the production stack (base.py); DEBUG is off, connections persist as in
production, the M1 throttle is off (the load tool is one address). REDIS_URL, when set, puts the
cache and sessions in Redis as on real app servers; PAGE_CACHE_SECONDS switches the page cache.
"""

from .bench import *  # noqa: F403
from .bench import DATABASES
from .environment import env_int

ROOT_URLCONF = "home.bench.urls"
DATABASES["default"]["CONN_MAX_AGE"] = 60

# The bench settings switch the page cache off (they measure rendering); here it is the subject,
# switched per server by `manage.py throughput` through the environment.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
