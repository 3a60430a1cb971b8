"""``programkontor reindex_search``: rebuild the search index from the database, with a progress bar."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.db import transaction

from programkontor.core import search

BAR_WIDTH = 30


class ProgressBar:
    """A ``core.jobs.Progress`` for the terminal: one line, rewritten in place (new lines elsewhere)."""

    def __init__(self, stream: OutputWrapper) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self.label = ""

    def __call__(self, done: int, total: int, message: str = "") -> None:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        line = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} {message}"
        if self.live:
            self.stream.write(f"\r{line:<{BAR_WIDTH + 60}}", ending="")
        elif message != self.label:  # a log file gets a line per kind, not per batch
            self.stream.write(line)
        self.label = message
        self.stream.flush()

    def finish(self) -> None:
        if self.live:
            self.stream.write("", ending="\n")


class Command(BaseCommand):
    help = "Genopbyg søgeindekset for alt, der kan søges i (eller kun de nævnte typer)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kinds", nargs="*", metavar="TYPE", help="Fx planning.risk; uden: alle typer (og ryd ukendte)."
        )

    def handle(self, *args: object, **options: object) -> None:
        kinds = [str(kind) for kind in options["kinds"]] if isinstance(options["kinds"], list) else []
        known = {registered.key for registered in search.searchables()}
        unknown = sorted(set(kinds) - known)
        if unknown:
            raise CommandError(
                f"Ukendt type: {', '.join(unknown)}. Kendte typer: {', '.join(sorted(known))}."
            )
        bar = ProgressBar(self.stderr)
        started = time.perf_counter()
        with transaction.atomic():
            count = search.reindex(kinds or None, progress=bar)
        bar.finish()
        self.stdout.write(
            f"Søgeindekset har {count} objekter ({time.perf_counter() - started:.1f} sekunder).\n"
        )
