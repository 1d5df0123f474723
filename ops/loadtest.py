"""`make loadtest` (SECURITY.md R1): gunicorn on PostgreSQL, simulated members for a minute.

    python -m ops.loadtest [--seconds 60] [--users 40] [--members 2000] [--output var/loadtest.json]

Creates its own PostgreSQL database (or uses LOADTEST_DATABASE_URL and keeps it), migrates it,
builds the demo data (`seed_demo --members N`), gives a set of verified members with
conversations one known password, starts gunicorn with the load-run settings
(usn_alumni/settings/loadtest.py: production without TLS, per-address limits raised) and a
`db_worker`, and runs locust headless with the users of ops/locustfile.py. Then it reads locust's
figures (time seen by the client) and gunicorn's access log (time the server spent, the measure
of the budgets in DESIGN.md §7), checks every acknowledged write against the database
(ops/acks.py), prints a table, writes the JSON report and exits 1 on any FAIL. Whatever happens
(failure, Ctrl-C, the hard timeout) it stops what it started and drops the database it created.

This is a plain script in ops/ (beside the backup commands), not a management command: it
orchestrates processes and a database around the project, and has to choose the database and
settings before Django starts.
Django is set up in this process only after that, to prepare accounts and check the writes.
`start_gunicorn`, `start_worker`, `wait_until_up`, `stop` and `create_database` are reused by
other runs (the fault test).
"""

import argparse
import csv
import json
import os
import platform
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import suppress
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SETTINGS = "usn_alumni.settings.loadtest"
# DESIGN.md §7: server time p95 for these pages; the others are measured and shown, not judged.
PAGE_BUDGET_MS = 50
BUDGETED = ["directory search", "profile", "inbox", "conversation", "group page", "event list"]
MAX_ERROR_RATE = 0.01
# gunicorn writes: milliseconds, status, method, the request's name, path.
ACCESS_LOG_FORMAT = '%(M)s %(s)s %(m)s "%({x-load-name}i)s" %(U)s'


WARM_UP_PATHS = ["/", "/hh/", "/nyheter/", "/arrangementer/", "/konto/login/"]


class HardTimeout(Exception):
    """The run took longer than its hard limit."""


def env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return None
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


# --- processes -------------------------------------------------------------------------------


def _popen(args, env, log_path):
    # A session of its own, so stop() can end the process with all of its children.
    log = open(log_path, "ab")  # noqa: SIM115  (closed by stop())
    process = subprocess.Popen(  # noqa: S603
        args, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    process.log_file = log
    return process


def start_gunicorn(settings, port, env, *, workers=None, access_log=None, log_path=None):
    """gunicorn serving the project on 127.0.0.1:`port` with `settings`; `env` is the complete
    environment. Workers: 2 × cores + 1 (gunicorn's advice) unless told."""
    workers = workers or 2 * (os.cpu_count() or 1) + 1
    args = [
        PYTHON,
        "-m",
        "gunicorn",
        "usn_alumni.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--no-control-socket",
        "--timeout",
        "30",
        "--graceful-timeout",
        "5",
    ]
    if access_log:
        args += ["--access-logfile", str(access_log), "--access-logformat", ACCESS_LOG_FORMAT]
    env = {**env, "DJANGO_SETTINGS_MODULE": settings}
    return _popen(args, env, log_path or os.devnull)


def start_worker(settings, env, log_path=None):
    """One django-tasks `db_worker` (mail, notifications, search index)."""
    env = {**env, "DJANGO_SETTINGS_MODULE": settings}
    return _popen([PYTHON, "manage.py", "db_worker"], env, log_path or os.devnull)


def wait_until_up(url, timeout=60.0, process=None):
    """Poll `url` until it answers 200; raise if it does not within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server stopped at start (exit {process.returncode})")
        with suppress(OSError), urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
            if response.status == 200:
                return
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def warm_up(host, workers, paths=WARM_UP_PATHS):
    """A few requests per worker to the public pages, so the figures are of a running site (the
    first request of a worker builds URL resolvers, templates and caches)."""
    for _ in range(2 * workers):
        for path in paths:
            with suppress(OSError), urllib.request.urlopen(host + path, timeout=30):  # noqa: S310
                pass


def stop(process, timeout=10.0):
    """SIGTERM to the process's group, SIGKILL after `timeout`; safe to call twice."""
    if process is None:
        return
    if process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)
    log = getattr(process, "log_file", None)
    if log is not None and not log.closed:
        log.close()


# --- the database ----------------------------------------------------------------------------


def server_url(database_url):
    """The maintenance database (postgres) on the server of `database_url`."""
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path="/postgres"))


