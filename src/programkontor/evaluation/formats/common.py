"""What every format shares: problems with line numbers, decoding (within limits), the cells a person
must map (:class:`Unresolved`), and the values people write in OS2's files: placeholders, dates,
traffic lights and counts.

Markdown is read by :mod:`programkontor.core.markdown_reader` (markdown-it-py tokens); this module
reads the values in it. Messages are English msgids marked with :func:`gettext_noop` so that
``makemessages`` finds them; :meth:`Problem.text` takes a ``translate`` function (Django's
``gettext``) to render them in the user's language. This module stays free of Django.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from programkontor.core import textfile
from programkontor.core.markdown_export import restore
from programkontor.core.markdown_reader import Field, MarkdownDocument, fold, read_markdown
from programkontor.core.textfile import (
    DEFAULT_LIMITS,
    Limits,
    TextFileError,
    check_entries,
    check_text,
    read_text,
)

Translate = Callable[[str], str]


def gettext_noop(message: str) -> str:
    return message


def untranslated(message: str) -> str:
    return message


@dataclass(frozen=True)
class Problem:
    """One problem in a file: a message template, its parameters and the line it is on (0: none)."""

    template: str
    params: dict[str, object] = field(default_factory=dict)
    line: int = 0

    def text(self, translate: Translate = untranslated) -> str:
        params = {
            key: value.text(translate) if isinstance(value, Problem) else value
            for key, value in self.params.items()
        }
        message = translate(self.template) % params if params else translate(self.template)
        if self.line:
            return translate(gettext_noop("Line %(line)d: %(message)s")) % {
                "line": self.line,
                "message": message,
            }
        return message


class FormatError(Exception):
    """The file is not what it claims to be, or is broken; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(problem.text() for problem in problems))

    def messages(self, translate: Translate = untranslated) -> list[str]:
        return [problem.text(translate) for problem in self.problems]


def problem(template: str, line: int = 0, **params: object) -> Problem:
    return Problem(template, params, line)


def repeated_requirement(seen: dict[str, int], code: str, line: int) -> Problem | None:
    """The problem of a requirement's row when ``code`` was already read (``seen``: code → its line);
    else None, and the row's line is remembered."""
    if code in seen:
        return problem(
            gettext_noop("The requirement %(code)s appears twice (also line %(other)d)."),
            line,
            code=code,
            other=seen[code],
        )
    seen[code] = line
    return None


def file_error(error: TextFileError) -> FormatError:
    """A refusal by :mod:`programkontor.core.textfile` as a format error (on its line)."""
    return FormatError([Problem(error.template, dict(error.params), error.line)])


def decode(data: bytes | str, limits: Limits = DEFAULT_LIMITS) -> str:
    """The file's text by the one encoding policy of :mod:`programkontor.core.textfile` (UTF-8 with or
    without a byte-order mark, UTF-16 with one, else Windows-1252), with ``\\n`` line ends;
    FormatError for a file that is too large, has too many lines, or is not text."""
    try:
        text = check_text(data, limits) if isinstance(data, str) else read_text(data, limits).text
    except TextFileError as error:
        raise file_error(error) from error
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def read_document(text: str) -> MarkdownDocument:
    """The Markdown document; the entities Programkontor's exports put in user text are restored first
    (``core/markdown_export.restore``), so an exported report imports as it was written."""
    return read_markdown(restore(text))


#: The lists of OS2's form JSON and Programkontor's catalogue JSON whose entries count as rows.
JSON_LISTS = ("krav", "levels", "themes", "requirements")


def check_file(data: bytes, limits: Limits) -> str:
    """The text of an imported file, checked against ``limits`` before any format reads it: size,
    encoding, lines and, for JSON, nesting and the entries of its lists. FormatError otherwise."""
    text = decode(data, limits)
    if text.lstrip().startswith(("{", "[")):
        load_json(text, limits, *JSON_LISTS)
    return text


def load_json(text: str, limits: Limits, *lists: str) -> Any:
    """``text`` parsed as JSON (FormatError for anything else, a nesting too deep to read included);
    the top-level object's ``lists`` may have at most ``limits.max_rows`` entries each."""
    try:
        raw = textfile.load_json(text)
        if isinstance(raw, dict):
            for name in lists:
                value = raw.get(name)
                if isinstance(value, list):
                    check_entries(len(value), limits, f'"{name}"')
    except TextFileError as error:
        raise file_error(error) from error
    return raw


