"""Reading Markdown as people really write it: one layer on markdown-it-py's tokens (no Django).

Every importer of Markdown files (OS2's governance and evaluation reports, requirement templates,
governance repositories, role descriptions) reads through :func:`read_markdown`, which gives the
parts a program needs — front matter, headings, tables, paragraphs, list items (with task-list
checkboxes), code blocks and ``**Key:** value`` fields — each with the line it starts on in the
file as written, and normalises what people vary when they edit a file by hand:

* **headings**: emoji, bold, links and a closing ``#`` run do not count, nor does the level; a
  paragraph that is only bold text (``**RELEVANS**``) titles the table under it like a heading;
* **tables**: padding, a missing outer pipe, rows with fewer or more cells than the header (the
  extra cells are kept in :attr:`TableRow.cells`), a delimiter row with another number of cells than
  the header, blank lines between the delimiter row and the rows (OS2's governance report generator
  writes one), and a header, delimiter row and first row that lost their line breaks (one line);
* **text**: CRLF, ``<br>``/``<br/>`` and two-space line ends, capitals, whitespace runs and Unicode
  forms (:func:`fold` gives the key to compare labels by; :func:`cell_text` a cell's text with its
  line breaks).

Cells and paragraphs keep their Markdown source (``\\|`` already resolved in cells): links, emphasis
and HTML the author wrote stay as written, so nothing is lost on the way in. Reading is linear in
the size of the text (markdown-it-py's block and inline rules, and the patterns here).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from programkontor.core.markdown_blocks import BlockToken, block_parser, escaped_split, scan_blocks

_PARSER = (
    MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    .enable("table")
    .use(front_matter_plugin)
    .use(tasklists_plugin)
)
#: Documents are parsed by blocks only (:mod:`.markdown_blocks`); task-list boxes: :func:`_task_box`.
_BLOCKS = block_parser()
#: A token of markdown-it or of the fast scanner (:func:`~.markdown_blocks.scan_blocks`).
_Token = Token | BlockToken
#: What makes a list item's first paragraph a task (mdit_py_plugins.tasklists).
_TASK = re.compile(r"\[[ xX]][ \t\n\v\f\r]+")

#: Symbols that decorate labels: emoji, pictographs, dingbats, arrows (Unicode categories So/Sk/Sm/Cf
#: and the emoji modifiers); letters, digits and punctuation stay.
_DECORATION = frozenset({"So", "Sk", "Cf", "Cs", "Co", "Mn"})
_VARIATION = re.compile("[\ufe0e\ufe0f\u200d\u20e3]")
_SPACES = re.compile(r"\s+")
_BREAK = re.compile(r"<br\s{0,20}/?>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,20}(?:\s[^<>\n]{0,500})?/?>")
_DELIMITER_CELL = re.compile(r"^\s*:?-+:?\s*$")
#: What a delimiter row is made of (a quick test before its cells are read).
_DELIMITER_CHARS = re.compile(r"[\s|:-]*\Z")
_RULE_CELL = re.compile(r"^:?-{3,}:?$")
_TABLE_LINE = re.compile(r"^ {0,3}\|")
_FIELD = re.compile(r"^(?:\*\*|__)([^*_\n]{1,200})(?:\*\*|__)(.*)$")
_PLAIN_FIELD = re.compile(r"^([^\W\d][\w .()/-]{0,59}):[ \t]*(\S.*)$")
_LIST_MARKER = re.compile(r"^(?:[-*+]|\d{1,9}[.)])[ \t]+")


# Text


#: Characters that may start inline Markdown (emphasis, code, links, images, HTML, entities, escapes);
#: a text without any of them reads as itself, whitespace collapsed.
_INLINE_MARKUP = frozenset("*_`[]<!&\\")


@lru_cache(maxsize=4096)
def plain(raw: str) -> str:
    """``raw`` (one line of Markdown) as text: emphasis markers, link targets, code ticks and HTML tags
    gone, ``<br>`` as a space, whitespace collapsed. Emoji stay (see :func:`fold`). Labels and cells
    repeat within a file and across the files of an import, so the answers are kept (pure function)."""
    if _INLINE_MARKUP.isdisjoint(raw):
        return _SPACES.sub(" ", raw).strip()
    text = _BREAK.sub(" ", raw)
    tokens = _PARSER.parseInline(text)
    parts: list[str] = []
    for token in tokens:
        for child in token.children or ():
            if child.type in ("text", "code_inline", "html_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
            elif child.type == "image":
                parts.append(child.content)
    return _SPACES.sub(" ", _TAG.sub(" ", "".join(parts))).strip()


def undecorated(text: str) -> str:
    """``text`` without emoji, pictographs and other symbols (``🌍 RELEVANS`` → ``RELEVANS``)."""
    value = unicodedata.normalize("NFC", _VARIATION.sub("", text))
    return "".join(char for char in value if unicodedata.category(char) not in _DECORATION)


@lru_cache(maxsize=4096)
def fold(raw: str) -> str:
    """The key to compare a label by: plain text, no symbols, NFC, lower case, whitespace collapsed,
    without closing ``:``, ``?`` or ``.`` (``**📄 Efterlevet?**`` → ``efterlevet``)."""
    text = undecorated(plain(raw)).casefold()
    return _SPACES.sub(" ", text).strip().rstrip(":?.").strip()


@lru_cache(maxsize=8192)
def cell_text(raw: str) -> str:
    """A table cell's text with ``<br>``/``<br/>`` as line breaks, each line stripped (pure: kept)."""
    lines = [line.strip() for line in _BREAK.sub("\n", raw).split("\n")]
    return "\n".join(lines).strip()


