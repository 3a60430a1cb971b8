"""``programkontor import_all FILE``: restore an archive of ``export_all`` into an empty database."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from programkontor.core import backup
from programkontor.core.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Indlæs et arkiv fra export_all i en ny, migreret database med samme skema. Arkivet kontrolleres "
        "helt, før noget skrives; alt indlæses i én transaktion. En database med data afvises."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FIL", help="Arkivet fra export_all.")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"]))
        if not path.is_file():
            raise CommandError(f"{path} findes ikke.")
        bar = ProgressBar(self.stderr)
        started = time.perf_counter()
        try:
            summary = backup.import_all(path, progress=bar)
        except backup.BackupError as error:
            raise CommandError(f"{path}: {error} Intet er indlæst.") from error
        bar.finish()
        self.stdout.write(
            f"{path}: {summary.rows} rækker i {summary.models} tabeller og {summary.files} filer indlæst "
            f"({time.perf_counter() - started:.1f} sekunder).\n"
        )
