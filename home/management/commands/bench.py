"""Measure server time and SQL queries of the site's main pages at scale: `manage.py bench`.

Builds (or reuses) the demo dataset of `seed_demo --members N`, then asks every installed app for
its scenarios — a module `<app>.bench` with a function `scenarios(context)` returning
`home.bench.Scenario`s, as `seed_demo` discovers `<app>.demo` — and runs each through Django's
test client in this process: the whole middleware stack, views and templates, no network. A bare
Django view in the same run gives the ceiling. Prints a table with PASS/FAIL against each budget
(DESIGN.md §7) and writes `var/bench.json`. SQLite by default; PostgreSQL when DATABASE_URL says so.
"""

import importlib
import json
import platform
import statistics
import time

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from home.bench import BenchContext, Scenario


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


class Command(BaseCommand):
    help = "Measure p50/p95 server time and SQL queries per page at 100,000 members."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=100_000)
        parser.add_argument("--runs", type=int, default=30, help="timed requests per scenario")
        parser.add_argument("--only", default="", help="run scenarios whose name contains this")
        parser.add_argument("--no-seed", action="store_true", help="use the data as it is")
        parser.add_argument(
            "--recipients",
            type=int,
            default=None,
            help="mails in the newsletter send-rate scenario (default: every member)",
        )

    def handle(self, *args, **options):
        from community.models import Profile

        if not options["no_seed"] and Profile.objects.count() < options["members"]:
            self.stdout.write(f"Building the dataset: seed_demo --members {options['members']:,}")
            started = time.monotonic()
            call_command("seed_demo", members=options["members"], stdout=self.stdout)
            self.stdout.write(f"  dataset built in {time.monotonic() - started:.0f} s")
        context = BenchContext(members=options["members"], recipients=options["recipients"])
        scenarios = [Scenario("bare Django view (ceiling)", "/bench/bare/", bare=True)]
        for app_config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{app_config.name}.bench")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app_config.name}.bench":
                    raise
                continue
            scenarios += module.scenarios(context)
        if options["only"]:
            scenarios = [s for s in scenarios if options["only"] in s.name]
        results = [self.measure(scenario, options["runs"]) for scenario in scenarios]
        self.report(results)

    def measure(self, scenario, runs):
        if scenario.rate is not None:
            return self.measure_rate(scenario)
        if scenario.call is not None:
            return self.measure_call(scenario, runs)
        client = Client(raise_request_exception=True)
        if scenario.user is not None:
            client.force_login(scenario.user)
        overrides = {"ALLOWED_HOSTS": [*settings.ALLOWED_HOSTS, "testserver"]}
        if scenario.bare:
            overrides["ROOT_URLCONF"] = "home.bench.urls"
        with override_settings(**overrides):
            for _ in range(3):  # warm caches (menus, site, templates)
                response = client.get(scenario.path)
            if response.status_code != 200:
                raise RuntimeError(f"{scenario.name}: {scenario.path} {response.status_code}")
            with CaptureQueriesContext(connection) as queries:
                client.get(scenario.path)
            query_count = len(queries)  # now: the next requests reset the connection's log
            timings = []
            for _ in range(runs):
                started = time.perf_counter()
                client.get(scenario.path)
                timings.append((time.perf_counter() - started) * 1000)
        return self.row(scenario, timings, query_count)

    def measure_call(self, scenario, runs):
        """A non-HTTP scenario: the callable timed like a request."""
        for _ in range(3):
            scenario.call()
        with CaptureQueriesContext(connection) as queries:
            scenario.call()
        query_count = len(queries)
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            scenario.call()
            timings.append((time.perf_counter() - started) * 1000)
        return self.row(scenario, timings, query_count)

    def measure_rate(self, scenario):
        """A throughput scenario, run once: items per second against `min_rate`."""
        result = scenario.rate()
        row = self.row(scenario, result.item_ms or [0.0], result.queries)
        rate = round(result.rate, 1)
        passed = scenario.min_rate is None or rate >= scenario.min_rate
        if scenario.max_queries is not None and result.queries > scenario.max_queries:
            passed = False
        row |= {
            "n": result.items,
            "rate": rate,
            "min_rate": scenario.min_rate,
            "seconds": round(result.seconds, 2),
            "queries_per": result.per,
            "result": "PASS" if passed else "FAIL",
        }
        return row

    def row(self, scenario, timings, query_count):
        p50, p95 = statistics.median(timings), percentile(timings, 0.95)
        passed = (scenario.budget_ms is None or p95 <= scenario.budget_ms) and (
            scenario.max_queries is None or query_count <= scenario.max_queries
        )
        return {
            "scenario": scenario.name,
            "path": scenario.path,
            "n": len(timings),
            "p50_ms": round(p50, 1),
            "p95_ms": round(p95, 1),
            "queries": query_count,
            "budget_ms": scenario.budget_ms,
            "max_queries": scenario.max_queries,
            "rate": None,
            "result": "PASS" if passed else "FAIL",
        }

    def report(self, results):
        header = f"{'scenario':<44} {'p50 ms':>8} {'p95 ms':>8} {'budget':>7} {'SQL':>4} {'max':>4}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header) + "  ----")
        for row in results:
            budget = f"{row['budget_ms']}" if row["budget_ms"] else "-"
            limit = f"{row['max_queries']}" if row["max_queries"] else "-"
            line = (
                f"{row['scenario'][:44]:<44} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
                f"{budget:>7} {row['queries']:>4} {limit:>4}  {row['result']}"
            )
            if row.get("rate") is not None:
                line += (
                    f"  {row['rate']:,.1f}/s (min {row['min_rate']:,}) over {row['n']:,} in "
                    f"{row['seconds']} s; ms per item, SQL per {row['queries_per']}"
                )
            self.stdout.write(line)
        database = connection.vendor
        out = settings.VAR_DIR / "bench.json"
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        out.write_text(
            json.dumps(
                {
                    "database": database,
                    "python": platform.python_version(),
                    "machine": f"{platform.machine()}, {platform.system()}",
                    "results": results,
                },
                indent=2,
            )
            + "\n"
        )
        failed = [row for row in results if row["result"] == "FAIL"]
        self.stdout.write(
            f"\n{len(results) - len(failed)} of {len(results)} within budget "
            f"on {database}; written to {out}"
        )
