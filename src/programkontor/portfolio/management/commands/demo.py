"""``programkontor demo``: load the demo portfolio (idempotent); ``--reset`` starts over."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from programkontor.portfolio.demo import DemoError, format_logins, format_summary, load_demo


class Command(BaseCommand):
    help = (
        "Indlæser en realistisk, fiktiv demoportefølje med demo-logins. Kan køres igen uden at oprette "
        "noget to gange. Kræver DEMO_ALLOWED (slået til med DEBUG): demo-logins har en kendt adgangskode."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Slet først alt i porteføljens tabeller (med historik) og demo-logins, og indlæs så demoen.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            summary = load_demo(reset=options["reset"], stdout=self.stdout)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        self.stdout.write(format_summary(summary))
        self.stdout.write(f"\nTid: {elapsed:.1f} sekunder\n")
        self.stdout.write(format_logins(summary.logins))
