"""Retention (SECURITY.md P4): how long each kind of personal data is kept, and the purge.

Each app registers its rules, next to its personal-data entries: a name, a label, the period,
and `purge(now) -> int`, which removes (or anonymises) what has outlived the period at `now`
and says how many rows it touched. `count(now) -> int` tells the same number without touching
anything, for `purge_expired_data --dry-run`; a rule without it is dry-run inside a transaction
that is rolled back (so its purge must not touch files or send mail). The periods are
documented in docs/privacy.md. `manage.py purge_expired_data` runs every rule once a day; a
rule is safe to run twice.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction


@dataclass(frozen=True)
class RetentionRule:
    name: str
    label: str
    period: timedelta
    purge: Callable[[datetime], int]
    count: Callable[[datetime], int] | None = None


_rules: dict[str, RetentionRule] = {}


def register_rule(name, label, period, purge, *, count=None) -> None:
    """Register a rule; the same name twice is a programming error."""
    if name in _rules:
        raise ValueError(f"Retention rule {name!r} is already registered")
    if not isinstance(period, timedelta) or period <= timedelta(0):
        raise ValueError(f"Retention rule {name!r} needs a positive period")
    _rules[name] = RetentionRule(name=name, label=label, period=period, purge=purge, count=count)


def rules() -> list[RetentionRule]:
    return sorted(_rules.values(), key=lambda rule: rule.name)


def get_rule(name) -> RetentionRule:
    return _rules[name]


class _DryRun(Exception):
    pass


def expired_count(rule: RetentionRule, now: datetime) -> int:
    """How many rows `rule` would purge at `now`, touching nothing."""
    if rule.count is not None:
        return rule.count(now)
    counted = 0
    try:
        with transaction.atomic():
            counted = rule.purge(now)
            raise _DryRun
    except _DryRun:
        pass
    return counted


def apply(rule: RetentionRule, now: datetime, *, dry_run=False) -> int:
    """Run one rule at `now` in its own transaction; in a dry run, only count."""
    if dry_run:
        return expired_count(rule, now)
    with transaction.atomic():
        return rule.purge(now)
