"""Requests per second under gunicorn, measured with locust on loopback: `manage.py throughput`
(`make throughput`, issue 11).

Uses the demo data (`seed_demo`, default size; `--no-seed` takes the database as it is), then
starts two gunicorn servers on 127.0.0.1 — one with the page cache on, one with
PAGE_CACHE_SECONDS=0 — and runs locust headless (FastHttpUser, no think time, the same users and
duration for every scenario) against: the bare Django view of `manage.py bench` (/bench/bare/,
behind the whole middleware stack) on each server, and the home page, a faculty section and a
news page on each. Each page is checked before it is measured: 200, and `X-Page-Cache: hit` on
the cached server (no such header on the other).

Prints rps, p50, p95, failures and the ratio to the bare view (the higher of its two runs in the
same round; medians over `--rounds`), with PASS/FAIL for the cached pages against issue 11's
">= 50 % of the bare view", and writes var/throughput.json. Every process it starts is stopped
at the end, on Ctrl-C, on SIGTERM and on errors.

On a small machine the load tool takes CPU from gunicorn: one locust process with the same
settings for every scenario keeps its share equal, so the ratios compare like with like.
"""

import csv
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

LOCUSTFILE = Path(__file__).resolve().parents[2] / "bench" / "throughput_locustfile.py"
BIN = Path(sys.executable).parent
TARGET_RATIO = 0.5