def create_database(admin_url, name):
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(admin_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def drop_database(admin_url, name):
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- figures ---------------------------------------------------------------------------------


def client_figures(csv_prefix):
    """Per request name from locust's CSV: requests, failures, p50 and p95 (client time)."""
    rows = {}
    path = Path(f"{csv_prefix}_stats.csv")
    if not path.exists():
        return rows
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            name = "all requests" if row["Name"] == "Aggregated" else row["Name"]
            rows[name] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "client_p50_ms": float(row["50%"] or 0),
                "client_p95_ms": float(row["95%"] or 0),
            }
    return rows


def server_figures(access_log):
    """Per request name from gunicorn's access log: requests, 5xx, p50 and p95 server time."""
    times, errors = {}, {}
    path = Path(access_log)
    if not path.exists():
        return {}
    for line in path.read_text().splitlines():
        try:
            millis, status, _method, rest = line.split(" ", 3)
            name = rest.split('"')[1] or "(unnamed)"
        except (ValueError, IndexError):
            continue
        if name == "-":
            continue  # not sent by the simulated people (the runner's own start-up checks)
        for key in (name, "all requests"):
            times.setdefault(key, []).append(int(millis))
            errors[key] = errors.get(key, 0) + (status.startswith("5"))
    return {
        name: {
            "server_requests": len(values),
            "server_5xx": errors[name],
            "server_p50_ms": statistics.median(values),
            "server_p95_ms": percentile(values, 0.95),
        }
        for name, values in times.items()
    }


# --- the run ---------------------------------------------------------------------------------


