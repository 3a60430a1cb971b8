"""Read population figures from a Statistics Denmark (Danmarks Statistik) CSV download.

Pure logic: no Django, no database. :func:`parse_population_csv` turns the bytes of a file into
figures (municipality code, date, population) and row errors; the service in
``population_import`` decides what to save.

**Encoding.** UTF-8 with or without a byte-order mark; when the bytes are not valid UTF-8 the
file is read as ISO-8859-1 (Statistikbanken's default for Danish letters). A file that holds
control characters (NUL bytes of UTF-16, a spreadsheet, a zip archive) is not CSV text: one
error, nothing else is read.

**Delimiter.** Semicolon or comma, whichever splits more lines into several cells (semicolon on
a tie). Cells may be quoted (``"København"``) or not.

**Two layouts.**

*Wide* — what Statistikbanken's "Gem som CSV" writes: optional title lines, a header row whose
trailing cells are periods, then one row per area::

    "Befolkningen den 1. i kvartalet efter område og tid"
    ;;"2020K1";"2020K2"
    "Hele landet";"I alt";5822763;5825337
    "101 København";"I alt";632.340;633.021

Leading cells before the values are dimensions; the column whose cells name areas most often is
the area column (``I alt`` and similar are ignored), and a blank area cell repeats the area of
the row above, as the matrix export does.

*Long* — the API/BULK format: a header naming columns, one row per area and period::

    OMRÅDE;TID;INDHOLD
    101 København;2020K1;632340

Column names are matched case-insensitively in Danish or English (``OMRÅDE``/``area``/
``kommune``, ``TID``/``time``/``dato``, ``INDHOLD``/``value``/``befolkning`` ...); other columns
are ignored.

**Periods.** ``2020`` is 1 January 2020, ``2020K2`` (or ``2020Q2``) the first day of the quarter
(1 April), ``2020M03`` the first day of the month, and ``2020-03-15`` that day.

**The date when the file has none.** ``default_date`` is used only when the header names no
period (a wide header without period cells, a long header without a time column, or no header
at all): then the single value column, the last cell of each row, holds figures for that date.
When the file has periods, ``default_date`` is ignored: the file's own dates win. Without
periods and without ``default_date`` the parser reports one error asking for ``--date``.

**Areas.** ``101 København``, ``101`` or ``København``: names match the register
case-insensitively, ignoring surrounding whitespace and a trailing " Kommune". A given code must
exist and decides; a name that disagrees with the code's registered name is an error naming
both. Aggregates are skipped, not errors: ``Hele landet``, ``Region ...``, ``Landsdel ...``,
``Province ...``, ``Christiansø`` and their codes (000, 081-085, 411, two-digit landsdel codes).

**Values.** Digits, optionally grouped by ``.`` or spaces (``632.340``, ``632 340``). DST's
``..`` (not available) is left out silently; a row whose values are all ``..`` is recorded as
skipped.

**Errors** carry the 1-based line number of the file (0 means the file as a whole): unknown
municipality, code and name that disagree, empty, non-numeric, negative or impossibly large
value, unknown period, the same municipality and date twice, a file with no figures at all, and
a file that is not text. Blank lines, title lines, aggregate rows and notes without values are
recorded in ``skipped`` as ``(line, text)``.

**Messages.** Error texts are English msgids marked with :func:`gettext_noop` so that
``makemessages`` finds them; pass ``translate`` (Django's ``gettext``) to get them in the user's
language. The parser itself stays free of Django.
"""

from __future__ import annotations

import csv
import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

#: The largest population a figure may hold (the database column's limit).
MAX_POPULATION = 2_147_483_647

#: Codes of areas that are not municipalities: Hele landet, the five regions, Christiansø.
AGGREGATE_CODES = frozenset({"000", "081", "082", "083", "084", "085", "411"})

_AGGREGATE_NAMES = frozenset({"hele landet", "all denmark", "christiansø"})
_AGGREGATE_PREFIXES = ("region ", "landsdel ", "province ")
_NOT_AVAILABLE = ".."

_AREA_COLUMNS = frozenset({"område", "omraade", "omrade", "area", "kommune", "municipality", "kommunekode"})
_TIME_COLUMNS = frozenset(
    {"tid", "time", "periode", "period", "dato", "date", "kvartal", "quarter", "år", "year"}
)
_VALUE_COLUMNS = frozenset(
    {
        "indhold",
        "value",
        "content",
        "antal",
        "befolkning",
        "folketal",
        "population",
        "indbyggere",
        "inhabitants",
    }
)

