"""``programkontor reindex_search``: rebuild the search index from the database, with a progress bar."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from programkontor.core import search
from programkontor.core.progress import ProgressBar


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
