"""``programkontor demo``: load the demo portfolio (idempotent); ``--reset`` starts over.

The portfolio's demo comes first. Every other app may add its own demo data in a ``demo`` module
with ``load_demo(*, stdout) -> list[str]`` (lines saying what it created now), ``delete_demo()``
and ``demo_totals() -> list[tuple[str, int | str]]`` (what it shows, counted in the database);
they run in the order of INSTALLED_APPS, and are deleted in the reverse order before a reset.

Each part prints what it created as soon as it is done. The totals are printed once, at the end,
counted from the database after every part has run: a later part may add rows to an earlier
part's tables (economy adds participations, decisions and mandates), so loading the demo twice
prints the same totals.
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
from django.utils import translation

from programkontor.mail import services as mail
from programkontor.portfolio import demo as portfolio_demo
from programkontor.portfolio.demo import DemoError

#: Where ``programkontor runserver`` serves by default; ``make run`` passes its own address.
DEFAULT_URL = "http://127.0.0.1:8000/"


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


def area_name(label: str) -> str:
    """An app's name as the menu shows it, e.g. »Styring« for governance."""
    with translation.override("da"):
        return str(apps.get_app_config(label).verbose_name)


def app_label(module: ModuleType) -> str:
    return module.__name__.split(".")[-2]


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
        parser.add_argument(
            "--url",
            help=(
                "Adressen, som serveren svarer på, til beskeden til sidst (make run giver sin egen, "
                f"f.eks. http://127.0.0.1:8111/). Uden den: start selv serveren; den svarer på {DEFAULT_URL}"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        extensions = extension_modules()
        try:
            portfolio_demo.check_allowed()
            with transaction.atomic(), mail.silenced():
                if options["reset"]:
                    for module in reversed(extensions):
                        module.delete_demo()
                summary = portfolio_demo.load_demo(reset=options["reset"], stdout=self.stdout)
                self.stdout.write(portfolio_demo.format_summary(summary))
                for module in extensions:
                    for line in module.load_demo(stdout=self.stdout):
                        if line.strip():
                            self.stdout.write(line)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started

        sections = [(area_name("portfolio"), portfolio_demo.demo_totals())]
        sections += [
            (area_name(app_label(module)), module.demo_totals())
            for module in extensions
            if hasattr(module, "demo_totals")
        ]
        self.stdout.write(f"\nDemoporteføljen er indlæst. Tid: {elapsed:.1f} sekunder. I databasen nu:\n\n")
        self.stdout.write(portfolio_demo.format_totals(sections) + "\n\n")
        self.stdout.write(portfolio_demo.format_logins(summary.logins))
        if options["url"]:
            self.stdout.write(f"\nÅbn {options['url']} og log ind med et af brugernavnene ovenfor.\n")
        else:
            self.stdout.write(
                f"\nStart serveren med »DEBUG=1 programkontor runserver«, åbn {DEFAULT_URL} og log ind "
                "med et af brugernavnene ovenfor.\n"
            )