# Cells a person must map


@dataclass(frozen=True)
class Unresolved:
    """A cell or field whose value cannot be mapped (an answer, a level, a date): kept as written, with
    its line, until a person maps it (``resolution``; for an answer ``""`` means unanswered)."""

    kind: str  # "answer" | "level" | "date"
    line: int
    column: str  # the column or field as the file names it
    value: str  # verbatim
    code: str = ""  # the requirement whose row it is in
    resolution: str | None = None

    @property
    def key(self) -> str:
        """Names the cell in the file it came from (the same bytes give the same keys)."""
        return f"{self.line}-{self.kind}-{self.code or 'x'}"

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "kind": self.kind,
            "line": self.line,
            "requirement": self.code or None,
            "column": self.column,
            "value": self.value,
            "resolution": self.resolution,
        }


class Cells:
    """The unresolved cells of one file as it is read, and the mappings a person gave for them."""

    def __init__(self, resolutions: Mapping[str, str] | None = None) -> None:
        self.resolutions = dict(resolutions or {})
        self.found: list[Unresolved] = []

    def add(self, cell: Unresolved) -> str | None:
        """Record ``cell``; the mapping a person gave for it (None: not mapped yet)."""
        resolution = self.resolutions.get(cell.key)
        self.found.append(replace(cell, resolution=resolution))
        return resolution


# Values people write


_PLACEHOLDERS = frozenset(
    {
        "navn",
        "name",
        "produktnavn",
        "product name",
        "dato",
        "dd-mm-yyyy",
        "dd-mm-åååå",
        "ikke udfyldt",
        "udfyldes i selvevaluering",
        "indsæt link til git organisation/repo",
    }
)
_INSTRUCTION = re.compile(r"^(?:indsæt|udfyld|skriv|her skrives|angiv|antal|beskriv|link til)\b")
_LINK = re.compile(r"^\[([^\[\]\n]{0,500})\]\(\s*<?([^()\s<>]{1,2000})>?\s*\)$")


def is_placeholder(text: str) -> bool:
    """A template's placeholder such as ``[Navn]``, ``[Ikke udfyldt]`` or ``[indsæt …]``."""
    stripped = text.strip()
    if not (stripped.startswith("[") and stripped.endswith("]")) or "](" in stripped:
        return False
    inner = fold(stripped[1:-1])
    return inner in _PLACEHOLDERS or bool(_INSTRUCTION.match(inner))


def clean_value(text: str) -> str:
    """A cell value with template placeholders read as empty."""
    stripped = text.strip()
    return "" if is_placeholder(stripped) else stripped


def field_value(text: str) -> str:
    """A document-information value: placeholders empty, a value in square brackets without them
    (``[14-08-2026]``, ``[Jakob]``), a Markdown link as its address, a trailing ``<br/>`` gone."""
    value = re.sub(r"(?:<br\s{0,5}/?>\s*)+$", "", text.strip(), flags=re.IGNORECASE).strip()
    if is_placeholder(value):
        return ""
    link = _LINK.match(value)
    if link:
        return link.group(2)
    if value.startswith("[") and value.endswith("]") and "](" not in value:
        return value[1:-1].strip()
    return value


# Dates


