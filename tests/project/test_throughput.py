"""`manage.py throughput` (make throughput): how its verdict is reached. The run itself needs
gunicorn, locust and minutes of CPU, so it is not part of the suite; docs/performance.md holds
its figures."""

import os
import subprocess
import sys

from home.management.commands.throughput import Command


def run(scenario, server, path, rps, round_number=1, failures=0):
    return {
        "scenario": scenario,
        "server": server,
        "path": path,
        "round": round_number,
        "requests": int(rps * 20),
        "failures": failures,
        "rps": rps,
        "p50_ms": 50.0,
        "p95_ms": 90.0,
    }


def verdicts(results):
    return {(row["scenario"], row["server"]): row for row in Command().summarise(results)}


def test_a_cached_page_passes_at_half_the_higher_bare_run_of_its_round():
    rows = verdicts(
        [
            run("bare Django view", "uncached", "/bench/bare/", 200.0),
            run("home page (cached)", "cached", "/", 101.0),
            run("news page (cached)", "cached", "/nyheter/a/", 99.0),
            run("bare Django view", "cached", "/bench/bare/", 150.0),
            run("home page (uncached)", "uncached", "/", 10.0),
        ]
    )
    assert rows[("home page (cached)", "cached")]["result"] == "PASS"
    assert rows[("news page (cached)", "cached")]["result"] == "FAIL"
    assert rows[("news page (cached)", "cached")]["ratio"] <= 0.5  # 0.495 is not enough
    assert rows[("home page (uncached)", "uncached")]["result"] == "-"  # for comparison only
    assert rows[("bare Django view", "cached")]["ratio"] == 0.75


def test_failed_requests_fail_a_fast_page_and_rounds_give_medians():
    rows = verdicts(
        [
            run("bare Django view", "uncached", "/bench/bare/", 100.0, 1),
            run("home page (cached)", "cached", "/", 300.0, 1, failures=3),
            run("bare Django view", "uncached", "/bench/bare/", 300.0, 2),
            run("home page (cached)", "cached", "/", 90.0, 2),
            run("bare Django view", "uncached", "/bench/bare/", 200.0, 3),
            run("home page (cached)", "cached", "/", 200.0, 3),
        ]
    )
    home = rows[("home page (cached)", "cached")]
    assert home["rps"] == 200.0 and home["rounds"] == 3
    assert home["ratio"] == 1.0  # median of 3.0, 0.3 and 1.0
    assert home["failures"] == 3
    assert home["result"] == "FAIL"


def test_the_throughput_settings_keep_the_page_cache_on_unless_told_otherwise():
    """`make throughput` measures the page cache: its settings must not inherit the bench's
    switched-off cache (they did once, and every cached scenario found no cache)."""
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.PAGE_CACHE_SECONDS)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "usn_alumni.settings.throughput"}
    env.pop("PAGE_CACHE_SECONDS", None)
    on = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert on.stdout.strip() == "300", on.stderr
    env["PAGE_CACHE_SECONDS"] = "0"
    off = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert off.stdout.strip() == "0", off.stderr
