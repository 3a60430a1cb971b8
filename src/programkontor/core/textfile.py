"""Reading the files people import, safely: one encoding policy, one delimiter sniffer, CSV rows,
XLSX workbooks opened only after their zip archive has been inspected, and JSON without recursion
errors. Pure Python, no Django: the limits are passed in (``core/uploads.py`` reads them from the
settings), and problems are raised as :class:`TextFileError` with an English msgid that the caller
translates.

**Encoding.** A UTF-8 byte-order mark means UTF-8 (``utf-8-sig``); a UTF-16 byte-order mark means
UTF-16 (Excel's "Unicode text"); otherwise the bytes are read as UTF-8 when they are valid UTF-8
and as Windows-1252 (``cp1252``: ISO-8859-1's letters plus ``€`` and the typographic quotes that
Danish Windows programs write) when they are not. A file that still cannot be decoded, or that
holds control characters (NUL bytes, a spreadsheet, a PDF, a zip archive, binary garbage), is not
text: one error naming the line, and nothing else is read.

**Delimiter.** :func:`sniff_delimiter` chooses, among the candidates, the delimiter that splits the
most of the first lines into two or more cells (quotes respected); on a tie the earlier candidate.

**XLSX.** :func:`xlsx_rows` looks at the zip archive before openpyxl does: the number of members,
their total uncompressed size and each large member's compression ratio (a zip bomb unpacks an
800 KB file into gigabytes) must be within :class:`XlsxLimits`; Python's zipfile never unpacks more
than a member's declared size, so the declared sizes are binding. The workbook is then read with
openpyxl in read-only mode (streamed), with the sheet's declared dimensions ignored and at most
``max_columns`` columns, and stops at the row limit.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

Translate = Callable[[str], str]

MB: Final = 1024 * 1024
#: Members smaller than this may be compressed as much as they like (tiny XML parts compress well).
RATIO_FLOOR: Final = 1 * MB
#: Cells longer than this are not CSV a person wrote (Python's csv module refuses them too).
CSV_FIELD_LIMIT: Final = 131_072
#: How many lines the delimiter sniffer looks at.
SNIFF_LINES: Final = 100

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def gettext_noop(message: str) -> str:
    """Mark ``message`` as a msgid for ``makemessages``; the caller translates it."""
    return message


def _untranslated(message: str) -> str:
    return message


class TextFileError(ValueError):
    """A file that cannot be read: too large, too many rows, not text, a broken or hostile workbook.

    ``template`` is an English msgid, ``params`` its parameters, ``line`` the 1-based line or row of
    the file it concerns (0: the file as a whole); the message never states the line itself, so the
    caller shows it the way its format numbers lines.
    """

    def __init__(self, template: str, at: int = 0, /, *, code: str = "", **params: object) -> None:
        self.template = template
        self.line = at
        #: What kind of refusal (``too_large``, ``too_many_lines``, ``not_text``, ``encoding``), for
        #: callers that word it themselves; "" for the others.
        self.code = code
        self.params = params
        super().__init__(self.text())

    def text(self, translate: Translate = _untranslated) -> str:
        """The message (without the line number), translated with ``translate``. Every parameter is
        a string (``%(name)s``), so a caller may carry them as text."""
        return translate(self.template) % self.params if self.params else translate(self.template)


@dataclass(frozen=True)
class Limits:
    """How much of one kind of file an import reads: bytes, and rows (lines of text, rows of a
    sheet, entries of a JSON list)."""

    max_bytes: int
    max_rows: int


@dataclass(frozen=True)
class XlsxLimits:
    """What an XLSX workbook's zip archive may hold before it is opened."""

    max_uncompressed: int = 100 * MB
    max_ratio: int = 100
    max_members: int = 1000


DEFAULT_LIMITS: Final = Limits(max_bytes=5 * MB, max_rows=20_000)
DEFAULT_XLSX_LIMITS: Final = XlsxLimits()


def format_size(size: int) -> str:
    """``25 MB``, ``800 KB``, ``12 bytes`` (whole units, rounded down) — for messages."""
    if size >= MB:
        return f"{size // MB} MB"
    if size >= 1024:
        return f"{size // 1024} KB"
    return f"{size} bytes"


def too_large(limit: int) -> TextFileError:
    return TextFileError(
        gettext_noop("The file is larger than %(limit)s, the limit for this kind of file."),
        code="too_large",
        limit=format_size(limit),
    )


