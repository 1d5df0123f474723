"""Check the database against the load run's ledger of writes (SECURITY.md R1): every message and
event registration the site acknowledged is stored, exactly once, and nothing was stored twice.

The comparison itself (`compare_messages`, `compare_registrations`) is plain Python over what the
ledger says and what the database holds, so it is tested without a server; `read_database` does
the querying (Django set up on the load run's database).
"""

import re
from collections import Counter, defaultdict

MARKER = re.compile(r"\[lt:[\w-]+:\d+:\d+\]")


def compare_messages(ledger: list[dict], stored: Counter) -> dict:
    """`stored`: how many message rows carry each marker. An acknowledged message must be stored
    once; a message sent but not acknowledged (the run stopped mid-request) at most once; a
    marker nobody sent, or stored twice, is an error."""
    sent = {entry["marker"]: entry["acked"] for entry in ledger if entry["kind"] == "message"}
    missing = sorted(m for m, acked in sent.items() if acked and stored.get(m, 0) == 0)
    duplicated = sorted(m for m, count in stored.items() if count > 1)
    unknown = sorted(m for m in stored if m not in sent)
    return {
        "acknowledged": sum(sent.values()),
        "unacknowledged": len(sent) - sum(sent.values()),
        "unacknowledged_stored": sum(1 for m, a in sent.items() if not a and stored.get(m)),
        "stored": sum(stored.values()),
        "missing": missing,
        "duplicated": duplicated,
        "unknown": unknown,
        "ok": not (missing or duplicated or unknown),
    }


def compare_registrations(ledger: list[dict], rows: dict) -> dict:
    """`rows`: for each (e-mail, event path) the ledger touched, its registration rows oldest
    first, as (status, created during the run). Each acknowledged registration made one row (a
    sent but unacknowledged one at most one); where the last action was acknowledged, the member
    is registered after a registration and not after a cancellation; never two active rows."""
    actions = defaultdict(list)
    for entry in ledger:
        if entry["kind"] == "registration":
            actions[(entry["email"], entry["event"])].append(entry)
    missing, duplicated, wrong_state = [], [], []
    acknowledged = Counter()
    for key, entries in actions.items():
        statuses = [status for status, _new in rows.get(key, [])]
        created = sum(1 for _status, new in rows.get(key, []) if new)
        registers = [e for e in entries if e["action"] == "register"]
        acked = sum(1 for e in registers if e["acked"])
        acknowledged.update(e["action"] for e in entries if e["acked"])
        label = f"{key[0]} {key[1]}"
        if created < acked:
            missing.append(label)
        if created > len(registers) or sum(s != "cancelled" for s in statuses) > 1:
            duplicated.append(label)
        last = entries[-1]
        if last["acked"]:
            active = bool(statuses) and statuses[-1] != "cancelled"
            if active != (last["action"] == "register"):
                wrong_state.append(label)
    return {
        "acknowledged_registrations": acknowledged["register"],
        "acknowledged_cancellations": acknowledged["cancel"],
        "unacknowledged": sum(1 for entries in actions.values() for e in entries if not e["acked"]),
        "missing": sorted(missing),
        "duplicated": sorted(duplicated),
        "wrong_state": sorted(wrong_state),
        "ok": not (missing or duplicated or wrong_state),
    }


def read_database(ledger: list[dict], run_id: str, since) -> tuple[Counter, dict]:
    """What the database holds for the run: message markers of `run_id`, and the registrations
    of the (member, event) pairs of the ledger, marked new when created since `since`. Needs
    Django set up."""
    from wagtail.models import Site

    from community.models import Message
    from events.models import EventPage, EventRegistration

    stored = Counter()
    for body in Message.objects.filter(body__contains=f"[lt:{run_id}:").values_list(
        "body", flat=True
    ):
        stored.update(MARKER.findall(body))
    site = Site.objects.get(is_default_site=True)
    paths = {e["event"] for e in ledger if e["kind"] == "registration"}
    event_ids = {}
    for page in EventPage.objects.all():
        url = page.get_url(current_site=site)
        if url in paths:
            event_ids[page.pk] = url
    rows = defaultdict(list)
    registrations = (
        EventRegistration.objects.filter(
            event_id__in=event_ids,
            user__email__in={e["email"] for e in ledger if e["kind"] == "registration"},
        )
        .order_by("created_at", "pk")
        .values_list("user__email", "event_id", "status", "created_at")
    )
    for email, event_id, status, created_at in registrations:
        rows[(email, event_ids[event_id])].append((status, created_at >= since))
    return stored, dict(rows)
