"""Running beyond one machine (issue 11): each environment variable switches what .env.example
says it does — Redis cache and sessions, RQ task workers, S3 media, OpenSearch — and production
still passes `check --deploy` with all of them on."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "usn_alumni.settings.production",
    "SECRET_KEY": "x7!k2@q9#w4$e6%r8^t1&y3*u5(i0)o-p=a_s+d[f]g{h}j|k;l:z,x.c/v<b>n?m",
    "ALLOWED_HOSTS": "alumni.usn.no",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/usn_alumni",
}
SCALE_ENV = {
    "REDIS_URL": "redis://redis.internal:6379/0",
    "TASKS_BACKEND": "rq",
    "AWS_STORAGE_BUCKET_NAME": "usn-alumni-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.no",
    "AWS_S3_REGION_NAME": "eu-north-1",
    "AWS_S3_CUSTOM_DOMAIN": "media.alumni.usn.no",
    "AWS_ACCESS_KEY_ID": "AKIATESTTESTTEST",
    "AWS_SECRET_ACCESS_KEY": "test-secret-not-real",
    "OPENSEARCH_URL": "https://search.internal:9200",
}
# Every variable this file switches: cleared from the inherited environment first.
SWITCHES = {
    *SCALE_ENV,
    "CACHE_KEY_PREFIX",
    "TASKS_REDIS_URL",
    "TASKS_TIMEOUT",
    "AWS_LOCATION",
    "AWS_QUERYSTRING_EXPIRE",
    "OPENSEARCH_INDEX_PREFIX",
    "OPENSEARCH_TIMEOUT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _env(extra):
    clean = {k: v for k, v in os.environ.items() if k not in SWITCHES | set(PRODUCTION_ENV)}
    return {**clean, **PRODUCTION_ENV, **extra}


def settings_with(code, **extra):
    """Run `code` after django.setup() under production settings plus `extra` environment; it
    prints one JSON value, which is returned."""
    result = subprocess.run(
        [sys.executable, "-c", "import django, json; django.setup()\n" + code],
        cwd=ROOT,
        env=_env(extra),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def refusal_with(**extra):
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=_env(extra),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    return result.stderr


# Redis: cache and sessions


def test_without_redis_the_cache_is_local_and_sessions_in_the_database():
    found = settings_with(
        "from django.conf import settings as s; "
        "print(json.dumps([s.CACHES['default']['BACKEND'], s.SESSION_ENGINE]))"
    )
    assert found == [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.contrib.sessions.backends.db",
    ]


def test_redis_url_shares_the_cache_and_sessions_between_app_servers():
    found = settings_with(
        "from django.conf import settings as s; c = s.CACHES['default']; "
        "print(json.dumps([c['BACKEND'], c['LOCATION'], c['KEY_PREFIX'], s.SESSION_ENGINE]))",
        REDIS_URL="redis://redis.internal:6379/3",
        CACHE_KEY_PREFIX="alumni-staging",
    )
    assert found == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://redis.internal:6379/3",
        "alumni-staging",
        "django.contrib.sessions.backends.cached_db",
    ]


@pytest.mark.django_db
def test_a_session_survives_losing_the_cache(client, verified_member, settings):
    """Why cached_db: Redis evicting, restarting or failing over must not sign members out."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.force_login(verified_member)
    dashboard = reverse("community:dashboard")
    assert client.get(dashboard).status_code == 200
    cache.clear()
    assert client.get(dashboard).status_code == 200


