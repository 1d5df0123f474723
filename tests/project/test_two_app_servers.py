"""Two gunicorn app servers sharing PostgreSQL and Redis, and an RQ worker (issue 11, "Beyond one
machine"): what a load balancer in front of them relies on.

The harness builds a throwaway PostgreSQL database (usn_alumni_multi_<random>), migrates it, loads
two verified members in a group, and starts server A, server B (gunicorn, ports 8621/8622) and one
`rqworker`, all under production settings (tests/project/two_servers_settings.py) with Redis
database 12 under a key prefix of this run. Everything is stopped, the database dropped and the
run's Redis keys removed when the module's tests end, pass or fail.

Skipped when PostgreSQL or Redis is not reachable, except in CI (CI=true), where it fails.
Marked `multiserver`; all its tests share one xdist worker (xdist_group).
"""

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.project.services import (
    TEST_POSTGRES_URL,
    TEST_REDIS_URL,
    require_postgres,
    require_redis,
)

pytestmark = [
    pytest.mark.multiserver,
    pytest.mark.own_database,
    pytest.mark.xdist_group("multiserver"),
]

ROOT = Path(__file__).resolve().parents[2]
PORTS = {"A": 8621, "B": 8622}
PASSWORD = "fjelltur-i-bø-2026"
KARI = "kari.multi@example.no"  # posts the thread
OLA = "ola.multi@example.no"  # is told about it
WAIT_SECONDS = 30  # for a server to answer, or the worker to run a task

# Two verified alumni with a password, members of one open group: run in A's environment.
SETUP = """
from allauth.account.models import EmailAddress
from accounts.factories import UserFactory
from community.factories import GroupFactory, GroupMembershipFactory
from community.members import ensure_profile
from community.models import EducationRecord
from home.models import Programme

programme = Programme.objects.get(code="MØA")
users = []
for email, first in [(KARI, "Kari"), (OLA, "Ola")]:
    user = UserFactory(email=email, first_name=first, last_name="Multi", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    profile = ensure_profile(user)
    EducationRecord.objects.create(
        profile=profile, faculty=programme.faculty, programme=programme,
        graduation_year=2015, degree_level=programme.degree_level, verified=True,
    )
    profile.mark_verified("register")
    users.append(user)
group = GroupFactory(name="Fjellgruppa", owner=users[0])
GroupMembershipFactory(group=group, user=users[1])
print(json.dumps({"group": group.pk}))
"""


@dataclass
class AppServer:
    """One gunicorn app server, addressed like a load balancer's backend."""

    name: str
    port: int

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@dataclass
class Cluster:
    env: dict
    var_dir: Path
    group_id: int

    def run_python(self, code: str, **names):
        """Run `code` (after django.setup()) with the settings and environment of the app
        servers, with `names` bound; return the JSON value its last printed line holds."""
        prelude = "import json\n" + "".join(f"{k} = {v!r}\n" for k, v in names.items())
        result = manage(self.env, "shell", "-c", prelude + code)
        return json.loads(result.stdout.strip().splitlines()[-1])


def manage(env, *args, timeout=120):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}"
    return result