def split_lines(raw: str) -> list[str]:
    """The lines of a paragraph: at line breaks and ``<br>``, two-space line ends dropped."""
    return [line.strip() for line in _BREAK.sub("\n", raw).split("\n") if line.strip()]


# The parts of a document


@dataclass(frozen=True)
class Heading:
    line: int
    #: 1-6; 0 for a paragraph of bold text only, which titles what follows like a heading.
    level: int
    text: str
    raw: str

    @property
    def key(self) -> str:
        return fold(self.raw)


@dataclass(frozen=True)
class TableRow:
    line: int
    cells: tuple[str, ...]

    def cell(self, index: int | None) -> str:
        """The cell at ``index`` ('' when the row is short or there is no such column)."""
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]


@dataclass(frozen=True)
class Table:
    line: int
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]
    #: The nearest heading (or bold title paragraph) above the table.
    title: Heading | None

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """The header cells folded (:func:`fold`), once per table."""
        return tuple(fold(cell) for cell in self.header)

    def column(self, *names: str) -> int | None:
        """The index of the first column whose folded header is one of ``names``."""
        keys = self.keys
        for name in names:
            if name in keys:
                return keys.index(name)
        return None


@dataclass(frozen=True)
class Block:
    """A paragraph: its Markdown source (inline), and whether it is in a block quote or a list."""

    line: int
    end: int
    text: str
    quoted: bool = False
    listed: bool = False


@dataclass(frozen=True)
class ListItem:
    line: int
    text: str
    #: A task-list item's box: True ticked, False empty, None for no box.
    checked: bool | None
    depth: int


@dataclass(frozen=True)
class CodeBlock:
    line: int
    info: str
    text: str


@dataclass(frozen=True)
class Field:
    """``**Key:** value`` (or ``Key: value``) on a line of a paragraph, block quote or list item."""

    line: int
    key: str  # folded
    label: str
    value: str  # as written, stripped


@dataclass
class MarkdownDocument:
    lines: list[str]
    front_matter: dict[str, str]
    headings: list[Heading] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    items: list[ListItem] = field(default_factory=list)
    code_blocks: list[CodeBlock] = field(default_factory=list)
    #: Horizontal rules (``---``), by line.
    rules: list[int] = field(default_factory=list)

    def first_heading(self, level: int = 1) -> Heading | None:
        """The first heading of ``level``, else the first heading of any level."""
        found = next((h for h in self.headings if h.level == level), None)
        return found or next((h for h in self.headings if h.level), None)

    def fields(self, *, before: int | None = None) -> list[Field]:
        """Every ``**Key:** value`` line of the document's paragraphs (only those above line ``before``)."""
        found: list[Field] = []
        for block in self.blocks:
            if before is not None and block.line >= before:
                break
            for offset, source_line in enumerate(block.text.split("\n")):
                for line in _BREAK.sub("\n", source_line).split("\n"):
                    parsed = parse_field(line)
                    if parsed is not None:
                        label, value = parsed
                        found.append(Field(block.line + offset, fold(label), plain(label), value))
        return found

    def section(self, titles: Iterable[str], stops: Iterable[str] = ()) -> str | None:
        """The Markdown under the first heading whose key is one of ``titles`` (folded), up to the next
        heading of the same or a higher level, a heading whose key is in ``stops``, or a rule."""
        wanted = {fold(title) for title in titles}
        ends = {fold(title) for title in stops} | wanted
        for index, heading in enumerate(self.headings):
            if heading.key not in wanted:
                continue
            end = len(self.lines) + 1
            for later in self.headings[index + 1 :]:
                if later.level <= heading.level or later.key in ends or later.level == 1:
                    end = later.line
                    break
            end = min([end, *(rule for rule in self.rules if rule > heading.line)])
            body = self.lines[heading.line : end - 1]
            return "\n".join(line.rstrip() for line in body).strip("\n").strip()
        return None


