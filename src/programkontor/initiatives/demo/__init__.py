"""The initiatives app's demo: two fictitious initiatives with business cases and requirement
specifications (``data/initiatives.toml``).

Runs after the portfolio's, planning's and economy's demos (``programkontor demo``): the first
initiative is on OS2forms, whose tariff sheet gives its break-even, and its requirements link to
OS2forms' work items. Idempotent: an initiative is matched on its title.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from programkontor.core import services
from programkontor.core.money import ORE_PER_KRONE
from programkontor.initiatives.models import CaseLine, Initiative, Requirement
from programkontor.planning.models import WorkItem
from programkontor.portfolio.demo.files import Table, read_toml
from programkontor.portfolio.models import Product

__all__ = ["delete_demo", "demo_totals", "load_demo"]

PACKAGE = "programkontor.initiatives.demo"


def _create(entry: Table, year: int) -> Initiative | None:
    fields: dict[str, object] = {
        "title": entry["title"],
        "status": entry["status"],
        "first_year": year + entry["first_year"],
        "horizon": entry["horizon"],
        "discount_rate": Decimal(entry["discount_rate"]),
        "authorities": entry["authorities"],
        "size_class": entry.get("size_class", "medium"),
        "description": entry.get("description", "").strip(),
        "risks": entry.get("risks", "").strip(),
        "assumptions": entry.get("assumptions", "").strip(),
        "specification_intro": entry.get("specification_intro", "").strip(),
    }
    if "product" in entry:
        product = Product.objects.filter(slug=entry["product"]).first()
        if product is None:
            return None
        fields["product"] = product
    else:
        owner = Product.objects.filter(slug=entry["program_of"]).select_related("program").first()
        if owner is None or owner.program is None:
            return None
        product, fields["program"] = None, owner.program
    initiative: Initiative = services.create(Initiative, actor=None, fields=fields)
    for line in entry["lines"]:
        services.create(
            CaseLine,
            actor=None,
            fields={**line, "initiative": initiative, "year": initiative.first_year + line["year"],
                    "amount": line["amount"] * ORE_PER_KRONE},
        )  # fmt: skip
    for row in entry["requirements"]:
        title = row.get("work_item")
        item = WorkItem.objects.filter(product=product, title=title).first() if title and product else None
        fields = {key: value for key, value in row.items() if key != "work_item"}
        services.create(
            Requirement, actor=None, fields={**fields, "initiative": initiative, "work_item": item}
        )
    return initiative


def load_demo(*, stdout: TextIO) -> list[str]:
    """Create the initiatives that are missing; return one Danish line saying what was created."""
    year = timezone.localdate().year
    created = 0
    with transaction.atomic():
        for entry in read_toml(PACKAGE, "initiatives.toml")["initiatives"]:
            if Initiative.objects.filter(title=entry["title"]).exists():
                continue
            created += _create(entry, year) is not None
    if not created:
        return ["Initiativer: demodata var allerede indlæst; intet nyt er oprettet."]
    return [f"Initiativer: oprettet {created} initiativer med business case og kravspecifikation."]


def demo_totals() -> list[tuple[str, int]]:
    return [
        ("Initiativer", Initiative.objects.count()),
        ("Business case-linjer", CaseLine.objects.count()),
        ("Krav", Requirement.objects.count()),
    ]


def delete_demo() -> None:
    """Delete the initiatives, their lines and requirements, and their history."""
    Initiative.objects.all().delete()
    for model in (Initiative, CaseLine, Requirement):
        model.history.all().delete()
