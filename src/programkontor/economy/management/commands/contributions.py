"""``programkontor contributions --product SLUG --year YYYY [--format json]``: what each authority owes.

Prints, per participating authority: code and name, the population figure and its date, the size
class, whether it is a member, the annual fee, the joining fee, the months charged and the total; and
the grand total. Reads only; nothing is saved.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from programkontor.economy.reports import calculation_data, calculation_table, dumps
from programkontor.economy.selectors.contributions import calculation
from programkontor.portfolio.models import Product


class Command(BaseCommand):
    help = (
        "Beregner, hvad hver deltagende myndighed skal betale for et produkt i et år efter produktets "
        "takstblad: befolkningstal og dato, størrelse, medlem, vederlag, tilslutningsafgift, måneder og "
        "i alt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--product", required=True, metavar="SLUG", help="Produktets slug, fx os2kle.")
        parser.add_argument(
            "--year", required=True, type=int, metavar="YYYY", help="Opkrævningsåret, fx 2026."
        )
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="text (tabel, standard) eller json."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(f"Året {year} er uden for 2000-2100.")
        product = Product.objects.filter(slug=options["product"]).first()
        if product is None:
            raise CommandError(f"Der er intet produkt med slug '{options['product']}'.")
        calc = calculation(product, year)
        if calc.sheet is None:
            raise CommandError(f"{product.name} har intet takstblad for {year}; intet kan beregnes.")
        if options["format"] == "json":
            self.stdout.write(dumps(calculation_data(calc)))
        else:
            self.stdout.write(
                f"Bidrag {year} for {product.name} (takstblad: {calc.sheet.get_pro_rata_rule_display()})\n\n"
            )
            self.stdout.write(calculation_table(calc))
        for row in calc.problems:
            self.stderr.write(
                f"Advarsel: {row.organisation.name} har hverken befolkningstal eller en manuelt sat "
                f"størrelse "
                "og kan ikke opkræves."
            )
