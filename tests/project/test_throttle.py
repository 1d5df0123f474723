"""The global per-address throttle (SECURITY.md M1)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def limit(settings):
    settings.THROTTLE_REQUESTS_PER_MINUTE = 5
    return 5


def test_m1_past_the_limit_an_address_gets_429_with_retry_after(client, limit):
    for _ in range(limit):
        assert client.get("/robots.txt").status_code == 200
    response = client.get("/robots.txt")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "For mange forespørsler" in response.content.decode()


def test_m1_another_address_is_not_held_back(client, limit):
    for _ in range(limit + 1):
        client.get("/robots.txt", REMOTE_ADDR="203.0.113.7")
    assert client.get("/robots.txt", REMOTE_ADDR="203.0.113.7").status_code == 429
    assert client.get("/robots.txt", REMOTE_ADDR="203.0.113.8").status_code == 200


def test_m1_the_health_check_is_never_throttled(client, limit):
    for _ in range(limit + 3):
        assert client.get("/health/").status_code == 200


def test_m1_a_forged_forwarded_for_does_not_escape_the_limit(client, limit):
    for n in range(limit + 1):
        response = client.get("/robots.txt", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert response.status_code == 429


def test_m1_behind_a_trusted_proxy_the_forwarded_address_counts(client, limit, settings):
    settings.THROTTLE_TRUSTED_PROXIES = 1
    for _ in range(limit):
        client.get("/robots.txt", HTTP_X_FORWARDED_FOR="spoofed, 198.51.100.1")
    assert client.get("/robots.txt", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert client.get("/robots.txt", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200
