"""Settings of the two-app-server test (tests/project/test_two_app_servers.py): production, as
switched by the environment the test sets (DATABASE_URL, REDIS_URL, TASKS_BACKEND=rq, ...), with
only what plain HTTP on loopback needs relaxed: no HTTPS redirect (SECURE_SSL_REDIRECT=false in
the environment) and cookies without the Secure flag, which a client would not send over HTTP."""

from usn_alumni.settings.production import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
