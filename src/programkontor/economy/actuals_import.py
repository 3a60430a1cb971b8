"""Reading posted transactions exported from a municipal finance system (CSV or XLSX). No Django here.

A file has one row per posting with the columns *date, account, amount, text, document number*. The
first row names the columns (Danish or English names, see ``COLUMNS``); a file without a header row
is read in that order when its first cell is a date. CSV files may be UTF-8 (with or without BOM) or
Windows-1252, separated by semicolons, commas, tabs or bars. Amounts are Danish (``1.234,56``) or ISO
(``1234.56``), see :func:`programkontor.economy.money.parse_amount`; dates ISO (``2025-03-14``) or
Danish (``14.03.2025``, ``14-03-2025``, ``14/03/2025``).

:func:`parse` never stops at the first problem: it returns every row it could read and a
:class:`RowError` for every cell it could not, numbered as a spreadsheet numbers its rows (the header
is row 1). Checks against the database (is the account in the chart? was the document imported
before?) are the service's (``economy/services/actuals.py``).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from programkontor.economy.chart_of_accounts import split_account
from programkontor.economy.money import AmountError, decimal_to_ore, parse_amount

MAX_ROWS: Final = 250_000
TEXT_MAX: Final = 500
DOCUMENT_MAX: Final = 50

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


class UnreadableFile(Exception):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


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


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (";", "\t", ",", "|")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise UnreadableFile("csv") from exc


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UnreadableFile("xlsx") from exc
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        workbook.close()


def is_xlsx(data: bytes, filename: str = "") -> bool:
    return data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm"))


# --------------------------------------------------------------------------------------------
# Reading the cells.

_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%Y%m%d", "%d.%m.%y", "%d-%m-%y")


def parse_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _cell_text(value)
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
        return decimal_to_ore(Decimal(repr(value)))
    if isinstance(value, Decimal):
        return decimal_to_ore(value)
    return parse_amount(_cell_text(value))


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


def parse(data: bytes, filename: str = "", cost_element: str = "") -> ParseResult:
    """Read every posting of a CSV or XLSX file; see the module's documentation."""
    result = ParseResult(format="xlsx" if is_xlsx(data, filename) else "csv")
    if not data.strip():
        result.errors.append(RowError(0, "", "empty_file"))
        return result
    rows = _xlsx_rows(data) if result.format == "xlsx" else _csv_rows(data)
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
            if result.rows_read > MAX_ROWS:
                result.errors.append(RowError(number, "", "too_many_rows", params=(("max", str(MAX_ROWS)),)))
                return result
            posting = _posting(number, row, columns, cost_element, seen, result)
            if posting is not None:
                result.postings.append(posting)
    except UnreadableFile as exc:
        result.errors.append(RowError(0, "", f"unreadable_{exc.code}"))
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
            errors.append(RowError(number, "date", "invalid_date", _cell_text(raw_date)))

    account: str | None = None
    raw_account = _cell_text(cell("account"))
    if not raw_account:
        errors.append(RowError(number, "account", "missing"))
    else:
        account = split_account(raw_account, cost_element)
        if account is None:
            errors.append(RowError(number, "account", "invalid_account", raw_account))
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
            errors.append(RowError(number, "amount", f"amount_{exc.code}", _cell_text(raw_amount)))

    text = _cell_text(cell("text"))
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
