"""``programkontor export_governance PATH --product SLUG [--internal]``: write the product's decisions and
minutes in OS2's repository layout (``beslutninger/YYYY-MM-DD-slug.md``,
``dagsordner-og-referater/<body>/YYYYMMDD_<Product><Body>.md``) below PATH.

Governance repositories are normally public, so by default only what an anonymous reader may see is
written (published decisions, approved and published minutes, names of public contacts only);
``--internal`` writes everything, for a private repository."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from programkontor.governance.models import Decision, Meeting
from programkontor.governance.repository.export import export_product
from programkontor.portfolio.models import Product


class Command(BaseCommand):
    help = (
        "Skriver et produkts beslutninger og mødereferater i OS2's governance-repositorieformat. "
        "Som standard kun det offentliggjorte; --internal skriver alt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Mappen der skrives til (oprettes om nødvendigt).")
        parser.add_argument("--product", required=True, help="Produktets slug.")
        parser.add_argument(
            "--internal",
            action="store_true",
            help=(
                "Skriv alt, også upublicerede beslutninger, mødeudkast og navne på personer, der ikke er "
                "offentlige kontakter (til et privat repositorie)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        product = Product.objects.filter(slug=options["product"]).first()
        if product is None:
            raise CommandError(f"Intet produkt med slug '{options['product']}'.")
        folder = Path(options["path"]).expanduser()
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"{folder} findes og er ikke en mappe.")
        internal = bool(options["internal"])
        folder.mkdir(parents=True, exist_ok=True)
        written = export_product(product, folder, internal=internal)
        decisions, meetings = len(written.decisions), len(written.meetings)
        if internal:
            self.stdout.write(
                "Intern eksport: alt er skrevet, også upublicerede beslutninger, mødeudkast og navne på "
                "personer, der ikke er offentlige kontakter. Læg den kun i et privat repositorie.\n"
            )
        else:
            left_out_decisions = Decision.objects.filter(product=product).count() - decisions
            left_out_meetings = Meeting.objects.filter(body__product=product).count() - meetings
            self.stdout.write(
                "Offentlig eksport: kun det, en anonym læser må se (publicerede beslutninger, godkendte og "
                "publicerede referater, navne kun på offentlige kontakter); "
                f"{left_out_decisions} beslutninger og {left_out_meetings} møder er udeladt. "
                "Brug --internal for at skrive alt.\n"
            )
        self.stdout.write(
            f"Skrev {decisions} beslutninger og {meetings} mødereferater for {product} til {folder}.\n"
        )
