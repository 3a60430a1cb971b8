"""The contribution calculation as data (JSON for the API and the command line) and as a text table."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from typing import Any

from programkontor.economy.labels import SIZE_CLASSES
from programkontor.economy.money import format_number, ore_to_decimal
from programkontor.economy.selectors.contributions import Calculation
from programkontor.portfolio.sizeclass import reference_date

_DECIMAL = re.compile(r'"\\u0000(-?\d+(?:\.\d+)?)\\u0000"')


def dumps(data: Any, *, indent: int | None = 2) -> str:
    """JSON where Decimal values are written as exact numbers (``23980.00``), never through a float."""

    def default(value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"\x00{value}\x00"
        raise TypeError(f"{type(value).__name__} is not JSON serialisable")

    return _DECIMAL.sub(r"\1", json.dumps(data, default=default, ensure_ascii=False, indent=indent))


def kroner(ore: int) -> Decimal:
    return ore_to_decimal(ore)


OLDER_POPULATION_FIGURE = "older_population_figure"
NO_SIZE_CLASS = "no_size_class"


def _date(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def calculation_warnings(calc: Calculation) -> list[dict[str, Any]]:
    """What a reader of the calculation must know, per authority, in the order of the rows.

    ``older_population_figure``: the figure from 1 January of the previous year is missing and the
    newest older one was used; ``no_size_class``: neither a figure nor a size class set by hand, so
    the authority cannot be charged. Each has a Danish ``message``.
    """
    wanted = reference_date(calc.year)
    found: list[dict[str, Any]] = []
    for row in calc.rows:
        authority = row.contribution.authority
        if authority.population is not None and not authority.population_exact and authority.population_date:
            found.append(
                {
                    "kind": OLDER_POPULATION_FIGURE,
                    "code": authority.code,
                    "name": authority.name,
                    "population_date": authority.population_date.isoformat(),
                    "reference_date": wanted.isoformat(),
                    "message": (
                        f"befolkningstal fra {_date(authority.population_date)} brugt; "
                        f"{_date(wanted)} mangler"
                    ),
                }
            )
        elif row.contribution.problem is not None:
            found.append(
                {
                    "kind": NO_SIZE_CLASS,
                    "code": authority.code,
                    "name": authority.name,
                    "population_date": None,
                    "reference_date": wanted.isoformat(),
                    "message": (
                        f"hverken befolkningstal pr. {_date(wanted)} (eller før) eller en manuelt sat "
                        "størrelse; kan ikke opkræves"
                    ),
                }
            )
    return found


def calculation_data(calc: Calculation) -> dict[str, Any]:
    """Everything the calculation used and found, per authority and in total. Amounts in kroner."""
    sheet = calc.sheet
    rows = []
    for row in calc.rows:
        contribution = row.contribution
        authority = contribution.authority
        size_class = authority.size_class
        rows.append(
            {
                "code": authority.code,
                "name": authority.name,
                "population": authority.population,
                "population_date": authority.population_date.isoformat()
                if authority.population_date
                else None,
                "population_exact": authority.population_exact if authority.population is not None else None,
                "size_class": size_class.value if size_class else None,
                "size_class_label": str(SIZE_CLASSES[size_class.value]) if size_class else None,
                "size_class_set_by_hand": authority.size_class_set_by_hand,
                "size_class_reason": authority.size_class_reason,
                "member": authority.is_member,
                "annual_fee_full_year": kroner(contribution.annual_fee_full),
                "annual_fee": kroner(contribution.annual_fee),
                "months_charged": contribution.months_charged,
                "months": list(contribution.months),
                "joining_fee": kroner(contribution.joining_fee),
                "joined": [day.isoformat() for day in contribution.joinings],
                "total": kroner(contribution.total),
                "secretariat_share": kroner(row.secretariat_share),
                "problem": contribution.problem.value if contribution.problem else None,
            }
        )
    rate = calc.share_rate
    return {
        "product": calc.product.slug,
        "product_name": calc.product.name,
        "year": calc.year,
        "currency": "DKK",
        "tariff_sheet": (
            {
                "id": sheet.pk,
                "pro_rata_rule": sheet.pro_rata_rule,
                "invoices_per_year": sheet.invoices_per_year,
                "published": sheet.is_published,
            }
            if sheet
            else None
        ),
        "authorities": rows,
        "annual_fee_total": kroner(calc.result.annual_total if calc.result else 0),
        "joining_fee_total": kroner(calc.result.joining_total if calc.result else 0),
        "grand_total": kroner(calc.total),
        "secretariat_share_rate": rate,
        "secretariat_share": kroner(calc.secretariat_share),
        "problems": [row["name"] for row in rows if row["problem"]],
        "warnings": calculation_warnings(calc),
    }


def calculation_table(calc: Calculation) -> str:
    """A plain-text table in Danish for the terminal."""
    headers = [
        "Kode", "Myndighed", "Indbyggere", "Opgjort pr.", "Størrelse", "Medlem", "Vederlag", "Tilslutning",
        "Måneder", "I alt",
    ]  # fmt: skip
    lines: list[list[str]] = []
    for row in calc.rows:
        contribution = row.contribution
        authority = contribution.authority
        size = str(SIZE_CLASSES[authority.size_class.value]) if authority.size_class else "—"
        if authority.size_class_set_by_hand:
            size += " (manuelt)"
        older = authority.population is not None and not authority.population_exact
        lines.append(
            [
                authority.code or "—",
                authority.name,
                f"{authority.population:,}".replace(",", ".") if authority.population is not None else "—",
                (_date(authority.population_date) + ("*" if older else ""))
                if authority.population_date
                else "—",
                size,
                "ja" if authority.is_member else "nej",
                format_number(contribution.annual_fee),
                format_number(contribution.joining_fee),
                str(contribution.months_charged),
                format_number(contribution.total),
            ]
        )
    widths = [
        max(len(headers[i]), *(len(line[i]) for line in lines)) if lines else len(headers[i])
        for i in range(len(headers))
    ]
    right = {2, 6, 7, 8, 9}

    def render(cells: list[str]) -> str:
        return "  ".join(
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]) for i, cell in enumerate(cells)
        ).rstrip()

    out = [render(headers), render(["-" * width for width in widths])]
    out.extend(render(line) for line in lines)
    footnotes = [w for w in calculation_warnings(calc) if w["kind"] == OLDER_POPULATION_FIGURE]
    if footnotes:
        out.append("")
        out.extend(f"* {warning['name']}: {warning['message']}." for warning in footnotes)
    out.append("")
    out.append(f"I alt: {format_number(calc.total)} kr.")
    rate = calc.share_rate
    if rate is not None:
        out.append(
            f"Sekretariatets andel ({format_number(int(rate * 100))} %): "
            f"{format_number(calc.secretariat_share)} kr."
        )
    return "\n".join(out) + "\n"