_DATE_FORMATS = ("%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "%Y.%m.%d", "%Y/%m/%d")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januar", "jan", "january"),
            ("februar", "feb", "february"),
            ("marts", "mar", "march"),
            ("april", "apr"),
            ("maj", "may"),
            ("juni", "jun", "june"),
            ("juli", "jul", "july"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct", "october"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_WORD_DATE = re.compile(r"^(\d{1,2})\.?\s{1,5}([a-zæøå]{3,9})\.?\s{1,5}(\d{4})$")

#: The years a date in an evaluation may fall in; a date outside them is a typing error.
FIRST_YEAR, LAST_YEAR = 1990, 2200


@dataclass(frozen=True)
class DateReading:
    """What a date field holds: a date, nothing, a date outside the years allowed, or something
    else (kept for a person to map)."""

    date: datetime.date | None = None
    empty: bool = False
    out_of_range: bool = False

    @property
    def unreadable(self) -> bool:
        return self.date is None and not self.empty and not self.out_of_range


def read_date(text: str) -> DateReading:
    """A date written dd-mm-yyyy (OS2's forms), dd.mm.yyyy, d/m/yyyy, yyyy-mm-dd, an ISO time or
    ``14. august 2026``, also in square brackets; it must fall in the years 1990 to 2200."""
    value = field_value(text)[:60].strip().rstrip(".")
    if not value:
        return DateReading(empty=True)
    found: datetime.date | None = None
    if "T" in value and value[:4].isdigit():  # an ISO timestamp
        try:
            found = datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            return DateReading()
    for fmt in () if found else _DATE_FORMATS:
        try:
            found = datetime.datetime.strptime(value, fmt).date()
            break
        except ValueError:
            continue
    if found is None:
        words = _WORD_DATE.match(value.casefold())
        if words and words.group(2) in _MONTHS:
            try:
                found = datetime.date(int(words.group(3)), _MONTHS[words.group(2)], int(words.group(1)))
            except ValueError:
                return DateReading()
    if found is None:
        return DateReading()
    if not FIRST_YEAR <= found.year <= LAST_YEAR:
        return DateReading(out_of_range=True)
    return DateReading(date=found)


def parse_date(text: str) -> datetime.date | None:
    """The date ``text`` names (see :func:`read_date`); None if it names none in 1990 to 2200."""
    return read_date(text).date


# Table cells as OS2's generators write them: "|" as "\|", a line break as "<br/>".


def escape_cell(text: str) -> str:
    """A value as one Markdown table cell, as OS2's generators write it (``|`` as ``\\|``, line
    breaks as ``<br/>``); :func:`programkontor.core.markdown_reader.cell_text` reads it back."""
    return text.replace("|", "\\|").replace("\r\n", "\n").replace("\n", "<br/>")


# Normalising what people type (the reader's key: no markup, emoji, case or extra whitespace).

normalise = fold


# Traffic lights as people write them.

_VARIATION = re.compile("[\ufe0e\ufe0f\u200d]")
_LIGHT_WORDS: dict[str, str] = {
    "green": "green",
    "grøn": "green",
    "groen": "green",
    "yellow": "yellow",
    "gul": "yellow",
    "red": "red",
    "rød": "red",
    "roed": "red",
    "gray": "gray",
    "grey": "gray",
    "grå": "gray",
    "graa": "gray",
}
_LIGHT_SYMBOLS: dict[str, str] = {
    "\U0001f7e2": "green",  # 🟢
    "\U0001f7e9": "green",  # 🟩
    "\U0001f7e1": "yellow",  # 🟡
    "\U0001f7e8": "yellow",  # 🟨
    "\U0001f534": "red",  # 🔴
    "\U0001f7e5": "red",  # 🟥
    "\u26aa": "gray",  # ⚪
    "\u2b1c": "gray",  # ⬜
}
LIGHT_EMOJI: dict[str, str] = {"green": "🟢", "yellow": "🟡", "red": "🔴", "gray": "⚪"}
LIGHT_WORDS_DA: dict[str, str] = {"green": "Grøn", "yellow": "Gul", "red": "Rød", "gray": "Grå"}
_OTHER_SYMBOL = re.compile(r"[\u2190-\u2bff\U0001f000-\U0001faff]")


class LightError(ValueError):
    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template)
        self.template = template
        self.params = params


