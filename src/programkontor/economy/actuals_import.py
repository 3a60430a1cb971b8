"""Reading posted transactions exported from a municipal finance system (CSV or XLSX). No Django here.

A file has one row per posting with the columns *date, account, amount, text, document number*. The
first row names the columns (Danish or English names, see ``COLUMNS``); a file without a header row
is read in that order when its first cell is a date. CSV files are read by the one text policy of
:mod:`programkontor.core.textfile` (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252;
separated by semicolons, commas, tabs or bars); XLSX workbooks are inspected before they are opened
(size, compression ratio, parts) and streamed. ``limits`` bounds the file's size and rows. Amounts are
Danish (``1.234,56``) or ISO (``1234.56``), see :func:`programkontor.economy.money.parse_amount`, at
most ±10 billion kroner; dates ISO (``2025-03-14``) or Danish (``14.03.2025``, ``14-03-2025``,
``14/03/2025``) in the years 2000 to 2100.

:func:`parse` never stops at the first problem: it returns every row it could read and a
:class:`RowError` for every cell it could not, numbered as a spreadsheet numbers its rows (the header
is row 1). Checks against the database (is the account in the chart? was the document imported
before?) are the service's (``economy/services/actuals.py``).
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from programkontor.core.textfile import (
    DEFAULT_XLSX_LIMITS,
    XLSX_MAGIC,
    Limits,
    TextFileError,
    XlsxLimits,
    csv_rows,
    read_text,
    sniff_delimiter,
    xlsx_rows,
)
from programkontor.economy.chart_of_accounts import split_account
from programkontor.economy.money import AmountError, decimal_to_ore, parse_amount

DEFAULT_LIMITS: Final = Limits(max_bytes=25 * 1024 * 1024, max_rows=250_000)
TEXT_MAX: Final = 500
DOCUMENT_MAX: Final = 50
#: The largest amount of one posting, in øre (10 billion kroner): the sum of a full file stays far
#: inside the database's 64-bit integers.
MAX_AMOUNT: Final = 10**12
#: The years a posting may fall in (the years budgets are kept for).
FIRST_YEAR: Final = 2000
LAST_YEAR: Final = 2100
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

FIELDS: Final = ("date", "account", "amount", "text", "document_number")
REQUIRED: Final = ("date", "account", "amount", "document_number")
COLUMNS: Final = {
    "date": {"dato", "date", "bogforingsdato", "posteringsdato", "bilagsdato", "bogfdato"},
    "account": {"konto", "account", "kontonummer", "kontonr", "artskonto", "accountnumber"},
    "amount": {"belob", "beloeb", "amount", "belobdkk", "beloebdkk", "amountdkk", "kr"},
    "text": {"tekst", "text", "posteringstekst", "beskrivelse", "description", "bilagstekst"},
    "document_number": {
        "bilagsnummer", "bilagsnr", "bilag", "documentnumber", "document", "documentno", "voucher",
        "vouchernumber", "bilagnr",
    },
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem with one cell (``field``) or a whole row/file (``field`` is ``""``)."""

    row: int
    field: str
    code: str
    value: str = ""
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Posting:
    row: int
    date: datetime.date
    account: str  # the five-digit account number
    amount: int  # øre
    text: str
    document_number: str


@dataclass
class ParseResult:
    postings: list[Posting] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows_read: int = 0
    format: str = ""
    #: The account number of every row whose account cell could be read (also rows with other
    #: errors), so the caller can check them all against the chart of accounts.
    accounts: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _normalise(header: Any) -> str:
    text = "" if header is None else str(header)
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", text)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --------------------------------------------------------------------------------------------
# Reading the table.


