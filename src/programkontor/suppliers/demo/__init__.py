"""The suppliers app's demo: realistic (fictitious) contracts for the demo portfolio's suppliers.

Runs after the portfolio's and governance's demos (``programkontor demo``). The contracts are in
``data/contracts.toml``; dates are relative to today, so a notice deadline always waits on *Til mig*
for OS2rollekatalog's program manager. Idempotent: a contract is matched on its product and title.
"""

from __future__ import annotations

import datetime
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from programkontor.core.money import ORE_PER_KRONE
from programkontor.governance.interfaces import Decision
from programkontor.portfolio.demo.files import Table, read_toml
from programkontor.portfolio.models import Body, BodyKind, Organisation, OrganisationKind, Product
from programkontor.suppliers.models import Contract
from programkontor.suppliers.terms import months_after

__all__ = ["delete_demo", "demo_totals", "load_demo"]

PACKAGE = "programkontor.suppliers.demo"


def _fields(entry: Table, today: datetime.date) -> dict[str, object]:
    product = Product.objects.get(name=entry["product"])
    start = today + datetime.timedelta(days=entry["start"])
    notice_months = entry.get("notice_months", 0)
    end: datetime.date | None = None
    if "notice_in" in entry:
        end = months_after(today + datetime.timedelta(days=entry["notice_in"]), notice_months)
    elif "end" in entry:
        end = today + datetime.timedelta(days=entry["end"])
    options = entry.get("options_left", 0)
    fields: dict[str, object] = {
        "title": entry["title"],
        "reference": entry.get("reference", ""),
        "supplier": Organisation.objects.get(name=entry["supplier"], kind=OrganisationKind.SUPPLIER),
        "product": product,
        "kind": entry["kind"],
        "value": entry["value"] * ORE_PER_KRONE,
        "currency": entry.get("currency", "DKK"),
        "start_date": start,
        "end_date": end,
        "notice_months": notice_months,
        "options_left": options,
        "options_until": months_after(end, options * entry["options_extend_months"])
        if options and end
        else None,
        "licence": entry.get("licence", "MPL-2.0"),
        "copyright_to": entry.get("copyright_to", "authorities"),
        "data_processing": entry.get("data_processing", "no"),
        "data_processing_url": entry.get("data_processing_url", ""),
        "sla": entry.get("sla", "").strip(),
        "documents": entry.get("documents", "").strip(),
        "notes": entry.get("notes", ""),
    }
    if entry.get("approved_by") == "steering":
        fields["approved_by_body"] = (
            Body.objects.filter(product=product, kind=BodyKind.STEERING).order_by("pk").first()
        )
    if "decision" in entry:
        fields["decision"] = Decision.objects.filter(product=product, title=entry["decision"]).first()
    return fields


def load_demo(*, stdout: TextIO) -> list[str]:
    """Create the contracts that are missing; return one Danish line saying what was created."""
    today = timezone.localdate()
    created = 0
    with transaction.atomic():
        for entry in read_toml(PACKAGE, "contracts.toml")["contracts"]:
            if Contract.objects.filter(product__name=entry["product"], title=entry["title"]).exists():
                continue
            contract = Contract(**_fields(entry, today))
            contract.full_clean()
            contract.save()
            created += 1
    if not created:
        return ["Leverandører: demodata var allerede indlæst; intet nyt er oprettet."]
    return [f"Leverandører: oprettet {created} kontrakter."]


def demo_totals() -> list[tuple[str, int]]:
    return [("Leverandørkontrakter", Contract.objects.count())]


def delete_demo() -> None:
    """Delete the contracts and their history (the other apps' rows that point at them go first)."""
    Contract.objects.all().delete()
    Contract.history.all().delete()
