"""``programkontor demo``: load the demo portfolio (idempotent); ``--reset`` starts over.

The portfolio's demo comes first. Every other app may add its own demo data in a ``demo`` module
with ``load_demo(*, stdout) -> list[str]`` (lines to print) and ``delete_demo()``; they run in the
order of INSTALLED_APPS, and are deleted in the reverse order before a reset.
"""

from __future__ import annotations

import time
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from programkontor.portfolio.demo import DemoError, format_logins, format_summary, load_demo


def extension_modules() -> list[ModuleType]:
    """The demo modules of the apps after the portfolio, in INSTALLED_APPS order."""
    modules = []
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if config.name.startswith("programkontor.") and config.label != "portfolio" and find_spec(name):
            module = import_module(name)
            if hasattr(module, "load_demo"):
                modules.append(module)
    return modules


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
        extensions = extension_modules()
        try:
            with transaction.atomic():
                if options["reset"]:
                    for module in reversed(extensions):
                        module.delete_demo()
                summary = load_demo(reset=options["reset"], stdout=self.stdout)
                extra_lines = [line for module in extensions for line in module.load_demo(stdout=self.stdout)]
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        self.stdout.write(format_summary(summary))
        for line in extra_lines:
            self.stdout.write(line)
        self.stdout.write(f"\nTid: {elapsed:.1f} sekunder\n")
        self.stdout.write(format_logins(summary.logins))
        self.stdout.write("\nÅbn http://127.0.0.1:8000/ og log ind med et af brugernavnene ovenfor.\n")
