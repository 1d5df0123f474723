"""Build the demo site: `python manage.py seed_demo [--seed N]`.

Idempotent and deterministic: running it twice changes nothing, and the same seed gives the same
content. Each installed app may contribute a module `<app>.demo` with a function
`build(context)`; they run in INSTALLED_APPS order, so later capabilities add their demo data here
without the lower apps knowing about them.
"""

import importlib
import logging
import random as random_module
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from faker import Faker


@dataclass
class DemoContext:
    """What each app's demo builder gets: a seeded random source, Faker, options and a shared
    dictionary where builders leave things for later ones (e.g. the demo users)."""

    seed: int
    options: dict
    stdout: object
    random: random_module.Random = field(init=False)
    fake: Faker = field(init=False)
    shared: dict = field(default_factory=dict)
    logins: list = field(default_factory=list)

    def __post_init__(self):
        self.random = random_module.Random(self.seed)
        self.fake = Faker("no_NO")
        self.fake.seed_instance(self.seed)

    def say(self, message: str) -> None:
        self.stdout.write(message)


class Command(BaseCommand):
    help = "Create (or complete) the demo content and demo users. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument(
            "--members",
            type=int,
            default=300,
            help="how many demo members to create besides the named demo logins (default 300)",
        )

    def handle(self, *args, **options):
        context = DemoContext(seed=options["seed"], options=options, stdout=self.stdout)
        # Wagtail logs every page it creates and publishes; hundreds of lines bury the logins.
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        for app_config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app_config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.build(context)
        if connection.vendor == "postgresql":
            # Planner statistics for the rows just loaded. Without them (autovacuum off, or not
            # yet run) PostgreSQL guesses a handful of rows per table and picks sequential scans
            # and hash plans: the member directory took 0.1-3 s per page at 100,000 members
            # instead of tens of milliseconds (docs/performance.md). A few seconds at that size.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        lines = [
            f"    {role:<28} {email:<34} {password}" for role, email, password in context.logins
        ]
        self.stdout.write("\n".join(lines))
        # bin/run-dev prints these again once the server is up, where a newcomer looks.
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        (settings.VAR_DIR / "demo_logins.txt").write_text("\n".join(lines) + "\n")