def _csv_rows(data: bytes, limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    text = read_text(data, limits).text
    lines = text.splitlines()[:200]
    yield from csv_rows(text, sniff_delimiter(lines, (";", "\t", ",", "|")), limits)


def is_xlsx(data: bytes, filename: str = "") -> bool:
    return data[:4] == XLSX_MAGIC or filename.lower().endswith((".xlsx", ".xlsm"))


def file_error(error: TextFileError) -> RowError:
    """A refusal of the whole file (size, encoding, rows, a hostile workbook) as a row error: the
    message template and its parameters travel in ``params`` to be translated by the caller."""
    params = (("template", error.template), *((key, str(value)) for key, value in error.params.items()))
    return RowError(error.line, "", "file_refused", params=params)


# --------------------------------------------------------------------------------------------
# Reading the cells.

_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%Y%m%d", "%d.%m.%y", "%d-%m-%y")


def parse_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _cell_text(value)[:40]
    if re.match(r"^\d{4}-\d{2}-\d{2}[ T]", text):
        text = text[:10]
    for pattern in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_cell_amount(value: Any) -> int:
    if isinstance(value, bool):
        raise AmountError("invalid", str(value))
    if isinstance(value, int):
        return value * 100
    if isinstance(value, float):
        if not math.isfinite(value):
            raise AmountError("invalid", str(value))
        return decimal_to_ore(Decimal(repr(value)))
    if isinstance(value, Decimal):
        return decimal_to_ore(value)
    text = _cell_text(value)
    if len(text) > 40:  # no amount is this long; and parse_amount need not read a hostile cell
        raise AmountError("invalid", text[:40])
    return parse_amount(text)


def _columns(header: list[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _normalise(name)
        for field_name, names in COLUMNS.items():
            if key in names and field_name not in found:
                found[field_name] = index
    return found


def _looks_like_data(row: list[Any]) -> bool:
    try:
        parse_date(row[0])
    except (ValueError, IndexError):
        return False
    return len(row) >= 4


def parse(
    data: bytes,
    filename: str = "",
    cost_element: str = "",
    *,
    limits: Limits = DEFAULT_LIMITS,
    xlsx_limits: XlsxLimits = DEFAULT_XLSX_LIMITS,
) -> ParseResult:
    """Read every posting of a CSV or XLSX file; see the module's documentation."""
    result = ParseResult(format="xlsx" if is_xlsx(data, filename) else "csv")
    if not data.strip():
        result.errors.append(RowError(0, "", "empty_file"))
        return result
    rows = xlsx_rows(data, limits, xlsx_limits) if result.format == "xlsx" else _csv_rows(data, limits)
    seen: dict[str, int] = {}
    columns: dict[str, int] | None = None
    try:
        for number, row in rows:
            if not any(_cell_text(cell) for cell in row):
                continue
            if columns is None:
                columns = _columns(row)
                if not set(REQUIRED) <= set(columns):
                    if _looks_like_data(row):
                        columns = {name: index for index, name in enumerate(FIELDS)}
                    else:
                        missing = [name for name in REQUIRED if name not in columns]
                        result.errors.append(
                            RowError(number, "", "missing_columns", params=(("columns", ",".join(missing)),))
                        )
                        return result
                else:
                    continue
            result.rows_read += 1
            posting = _posting(number, row, columns, cost_element, seen, result)
            if posting is not None:
                result.postings.append(posting)
    except TextFileError as exc:
        result.errors.append(file_error(exc))
        return result
    if columns is None or result.rows_read == 0:
        result.errors.append(RowError(0, "", "no_rows"))
    return result


def _posting(
    number: int,
    row: list[Any],
    columns: dict[str, int],
    cost_element: str,
    seen: dict[str, int],
    result: ParseResult,
) -> Posting | None:
    errors = result.errors

    def cell(name: str) -> Any:
        index = columns.get(name)
        return row[index] if index is not None and index < len(row) else None

    before = len(errors)
    day: datetime.date | None = None
    raw_date = cell("date")
    if not _cell_text(raw_date):
        errors.append(RowError(number, "date", "missing"))
    else:
        try:
            day = parse_date(raw_date)
        except ValueError:
            errors.append(RowError(number, "date", "invalid_date", _cell_text(raw_date)[:40]))
        else:
            if not FIRST_YEAR <= day.year <= LAST_YEAR:
                errors.append(
                    RowError(
                        number,
                        "date",
                        "date_out_of_range",
                        day.isoformat(),
                        (("first", str(FIRST_YEAR)), ("last", str(LAST_YEAR))),
                    )
                )
                day = None

    account: str | None = None
    raw_account = _cell_text(cell("account"))
    if not raw_account:
        errors.append(RowError(number, "account", "missing"))
    else:
        account = split_account(raw_account, cost_element)
        if account is None:
            errors.append(RowError(number, "account", "invalid_account", raw_account[:40]))
        else:
            result.accounts.append((number, account))

    amount: int | None = None
    raw_amount = cell("amount")
    if not _cell_text(raw_amount):
        errors.append(RowError(number, "amount", "missing"))
    else:
        try:
            amount = parse_cell_amount(raw_amount)
        except AmountError as exc:
            errors.append(RowError(number, "amount", f"amount_{exc.code}", _cell_text(raw_amount)[:40]))
        else:
            if abs(amount) > MAX_AMOUNT:
                errors.append(RowError(number, "amount", "amount_too_large", _cell_text(raw_amount)[:40]))
                amount = None

    text = _cell_text(cell("text"))
    for name, value in (("text", text), ("document_number", _cell_text(cell("document_number")))):
        if _CONTROL.search(value):
            errors.append(RowError(number, name, "control_character", value[:40]))
    if len(text) > TEXT_MAX:
        errors.append(RowError(number, "text", "too_long", text[:40], (("max", str(TEXT_MAX)),)))

    document = _cell_text(cell("document_number"))
    if not document:
        errors.append(RowError(number, "document_number", "missing"))
    elif len(document) > DOCUMENT_MAX:
        errors.append(
            RowError(number, "document_number", "too_long", document[:40], (("max", str(DOCUMENT_MAX)),))
        )
    elif document in seen:
        errors.append(
            RowError(
                number, "document_number", "duplicate_in_file", document, (("first", str(seen[document])),)
            )
        )
    else:
        seen[document] = number

    if len(errors) > before or day is None or account is None or amount is None:
        return None
    return Posting(number, day, account, amount, text, document)
