"""``programkontor import_actuals FILE --product SLUG [--dry-run]``: import postings from the finance system.

Every row is checked before anything is saved. On any bad row the command prints a report numbered
by row (as a spreadsheet numbers them; the header is row 1), exits with status 1 and saves nothing.
``--dry-run`` checks and reports without saving.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from programkontor.accounts.models import User
from programkontor.core import uploads
from programkontor.economy.labels import import_error_line
from programkontor.economy.money import format_dkk
from programkontor.economy.services.actuals import ImportFailed, import_file
from programkontor.portfolio.models import Product


class Command(BaseCommand):
    help = (
        "Indlæser bogførte posteringer (CSV eller XLSX med dato, konto, beløb, tekst og bilagsnummer) for et "
        "produkt. Alle rækker kontrolleres først; ved én fejl gemmes intet, og fejlene vises med rækkenummer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="CSV- eller XLSX-fil fra økonomisystemet.")
        parser.add_argument("--product", required=True, metavar="SLUG", help="Produktets slug, fx os2kle.")
        parser.add_argument("--dry-run", action="store_true", help="Kontrollér kun; gem intet.")
        parser.add_argument(
            "--skip-duplicates",
            action="store_true",
            help="Spring rækker over, hvis bilagsnummer allerede er bogført (i stedet for at afvise filen).",
        )
        parser.add_argument("--user", metavar="USERNAME", help="Brugeren, der står i historikken.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Filen {path} findes ikke.")
        try:
            data = uploads.read_path(path, "actuals")
        except uploads.UploadRefused as refused:
            raise CommandError(refused.message) from refused
        product = Product.objects.filter(slug=options["product"]).first()
        if product is None:
            raise CommandError(f"Der er intet produkt med slug '{options['product']}'.")
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"Der er ingen bruger '{options['user']}'.")
        self.stderr.write(f"Læser {path.name} …")
        try:
            staged, check = import_file(
                actor=actor,
                product=product,
                data=data,
                filename=path.name,
                skip_duplicates=options["skip_duplicates"],
                dry_run=options["dry_run"],
            )
        except ImportFailed as failure:
            errors = failure.check.errors
            report = "\n".join(import_error_line(error) for error in errors)
            raise CommandError(
                f"{path.name} har {len(errors)} fejl. Intet er gemt.\n{report}", returncode=1
            ) from failure
        total = format_dkk(check.total)
        if options["dry_run"]:
            self.stdout.write(
                f"Tørkørsel: {len(check.postings)} posteringer på i alt {total} kan indlæses for "
                f"{product.name}. "
                "Intet er gemt."
            )
        else:
            assert staged is not None
            self.stdout.write(
                f"Indlæst {staged.rows_imported} posteringer på i alt {total} for {product.name}."
            )
        if check.duplicates:
            self.stdout.write(f"{len(check.duplicates)} rækker var allerede bogført og blev sprunget over.")
