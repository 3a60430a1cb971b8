"""The quarterly overview as an XLSX workbook: a summary sheet and one sheet per product.

Values only — no formulas (totals are computed here) — and every text cell that a spreadsheet would
read as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written
with a leading apostrophe, so a product or account name cannot inject one. Amounts are exact
kroner (``Decimal``) with a Danish-style number format.

The workbook is built in memory (a few hundred small sheets): openpyxl's write-only mode would keep a
temporary file per sheet, which costs more than it saves here.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from programkontor.core.spreadsheet import neutralise, sheet_title
from programkontor.economy.money import ore_to_decimal

AMOUNT_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0"
BOLD = Font(bold=True)


class Money(int):
    """An amount in øre, written as kroner with the amount format."""


def append(sheet: Any, values: Iterable[Any], *, bold: bool = False) -> None:
    """Append a row: ``Money`` as kroner (amount format), ``Decimal`` as a percentage, text neutralised."""
    row = list(values)
    cells: list[Any] = []
    for value in row:
        if isinstance(value, Money):
            cells.append(ore_to_decimal(int(value)))
        elif isinstance(value, str):
            cells.append(neutralise(value))
        else:
            cells.append(value)
    sheet.append(cells)
    for cell, value in zip(sheet[sheet.max_row], row, strict=False):
        if isinstance(value, Money):
            cell.number_format = AMOUNT_FORMAT
        elif isinstance(value, Decimal):
            cell.number_format = PERCENT_FORMAT
        elif isinstance(value, str):
            cell.data_type = "s"
        if bold:
            cell.font = BOLD


class WorkbookWriter:
    def __init__(self) -> None:
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        self.taken: set[str] = set()

    def sheet(self, name: str, *, widths: Sequence[int] = ()) -> Any:
        sheet = self.workbook.create_sheet(sheet_title(name, self.taken))
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        return sheet

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()
