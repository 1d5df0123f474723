"""Settings for the test suite: fast hashing, tasks run at once, mail kept in memory."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import VAR_DIR
from .environment import env_str

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("TEST_MEDIA_ROOT", str(VAR_DIR / "test-media")))
WAGTAILADMIN_BASE_URL = "http://testserver"
FORM_MIN_SECONDS = 3

# Serve static files straight from the app folders, as runserver does; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Every test request comes from 127.0.0.1: the M1 throttle is tested on its own (tests/project).
THROTTLE_REQUESTS_PER_MINUTE = 0

# The page cache is tested on its own (tests/project/test_page_cache.py turns it on); off here,
# every other test sees each page rendered for its own request.
PAGE_CACHE_SECONDS = 0
