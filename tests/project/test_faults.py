"""The short versions of `make faulttest` (issue 12) that run in the suite (marker `fault`).

R6: the SMTP peer (its own process) is down for a few seconds while a campaign and transactional
mail wait; afterwards every mail arrived exactly once, and both workers backed off meanwhile.
R3: PostgreSQL restarted under a steady stream of requests; the site answers 500/503 at most and
recovers by itself within 10 s. It needs root (initdb runs as the postgres user through runuser)
and PostgreSQL's server binaries: skipped without them, except under CI=true, where they exist.
"""

import os

import pytest

from ops import faulttest
from ops.mail_outage import run_mail_outage

pytestmark = pytest.mark.fault


@pytest.mark.django_db
def test_r6_after_a_mail_server_outage_every_mail_is_sent_exactly_once(tmp_path):
    result = run_mail_outage(outage_seconds=3, recipients=60, transactional=8, log_dir=tmp_path)
    print(result)
    assert result["queued_during_outage"] == 8  # nothing sent, nothing lost while down
    for stream in ("campaign", "transactional"):
        assert result[stream]["received"] == result[stream]["expected"], result
        assert result[stream]["duplicates"] == 0, result
        assert result[stream]["missing"] == 0, result
    assert result["unexpected"] == 0
    assert result["left_in_outbox"] == 0
    assert result["campaign_statuses"] == [result["sent_status"]]
    # Back-off while the server was away: the waits grow (0.25 s, 0.5 s, 1 s … at most 2 s).
    waits = result["campaign_retry_waits"]
    assert len(waits) >= 2 and waits == sorted(waits) and waits[-1] > waits[0], result
    assert result["outbox_retries_logged"], result


@pytest.mark.own_database
def test_r3_postgresql_restarted_under_load_the_site_recovers_within_10_s(tmp_path):
    missing = faulttest.r3_unavailable()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"R3 must run in CI: {missing}")
        pytest.skip(missing)
    result = faulttest.run_r3(workdir=tmp_path, short=True)
    print(result)
    assert result["passed"], result