def start(env, args, log: Path) -> subprocess.Popen:
    """A child in a session of its own, so the whole process group can be ended."""
    return subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wait_until(what: str, check, seconds: float = WAIT_SECONDS):
    """Poll `check` until it returns something true; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.25)


def answers_health(server: AppServer):
    try:
        return requests.get(server.url("/health/"), timeout=2).status_code in (200, 503)
    except requests.RequestException:
        return False


def _postgres(dbname: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{TEST_POSTGRES_URL}/{dbname}", autocommit=True) as connection:
        connection.execute(sql)


@pytest.fixture(scope="module")
def cluster():
    require_postgres()
    require_redis()
    import redis

    run = secrets.token_hex(4)
    database = f"usn_alumni_multi_{run}"
    prefix = f"multi-{run}"
    var_dir = Path(tempfile.mkdtemp(prefix="usn-multi-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.project.two_servers_settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"{TEST_POSTGRES_URL}/{database}",
        REDIS_URL=TEST_REDIS_URL,
        CACHE_KEY_PREFIX=prefix,
        TASKS_BACKEND="rq",
        TASKS_REDIS_URL="",
        SECURE_SSL_REDIRECT="false",
        DEBUG="false",
        VAR_DIR=str(var_dir),  # mail is written to var_dir/mail
        EMAIL_HOST="",
        AWS_STORAGE_BUCKET_NAME="",
        OPENSEARCH_URL="",
        LOG_LEVEL="WARNING",
    )
    processes = []
    _postgres("postgres", f'CREATE DATABASE "{database}"')
    try:
        manage(env, "migrate", "--no-input", "--skip-checks", timeout=240)
        setup = Cluster(env, var_dir, group_id=0)
        group_id = setup.run_python(SETUP, KARI=KARI, OLA=OLA, PASSWORD=PASSWORD)["group"]
        gunicorn = [sys.executable, "-m", "gunicorn", "usn_alumni.wsgi", "--no-control-socket"]
        for name, port in PORTS.items():
            args = [*gunicorn, "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60"]
            processes.append(start(env, args, var_dir / f"server-{name}.log"))
        worker = [sys.executable, "manage.py", "rqworker", "default"]
        processes.append(
            start(env, [*worker, "--job-class", "django_tasks_rq.Job"], var_dir / "worker.log")
        )
        for server in (AppServer(name, port) for name, port in PORTS.items()):
            wait_until(f"server {server.name} to answer", lambda s=server: answers_health(s))
        yield Cluster(env, var_dir, group_id)
    finally:
        for process in processes:
            stop(process)
        _postgres("postgres", f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection = redis.Redis.from_url(TEST_REDIS_URL)
        # The cache's keys carry this run's prefix; RQ's keys have no prefix, so this test owns
        # RQ's keys in its Redis database (its queue, jobs, worker and registries).
        for pattern in (f":1:{prefix}*", f"{prefix}:*", "rq:*"):
            for key in connection.scan_iter(match=pattern, count=500):
                connection.delete(key)
        connection.close()
        for log in var_dir.glob("*.log"):
            log.unlink()
        subprocess.run(["rm", "-rf", str(var_dir)], check=False)


@pytest.fixture
def server_a(cluster):
    return AppServer("A", PORTS["A"])


@pytest.fixture
def server_b(cluster):
    return AppServer("B", PORTS["B"])


def csrf_token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10)
    assert page.status_code == 200, (url, page.status_code)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def log_in(session: requests.Session, server: AppServer, email: str) -> None:
    """The real allauth login form: GET for the CSRF token, POST the address and password."""
    token = csrf_token(session, server.url("/konto/login/"))
    response = session.post(
        server.url("/konto/login/"),
        data={"csrfmiddlewaretoken": token, "login": email, "password": PASSWORD},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[-2000:]


def test_a_login_on_one_server_is_valid_on_the_other(server_a, server_b):
    browser = requests.Session()  # one browser, its requests spread over both servers
    log_in(browser, server_a, KARI)
    session_id = browser.cookies["sessionid"]

    dashboard = browser.get(server_b.url("/medlemmer/"), allow_redirects=False, timeout=10)
    assert dashboard.status_code == 200
    assert "Kari" in dashboard.text

    token = csrf_token(browser, server_b.url("/medlemmer/"))
    logout = browser.post(
        server_b.url("/konto/logout/"),
        data={"csrfmiddlewaretoken": token},
        allow_redirects=False,
        timeout=10,
    )
    assert logout.status_code == 302

    # The old cookie, replayed on A, opens nothing: the session ended everywhere.
    replay = requests.get(
        server_a.url("/medlemmer/"),
        cookies={"sessionid": session_id},
        allow_redirects=False,
        timeout=10,
    )
    assert replay.status_code == 302
    assert "/konto/login/" in replay.headers["Location"]


def test_a_task_enqueued_on_a_server_is_run_by_the_rq_worker(cluster, server_a):
    browser = requests.Session()
    log_in(browser, server_a, KARI)
    new_thread = server_a.url(f"/medlemmer/grupper/{cluster.group_id}/traader/ny/")
    token = csrf_token(browser, new_thread)
    response = browser.post(
        new_thread,
        data={
            "csrfmiddlewaretoken": token,
            "title": "Tur til Gaustatoppen",
            "body": "Hvem blir med?",
        },
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[-2000:]

    # The request only queued the task in Redis; the worker tells Ola.
    told = wait_until(
        "the RQ worker to notify the group's other member",
        lambda: cluster.run_python(
            "from community.models import Notification\n"
            "print(json.dumps(list(Notification.objects.filter(recipient__email=OLA)"
            ".values_list('title', flat=True))))",
            OLA=OLA,
        ),
    )
    assert told == ["Ny tråd i Fjellgruppa: Tur til Gaustatoppen"]


# Third check (issue 11): a publish on one server makes the cached anonymous page stale on both,
# because the page cache's version lives in the shared Redis (usn_alumni/page_cache.py).
PUBLISH_HOME = """
from home.models import HomePage
page = HomePage.objects.get(locale__language_code="nb").get_latest_revision_as_object()
page.hero_title = HERO
page.save_revision().publish()
print(json.dumps(page.hero_title))
"""


def test_a_publish_on_one_server_refreshes_the_cached_page_on_both(cluster, server_a, server_b):
    for server in (server_a, server_b):
        requests.get(server.url("/"), timeout=10)
        cached = requests.get(server.url("/"), timeout=10)
        assert cached.status_code == 200
        assert cached.headers["X-Page-Cache"] == "hit"
        assert "Velkommen hjem, alumni" not in cached.text
    cluster.run_python(PUBLISH_HOME, HERO="Velkommen hjem, alumni")
    for server in (server_a, server_b):
        page = requests.get(server.url("/"), timeout=10)
        assert page.headers["X-Page-Cache"] == "miss"
        assert "Velkommen hjem, alumni" in page.text
        again = requests.get(server.url("/"), timeout=10)
        assert again.headers["X-Page-Cache"] == "hit"
        assert "Velkommen hjem, alumni" in again.text