def prepare_accounts(count, password, path):
    """Verified members with at least one conversation they may write in, given `password`
    (one hash for all: hashing per member would take seconds each), written to `path`."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from community.models import Participant

    verified = (
        Participant.objects.current()
        .filter(user__is_active=True, user__profile__is_verified=True)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )
    ids = list(verified[:count])
    if not ids:
        raise RuntimeError("the demo data has no verified members with conversations")
    User.objects.filter(pk__in=ids).update(password=make_password(password))
    emails = list(User.objects.filter(pk__in=ids).order_by("pk").values_list("email", flat=True))
    Path(path).write_text(json.dumps([{"email": email} for email in emails]))
    return emails


def run(options):
    """The whole run; returns the report (a dict) and always cleans up."""
    work = Path(tempfile.mkdtemp(prefix="usn-loadtest-"))
    run_id = secrets.token_hex(4)
    own_database = not os.environ.get("LOADTEST_DATABASE_URL")
    admin_url = server_url(
        os.environ.get("LOADTEST_DATABASE_URL")
        or os.environ.get("LOADTEST_SERVER_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    )
    database_name = f"usn_alumni_load_{os.getpid()}_{run_id}"
    processes = []
    report = {"run_id": run_id, "result": "FAIL"}

    def on_alarm(_signum, _frame):
        raise HardTimeout(f"the run took longer than {options.timeout} s")

    def on_term(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGALRM, on_alarm)
    signal.signal(signal.SIGTERM, on_term)
    signal.alarm(options.timeout)
    try:
        say = print
        if own_database:
            database_url = create_database(admin_url, database_name)
        else:
            database_url = os.environ["LOADTEST_DATABASE_URL"]
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "VAR_DIR": str(work),
            "MEDIA_ROOT": str(work / "media"),
            "STATIC_ROOT": str(work / "static"),
            "TASKS_BACKEND": "database",
            "LOG_LEVEL": "WARNING",
            "DB_CONN_MAX_AGE": "60",
            "PYTHONPATH": str(BASE_DIR),
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        if options.redis_url:
            env["REDIS_URL"] = options.redis_url
            # A run's throttle counts and sessions stay apart from another run's on the same
            # Redis database (read by the settings since the multi-server work).
            env["CACHE_KEY_PREFIX"] = f"loadtest-{run_id}"
        else:
            env.pop("REDIS_URL", None)
        (work / "mail").mkdir()

        started = time.monotonic()
        say(f"Load run {run_id}: database {database_url.rsplit('/', 1)[-1]}")
        # The demo data is built with tasks run at once, so the queue starts empty.
        seed_env = {**env, "DJANGO_SETTINGS_MODULE": SETTINGS, "TASKS_BACKEND": "immediate"}
        setup = {}
        for command in (["migrate", "--no-input", "-v0"], ["seed_demo", "-v0"]):
            if command[0] == "seed_demo":
                command += ["--members", str(options.members)]
            step_started = time.monotonic()
            subprocess.run(  # noqa: S603
                [PYTHON, "manage.py", *command],
                cwd=BASE_DIR,
                env=seed_env,
                check=True,
                stdout=subprocess.DEVNULL,
                timeout=options.timeout,
            )
            setup[f"{command[0]}_seconds"] = round(time.monotonic() - step_started, 1)
        report["setup"] = setup
        say(
            f"  migrated in {setup['migrate_seconds']:.0f} s, seeded ({options.members:,} members)"
            f" in {setup['seed_demo_seconds']:.0f} s"
        )

        os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
        os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
        import django

        django.setup()
        from django.db import connections
        from django.utils import timezone

        password = secrets.token_urlsafe(18)
        accounts = prepare_accounts(options.users, password, work / "accounts.json")
        since = timezone.now()
        connections.close_all()

        access_log = work / "access.log"
        gunicorn = start_gunicorn(
            SETTINGS,
            options.port,
            env,
            workers=options.workers,
            access_log=access_log,
            log_path=work / "gunicorn.log",
        )
        processes.append(gunicorn)
        processes.append(start_worker(SETTINGS, env, log_path=work / "worker.log"))
        host = f"http://127.0.0.1:{options.port}"
        wait_until_up(f"{host}/health/", process=gunicorn)
        warm_up(host, options.workers or 2 * (os.cpu_count() or 1) + 1)
        access_log.write_text("")  # start-up and warm-up are not part of the figures
        say(f"  gunicorn up on port {options.port}; {len(accounts)} member accounts")

        locust_env = {
            **env,
            "LOADTEST_ACCOUNTS": str(work / "accounts.json"),
            "LOADTEST_PASSWORD": password,
            "LOADTEST_RUN_ID": run_id,
            "LOADTEST_LEDGER": str(work / "ledger.json"),
        }
        spawn_rate = options.spawn_rate or max(1.0, options.users / 10)
        load_before = os.getloadavg()
        say(
            f"  locust: {options.users} users, {options.seconds} s (uptime load "
            f"{load_before[0]:.2f})"
        )
        with open(work / "locust.log", "wb") as locust_log:
            locust = subprocess.run(  # noqa: S603
                [
                    PYTHON,
                    "-m",
                    "locust",
                    "-f",
                    str(BASE_DIR / "ops" / "locustfile.py"),
                    "--headless",
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                    "--users",
                    str(options.users),
                    "--spawn-rate",
                    str(spawn_rate),
                    "--run-time",
                    f"{options.seconds}s",
                    "--stop-timeout",
                    "0",
                    "--host",
                    host,
                    "--csv",
                    str(work / "locust"),
                    "--exit-code-on-error",
                    "0",
                ],
                cwd=BASE_DIR,
                env=locust_env,
                stdout=subprocess.DEVNULL,
                stderr=locust_log,
                timeout=options.seconds + 120,
            )
        load_after = os.getloadavg()
        if locust.returncode != 0:
            raise RuntimeError(f"locust failed (exit {locust.returncode}), see its log")
        # Let the worker finish the mail the writes queued before the server goes.
        time.sleep(1)
        for process in processes:
            stop(process)

        from ops.acks import compare_messages, compare_registrations, read_database

        ledger = json.loads((work / "ledger.json").read_text())
        stored, rows = read_database(ledger, run_id, since)
        connections.close_all()
        report |= figures_report(
            options,
            client_figures(work / "locust"),
            server_figures(access_log),
            compare_messages(ledger, stored),
            compare_registrations(ledger, rows),
        )
        report["uptime_load"] = {"before": load_before, "after": load_after}
        report["seconds_total"] = round(time.monotonic() - started, 1)
        return report
    except BaseException as error:
        report["error"] = f"{type(error).__name__}: {error}"
        for name in ("locust.log", "gunicorn.log", "worker.log"):
            with suppress(OSError):
                tail = (work / name).read_text(errors="replace")[-3000:]
                if tail.strip():
                    report.setdefault("logs", {})[name] = tail
        if isinstance(error, KeyboardInterrupt):
            raise
        return report
    finally:
        signal.alarm(0)
        for process in processes:
            stop(process)
        if "django" in sys.modules:
            with suppress(Exception):
                from django.db import connections

                connections.close_all()
        if own_database:
            with suppress(Exception):
                drop_database(admin_url, database_name)
        subprocess.run(["rm", "-rf", str(work)], check=False)  # noqa: S603, S607


def figures_report(options, client, server, messages, registrations):
    """Judge the run: error rate, server p95 of the budgeted pages, the writes."""
    # A budgeted page nobody reached in the run is shown as not measured, and fails the check.
    names = sorted((set(client) | set(BUDGETED)) - {"all requests"}) + ["all requests"]
    rows = []
    for name in names:
        row = {"name": name, **client.get(name, {}), **server.get(name, {})}
        row["budget_ms"] = PAGE_BUDGET_MS if name in BUDGETED else None
        p95 = row.get("server_p95_ms")
        if row["budget_ms"] is None:
            row["result"] = "-"
        elif p95 is None:
            row["result"] = "NOT MEASURED"
        else:
            row["result"] = "PASS" if p95 <= PAGE_BUDGET_MS else "FAIL"
        rows.append(row)
    total = client.get("all requests", {"requests": 0, "failures": 0})
    error_rate = total["failures"] / total["requests"] if total["requests"] else 1.0
    checks = {
        "error rate < 1 %": error_rate < MAX_ERROR_RATE and total["requests"] > 0,
        "p95 within budget (server time)": all(r["result"] in ("PASS", "-") for r in rows),
        "acknowledged messages stored once": messages["ok"],
        "acknowledged registrations stored once": registrations["ok"],
    }
    return {
        "settings": {
            "seconds": options.seconds,
            "users": options.users,
            "members": options.members,
            "workers": options.workers or 2 * (os.cpu_count() or 1) + 1,
            "redis": bool(options.redis_url),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
        },
        "requests": total["requests"],
        "failures": total["failures"],
        "error_rate": round(error_rate, 5),
        "pages": rows,
        "messages": messages,
        "registrations": registrations,
        "checks": checks,
        "result": "PASS" if all(checks.values()) else "FAIL",
    }


def print_report(report, out=sys.stdout):
    if "pages" not in report:
        print(f"Load run FAILED: {report.get('error')}", file=out)
        for name, tail in report.get("logs", {}).items():
            print(f"--- {name} (end)\n{tail}", file=out)
        return
    header = (
        f"{'request':<36} {'n':>6} {'fail':>5} {'client p50':>10} {'p95':>7} "
        f"{'server p50':>10} {'p95':>7} {'budget':>6}"
    )
    print(header, file=out)
    print("-" * len(header), file=out)
    for row in report["pages"]:
        budget = f"{row['budget_ms']}" if row["budget_ms"] else "-"
        print(
            f"{row['name'][:36]:<36} {row.get('requests', 0):>6} {row.get('failures', 0):>5} "
            f"{row.get('client_p50_ms', 0):>10.0f} {row.get('client_p95_ms', 0):>7.0f} "
            f"{row.get('server_p50_ms') or 0:>10.0f} {row.get('server_p95_ms') or 0:>7.0f} "
            f"{budget:>6}  {row['result']}",
            file=out,
        )
    m, r = report["messages"], report["registrations"]
    print(
        f"\nrequests {report['requests']:,}, failures {report['failures']:,} "
        f"(error rate {report['error_rate']:.2%})\n"
        f"messages: {m['acknowledged']} acknowledged, {m['stored']} stored, "
        f"missing {len(m['missing'])}, duplicated {len(m['duplicated'])}, "
        f"unacknowledged {m['unacknowledged']} (stored {m['unacknowledged_stored']})\n"
        f"registrations: {r['acknowledged_registrations']} registered and "
        f"{r['acknowledged_cancellations']} cancelled (acknowledged), missing "
        f"{len(r['missing'])}, duplicated {len(r['duplicated'])}, wrong state "
        f"{len(r['wrong_state'])}, unacknowledged {r['unacknowledged']}\n"
        f"uptime load before {report['uptime_load']['before'][0]:.2f}, after "
        f"{report['uptime_load']['after'][0]:.2f}",
        file=out,
    )
    for check, passed in report["checks"].items():
        print(f"  {'PASS' if passed else 'FAIL'}  {check}", file=out)
    print(f"Load run: {report['result']}", file=out)


def redis_up(options) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(options.redis_url, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=env_int("LOADTEST_SECONDS", 60))
    parser.add_argument("--users", type=int, default=env_int("LOADTEST_USERS", 40))
    parser.add_argument("--spawn-rate", type=float, default=None)
    parser.add_argument("--members", type=int, default=env_int("LOADTEST_MEMBERS", 2000))
    parser.add_argument("--port", type=int, default=env_int("LOADTEST_PORT", 8641))
    parser.add_argument("--workers", type=int, default=env_int("LOADTEST_WORKERS", 0) or None)
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/14"),
        help="cache and sessions shared by the workers; '' for local memory and the database",
    )
    parser.add_argument(
        "--timeout", type=int, default=env_int("LOADTEST_TIMEOUT", 600), help="hard limit, s"
    )
    parser.add_argument("--output", default=str(BASE_DIR / "var" / "loadtest.json"))
    options = parser.parse_args(argv)
    if options.redis_url and "LOADTEST_REDIS_URL" not in os.environ and not redis_up(options):
        print(f"  Redis at {options.redis_url} does not answer: local memory and the database")
        options.redis_url = ""
    try:
        report = run(options)
    except KeyboardInterrupt:
        print("Load run interrupted: everything it started is stopped, its database dropped.")
        return 130
    print_report(report)
    output = Path(options.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {output}")
    return 0 if report["result"] == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
