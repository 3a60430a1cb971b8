"""``programkontor export_governance PATH --product SLUG``: write the product's decisions and minutes in
OS2's repository layout (``beslutninger/YYYY-MM-DD-slug.md``,
``dagsordner-og-referater/<body>/YYYYMMDD_<Product><Body>.md``) below PATH."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from programkontor.governance.repository.sync import export_product
from programkontor.portfolio.models import Product


class Command(BaseCommand):
    help = "Skriver et produkts beslutninger og mødereferater i OS2's governance-repositorieformat."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Mappen der skrives til (oprettes om nødvendigt).")
        parser.add_argument("--product", required=True, help="Produktets slug.")

    def handle(self, *args: Any, **options: Any) -> None:
        product = Product.objects.filter(slug=options["product"]).first()
        if product is None:
            raise CommandError(f"Intet produkt med slug '{options['product']}'.")
        folder = Path(options["path"]).expanduser()
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"{folder} findes og er ikke en mappe.")
        folder.mkdir(parents=True, exist_ok=True)
        written = export_product(product, folder)
        decisions = sum(1 for path in written if path.startswith("beslutninger/"))
        self.stdout.write(
            f"Skrev {decisions} beslutninger og {len(written) - decisions} mødereferater "
            f"for {product} til {folder}.\n"
        )
