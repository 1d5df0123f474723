"""Production refuses to start half-configured and passes Django's deployment checks (S1-S6);
every HTML response carries the security headers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "usn_alumni.settings.production",
    "SECRET_KEY": "x7!k2@q9#w4$e6%r8^t1&y3*u5(i0)o-p=a_s+d[f]g{h}j|k;l:z,x.c/v<b>n?m",
    "ALLOWED_HOSTS": "alumni.usn.no",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/usn_alumni",
}


def run_manage(*args, env):
    # DJANGO_ALLOW_ASYNC_UNSAFE (set while browser tests run) would itself fail check --deploy.
    skip = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in skip}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_with_no_warning():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr


def test_production_settings_are_strict():
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE, "
        "settings.CSRF_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY, settings.DEBUG, "
        "settings.DATABASES['default']['CONN_HEALTH_CHECKS'])"
    )
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == [
        "31536000",
        "True",
        "True",
        "True",
        "True",
        "True",
        "False",
        "True",
    ]


@pytest.mark.django_db
def test_public_pages_carry_a_strict_content_security_policy(client, site_tree):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "object-src 'none'" in policy
    assert "base-uri 'none'" in policy
    assert "frame-ancestors" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


@pytest.mark.django_db
def test_html_responses_carry_the_other_security_headers(client, site_tree):
    for url in ["/", "/search/?q=x", "/finnes-ikke/"]:
        response = client.get(url)
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url
        assert "Content-Security-Policy" in response, url


@pytest.mark.django_db
def test_only_the_admin_gets_the_looser_policy(client, site_tree):
    admin_policy = client.get("/admin/login/")["Content-Security-Policy"]
    assert "'unsafe-inline'" in admin_policy
    assert "object-src 'none'" in admin_policy
    search_policy = client.get("/search/")["Content-Security-Policy"]
    assert "'unsafe-inline'" not in search_policy


@pytest.mark.django_db
def test_public_templates_contain_no_inline_script(client, site_tree):
    for page in [site_tree["home"], site_tree["news"], site_tree["form"]]:
        html = client.get(page.url).content.decode()
        for tag in html.split("<script")[1:]:
            assert tag.lstrip().startswith("src="), page.url


@pytest.mark.django_db
def test_robots_txt_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Disallow: /admin/" in response.content.decode()


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client, site_tree):
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert "<h1>" in response.content.decode()


def test_env_example_lists_every_variable_the_settings_read():
    import re

    settings_dir = ROOT / "usn_alumni" / "settings"
    read = set()
    for path in settings_dir.glob("*.py"):
        read |= set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', path.read_text()))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "found no env_* calls; the pattern is stale"
    assert read <= documented, f"missing from .env.example: {sorted(read - documented)}"
