"""`manage.py bench` (make bench): every app's scenarios measured, a table and var/bench.json."""

import io
import json

from django.core.management import call_command
from django.urls import reverse

import pytest


@pytest.mark.django_db
def test_bench_measures_every_scenario_and_writes_json(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("seed_demo", members=20, stdout=io.StringIO())
    out = io.StringIO()
    call_command("bench", members=20, runs=2, no_seed=True, stdout=out)
    report = json.loads((tmp_path / "bench.json").read_text())
    rows = {row["scenario"]: row for row in report["results"]}
    assert {"bare Django view (ceiling)", "home page (visitor)", "inbox", "profile"} <= set(rows)
    assert any(name.startswith("directory:") for name in rows)
    assert {"group list", "group list: search + filter"} <= set(rows)
    assert rows["bare Django view (ceiling)"]["queries"] == 0
    assert rows["home page (visitor)"]["queries"] > 0  # queries are really counted
    assert rows["inbox"]["budget_ms"] == 50 and rows["inbox"]["max_queries"] == 15
    for row in rows.values():
        if row["rate"] is not None:  # a throughput scenario: n is the items done, run once
            assert row["n"] > 0 and row["rate"] > 0
        else:
            assert row["n"] == 2 and row["p95_ms"] >= row["p50_ms"] > 0
        assert row["result"] in {"PASS", "FAIL"}
    table = out.getvalue()
    assert "p95 ms" in table and "within budget" in table


@pytest.mark.django_db
def test_group_scenarios_leave_out_what_has_no_data_or_is_not_built():
    from accounts.factories import UserFactory
    from community import bench
    from community.factories import GroupFactory, GroupThreadFactory

    member = UserFactory()
    names = [scenario.name for scenario in bench.group_scenarios(member, 1)]
    assert names == ["group list", "group list: search + filter"]  # no group yet
    group = GroupFactory(owner=member)
    thread = GroupThreadFactory(group=group, author=member)
    names = {scenario.name for scenario in bench.group_scenarios(member, 1)}
    page = reverse("community:group_detail", args=[group.pk])
    assert ("group page" in names) == bench.is_built(page)
    assert ("group thread" in names) == bench.is_built(
        reverse("community:group_thread", args=[thread.pk])
    )
    assert bench.is_built(reverse("community:group_directory"))
