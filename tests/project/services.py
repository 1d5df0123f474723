"""The shared services multi-server tests need: Redis and PostgreSQL on this machine.

Without them such a test is skipped with the reason, except in CI (CI=true), which has both: there
a missing service fails the test, so a broken CI machine cannot pass by skipping.
"""

import os
import socket
from urllib.parse import urlsplit

import pytest

# This project's tests use their own Redis database (never FLUSHALL-ed, keys removed by prefix).
TEST_REDIS_URL = os.environ.get("MULTISERVER_REDIS_URL", "redis://127.0.0.1:6379/12")
# The server to create throwaway databases on (usn_alumni_multi_<random>).
TEST_POSTGRES_URL = os.environ.get("MULTISERVER_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or default_port), timeout=2):
            return True
    except OSError:
        return False


def require(service: str, url: str, default_port: int) -> None:
    """Skip (or, in CI, fail) unless `service` answers at `url`."""
    if _reachable(url, default_port):
        return
    reason = f"{service} is not reachable at {urlsplit(url).netloc}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}, and CI must run this test")
    pytest.skip(reason)


def require_redis() -> None:
    require("Redis", TEST_REDIS_URL, 6379)


def require_postgres() -> None:
    require("PostgreSQL", TEST_POSTGRES_URL, 5432)
