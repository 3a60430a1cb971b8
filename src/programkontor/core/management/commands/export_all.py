"""``programkontor export_all FILE``: the whole database and its stored files as one zip archive."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from programkontor.core import backup
from programkontor.core.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Eksportér alle data - historik, filer og frosne poster - som ét zip-arkiv af JSON, der kan "
        "indlæses med import_all. Samme data giver samme arkiv, byte for byte."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", metavar="FIL", help="Arkivet, der skrives (fx backup.zip); erstattes, hvis det findes."
        )

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"]))
        partial = path.with_name(path.name + ".partial")
        bar = ProgressBar(self.stderr)
        started = time.perf_counter()
        try:
            summary = backup.export_all(partial, progress=bar)
        except backup.BackupError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(str(error)) from error
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        bar.finish()
        partial.replace(path)
        self.stdout.write(
            f"{path}: {summary.rows} rækker fra {summary.models} tabeller og {summary.files} filer "
            f"({path.stat().st_size} bytes, {time.perf_counter() - started:.1f} sekunder).\n"
        )