class Command(BaseCommand):
    help = "Requests/s of cached anonymous pages against a bare Django view, under gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8611, help="first of two ports")
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
        parser.add_argument("--worker-class", default="sync", help="gunicorn worker class")
        parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker")
        parser.add_argument("--users", type=int, default=16, help="simulated visitors")
        parser.add_argument("--seconds", type=int, default=20, help="duration of each scenario")
        parser.add_argument("--cache-seconds", type=int, default=300)
        parser.add_argument("--rounds", type=int, default=1, help="repeat; medians reported")
        parser.add_argument("--no-seed", action="store_true", help="use the data as it is")

    def handle(self, *args, **options):
        if not options["no_seed"]:
            call_command("seed_demo", stdout=self.stdout)
        paths = self.page_paths()
        connection.close()  # gunicorn's workers open their own
        self.processes = []
        previous = signal.signal(signal.SIGTERM, self.stop_on_sigterm)
        servers = {
            "cached": (options["cache_seconds"], options["port"]),
            "uncached": (0, options["port"] + 1),
        }
        # Both servers run at once and the scenarios alternate between them, the bare view
        # before the cached pages and again before the uncached ones: on a shared machine the
        # background load drifts, and each page is compared with a ceiling measured beside it.
        scenarios = [("bare Django view", "uncached", "/bench/bare/")]
        scenarios += [(f"{name} (cached)", "cached", path) for name, path in paths.items()]
        scenarios += [("bare Django view", "cached", "/bench/bare/")]
        scenarios += [(f"{name} (uncached)", "uncached", path) for name, path in paths.items()]
        results = []
        try:
            for cache_seconds, port in servers.values():
                self.start_gunicorn(port, cache_seconds, options)
            for round_number in range(1, options["rounds"] + 1):
                self.stdout.write(f"Round {round_number} of {options['rounds']}")
                for name, label, path in scenarios:
                    cache_seconds, port = servers[label]
                    base = f"http://127.0.0.1:{port}"
                    self.check_page(
                        base, path, "hit" if cache_seconds else None, options["workers"]
                    )
                    row = self.run_locust(base, path, options)
                    row |= {"scenario": name, "server": label, "path": path}
                    row["round"] = round_number
                    results.append(row)
                    self.stdout.write(
                        f"  {name} on the {label} server: {row['rps']:.1f} rps, p50 "
                        f"{row['p50_ms']:.0f} ms, p95 {row['p95_ms']:.0f} ms, "
                        f"{row['failures']} failures"
                    )
        finally:
            for process in list(self.processes):
                self.stop(process)
            signal.signal(signal.SIGTERM, previous)
        self.report(results, options)

    def stop_on_sigterm(self, signum, frame):
        raise KeyboardInterrupt

    def page_paths(self) -> dict[str, str]:
        """The home page, the first launched faculty section and the newest news page, in
        Norwegian (the default language, without a prefix)."""
        from wagtail.models import Locale

        from home.models import FacultySectionPage, NewsPage

        nb = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
        section = FacultySectionPage.objects.visible_sections(nb).first()
        news = (
            NewsPage.objects.live()
            .public()
            .filter(locale=nb)
            .exclude_planned_sections()
            .order_by("-date", "-pk")
            .first()
        )
        if section is None or news is None:
            raise CommandError("No launched faculty section or news page: run seed_demo first.")
        return {"home page": "/", "faculty section": section.url, "news page": news.url}

    def start_gunicorn(self, port, cache_seconds, options):
        log = open(settings.VAR_DIR / f"throughput-gunicorn-{port}.log", "w")  # noqa: SIM115
        command = [
            str(BIN / "gunicorn"),
            "usn_alumni.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(options["workers"]),
            "--worker-class",
            options["worker_class"],
            "--threads",
            str(options["threads"]),
            "--no-control-socket",
            "--timeout",
            "30",
        ]
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "usn_alumni.settings.throughput",
            "PAGE_CACHE_SECONDS": str(cache_seconds),
        }
        # A fixed command from this virtualenv; nothing in it comes from outside.
        process = subprocess.Popen(  # noqa: S603
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole, by its id
        )
        process.log = log
        self.processes.append(process)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise CommandError(f"gunicorn exited; see {log.name}")
            try:
                ready = f"http://127.0.0.1:{port}/bench/bare/"
                with urllib.request.urlopen(ready, timeout=5):  # noqa: S310 (loopback http)
                    return process
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        raise CommandError(f"gunicorn did not answer on port {port} within 60 s")

    def stop(self, process):
        if process not in self.processes:
            return
        self.processes.remove(process)
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
            except ProcessLookupError:
                pass
        if getattr(process, "log", None):
            process.log.close()

    def check_page(self, base, path, expected_cache, workers):
        """The page answers 200; on the cached server a later request is a hit. Without Redis
        each gunicorn worker has a cache of its own (local memory), so the first request each
        worker gets is a miss: ask until every worker has had its own."""
        header = None
        attempts = 2 + 2 * workers if expected_cache == "hit" else 2
        for _ in range(attempts):
            # Our own server on loopback, over http.
            with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310
                if response.status != 200:
                    raise CommandError(f"{path}: {response.status}")
                header = response.headers.get("X-Page-Cache")
            if expected_cache == "hit" and header == "hit":
                break
        if path.startswith("/bench/"):
            return
        if header != expected_cache:
            raise CommandError(f"{path}: X-Page-Cache {header!r}, expected {expected_cache!r}")

    def run_locust(self, base, path, options) -> dict:
        with tempfile.TemporaryDirectory() as folder:
            prefix = os.path.join(folder, "run")
            command = [
                str(BIN / "locust"),
                "-f",
                str(LOCUSTFILE),
                "--headless",
                "--host",
                base,
                "--users",
                str(options["users"]),
                "--spawn-rate",
                str(options["users"]),
                "--run-time",
                f"{options['seconds']}s",
                "--stop-timeout",
                "2",
                "--only-summary",
                "--csv",
                prefix,
                "--loglevel",
                "WARNING",
            ]
            process = subprocess.Popen(  # noqa: S603  (fixed command, as above)
                command,
                env={**os.environ, "THROUGHPUT_PATH": path},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
            self.processes.append(process)
            try:
                _, errors = process.communicate(timeout=options["seconds"] + 60)
            finally:
                self.stop(process)
            with open(f"{prefix}_stats.csv", newline="") as stats:
                rows = [row for row in csv.DictReader(stats) if row["Name"] == "Aggregated"]
        if not rows:
            raise CommandError(f"locust wrote no statistics: {errors.decode()[-2000:]}")
        row = rows[0]
        return {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 1),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
        }

    def summarise(self, results) -> list[dict]:
        """One row per scenario: medians over the rounds; each round's ratio is to the higher of
        that round's two bare-view runs."""
        for row in results:
            ceiling = max(
                other["rps"]
                for other in results
                if other["round"] == row["round"] and other["path"] == "/bench/bare/"
            )
            row["exact_ratio"] = row["rps"] / ceiling if ceiling else 0.0
            row["ratio"] = round(row["exact_ratio"], 3)
        summary = []
        for key in dict.fromkeys((row["scenario"], row["server"]) for row in results):
            runs = [row for row in results if (row["scenario"], row["server"]) == key]
            first = runs[0]
            row = {
                "scenario": first["scenario"],
                "server": first["server"],
                "path": first["path"],
                "rounds": len(runs),
                "requests": sum(run["requests"] for run in runs),
                "failures": sum(run["failures"] for run in runs),
                "rps": round(statistics.median(run["rps"] for run in runs), 1),
                "p50_ms": statistics.median(run["p50_ms"] for run in runs),
                "p95_ms": statistics.median(run["p95_ms"] for run in runs),
                "ratio": round(statistics.median(run["exact_ratio"] for run in runs), 2),
                "result": "-",
            }
            if row["server"] == "cached" and row["path"] != "/bench/bare/":
                ratio = statistics.median(run["exact_ratio"] for run in runs)
                passed = ratio >= TARGET_RATIO and row["failures"] == 0
                row["result"] = "PASS" if passed else "FAIL"
            summary.append(row)
        return summary

    def report(self, results, options):
        summary = self.summarise(results)
        header = (
            f"{'scenario':<28} {'server':<9} {'rps':>8} {'p50 ms':>7} {'p95 ms':>7} "
            f"{'errors':>6} {'ratio':>6}"
        )
        self.stdout.write("\n" + header)
        self.stdout.write("-" * len(header) + "  ----")
        for row in summary:
            self.stdout.write(
                f"{row['scenario']:<28} {row['server']:<9} {row['rps']:>8.1f} "
                f"{row['p50_ms']:>7.0f} {row['p95_ms']:>7.0f} {row['failures']:>6} "
                f"{row['ratio']:>6.2f}  {row['result']}"
            )
        load = os.getloadavg()
        out = settings.VAR_DIR / "throughput.json"
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        out.write_text(
            json.dumps(
                {
                    "database": connection.vendor,
                    "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
                    "cpus": os.cpu_count(),
                    "load_average_after": [round(value, 2) for value in load],
                    "python": platform.python_version(),
                    "gunicorn": {
                        "workers": options["workers"],
                        "worker_class": options["worker_class"],
                        "threads": options["threads"],
                    },
                    "locust": {
                        "users": options["users"],
                        "seconds": options["seconds"],
                        "rounds": options["rounds"],
                    },
                    "target_ratio": TARGET_RATIO,
                    "summary": summary,
                    "runs": results,
                },
                indent=2,
            )
            + "\n"
        )
        judged = [row for row in summary if row["result"] != "-"]
        passed = [row for row in judged if row["result"] == "PASS"]
        self.stdout.write(
            f"\n{len(passed)} of {len(judged)} cached pages at >= {TARGET_RATIO:.0%} of the bare "
            f"view; load average {load[0]:.2f} on {os.cpu_count()} cores; written to {out}"
        )
