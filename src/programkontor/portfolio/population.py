"""Read population figures from a Statistics Denmark (Danmarks Statistik) CSV download.

Pure logic: no Django, no database. :func:`parse_population_csv` turns the bytes of a file into
figures (municipality code, date, population) and row errors; the service in
``population_import`` decides what to save.

**Encoding and delimiter** by the one policy of :mod:`programkontor.core.textfile`: UTF-8 with
or without a byte-order mark, UTF-16 with one, else Windows-1252 (which reads Statistikbanken's
ISO-8859-1 letters alike). A file that holds control characters (a spreadsheet, a zip archive,
binary garbage) is not CSV text: one error, nothing else is read. Semicolon, comma or tab,
whichever splits more lines into several cells (semicolon on a tie). Cells may be quoted
(``"København"``) or not.

**Limits.** A file larger than ``limits.max_bytes``, with more than ``limits.max_rows`` lines, or
with a line longer than 131,072 characters is refused with one error before anything is read.

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

**Areas.** ``101 København``, ``101`` or ``København``: the code decides when there is one (it
must exist); names match the register case-insensitively in any of a municipality's forms —
with or without "Kommune"/"Regionskommune" and the genitive s of the official name, so
Statistics Denmark's "København" and "Bornholm" are the register's "Københavns Kommune" and
"Bornholms Regionskommune". A name that is no form of the code's registered name is an error
naming both. Aggregates are skipped, not errors: ``Hele landet``, ``Region ...``, ``Landsdel ...``,
``Province ...``, ``Christiansø`` and their codes (000, 081-085, 411, two-digit landsdel codes).

**Values.** Digits, optionally grouped by ``.`` or spaces (``632.340``, ``632 340``). DST's
``..`` (not available) is left out silently; a row whose values are all ``..`` is recorded as
skipped.

The cells are read in :mod:`.population_cells`, the header and layouts in
:mod:`.population_layouts`.

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

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from programkontor.core.textfile import (
    CSV_FIELD_LIMIT,
    DEFAULT_LIMITS,
    Limits,
    TextFileError,
    read_text,
    sniff_delimiter,
)
from programkontor.portfolio.population_cells import (
    AGGREGATE_CODES,
    MAX_POPULATION,
    ParsedFigure,
    Register,
    RowError,
    gettext_noop,
    parse_period,
    parse_population,
)
from programkontor.portfolio.population_layouts import LINE_BREAK, Collector, read, split_lines

__all__ = [
    "AGGREGATE_CODES",
    "MAX_POPULATION",
    "ParsedFigure",
    "PopulationParseResult",
    "RowError",
    "parse_period",
    "parse_population",
    "parse_population_csv",
]


def _untranslated(message: str) -> str:
    return message


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


def _refused(error: RowError, encoding: str = "") -> PopulationParseResult:
    return PopulationParseResult([], [error], [], encoding, ";")


def parse_population_csv(
    data: bytes,
    municipalities: Mapping[str, str],
    *,
    default_date: datetime.date | None = None,
    translate: Callable[[str], str] = _untranslated,
    limits: Limits = DEFAULT_LIMITS,
) -> PopulationParseResult:
    """Read a Statistics Denmark population CSV; see the module docstring for the format.

    ``municipalities`` maps each 3-digit code to its official name. ``default_date`` dates the
    figures only when the file names no period; periods in the file always win. ``translate``
    (e.g. Django's ``gettext``) turns the English error msgids into the user's language.
    ``limits`` bounds the file's size and lines.
    """
    try:
        decoded = read_text(data, limits)
    except TextFileError as error:
        return _refused(RowError(error.line, error.text(translate)))
    text = decoded.text
    texts = LINE_BREAK.split(text)
    for number, line in enumerate(texts, start=1):
        if len(line) > CSV_FIELD_LIMIT:
            message = translate(
                gettext_noop("The line is longer than %(max)d characters: this is not a population table.")
            ) % {"max": CSV_FIELD_LIMIT}
            return _refused(RowError(number, message), decoded.encoding)
    delimiter = sniff_delimiter(texts, (";", ",", "\t"))
    lines = split_lines(text, delimiter)
    out = Collector(Register(municipalities), translate)
    read(lines, out, default_date)
    if not out.figures and not out.errors:
        out.errors.append(RowError(0, translate(gettext_noop("The file contains no population figures."))))
    return PopulationParseResult(out.figures, out.errors, out.skipped, decoded.encoding, delimiter)
