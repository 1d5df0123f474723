"""`make loadtest` in small (SECURITY.md R1): the whole harness — its own PostgreSQL database,
gunicorn, a task worker and locust — for 15 seconds with 5 simulated people, proving that the
run works: no errors, and every acknowledged message and registration found in the database.
The budgets are not judged here (that is the 60-second run's job, docs/reliability.md).

Needs PostgreSQL (LOADTEST_SERVER_URL, default the local server); skipped without it, except in
CI (CI=true), where a skip would hide a broken harness."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from ops.loadtest import BASE_DIR

pytestmark = [pytest.mark.load, pytest.mark.own_database]

SERVER = os.environ.get("LOADTEST_SERVER_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def postgres_reachable() -> bool:
    try:
        psycopg.connect(SERVER, connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


def free_port() -> int:
    """One of the load run's ports (8642-8649) that nothing listens on, else any free one."""
    for port in range(8642, 8650):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def postgres():
    if not postgres_reachable():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL at {SERVER} is needed for the load run in CI")
        pytest.skip(f"PostgreSQL at {SERVER} does not answer")


def test_a_short_load_run_has_no_errors_and_loses_no_acknowledged_write(postgres, tmp_path):
    output = tmp_path / "loadtest.json"
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "ops.loadtest",
            "--seconds=15",
            "--users=5",
            "--members=100",
            f"--port={free_port()}",
            "--timeout=400",
            f"--output={output}",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=450,
    )
    assert output.exists(), completed.stdout + completed.stderr
    report = json.loads(Path(output).read_text())
    assert "error" not in report, completed.stdout
    assert report["requests"] >= 10, completed.stdout
    assert report["failures"] == 0, completed.stdout
    messages, registrations = report["messages"], report["registrations"]
    assert messages["ok"] and registrations["ok"], completed.stdout
    assert messages["acknowledged"] >= 1, completed.stdout
    changed = registrations["acknowledged_registrations"]
    changed += registrations["acknowledged_cancellations"]
    assert changed >= 1, completed.stdout
    assert report["checks"]["error rate < 1 %"]
    # It stops what it started and drops its database.
    with psycopg.connect(SERVER) as connection:
        left = connection.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s",
            (f"usn_alumni_load_%_{report['run_id']}",),
        ).fetchall()
    assert left == []
