"""The economy's cells in core's XLSX writer: amounts in øre as kroner, shares as percentages.

Values only — no formulas (totals are computed here) — and text neutralised by the writer, so a
product or account name cannot inject a formula. Amounts are exact kroner (``Decimal``) with the
kroner number format.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from programkontor.core.xlsx import KRONER_FORMAT, Formatted, Sheet
from programkontor.economy.money import ore_to_decimal

PERCENT_FORMAT = "0.0"


class Money(int):
    """An amount in øre, written as kroner with the amount format."""


def cell(value: Any) -> Any:
    """``Money`` as kroner, a ``Decimal`` as a percentage; the rest as core's writer writes it."""
    if isinstance(value, Money):
        return Formatted(ore_to_decimal(int(value)), KRONER_FORMAT)
    if isinstance(value, Decimal):
        return Formatted(value, PERCENT_FORMAT)
    return value


def append(sheet: Sheet, values: Iterable[Any], *, bold: bool = False) -> None:
    """Append a row of the economy's values (see :func:`cell`)."""
    sheet.append([cell(value) for value in values], bold=bold)
