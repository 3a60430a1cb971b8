"""What every format shares: problems with line numbers, decoding (within limits), and reading Markdown.

Messages are English msgids marked with :func:`gettext_noop` so that ``makemessages`` finds them;
:meth:`Problem.text` takes a ``translate`` function (Django's ``gettext``) to render them in the
user's language. This module stays free of Django.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from programkontor.core import textfile
from programkontor.core.markdown_export import restore
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


# Normalising what people type.

_SPACES = re.compile(r"\s+")
_VARIATION = re.compile("[\ufe0e\ufe0f\u200d]")


def normalise(text: str) -> str:
    """Lower case, no emphasis markers, variation selectors or extra whitespace; NFC."""
    text = unicodedata.normalize("NFC", _VARIATION.sub("", text)).replace("*", "")
    return _SPACES.sub(" ", text).strip().lower()


def is_placeholder(text: str) -> bool:
    """A template's placeholder such as ``[Navn]`` or ``[Ikke udfyldt]`` (the whole text in brackets)."""
    stripped = text.strip()
    return stripped.startswith("[") and stripped.endswith("]") and "](" not in stripped


def clean_value(text: str) -> str:
    """A cell or field value with template placeholders read as empty."""
    stripped = text.strip()
    return "" if is_placeholder(stripped) else stripped


_DATE_FORMATS = ("%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d")


#: The years a date in an evaluation may fall in; a date outside them is a typing error.
FIRST_YEAR, LAST_YEAR = 1990, 2200


def parse_date(text: str) -> datetime.date | None:
    """A date written dd-mm-yyyy (OS2's forms), dd.mm.yyyy or yyyy-mm-dd, in the years 1990 to 2200;
    None if it is none of them."""
    value = clean_value(text)[:40]
    if not value:
        return None
    found: datetime.date | None = None
    if "T" in value:  # an ISO timestamp
        try:
            found = datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            return None
    for fmt in () if found else _DATE_FORMATS:
        try:
            found = datetime.datetime.strptime(value, fmt).date()
            break
        except ValueError:
            continue
    return found if found is not None and FIRST_YEAR <= found.year <= LAST_YEAR else None


# Table cells: a "|" inside a cell is written "\|", a line break "<br>".

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def escape_cell(text: str) -> str:
    """A value as one Markdown table cell: ``|`` escaped, line breaks as ``<br>``."""
    value = text.replace("\\", "\\\\").replace("|", "\\|")
    lines = [line.strip() for line in value.strip().split("\n")]
    return "<br>".join(lines)


def unescape_cell(text: str) -> str:
    value = _BREAK.sub("\n", text.strip())
    result = []
    index = 0
    while index < len(value):
        char = value[index]
        if char == "\\" and index + 1 < len(value) and value[index + 1] in "\\|":
            result.append(value[index + 1])
            index += 2
            continue
        result.append(char)
        index += 1
    return "\n".join(line.strip() for line in "".join(result).split("\n")).strip()


def split_row(line: str) -> list[str]:
    """The raw cells of a table row (escapes kept), without the outer pipes."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    cells: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            current.append(text[index : index + 2])
            index += 2
            continue
        if char == "|":
            cells.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    cells.append("".join(current))
    return [cell.strip() for cell in cells]


_SEPARATOR = re.compile(r"^\s*(?:\|\s*)?:?-+:?\s*(?:\|\s*:?-+:?\s*)*(?:\|\s*)?$")
#: Every pattern below runs in time linear in the line: no two unbounded repeats may compete for the
#: same characters (``(.*?)\s*$`` takes quadratic, ``\s*#*\s*$`` after it cubic time on a line with a
#: long run of spaces), so trailing text is stripped in Python instead.
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*)$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


@dataclass(frozen=True)
class Row:
    line: int
    cells: tuple[str, ...]

    def cell(self, index: int | None) -> str:
        """The raw cell at ``index`` ('' when the row is short or there is no such column)."""
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]


@dataclass(frozen=True)
class Table:
    line: int
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    #: The nearest heading above the table, and its level (1-6).
    heading: str
    heading_level: int

    @property
    def normalised_header(self) -> tuple[str, ...]:
        return tuple(normalise(cell).rstrip("?:").strip() for cell in self.header)

    def column(self, *names: str) -> int | None:
        """The index of the first column whose normalised header is one of ``names``."""
        header = self.normalised_header
        for name in names:
            if name in header:
                return header.index(name)
        return None


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    text: str


@dataclass(frozen=True)
class CodeBlock:
    line: int
    info: str
    text: str


@dataclass
class Document:
    """A Markdown file read just far enough: front matter, headings, tables, code blocks, text."""

    lines: list[str]
    front_matter: dict[str, str]
    headings: list[Heading]
    tables: list[Table]
    code_blocks: list[CodeBlock]
    #: "**Key:** value" pairs of the document-information block, by normalised key.
    info: dict[str, str]

    def first_heading(self, level: int) -> Heading | None:
        return next((h for h in self.headings if h.level == level), None)

    def section(self, *titles: str) -> str | None:
        """The text under the first heading whose normalised text is one of ``titles``, up to the
        next heading of the same or a higher level (a ``---`` rule ends it too)."""
        wanted = {normalise(title) for title in titles}
        for index, heading in enumerate(self.headings):
            if normalise(heading.text) not in wanted:
                continue
            end = len(self.lines)
            for later in self.headings[index + 1 :]:
                if later.level <= heading.level or later.level <= 2:
                    end = later.line - 1
                    break
            body = self.lines[heading.line : end]
            while body and body[-1].strip() in ("", "---", "***"):
                body.pop()
            return "\n".join(body).strip("\n").strip()
        return None


_INFO = re.compile(r"^\s*(?:>\s*)?\*\*(.+?):?\*\*:?(.*)$")
_TRAILING_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def heading_text(raw: str) -> str:
    """A heading's text without its closing ``#`` sequence and surrounding whitespace."""
    return raw.rstrip().rstrip("#").strip()


