"""One XLSX writer for every export: named sheets, header rows, column widths, values only.

Numbers stay numbers (a :class:`Formatted` number carries its number format, e.g. kroner), dates
stay dates, and text is neutralised (``core.spreadsheet``: a leading apostrophe before ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) and stored as text, so no cell is ever a formula, whatever a
user typed. Sheet names are cleaned and unique. The workbook is built in memory: openpyxl's
write-only mode would keep a temporary file per sheet, which costs more than it saves for the few
hundred small sheets of our exports.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from programkontor.core.spreadsheet import neutralise, sheet_title

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Kroner with two decimals, grouped (the spreadsheet shows them in the reader's own locale).
KRONER_FORMAT = "#,##0.00"
BOLD = Font(bold=True)
#: Fitted column widths: at least, at most, and how many rows are measured.
MIN_WIDTH, MAX_WIDTH, MEASURED_ROWS = 8, 60, 200


@dataclass(frozen=True)
class Formatted:
    """A number written with its own number format (``Formatted(Decimal("12.50"), KRONER_FORMAT)``)."""

    value: int | float | Decimal
    number_format: str


_AS_IS = (int, float, Decimal, datetime.date, datetime.datetime)


def cell_value(value: Any) -> tuple[Any, str]:
    """What a cell holds and its number format ("" for the default): numbers (booleans too), dates
    and None as they are, a :class:`Formatted` number with its format, anything else as neutralised
    text."""
    if isinstance(value, Formatted):
        return value.value, value.number_format
    if value is None or isinstance(value, _AS_IS):
        return value, ""
    return neutralise(str(value)), ""


class Sheet:
    """One sheet: rows are appended in order."""

    def __init__(self, worksheet: Any) -> None:
        self.worksheet = worksheet
        self.rows = 0

    @property
    def title(self) -> str:
        return str(self.worksheet.title)

    def append(self, values: Iterable[Any], *, bold: bool = False) -> None:
        """A row of values (see :func:`cell_value`); ``bold`` for headings and totals."""
        self.rows += 1
        for column, raw in enumerate(values, start=1):
            value, number_format = cell_value(raw)
            cell = self.worksheet.cell(row=self.rows, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = TYPE_STRING  # never "f" (formula), whatever the text
            if number_format:
                cell.number_format = number_format
            if bold:
                cell.font = BOLD

    def header(self, values: Iterable[Any]) -> None:
        """The column headings: a bold row that stays in view when the reader scrolls."""
        self.append(values, bold=True)
        self.worksheet.freeze_panes = self.worksheet.cell(row=self.rows + 1, column=1).coordinate

    def widths(self, widths: Sequence[float]) -> None:
        for index, width in enumerate(widths, start=1):
            self.worksheet.column_dimensions[get_column_letter(index)].width = width

    def fit_widths(self, rows: Sequence[Sequence[Any]]) -> None:
        """Each column as wide as its longest text in ``rows`` (say, the header and the first
        ``MEASURED_ROWS`` rows), two characters more, within ``MIN_WIDTH`` and ``MAX_WIDTH``."""
        columns = max((len(row) for row in rows), default=0)
        longest = [max(len(str(row[i])) for row in rows if i < len(row)) for i in range(columns)]
        self.widths([min(MAX_WIDTH, max(MIN_WIDTH, width + 2)) for width in longest])


class WorkbookWriter:
    """``writer.sheet(name)`` for each sheet, rows appended to it, then ``save()``."""

    def __init__(self) -> None:
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        self.taken: set[str] = set()

    def sheet(self, name: str, *, widths: Sequence[float] = ()) -> Sheet:
        """A new sheet, its name made valid and unique (Excel allows 31 characters, no ``[]:*?/\\``)."""
        sheet = Sheet(self.workbook.create_sheet(sheet_title(name, self.taken)))
        sheet.widths(widths)
        return sheet

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()
