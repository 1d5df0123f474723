"""The load run's own parts, without a server (SECURITY.md R1): the check of acknowledged writes
against the database must catch a missing and a duplicated write, and the runner must read the
figures and forms the way they are written."""

from collections import Counter

from ops.acks import compare_messages, compare_registrations
from ops.html_forms import find_form, links
from ops.loadtest import figures_report, server_figures


def message(marker, acked=True):
    return {"kind": "message", "marker": marker, "conversation": "/m/1/", "acked": acked}


def registration(action, acked=True, email="kari@example.no", event="/arrangementer/a/"):
    return {
        "kind": "registration",
        "action": action,
        "email": email,
        "event": event,
        "acked": acked,
    }


def test_every_acknowledged_message_stored_once_passes():
    ledger = [message("[lt:r:0:1]"), message("[lt:r:0:2]")]
    result = compare_messages(ledger, Counter({"[lt:r:0:1]": 1, "[lt:r:0:2]": 1}))
    assert result["ok"]
    assert result["acknowledged"] == 2


def test_a_missing_acknowledged_message_is_caught():
    ledger = [message("[lt:r:0:1]"), message("[lt:r:0:2]")]
    result = compare_messages(ledger, Counter({"[lt:r:0:1]": 1}))
    assert not result["ok"]
    assert result["missing"] == ["[lt:r:0:2]"]


def test_a_duplicated_message_is_caught_even_when_unacknowledged():
    ledger = [message("[lt:r:0:1]"), message("[lt:r:0:2]", acked=False)]
    result = compare_messages(ledger, Counter({"[lt:r:0:1]": 1, "[lt:r:0:2]": 2}))
    assert not result["ok"]
    assert result["duplicated"] == ["[lt:r:0:2]"]


def test_an_unacknowledged_message_may_be_stored_once_or_not_at_all():
    ledger = [message("[lt:r:0:1]", acked=False), message("[lt:r:0:2]", acked=False)]
    result = compare_messages(ledger, Counter({"[lt:r:0:1]": 1}))
    assert result["ok"]
    assert result["unacknowledged_stored"] == 1


def test_a_stored_message_nobody_sent_is_caught():
    result = compare_messages([message("[lt:r:0:1]")], Counter({"[lt:r:0:1]": 1, "[lt:r:9:9]": 1}))
    assert not result["ok"]
    assert result["unknown"] == ["[lt:r:9:9]"]


def test_registration_then_cancellation_stored_passes():
    key = ("kari@example.no", "/arrangementer/a/")
    ledger = [registration("register"), registration("cancel")]
    assert compare_registrations(ledger, {key: [("cancelled", True)]})["ok"]


def test_a_missing_acknowledged_registration_is_caught():
    result = compare_registrations([registration("register")], {})
    assert not result["ok"]
    assert result["missing"] == ["kari@example.no /arrangementer/a/"]


def test_a_duplicated_registration_is_caught():
    key = ("kari@example.no", "/arrangementer/a/")
    rows = {key: [("confirmed", True), ("waitlisted", True)]}
    result = compare_registrations([registration("register")], rows)
    assert not result["ok"]
    assert result["duplicated"] == ["kari@example.no /arrangementer/a/"]


def test_an_acknowledged_cancellation_that_left_the_member_registered_is_caught():
    key = ("kari@example.no", "/arrangementer/a/")
    result = compare_registrations([registration("cancel")], {key: [("confirmed", False)]})
    assert not result["ok"]
    assert result["wrong_state"] == ["kari@example.no /arrangementer/a/"]


def test_the_reply_form_is_read_as_a_browser_would_send_it():
    html = """
    <form method="post" action="/medlemmer/meldinger/7/handling/"><input type="hidden"
      name="csrfmiddlewaretoken" value="other"><input type="hidden" name="action"
      value="mute"></form>
    <form method="post" class="form" novalidate><input type="hidden" name="csrfmiddlewaretoken"
      value="tok&amp;en"><textarea name="body" rows="3">Hei</textarea>
      <input type="radio" name="question_1" value="Ja"><input type="radio" name="question_1"
      value="Nei"><select name="guests"><option value="">-</option><option value="0">0</option>
      </select><button type="submit">Send</button></form>"""
    form = find_form(html, "")
    assert form["fields"] == {
        "csrfmiddlewaretoken": "tok&en",
        "body": "Hei",
        "question_1": "Ja",
        "guests": "0",
    }
    assert find_form(html, "/handling/")["fields"]["action"] == "mute"


def test_links_are_found_once_in_page_order():
    html = '<a href="/p/2/">a</a> <a href="/p/1/#x">b</a> <a href="/p/2/">c</a> <a href="/q/">d</a>'
    assert links(html, r"/p/\d+/") == ["/p/2/", "/p/1/"]


def test_server_time_is_read_per_request_name_from_the_access_log(tmp_path):
    log = tmp_path / "access.log"
    lines = [f'{ms} 200 GET "inbox" /medlemmer/meldinger/' for ms in range(1, 21)]
    lines += ['900 500 GET "profile" /medlemmer/profil/3/', '5 200 GET "-" /health/']
    log.write_text("\n".join(lines) + "\n")
    figures = server_figures(log)
    assert figures["inbox"]["server_p95_ms"] == 19
    assert figures["profile"]["server_5xx"] == 1
    assert figures["all requests"]["server_requests"] == 21
    assert "-" not in figures


BUDGETED = ["directory search", "profile", "inbox", "conversation", "group page", "event list"]


def judged(server_p95, failures=0, pages=BUDGETED):
    from types import SimpleNamespace

    options = SimpleNamespace(seconds=60, users=40, members=2000, workers=5, redis_url="")
    client = {
        name: {"requests": 100, "failures": 0, "client_p50_ms": 10, "client_p95_ms": 20}
        for name in pages
    }
    client["all requests"] = {"requests": 500, "failures": failures}
    server = {name: {"server_p95_ms": server_p95} for name in client}
    ok = {"ok": True}
    return figures_report(options, client, server, ok, ok)


def test_the_run_passes_only_with_every_budgeted_page_measured_and_within_budget():
    # The event list was not reached: not measured is not a pass.
    assert judged(server_p95=40)["result"] == "PASS"
    report = judged(server_p95=40, pages=BUDGETED[:-1])
    assert report["result"] == "FAIL"
    assert {row["name"]: row["result"] for row in report["pages"]}["event list"] == "NOT MEASURED"


def test_a_slow_page_or_one_error_in_a_hundred_fails_the_run():
    report = judged(server_p95=51)
    assert not report["checks"]["p95 within budget (server time)"]
    report = judged(server_p95=40, failures=5)
    assert not report["checks"]["error rate < 1 %"]
