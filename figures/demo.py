"""Demo data for the figures: the dashboard computed from the demo's data, so a coordinator who
signs in after `make run` sees figures and charts at once (in production the nightly
`compute_figures` does this). Twelve months for the everyday demo; at benchmark size only the
current and previous month (about 8 s a month at 100,000 members), to keep the full-size build
within its 3 minutes — `compute_figures --months 12` backfills the rest."""

import time

from .computing import compute

FULL_HISTORY_UP_TO_MEMBERS = 10_000


def build(context):
    started = time.monotonic()
    months = 12 if context.options.get("members", 300) <= FULL_HISTORY_UP_TO_MEMBERS else 2
    rows = compute(months=months)
    context.say(
        f"  figures: {rows:,} snapshot values for {months} months "
        f"({time.monotonic() - started:.1f} s)"
    )