def _info_value(raw: str) -> str:
    """A document-information value without surrounding whitespace and a trailing ``<br/>``."""
    value = raw.strip()
    head, bracket, tail = value.rpartition("<")
    if bracket and _TRAILING_BREAK.fullmatch(bracket + tail):
        value = head.rstrip()
    return value


_COMMENT_START = "<!--"
_COMMENT_END = "-->"


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    if not lines or lines[0].strip() != "---":
        return {}, 0
    values: dict[str, str] = {}
    for index in range(1, len(lines)):
        line = lines[index]
        if line.strip() == "---":
            return values, index + 1
        if ":" in line:
            key, value = line.split(":", 1)
            values[key.strip()] = value.strip().strip('"').strip("'")
    return {}, 0  # an unclosed block is not front matter


def _iter_lines(lines: list[str], start: int) -> Iterator[tuple[int, str, str | None]]:
    """(index, line, state) for each line: state is 'fence' inside code blocks, 'comment' inside HTML
    comments, None otherwise."""
    in_comment = False
    fence: str | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        if fence is not None:
            yield index, line, "fence"
            if line.strip().startswith(fence):
                fence = None
            continue
        if in_comment:
            yield index, line, "comment"
            if _COMMENT_END in line:
                in_comment = False
            continue
        match = _FENCE.match(line)
        if match:
            fence = match.group(1)
            yield index, line, "fence-start"
            continue
        stripped = line.strip()
        if stripped.startswith(_COMMENT_START) and _COMMENT_END not in stripped[4:]:
            in_comment = True
            yield index, line, "comment"
            continue
        yield index, line, None


def parse_markdown(text: str) -> Document:
    """The document's parts; the entities Programkontor's exports put in user text are restored
    first (``core/markdown_export.restore``), so an exported report imports as it was written."""
    lines = restore(text).split("\n")
    front, start = _front_matter(lines)
    headings: list[Heading] = []
    tables: list[Table] = []
    blocks: list[CodeBlock] = []
    info: dict[str, str] = {}
    current_heading, current_level = "", 0
    rows = list(_iter_lines(lines, start))
    position = 0
    while position < len(rows):
        index, line, state = rows[position]
        if state == "fence-start":
            info_string = line.strip().lstrip("`~").strip()
            body: list[str] = []
            position += 1
            while position < len(rows) and rows[position][2] == "fence":
                inner = rows[position][1]
                if _FENCE.match(inner):
                    position += 1
                    break
                body.append(inner)
                position += 1
            blocks.append(CodeBlock(index + 1, info_string, "\n".join(body)))
            continue
        if state is not None:
            position += 1
            continue
        heading = _HEADING.match(line)
        if heading:
            current_heading, current_level = heading_text(heading.group(2)), len(heading.group(1))
            headings.append(Heading(index + 1, current_level, current_heading))
            position += 1
            continue
        stripped = line.strip()
        found = _INFO.match(line) if stripped.startswith((">", "**")) else None
        if found and (value := _info_value(found.group(2))):
            info.setdefault(normalise(found.group(1)).rstrip(":"), value)
        if (
            stripped.startswith("|")
            and position + 1 < len(rows)
            and rows[position + 1][2] is None
            and _SEPARATOR.match(rows[position + 1][1])
            and "-" in rows[position + 1][1]
        ):
            header = tuple(split_row(line))
            body_rows: list[Row] = []
            position += 2
            while (
                position < len(rows)
                and rows[position][2] is None
                and rows[position][1].strip().startswith("|")
            ):
                row_index, row_line, _state = rows[position]
                body_rows.append(Row(row_index + 1, tuple(split_row(row_line))))
                position += 1
            tables.append(Table(index + 1, header, tuple(body_rows), current_heading, current_level))
            continue
        position += 1
    return Document(lines, front, headings, tables, blocks, info)


# Traffic lights as people write them.

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


def read_light(text: str) -> str:
    """The one light a cell names: an emoji (with or without variation selector) and/or a colour word.

    ``LightError`` for an empty cell, a cell with several lights (the template's placeholder
    ``🟢 / 🟡 / 🔴 / ⚪``), or a symbol or word that is not a light.
    """
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
    words = [word for word in re.split("[\\s/,;:()\\-\u2013]+", normalise(rest).strip("*.")) if word]
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


def lights_in_header(cell: str) -> str | None:
    """The light a count-table column header names (``🟢 Grøn``, ``Grøn``, ``green``), if any."""
    try:
        return read_light(cell)
    except LightError:
        return None


_COUNT_CELL = re.compile(
    "([\U0001f7e2\U0001f7e9\U0001f7e1\U0001f7e8\U0001f534\U0001f7e5\u26aa\u2b1c])\\s*(\\S+)"
)


def read_count(text: str) -> int | None:
    """A whole number in a count-table cell (``**6**`` too); None for anything else."""
    value = text.strip().strip("*").strip()
    return int(value) if value.isdigit() else None


def read_light_counts(text: str) -> dict[str, int | None]:
    """A themes-table cell such as ``🟢 1 🟡 0 🔴 0 ⚪ 0``: the number after each light (None if not
    a number)."""
    value = _VARIATION.sub("", unicodedata.normalize("NFC", text))
    counts: dict[str, int | None] = {}
    for symbol, number in _COUNT_CELL.findall(value):
        light = _LIGHT_SYMBOLS[symbol]
        counts[light] = read_count(number)
    return counts