def parse_field(line: str) -> tuple[str, str] | None:
    """(label, value) of ``**Key:** value``, ``**Key**: value`` or ``Key: value`` (a short key)."""
    text = _LIST_MARKER.sub("", line.strip().lstrip(">").strip())
    bold = _FIELD.match(text)
    if bold:
        label, rest = bold.group(1).strip(), bold.group(2).strip()
        if label.endswith(":"):
            return label.rstrip(":").strip(), rest
        if rest.startswith(":"):
            return label, rest[1:].strip()
        return None
    simple = _PLAIN_FIELD.match(text)
    if simple and not simple.group(2).startswith("//"):  # not an address (https://…)
        return simple.group(1).strip(), simple.group(2).strip()
    return None


# Repairs before parsing: what people (and OS2's generators) do to tables


def _split(line: str) -> tuple[str, ...]:
    """The cells of a table line, stripped, without the empty cell before a leading pipe and after a
    trailing one."""
    cells = tuple(map(str.strip, escaped_split(line.strip())))
    first = 1 if cells and not cells[0] else 0
    last = len(cells) - 1 if len(cells) > first and not cells[-1] else len(cells)
    return cells[first:last] if first or last < len(cells) else cells


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _is_delimiter(line: str) -> bool:
    if "-" not in line or "|" not in line or not _DELIMITER_CHARS.match(line):
        return False
    cells = _split(line)
    return bool(cells) and all(_DELIMITER_CELL.match(cell) for cell in cells)


def _run_together(line: str) -> list[str] | None:
    """A header, its delimiter row and a first row written on one line (``| # | Krav | | --- | --- |
    | R1 | … |``), as three lines."""
    if not _TABLE_LINE.match(line) or "---" not in line:
        return None
    cells = _split(line)
    for gap, cell in enumerate(cells):
        if cell or gap < 2:
            continue
        width = gap
        delimiters = cells[gap + 1 : gap + 1 + width]
        if len(delimiters) == width and all(_RULE_CELL.match(c) for c in delimiters):
            rest = cells[gap + 1 + width :]
            if rest and not rest[0]:
                rest = rest[1:]
            lines = [_row(cells[:gap]), "|" + "|".join(delimiters) + "|"]
            return [*lines, _row(rest)] if rest else lines
        return None
    return None


def repair(lines: list[str]) -> tuple[list[str], list[int]]:
    """The lines with the table repairs above, and for each the line number (1-based) it came from."""
    out: list[str] = []
    origin: list[int] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        number = index + 1
        if "|" not in line:  # no table line: nothing to repair
            out.append(line)
            origin.append(number)
            index += 1
            continue
        previous = lines[index - 1] if index else ""
        split = _run_together(line) if not _TABLE_LINE.match(previous) else None
        if split is not None:
            out.extend(split)
            origin.extend([number] * len(split))
            index += 1
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if not _is_delimiter(line) and _is_delimiter(following):
            width = len(_split(line))
            delimiters = _split(following)
            if len(delimiters) != width:
                delimiters = (*delimiters, *["---"] * width)[:width]
            out.extend([line, "|" + "|".join(delimiters) + "|"])
            origin.extend([number, number + 1])
            index += 2
            gap = index
            while gap < len(lines) and not lines[gap].strip():
                gap += 1
            if gap > index and gap < len(lines) and _TABLE_LINE.match(lines[gap]):
                index = gap  # blank lines between the delimiter row and the rows
            continue
        out.append(line)
        origin.append(number)
        index += 1
    return out, origin


# Reading