_YEAR = re.compile(r"(\d{4})")
_QUARTER = re.compile(r"(\d{4})[KQ]([1-4])", re.IGNORECASE)
_MONTH = re.compile(r"(\d{4})M(\d{1,2})", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"\d+|\d{1,3}(?:[. \u00a0\u202f]\d{3})+")
_NEGATIVE = re.compile(r"-\s*\d[\d. \u00a0\u202f]*")
_CODE_AND_NAME = re.compile(r"(\d{1,3})(?:\s+(.*))?", re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def gettext_noop(message: str) -> str:
    """Mark ``message`` as a msgid for ``makemessages``; the caller's ``translate`` translates it."""
    return message


def _untranslated(message: str) -> str:
    return message


@dataclass(frozen=True)
class ParsedFigure:
    """One population figure read from the file."""

    row: int
    code: str
    date: datetime.date
    population: int


@dataclass(frozen=True)
class RowError:
    """A problem on one line of the file (``row`` is 1-based; 0 means the file as a whole)."""

    row: int
    message: str


@dataclass(frozen=True)
class PopulationParseResult:
    figures: list[ParsedFigure]
    errors: list[RowError]
    skipped: list[tuple[int, str]]
    encoding: str
    delimiter: str

    @property
    def dates(self) -> list[datetime.date]:
        """The dates the figures cover, oldest first."""
        return sorted({figure.date for figure in self.figures})


class _RowProblem(Exception):
    """A row-level problem: an untranslated message template and its parameters."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template)
        self.template = template
        self.params = params


#: A value's date, or the problem with the period it was given for.
_Date = datetime.date | _RowProblem


@dataclass(frozen=True)
class _Line:
    number: int
    text: str
    cells: list[str]

    @property
    def is_blank(self) -> bool:
        return not any(self.cells)

    @property
    def filled(self) -> list[str]:
        return [cell for cell in self.cells if cell]

    def trimmed(self) -> list[str]:
        """The cells without trailing empty ones (a trailing delimiter is common)."""
        cells = list(self.cells)
        while cells and not cells[-1]:
            cells.pop()
        return cells


# --- Decoding and splitting ---------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with: UTF-8 (with BOM: utf-8-sig), else ISO-8859-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("iso-8859-1"), "iso-8859-1"


def _split_cells(line: str, delimiter: str) -> list[str]:
    for cells in csv.reader([line], delimiter=delimiter, quotechar='"', skipinitialspace=True):
        return [_clean(cell) for cell in cells]
    return []


def _clean(cell: str) -> str:
    return unicodedata.normalize("NFC", cell).strip()


def _detect_delimiter(texts: Sequence[str]) -> str:
    """``;`` or ``,``: whichever splits more lines into two or more cells; ``;`` on a tie."""

    def multi_cell_lines(delimiter: str) -> int:
        return sum(1 for text in texts if len(_split_cells(text, delimiter)) >= 2)

    return ";" if multi_cell_lines(";") >= multi_cell_lines(",") else ","


def _lines(text: str, delimiter: str) -> list[_Line]:
    texts = _LINE_BREAK.split(text)
    if texts and texts[-1] == "":
        texts.pop()
    return [_Line(number, raw, _split_cells(raw, delimiter)) for number, raw in enumerate(texts, start=1)]


def _line_of(text: str, position: int) -> int:
    return len(_LINE_BREAK.findall(text[:position])) + 1


# --- Cells: periods, values, names ----------------------------------------------------------


def parse_period(text: str) -> datetime.date | None:
    """The first day of a DST period (``2020``, ``2020K1``, ``2020Q1``, ``2020M03``, ``2020-03-01``).

    None when ``text`` is not a period.
    """
    text = text.strip()
    try:
        if match := _QUARTER.fullmatch(text):
            return datetime.date(int(match[1]), 3 * int(match[2]) - 2, 1)
        if match := _MONTH.fullmatch(text):
            return datetime.date(int(match[1]), int(match[2]), 1)
        if _ISO_DATE.fullmatch(text):
            return datetime.date.fromisoformat(text)
    except ValueError:
        return None
    if (match := _YEAR.fullmatch(text)) and 1700 <= int(match[1]) <= 2299:
        return datetime.date(int(match[1]), 1, 1)
    return None


def parse_population(text: str) -> int | None:
    """The number in a value cell; None for DST's ``..`` (not available).

    Anything else that is not a count of inhabitants raises a row problem.
    """
    text = text.strip()
    if text == _NOT_AVAILABLE:
        return None
    if not text:
        raise _RowProblem(
            gettext_noop("The value is empty; write the number, or '..' when it is not available.")
        )
    if _NUMBER.fullmatch(text):
        value = int(re.sub(r"\D", "", text))
        if value > MAX_POPULATION:
            raise _RowProblem(gettext_noop("The population %(value)s is too large."), value=text)
        return value
    if _NEGATIVE.fullmatch(text):
        raise _RowProblem(gettext_noop("The population %(value)s is negative."), value=text)
    raise _RowProblem(gettext_noop("'%(value)s' is not a number of inhabitants."), value=text)


def _looks_like_value(text: str) -> bool:
    return text == _NOT_AVAILABLE or bool(_NUMBER.fullmatch(text)) or bool(_NEGATIVE.fullmatch(text))


def _normalise_name(name: str) -> str:
    name = " ".join(unicodedata.normalize("NFC", name).split()).casefold()
    return name.removesuffix(" kommune").strip()


def _is_aggregate_name(normalised: str) -> bool:
    return normalised in _AGGREGATE_NAMES or normalised.startswith(_AGGREGATE_PREFIXES)


class _Register:
    """Resolves an area cell to a municipality code, or None for an aggregate (skipped)."""

    def __init__(self, municipalities: Mapping[str, str]) -> None:
        self.names = {code.strip(): name.strip() for code, name in municipalities.items()}
        self.codes_by_name: dict[str, list[str]] = {}
        for code, name in self.names.items():
            self.codes_by_name.setdefault(_normalise_name(name), []).append(code)

    def resolve(self, text: str) -> str | None:
        match = _CODE_AND_NAME.fullmatch(text.strip())
        code, name = (match[1], match[2] or "") if match else (None, text)
        normalised = _normalise_name(name)
        if _is_aggregate_name(normalised):
            return None
        if code is None:
            return self._by_name(name, normalised)
        if code in AGGREGATE_CODES or len(code) < 3:
            return None
        return self._by_code(code, name, normalised)

    def _by_name(self, name: str, normalised: str) -> str:
        codes = self.codes_by_name.get(normalised, [])
        if not codes:
            raise _RowProblem(gettext_noop("Unknown municipality: '%(name)s'."), name=name.strip())
        if len(codes) > 1:
            raise _RowProblem(
                gettext_noop("'%(name)s' matches several municipalities (%(codes)s); write the code too."),
                name=name.strip(),
                codes=", ".join(sorted(codes)),
            )
        return codes[0]

    def _by_code(self, code: str, name: str, normalised: str) -> str:
        registered = self.names.get(code)
        if registered is None:
            raise _RowProblem(
                gettext_noop("Unknown municipality code %(code)s ('%(text)s')."),
                code=code,
                text=f"{code} {name}".strip(),
            )
        if normalised and normalised != _normalise_name(registered):
            raise _RowProblem(
                gettext_noop(
                    "Code %(code)s is %(registered)s in the register, but the file says '%(name)s'."
                ),
                code=code,
                registered=registered,
                name=name.strip(),
            )
        return code

    def is_area(self, text: str) -> bool:
        """Whether ``text`` names a municipality or an aggregate (used to find data rows)."""
        if not text:
            return False
        try:
            self.resolve(text)
        except _RowProblem:
            return False
        return True


# --- Collecting results -------------------------------------------------------------------


@dataclass
class _Collector:
    register: _Register
    translate: Callable[[str], str]
    figures: list[ParsedFigure] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    first_seen: dict[tuple[str, datetime.date], int] = field(default_factory=dict)

    def error(self, row: int, problem: _RowProblem) -> None:
        self.errors.append(RowError(row, self.translate(problem.template) % problem.params))

    def skip(self, line: _Line) -> None:
        self.skipped.append((line.number, line.text.strip()))

    def take_row(self, line: _Line, area: str, values: Sequence[tuple[_Date, str]]) -> None:
        """Record the figures of one data row, or why it was skipped or wrong."""
        has_values = any(text for _, text in values)
        try:
            if not area:
                raise _RowProblem(gettext_noop("The row names no municipality."))
            code = self.register.resolve(area)
        except _RowProblem as problem:
            if has_values:
                self.error(line.number, problem)
            else:
                self.skip(line)  # a note under the table, not a row of figures
            return
        if code is None:
            self.skip(line)
        elif not values:
            self.error(
                line.number, _RowProblem(gettext_noop("The row for %(area)s has no value."), area=area)
            )
        else:
            self._take_values(line, code, values)

    def _take_values(self, line: _Line, code: str, values: Sequence[tuple[_Date, str]]) -> None:
        for date, text in values:
            try:
                if isinstance(date, _RowProblem):
                    raise date
                population = parse_population(text)
            except _RowProblem as problem:
                self.error(line.number, problem)
                continue
            if population is not None:
                self._add(line, ParsedFigure(line.number, code, date, population))
        if values and all(text == _NOT_AVAILABLE for _, text in values):
            self.skip(line)

    def _add(self, line: _Line, figure: ParsedFigure) -> None:
        key = (figure.code, figure.date)
        if key in self.first_seen:
            self.error(
                line.number,
                _RowProblem(
                    gettext_noop(
                        "%(name)s (%(code)s) has a figure for %(date)s already on line %(first)d "
                        "(export only the total, not a breakdown)."
                    ),
                    name=self.register.names[figure.code],
                    code=figure.code,
                    date=figure.date.isoformat(),
                    first=self.first_seen[key],
                ),
            )
            return
        self.first_seen[key] = line.number
        self.figures.append(figure)


# --- Finding the header -------------------------------------------------------------------


@dataclass(frozen=True)
class _Header:
    """Where the data starts and how to read it.

    ``line`` is the header row (None for a file without one); ``periods`` the dates of a wide
    header's trailing period cells; ``columns`` the (area, time, value) indexes of a long header.
    """

    line: _Line | None
    data_start: int
    periods: list[datetime.date] = field(default_factory=list)
    columns: tuple[int, int | None, int] | None = None


def _trailing_periods(cells: list[str]) -> list[datetime.date]:
    periods: list[datetime.date] = []
    for cell in reversed(cells):
        period = parse_period(cell)
        if period is None:
            break
        periods.insert(0, period)
    return periods


def _is_period_header(cells: list[str], count: int) -> bool:
    """Whether a row ending in ``count`` periods is a header, not a data row like ``Atlantis;2020``.

    A bare year could be a population, so a row whose periods are all years counts as a header
    only when its leading cells are blank or name a column (``område``).
    """
    leading, periods = cells[: len(cells) - count], cells[len(cells) - count :]
    if not all(_YEAR.fullmatch(period) for period in periods):
        return True
    return all(not cell or _normalise_name(cell) in _AREA_COLUMNS for cell in leading)


def _long_columns(cells: list[str]) -> tuple[int, int | None, int] | None:
    names = [_normalise_name(cell) for cell in cells]

    def index(candidates: frozenset[str]) -> int | None:
        return next((i for i, name in enumerate(names) if name in candidates), None)

    area, time, value = index(_AREA_COLUMNS), index(_TIME_COLUMNS), index(_VALUE_COLUMNS)
    if area is None or value is None:
        return None
    return area, time, value


def _find_header(lines: Sequence[_Line], register: _Register) -> _Header:
    """Find the header row: the rows before it are titles; see the module docstring."""
    candidate: int | None = None
    for index, line in enumerate(lines):
        if line.is_blank:
            continue
        cells = line.trimmed()
        if any(register.is_area(cell) for cell in cells):
            break
        if columns := _long_columns(cells):
            return _Header(line, index + 1, columns=columns)
        if (periods := _trailing_periods(cells)) and _is_period_header(cells, len(periods)):
            return _Header(line, index + 1, periods=periods)
        if len(line.filled) >= 2 and _looks_like_value(line.filled[-1]):
            break
        if len(line.filled) >= 2:
            candidate = index
    if candidate is None:
        return _Header(None, 0)
    return _Header(lines[candidate], candidate + 1)


# --- Reading the layouts ------------------------------------------------------------------


def _area_column(rows: Iterable[list[str]], width: int, register: _Register) -> int:
    """The leading column whose cells name areas most often (the first on a tie)."""
    scores = [0] * width
    for cells in rows:
        for column in range(min(width, len(cells))):
            if register.is_area(cells[column]):
                scores[column] += 1
    return max(range(width), key=lambda column: (scores[column], -column)) if width else 0


def _split_wide(cells: list[str], lead: int, count: int) -> tuple[list[str], list[str]]:
    """Leading dimension cells and value cells; with no leading header cells, align from the right."""
    if lead == 0:
        lead = max(len(cells) - count, 0)
    return cells[:lead], cells[lead : lead + count]


def _read_wide(lines: Sequence[_Line], header: _Header, dates: list[datetime.date], out: _Collector) -> None:
    """Rows of leading dimension cells followed by one value per date."""
    count = len(dates)
    lead = len(header.line.trimmed()) - count if header.line and header.periods else 0
    rows = [(line, *_split_wide(line.trimmed(), lead, count)) for line in lines]
    width = max((len(leading) for _, leading, _ in rows), default=0)
    column = _area_column((leading for _, leading, _ in rows), width, out.register)
    previous_area = ""
    for line, leading, values in rows:
        if line.is_blank:
            out.skip(line)
            continue
        area = leading[column] if column < len(leading) else ""
        area = area or previous_area
        previous_area = area
        out.take_row(line, area, list(zip(dates, values + [""] * (count - len(values)), strict=True)))


def _read_single_column(lines: Sequence[_Line], date: datetime.date, out: _Collector) -> None:
    """No periods in the file: the last cell of each row is the figure for ``date``."""
    rows = [(line, line.trimmed()) for line in lines]
    width = max((len(cells) - 1 for _, cells in rows), default=0)
    column = _area_column((cells[:-1] for _, cells in rows), width, out.register)
    for line, cells in rows:
        if line.is_blank:
            out.skip(line)
            continue
        if len(cells) < 2:
            out.take_row(line, cells[0] if cells else "", [])
            continue
        area = cells[column] if column < len(cells) - 1 else ""
        out.take_row(line, area, [(date, cells[-1])])


def _read_long(
    lines: Sequence[_Line],
    columns: tuple[int, int | None, int],
    default_date: datetime.date,
    out: _Collector,
) -> None:
    """One row per area and period: the columns named in the header."""
    area_index, time_index, value_index = columns

    def cell(cells: list[str], index: int) -> str:
        return cells[index] if index < len(cells) else ""

    for line in lines:
        if line.is_blank:
            out.skip(line)
            continue
        date: _Date = default_date
        if time_index is not None:
            period = cell(line.cells, time_index)
            date = parse_period(period) or _RowProblem(
                gettext_noop("'%(period)s' is not a period such as 2020K1 or 2020."), period=period
            )
        out.take_row(line, cell(line.cells, area_index), [(date, cell(line.cells, value_index))])


def _missing_date(header: _Header, body: Sequence[_Line], translate: Callable[[str], str]) -> RowError:
    """The error for a file without periods when no ``default_date`` was given."""
    first = header.line or next((line for line in body if not line.is_blank), None)
    message = gettext_noop(
        "The file names no period (such as 2020K1) in its header; give the date of the figures with "
        "--date YYYY-MM-DD."
    )
    return RowError(first.number if first else 0, translate(message))


# --- The entry point ----------------------------------------------------------------------


def parse_population_csv(
    data: bytes,
    municipalities: Mapping[str, str],
    *,
    default_date: datetime.date | None = None,
    translate: Callable[[str], str] = _untranslated,
) -> PopulationParseResult:
    """Read a Statistics Denmark population CSV; see the module docstring for the format.

    ``municipalities`` maps each 3-digit code to its official name. ``default_date`` dates the
    figures only when the file names no period; periods in the file always win. ``translate``
    (e.g. Django's ``gettext``) turns the English error msgids into the user's language.
    """
    text, encoding = _decode(data)
    if control := _CONTROL.search(text):
        message = translate(
            gettext_noop(
                "The file is not CSV text in UTF-8 or ISO-8859-1 (it contains the control character "
                "U+%(char)04X). Download the table from Statistikbanken as CSV."
            )
        ) % {"char": ord(control.group())}
        return PopulationParseResult(
            [], [RowError(_line_of(text, control.start()), message)], [], encoding, ";"
        )
    delimiter = _detect_delimiter(_LINE_BREAK.split(text))
    lines = _lines(text, delimiter)
    out = _Collector(_Register(municipalities), translate)
    _read(lines, out, default_date)
    if not out.figures and not out.errors:
        out.errors.append(RowError(0, translate(gettext_noop("The file contains no population figures."))))
    return PopulationParseResult(out.figures, out.errors, out.skipped, encoding, delimiter)


def _read(lines: Sequence[_Line], out: _Collector, default_date: datetime.date | None) -> None:
    if all(line.is_blank for line in lines):
        return  # an empty file: reported as having no figures
    header = _find_header(lines, out.register)
    for line in lines[: header.data_start - 1 if header.line else header.data_start]:
        out.skip(line)
    body = lines[header.data_start :]
    if header.periods:
        _read_wide(body, header, header.periods, out)
        return
    has_time_column = header.columns is not None and header.columns[1] is not None
    if default_date is None and not has_time_column:
        out.errors.append(_missing_date(header, body, out.translate))
        return
    if header.columns is not None:
        _read_long(body, header.columns, default_date or datetime.date.min, out)
    else:
        assert default_date is not None
        _read_single_column(body, default_date, out)