@pytest.mark.django_db
def test_a_cached_session_costs_no_query(client, verified_member, settings):
    """The header badge poll stays two queries (user, counts) with sessions in cached_db."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.force_login(verified_member)
    url = reverse("community:notification_count")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == 2, [q["sql"] for q in queries.captured_queries]


# Background work on RQ


def test_tasks_backend_rq_queues_tasks_in_redis_for_rq_workers():
    found = settings_with(
        "from django.conf import settings as s; "
        "print(json.dumps([s.TASKS['default'], s.RQ_QUEUES['default']['URL'], "
        "'django_rq' in s.INSTALLED_APPS, s.RQ['COMMIT_MODE']]))",
        REDIS_URL="redis://redis.internal:6379/0",
        TASKS_BACKEND="rq",
    )
    assert found == [
        {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
        "redis://redis.internal:6379/0",
        True,
        "on_db_commit",
    ]


def test_tasks_redis_url_puts_the_queue_on_a_redis_of_its_own():
    found = settings_with(
        "from django.conf import settings as s; "
        "q = s.RQ_QUEUES['default']; "
        "print(json.dumps([q['URL'], q['DEFAULT_TIMEOUT'], s.CACHES['default']['LOCATION']]))",
        REDIS_URL="redis://cache.internal:6379/0",
        TASKS_BACKEND="rq",
        TASKS_REDIS_URL="redis://queue.internal:6379/1",
        TASKS_TIMEOUT="600",
    )
    assert found == ["redis://queue.internal:6379/1", 600, "redis://cache.internal:6379/0"]


def test_rq_without_a_redis_refuses_to_start():
    assert "TASKS_BACKEND=rq needs TASKS_REDIS_URL or REDIS_URL" in refusal_with(TASKS_BACKEND="rq")


def test_an_unknown_tasks_backend_refuses_to_start():
    assert "TASKS_BACKEND must be one of" in refusal_with(TASKS_BACKEND="celery")


# Media on S3


def test_without_a_bucket_media_stay_on_disk():
    found = settings_with(
        "from django.core.files.storage import storages; "
        "from community.models.verification import import_storage; "
        "print(json.dumps([type(storages['default']).__name__, type(import_storage()).__name__]))"
    )
    assert found == ["FileSystemStorage", "FileSystemStorage"]


def test_a_bucket_moves_media_to_s3_with_signed_private_and_plain_public_addresses():
    found = settings_with(
        "from django.conf import settings as s; "
        "from django.core.files.storage import storages; "
        "from wagtail.images.models import get_rendition_storage; "
        "from community.models.verification import import_storage; "
        "d = storages['default']; r = get_rendition_storage(); i = import_storage(); "
        "print(json.dumps({'default': [type(d).__name__, d.bucket_name, d.endpoint_url, "
        "d.region_name, d.location, d.access_key], 'photo': d.url('profile-photos/a.jpg'), "
        "'rendition': r.url('images/b.width-400.jpg'), "
        "'imports': [type(i).__name__, i.location, i.querystring_auth], "
        "'docs': s.WAGTAILDOCS_SERVE_METHOD}))",
        AWS_STORAGE_BUCKET_NAME="usn-alumni-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.no",
        AWS_S3_REGION_NAME="eu-north-1",
        AWS_S3_CUSTOM_DOMAIN="media.alumni.usn.no",
        AWS_ACCESS_KEY_ID="AKIATESTTESTTEST",
        AWS_SECRET_ACCESS_KEY="test-secret-not-real",
        AWS_QUERYSTRING_EXPIRE="600",
    )
    assert found["default"] == [
        "S3Storage",
        "usn-alumni-media",
        "https://s3.example.no",
        "eu-north-1",
        "media",
        "AKIATESTTESTTEST",
    ]
    # A member photo: signed, expiring, on the bucket itself (never the public CDN).
    assert found["photo"].startswith("https://s3.example.no/usn-alumni-media/media/profile-photos/")
    assert "X-Amz-Signature=" in found["photo"]
    assert "X-Amz-Expires=600" in found["photo"]
    # A rendition on a public page: a plain, lasting CDN address a cached page can hold.
    assert found["rendition"] == "https://media.alumni.usn.no/public/images/b.width-400.jpg"
    assert found["imports"] == ["S3Storage", "graduate-imports", True]
    assert found["docs"] == "serve_view"


# Search on OpenSearch


def test_without_opensearch_search_uses_the_database():
    found = settings_with(
        "from django.conf import settings as s; print(json.dumps(s.WAGTAILSEARCH_BACKENDS))"
    )
    assert found == {"default": {"BACKEND": "wagtail.search.backends.database"}}


def test_opensearch_url_moves_site_search_and_keeps_the_directory_index():
    found = settings_with(
        "from wagtail.search.backends import get_search_backend; "
        "from django.conf import settings as s; b = get_search_backend(); "
        "print(json.dumps([type(b).__module__, b.index_prefix, b.timeout, "
        "s.WAGTAILSEARCH_BACKENDS['default']['URLS'], "
        "type(get_search_backend('database')).__module__]))",
        OPENSEARCH_URL="https://search.internal:9200",
        OPENSEARCH_INDEX_PREFIX="alumni_test_",
        OPENSEARCH_TIMEOUT="7",
    )
    assert found[0].endswith("opensearch3")
    assert found[1:4] == ["alumni_test_", 7, ["https://search.internal:9200"]]
    assert "database" in found[4]


# Production with everything switched on


def test_production_passes_check_deploy_with_every_service_switched_on():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_env(SCALE_ENV),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