def _front_matter(token: _Token) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in token.content.split("\n"):
        if ":" in line and not line.startswith((" ", "\t", "-", "#")):
            key, value = line.split(":", 1)
            values[key.strip()] = value.strip().strip('"').strip("'")
    return values


def _only_bold(raw: str) -> bool:
    text = raw.strip()
    return len(text) > 4 and text[:2] in ("**", "__") and text[-2:] == text[:2] and "\n" not in text


def read_markdown(text: str, *, scan: bool = True) -> MarkdownDocument:
    """The parts of a Markdown document (``text`` with ``\\n`` line ends), each with its line number.

    The blocks are found by the one-pass scanner of :mod:`.markdown_blocks` where it reads the
    document for certain, else (and with ``scan=False``, the reference the tests compare it with)
    by markdown-it's block rules; both give the same parts."""
    source = text.split("\n")
    repaired, origin = repair(source)
    scanned = scan_blocks(repaired) if scan and "\r" not in text and "\0" not in text else None
    tokens: Sequence[_Token] = scanned if scanned is not None else _BLOCKS.parse("\n".join(repaired))

    def line_of(token: _Token) -> int:
        start = token.map[0] if token.map else 0
        return origin[start] if start < len(origin) else len(source)

    def end_of(token: _Token) -> int:
        end = token.map[1] if token.map else 0
        return origin[end - 1] + 1 if 0 < end <= len(origin) else len(source) + 1

    document = MarkdownDocument(source, {})
    title: Heading | None = None
    quote = depth = 0
    position = 0
    count = len(tokens)
    while position < count:
        token = tokens[position]
        kind = token.type
        # The kinds in the order documents have most of them (paragraphs and list items first).
        if kind == "paragraph_open":
            inline = tokens[position + 1]
            block = Block(line_of(token), end_of(token), inline.content, quote > 0, depth > 0)
            document.blocks.append(block)
            if not quote and not depth and _only_bold(inline.content):
                title = Heading(block.line, 0, plain(inline.content), inline.content)
                document.headings.append(title)
            position += 3
            continue
        elif kind == "list_item_open":
            content = next((t for t in tokens[position : position + 4] if t.type == "inline"), None)
            checked = _task_box(tokens, position)
            document.items.append(
                ListItem(line_of(token), content.content.strip() if content else "", checked, depth)
            )
        elif kind == "heading_open":
            inline = tokens[position + 1]
            title = Heading(line_of(token), int(token.tag[1]), plain(inline.content), inline.content)
            document.headings.append(title)
            position += 3
            continue
        elif kind == "table_open":
            position = _table(tokens, position, repaired, origin, title, document)
            continue
        elif kind in ("fence", "code_block"):
            document.code_blocks.append(CodeBlock(line_of(token), token.info.strip(), token.content))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "hr":
            document.rules.append(line_of(token))
        elif kind == "front_matter":
            document.front_matter = _front_matter(token)
        position += 1
    return document


def _task_box(tokens: Sequence[_Token], position: int) -> bool | None:
    """The box of the list item opening at ``tokens[position]`` (True ticked, False empty, None for no
    box), and the box taken off its paragraph's source, as the task-list plugin does: the item's
    first child is a paragraph starting ``[ ]``, ``[x]`` or ``[X]`` and whitespace."""
    if position + 2 >= len(tokens) - 1 or tokens[position + 1].type != "paragraph_open":
        return None
    inline = tokens[position + 2]
    if inline.type != "inline" or not _TASK.match(inline.content):
        return None
    checked = inline.content.startswith(("[x] ", "[X] "))
    inline.content = inline.content[3:]
    return checked


def _table(
    tokens: Sequence[_Token],
    start: int,
    lines: list[str],
    origin: list[int],
    title: Heading | None,
    document: MarkdownDocument,
) -> int:
    """Read the table that opens at ``tokens[start]``; the position after it. A table's rows are the
    lines its map spans (markdown-it's table rule and the scanner end a table at the first line that is
    no row): the header, the delimiter row, then a row per line."""
    opened = tokens[start]
    assert opened.map is not None
    first, end = opened.map
    rows = tuple(TableRow(origin[number], _split(lines[number])) for number in range(first + 2, end))
    document.tables.append(Table(origin[first], _split(lines[first]), rows, title))
    position = start + 1
    while tokens[position].type != "table_close":
        position += 1
    return position + 1