@lru_cache(maxsize=4096)
def read_light(text: str) -> str:
    """The one light a cell names: an emoji (with or without variation selector) and/or a colour word.

    ``LightError`` for an empty cell, a cell with several lights (the template's placeholder
    ``🟢 / 🟡 / 🔴 / ⚪``), or a symbol or word that is not a light. The cells of an import repeat
    (a pure function: the answers are kept; a refusal is not)."""
    value = _VARIATION.sub("", unicodedata.normalize("NFC", text)).strip()
    if not value:
        raise LightError(gettext_noop("No light is given."))
    found: list[str] = [_LIGHT_SYMBOLS[char] for char in value if char in _LIGHT_SYMBOLS]
    rest = value
    for char in _LIGHT_SYMBOLS:
        rest = rest.replace(char, " ")
    stray = _OTHER_SYMBOL.findall(rest)
    if stray:
        raise LightError(
            gettext_noop("'%(value)s' is not a traffic light; use 🟢, 🟡, 🔴 or ⚪."), value=text.strip()
        )
    words = [word for word in re.split("[\\s/,;:()\\-\u2013]+", fold(rest).strip("*.")) if word]
    for word in words:
        light = _LIGHT_WORDS.get(word)
        if light is None:
            raise LightError(
                gettext_noop("'%(value)s' is not a traffic light; use 🟢, 🟡, 🔴 or ⚪."), value=text.strip()
            )
        found.append(light)
    if not found:
        raise LightError(gettext_noop("No light is given."))
    if len(set(found)) > 1:
        raise LightError(
            gettext_noop("'%(value)s' names more than one light; choose one."), value=text.strip()
        )
    return found[0]


@lru_cache(maxsize=1024)
def lights_in_header(cell: str) -> str | None:
    """The light a count-table column header names (``🟢 Grøn``, ``Grøn``, ``green``), if any (the
    headers of an import repeat, and most name none: the answers are kept)."""
    try:
        return read_light(cell)
    except LightError:
        return None


_COUNT_CELL = re.compile(
    "([\U0001f7e2\U0001f7e9\U0001f7e1\U0001f7e8\U0001f534\U0001f7e5\u26aa\u2b1c])\\s*(\\S+)"
)


@lru_cache(maxsize=1024)
def read_count(text: str) -> int | None:
    """A whole number in a count-table cell (``**6**`` too); None for anything else. (Pure; count
    cells repeat within a report and across an import: the answers are kept.)"""
    value = text.strip().strip("*").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def read_light_counts(text: str) -> dict[str, int | None]:
    """A themes-table cell such as ``🟢 1 🟡 0 🔴 0 ⚪ 0``: the number after each light (None if not
    a number)."""
    return dict(_light_counts(text))


@lru_cache(maxsize=4096)
def _light_counts(text: str) -> tuple[tuple[str, int | None], ...]:
    """:func:`read_light_counts` as pairs (kept: the cells of an import repeat)."""
    value = _VARIATION.sub("", unicodedata.normalize("NFC", text))
    counts: dict[str, int | None] = {}
    for symbol, number in _COUNT_CELL.findall(value):
        light = _LIGHT_SYMBOLS[symbol]
        counts[light] = read_count(number)
    return tuple(counts.items())


def cell_problem(cell: Unresolved) -> Problem:
    """What a cell a person must map says, on its line."""
    if cell.kind == "answer":
        template = gettext_noop(
            "%(code)s: '%(column)s' is '%(value)s', which names no answer "
            "(Ja, Nej, Ikke relevant or Ved ikke)."
        )
    elif cell.kind == "level":
        template = gettext_noop("%(code)s: '%(column)s' is '%(value)s', which names no level.")
    else:
        template = gettext_noop("'%(column)s' is '%(value)s', which names no date.")
    return problem(template, cell.line, code=cell.code, column=cell.column, value=cell.value)


def metadata_git_url(fields: Mapping[str, Field]) -> str:
    """The repository address a report's document information names ("Link til Git organisation")."""
    git = fields.get("link til git organisation") or fields.get("git") or fields.get("repository")
    return field_value(git.value) if git else ""


def metadata_date(date: Field, problems: list[Problem], cells: Cells) -> datetime.date | None:
    """The date a report's document information gives: a date outside the years allowed is a
    problem on its line; anything else that is no date is kept as a cell to map."""
    reading = read_date(date.value)
    if reading.out_of_range:
        problems.append(
            problem(
                gettext_noop("'%(field)s' is '%(value)s', not a date (dd-mm-yyyy)."),
                date.line,
                field=date.label,
                value=date.value,
            )
        )
    elif reading.unreadable:
        mapped = cells.add(Unresolved("date", date.line, date.label, date.value))
        return read_date(mapped).date if mapped else None
    return reading.date
