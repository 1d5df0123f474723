"""Settings for `make run`: a working site on one machine with nothing else running."""

from .base import *  # noqa: F403
from .environment import env_bool, env_list, env_str

DEBUG = env_bool("DEBUG", True)
# A fixed key for local use only; production.py refuses to start without its own.
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

# Serve static files straight from the app folders, as runserver does; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
