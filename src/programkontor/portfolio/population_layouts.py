"""Population figures: finding the header of a Statistics Denmark file and reading its layouts.

Pure logic, no Django; see :mod:`programkontor.portfolio.population` for the format.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from programkontor.core.textfile import split_line
from programkontor.portfolio.population_cells import (
    AREA_COLUMNS,
    NOT_AVAILABLE,
    TIME_COLUMNS,
    VALUE_COLUMNS,
    YEAR,
    DateOrProblem,
    ParsedFigure,
    Register,
    RowError,
    RowProblem,
    gettext_noop,
    looks_like_value,
    normalise_name,
    parse_period,
    parse_population,
)


@dataclass(frozen=True)
class Line:
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


LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_cells(line: str, delimiter: str) -> list[str]:
    """The cells of one line, quotes respected, each stripped and in Unicode NFC."""
    return [
        unicodedata.normalize("NFC", cell).strip()
        for cell in split_line(line, delimiter, skipinitialspace=True)
    ]


def split_lines(text: str, delimiter: str) -> list[Line]:
    texts = LINE_BREAK.split(text)
    if texts and texts[-1] == "":
        texts.pop()
    return [Line(number, raw, split_cells(raw, delimiter)) for number, raw in enumerate(texts, start=1)]


# --- Collecting results -------------------------------------------------------------------


@dataclass
class Collector:
    register: Register
    translate: Callable[[str], str]
    figures: list[ParsedFigure] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    first_seen: dict[tuple[str, datetime.date], int] = field(default_factory=dict)

    def error(self, row: int, problem: RowProblem) -> None:
        self.errors.append(RowError(row, self.translate(problem.template) % problem.params))

    def skip(self, line: Line) -> None:
        self.skipped.append((line.number, line.text.strip()))

    def take_row(self, line: Line, area: str, values: Sequence[tuple[DateOrProblem, str]]) -> None:
        """Record the figures of one data row, or why it was skipped or wrong."""
        has_values = any(text for _, text in values)
        try:
            if not area:
                raise RowProblem(gettext_noop("The row names no municipality."))
            code = self.register.resolve(area)
        except RowProblem as problem:
            if has_values:
                self.error(line.number, problem)
            else:
                self.skip(line)  # a note under the table, not a row of figures
            return
        if code is None:
            self.skip(line)
        elif not values:
            self.error(line.number, RowProblem(gettext_noop("The row for %(area)s has no value."), area=area))
        else:
            self._take_values(line, code, values)

    def _take_values(self, line: Line, code: str, values: Sequence[tuple[DateOrProblem, str]]) -> None:
        for date, text in values:
            try:
                if isinstance(date, RowProblem):
                    raise date
                population = parse_population(text)
            except RowProblem as problem:
                self.error(line.number, problem)
                continue
            if population is not None:
                self._add(line, ParsedFigure(line.number, code, date, population))
        if values and all(text == NOT_AVAILABLE for _, text in values):
            self.skip(line)

    def _add(self, line: Line, figure: ParsedFigure) -> None:
        key = (figure.code, figure.date)
        if key in self.first_seen:
            self.error(
                line.number,
                RowProblem(
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
class Header:
    """Where the data starts and how to read it.

    ``line`` is the header row (None for a file without one); ``periods`` the dates of a wide
    header's trailing period cells; ``columns`` the (area, time, value) indexes of a long header.
    """

    line: Line | None
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
    if not all(YEAR.fullmatch(period) for period in periods):
        return True
    return all(not cell or normalise_name(cell) in AREA_COLUMNS for cell in leading)


def _long_columns(cells: list[str]) -> tuple[int, int | None, int] | None:
    names = [normalise_name(cell) for cell in cells]

    def index(candidates: frozenset[str]) -> int | None:
        return next((i for i, name in enumerate(names) if name in candidates), None)

    area, time, value = index(AREA_COLUMNS), index(TIME_COLUMNS), index(VALUE_COLUMNS)
    if area is None or value is None:
        return None
    return area, time, value


def _find_header(lines: Sequence[Line], register: Register) -> Header:
    """Find the header row: the rows before it are titles; see the module docstring."""
    candidate: int | None = None
    for index, line in enumerate(lines):
        if line.is_blank:
            continue
        cells = line.trimmed()
        if any(register.is_area(cell) for cell in cells):
            break
        if columns := _long_columns(cells):
            return Header(line, index + 1, columns=columns)
        if (periods := _trailing_periods(cells)) and _is_period_header(cells, len(periods)):
            return Header(line, index + 1, periods=periods)
        if len(line.filled) >= 2 and looks_like_value(line.filled[-1]):
            break
        if len(line.filled) >= 2:
            candidate = index
    if candidate is None:
        return Header(None, 0)
    return Header(lines[candidate], candidate + 1)


# --- Reading the layouts ------------------------------------------------------------------


def _area_column(rows: Iterable[list[str]], width: int, register: Register) -> int:
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


def _read_wide(lines: Sequence[Line], header: Header, dates: list[datetime.date], out: Collector) -> None:
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


def _read_single_column(lines: Sequence[Line], date: datetime.date, out: Collector) -> None:
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
    lines: Sequence[Line],
    columns: tuple[int, int | None, int],
    default_date: datetime.date,
    out: Collector,
) -> None:
    """One row per area and period: the columns named in the header."""
    area_index, time_index, value_index = columns

    def cell(cells: list[str], index: int) -> str:
        return cells[index] if index < len(cells) else ""

    for line in lines:
        if line.is_blank:
            out.skip(line)
            continue
        date: DateOrProblem = default_date
        if time_index is not None:
            period = cell(line.cells, time_index)
            date = parse_period(period) or RowProblem(
                gettext_noop("'%(period)s' is not a period such as 2020K1 or 2020."), period=period
            )
        out.take_row(line, cell(line.cells, area_index), [(date, cell(line.cells, value_index))])


def _missing_date(header: Header, body: Sequence[Line], translate: Callable[[str], str]) -> RowError:
    """The error for a file without periods when no ``default_date`` was given."""
    first = header.line or next((line for line in body if not line.is_blank), None)
    message = gettext_noop(
        "The file names no period (such as 2020K1) in its header; give the date of the figures with "
        "--date YYYY-MM-DD."
    )
    return RowError(first.number if first else 0, translate(message))


def read(lines: Sequence[Line], out: Collector, default_date: datetime.date | None) -> None:
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