def check_size(size: int, limits: Limits) -> None:
    """TextFileError when a file of ``size`` bytes is larger than the limit."""
    if size > limits.max_bytes:
        raise too_large(limits.max_bytes)


# --- Text ----------------------------------------------------------------------------------

_MAGIC: Final = (
    (b"PK\x03\x04", gettext_noop("The file is a zip archive (an XLSX workbook?), not a text file.")),
    (b"%PDF", gettext_noop("The file is a PDF document, not a text file.")),
    (
        b"\xd0\xcf\x11\xe0",
        gettext_noop("The file is an old Office document (.xls or .doc), not a text file."),
    ),
    (b"\x1f\x8b", gettext_noop("The file is compressed (gzip), not a text file.")),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def line_of(text: str, position: int) -> int:
    """The 1-based line of ``position`` in ``text`` (any line ending)."""
    return len(_LINE_BREAK.findall(text, 0, position)) + 1


def _byte_line(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def decode(data: bytes) -> Decoded:
    """The text of ``data`` by the one encoding policy (see the module's documentation).

    TextFileError when the bytes are not text in UTF-8, UTF-16 (with a byte-order mark) or
    Windows-1252, or hold control characters.
    """
    for magic, message in _MAGIC:
        if data.startswith(magic):
            raise TextFileError(message, code="not_text")
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = _strict(data, "utf-8-sig"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = _strict(data, "utf-16"), "utf-16"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _strict(data, "cp1252"), "cp1252"
    _check_controls(text)
    return Decoded(text, encoding)


def _check_controls(text: str) -> None:
    if control := _CONTROL.search(text):
        raise TextFileError(
            gettext_noop(
                "The file is not text: it holds the control character U+%(char)s (is it a spreadsheet "
                "or another binary file?)."
            ),
            line_of(text, control.start()),
            code="not_text",
            char=f"{ord(control.group()):04X}",
        )


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = _byte_line(data, exc.start)
        if encoding == "cp1252":
            template = gettext_noop(
                "The file is not text in UTF-8 or Windows-1252 (byte %(position)s cannot be read)."
            )
        else:
            template = gettext_noop("The file says it is %(encoding)s, but byte %(position)s is not.")
        raise TextFileError(
            template,
            line,
            code="encoding",
            position=str(exc.start),
            encoding=encoding.upper().replace("-SIG", ""),
        ) from exc


def check_lines(text: str, limits: Limits) -> None:
    """TextFileError when ``text`` has more lines than the row limit."""
    lines = max(text.count("\n"), text.count("\r"))
    if lines > limits.max_rows:
        raise TextFileError(
            gettext_noop("The file has more than %(max)s lines; split it up."),
            code="too_many_lines",
            max=str(limits.max_rows),
        )


def check_text(text: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """``text`` (already decoded) checked like a file's: size, control characters, lines."""
    check_size(len(text), limits)
    _check_controls(text)
    check_lines(text, limits)
    return text


def read_text(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Decoded:
    """Size, encoding and line count checked, the file's text (see :func:`decode`)."""
    check_size(len(data), limits)
    decoded = decode(data)
    check_lines(decoded.text, limits)
    return decoded


# --- CSV -----------------------------------------------------------------------------------


def split_line(line: str, delimiter: str, *, skipinitialspace: bool = False) -> list[str]:
    """The cells of one line (quotes respected); a line that is no CSV is one cell."""
    try:
        for cells in csv.reader([line], delimiter=delimiter, skipinitialspace=skipinitialspace):
            return cells
    except csv.Error:
        return [line]
    return []


def sniff_delimiter(lines: Sequence[str], candidates: Sequence[str] = (";", ",", "\t", "|")) -> str:
    """The candidate that splits the most of the first non-blank lines into two or more cells (the
    earlier candidate on a tie; the first when none splits anything)."""
    sample = [line for line in lines[: SNIFF_LINES * 2] if line.strip()][:SNIFF_LINES]
    best, best_score = candidates[0], 0
    for delimiter in candidates:
        if not any(delimiter in line for line in sample):
            continue
        score = sum(1 for line in sample if len(split_line(line, delimiter)) >= 2)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def csv_rows(text: str, delimiter: str, limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of ``text`` read as CSV, the first row being 1; TextFileError for a cell
    that cannot be read (an unclosed quote, a cell longer than 131,072 characters) or past the row
    limit."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise TextFileError(
                gettext_noop(
                    "The row cannot be read as CSV: a quotation mark is not closed or a cell is longer than "
                    "%(max)s characters."
                ),
                number + 1,
                max=str(CSV_FIELD_LIMIT),
            ) from exc
        number += 1
        if number > limits.max_rows:
            raise TextFileError(
                gettext_noop("The file has more than %(max)s rows; split it up."), max=str(limits.max_rows)
            )
        yield number, cells


# --- XLSX ----------------------------------------------------------------------------------

XLSX_MAGIC: Final = b"PK\x03\x04"


def _not_a_workbook() -> TextFileError:
    return TextFileError(gettext_noop("The file cannot be read as an XLSX workbook."))


def inspect_xlsx(data: bytes, limits: XlsxLimits = DEFAULT_XLSX_LIMITS) -> None:
    """TextFileError unless ``data`` is a zip archive within ``limits`` (nothing is unpacked)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _not_a_workbook() from exc
    with archive:
        members = archive.infolist()
    if len(members) > limits.max_members:
        raise TextFileError(
            gettext_noop(
                "The workbook holds %(count)s parts; at most %(max)s are accepted. Save it again as a plain "
                "XLSX workbook."
            ),
            count=str(len(members)),
            max=str(limits.max_members),
        )
    total = sum(member.file_size for member in members)
    if total > limits.max_uncompressed:
        raise TextFileError(
            gettext_noop(
                "The workbook unpacks to more than %(limit)s. Save a smaller workbook or a CSV file."
            ),
            limit=format_size(limits.max_uncompressed),
        )
    for member in members:
        if member.flag_bits & 0x1:
            raise TextFileError(gettext_noop("The workbook is encrypted; save it without a password."))
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > limits.max_ratio:
            raise TextFileError(
                gettext_noop(
                    "The workbook is packed %(ratio)s times smaller than it unpacks (at most %(max)s "
                    "times is accepted): it looks like a zip bomb."
                ),
                ratio=str(int(ratio)),
                max=str(limits.max_ratio),
            )


def xlsx_rows(
    data: bytes,
    limits: Limits = DEFAULT_LIMITS,
    xlsx_limits: XlsxLimits = DEFAULT_XLSX_LIMITS,
    *,
    max_columns: int = 64,
) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cell values) of the first sheet, the first row being 1, after
    :func:`inspect_xlsx`; at most ``max_columns`` columns; TextFileError past the row limit or for a
    workbook openpyxl cannot read."""
    check_size(len(data), limits)
    inspect_xlsx(data, xlsx_limits)
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # hostile input: any failure of the reader means "unreadable"
        raise _not_a_workbook() from exc
    try:
        if not workbook.worksheets:
            raise _not_a_workbook()
        sheet = workbook.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # a declared A1:XFD1048576 must not make a million empty cells
        rows = sheet.iter_rows(max_col=max_columns, values_only=True)
        number = 0
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except TextFileError:
                raise
            except Exception as exc:  # hostile input, as above
                raise _not_a_workbook() from exc
            number += 1
            if number > limits.max_rows:
                raise TextFileError(
                    gettext_noop("The file has more than %(max)s rows; split it up."),
                    max=str(limits.max_rows),
                )
            yield number, list(row)
    finally:
        workbook.close()


# --- JSON ----------------------------------------------------------------------------------


def load_json(text: str) -> Any:
    """``text`` parsed as JSON; TextFileError (with the line) for anything that is not JSON, is nested
    too deeply for Python to read, or holds a number too long to convert."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise TextFileError(
            gettext_noop("The file is not valid JSON: %(error)s."),
            exc.lineno,
            error=exc.msg,
        ) from exc
    except RecursionError as exc:
        raise TextFileError(gettext_noop("The JSON is nested too deeply to be read.")) from exc
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise TextFileError(gettext_noop("The JSON holds a number that is too long.")) from exc


def check_entries(count: int, limits: Limits, where: str) -> None:
    """TextFileError when a JSON list ``where`` has more entries than the row limit."""
    if count > limits.max_rows:
        raise TextFileError(
            gettext_noop("%(where)s has %(count)s entries; at most %(max)s are accepted."),
            where=where,
            count=str(count),
            max=str(limits.max_rows),
        )
