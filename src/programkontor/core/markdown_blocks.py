"""The block parser :mod:`programkontor.core.markdown_reader` reads documents with (no Django).

The reader keeps each part's Markdown source and never reads markdown-it's inline tokens (labels go
through ``plain``), so documents are parsed by blocks only — markdown-it-py's CommonMark block rules
with GFM tables and front matter, without the inline pass. Its table rule is replaced by
:func:`table_rule`, which recognises and ends a table exactly as markdown-it-py 4's ``table`` rule
does but pushes only the tokens the reader reads (``table_open``, one ``tr_open``/``tr_close`` per
row with its line map, ``table_close``) and finds the cells with a pattern instead of a loop over the
characters: an evaluation report is mostly tables, and these two were most of the time of an import.
The reader takes a table's rows from the lines its ``table_open`` spans (the rule ends a table at the
first line that is no row), so the scanner pushes no token per row.
The task-list boxes are read by the reader from the items' source (``tasklists`` runs on inline
tokens).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import MD_TRIM_CHARS, isStrSpace, mdTrim
from markdown_it.rules_block.state_block import StateBlock
from mdit_py_plugins.front_matter import front_matter_plugin

#: A cell boundary: a pipe not directly after a backslash (markdown-it's ``escapedSplit``).
_PIPE = re.compile(r"(?<!\\)\|")
_HEADER_CELL = re.compile(r"^:?-+:?$")
_DELIMITER_LINE = re.compile(r"^[-:|][-:| \t]*$")
#: markdown-it-py's limit on the empty cells a table may add to short rows.
MAX_AUTOCOMPLETED_CELLS = 0x10000


def escaped_split(line: str) -> list[str]:
    """``line`` split at its unescaped pipes, ``\\|`` read as ``|`` (markdown-it's ``escapedSplit``)."""
    if "\\" not in line:
        return line.split("|")
    return [cell.replace("\\|", "|") for cell in _PIPE.split(line)]


def _cell_count(line: str) -> int:
    """The number of cells of a (trimmed, non-empty) table line: its cells without an empty first and
    last one (what markdown-it counts after ``escapedSplit``)."""
    count = (len(_PIPE.findall(line)) if "\\" in line else line.count("|")) + 1
    if line.startswith("|"):
        count -= 1
        if count and line.endswith("|") and (len(line) == 1 or line[-2] != "\\"):
            count -= 1
    elif line.endswith("|") and (len(line) == 1 or line[-2] != "\\"):
        count -= 1
    return count


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _delimiter_cells(state: StateBlock, line: int) -> int | None:
    """The number of columns the delimiter row at ``line`` sets, or None if it is not one."""
    return _delimiter_text_cells(_line(state, line))


def _delimiter_text_cells(text: str) -> int | None:
    """The number of columns a delimiter row's text (after its indentation) sets, or None."""
    if len(text) < 2 or not _DELIMITER_LINE.match(text):
        return None
    first, second = text[0], text[1]
    if second not in "|-:" and not isStrSpace(second):
        return None
    if first == "-" and isStrSpace(second):  # a list item, not a delimiter row
        return None
    columns = text.split("|")
    count = 0
    for index, column in enumerate(columns):
        cell = mdTrim(column)
        if not cell:
            if index in (0, len(columns) - 1):
                continue
            return None
        if not _HEADER_CELL.search(cell):
            return None
        count += 1
    return count


def table_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it-py's GFM ``table`` rule, pushing only the tokens the reader needs."""
    if start_line + 2 > end_line:
        return False
    next_line = start_line + 1
    if state.sCount[next_line] < state.blkIndent or state.is_code_block(next_line):
        return False
    aligns = _delimiter_cells(state, next_line)
    if aligns is None:
        return False
    header = mdTrim(_line(state, start_line))
    if "|" not in header or state.is_code_block(start_line):
        return False
    column_count = _cell_count(header)
    if column_count == 0 or column_count != aligns:
        return False
    if silent:
        return True
    old_parent_type = state.parentType
    state.parentType = "table"
    terminators = state.md.block.ruler.getRules("blockquote")
    token = state.push("table_open", "table", 1)
    token.map = table_lines = [start_line, 0]
    state.push("tr_open", "tr", 1).map = [start_line, start_line + 1]
    state.push("tr_close", "tr", -1)
    autocompleted = 0
    next_line = start_line + 2
    while next_line < end_line:
        if state.sCount[next_line] < state.blkIndent:
            break
        # A row that starts with a pipe starts none of the blocks that end a table (fence, block
        # quote, rule, list, HTML, heading, front matter): only other lines are tried against them.
        first = state.bMarks[next_line] + state.tShift[next_line]
        if state.src[first : first + 1] != "|" and any(
            rule(state, next_line, end_line, True) for rule in terminators
        ):
            break
        text = mdTrim(_line(state, next_line))
        if not text or state.is_code_block(next_line):
            break
        autocompleted += column_count - _cell_count(text)
        if autocompleted > MAX_AUTOCOMPLETED_CELLS:
            break
        state.push("tr_open", "tr", 1).map = [next_line, next_line + 1]
        state.push("tr_close", "tr", -1)
        next_line += 1
    state.push("table_close", "table", -1)
    table_lines[1] = next_line
    state.parentType = old_parent_type
    state.line = next_line
    return True


def block_parser() -> MarkdownIt:
    """CommonMark with GFM tables and front matter, by blocks only (see the module's text)."""
    parser = (
        MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
        .enable("table")
        .use(front_matter_plugin)
        .disable(["inline", "text_join"])
    )
    parser.block.ruler.at("table", table_rule, {"alt": ["paragraph", "reference"]})
    return parser


# The fast path: documents in the shapes OS2's generators and most people write, without markdown-it


class BlockToken:
    """A token of :func:`scan_blocks`: the fields of markdown-it's ``Token`` the reader reads."""

    __slots__ = ("content", "info", "map", "tag", "type")

    def __init__(
        self, type_: str, map_: list[int] | None = None, *, tag: str = "", content: str = "", info: str = ""
    ) -> None:
        self.type = type_
        self.map = map_
        self.tag = tag
        self.content = content
        self.info = info


_HR_CHARS = {"-": frozenset("- \t"), "*": frozenset("* \t"), "_": frozenset("_ \t")}
_ORDERED = re.compile(r"\d{1,9}[.)](?:[ \t]|$)")
_SETEXT_EQUALS = frozenset("= \t")
_SETEXT_DASHES = frozenset("- \t")


class _Unsure(Exception):
    """The document has a shape :func:`scan_blocks` does not read; markdown-it reads it."""


def _indent(line: str) -> tuple[int, int]:
    """(tShift, sCount) of a line as markdown-it's ``StateBlock`` counts them: the leading spaces and
    tabs, and their width with tabs to the next multiple of four."""
    shift = width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
        shift += 1
    return shift, width


def _is_blank(line: str) -> bool:
    return not line.strip(" \t")


def _hr_like(line: str) -> bool:
    """``line`` (unindented) is a thematic break: three or more of one marker, spaces between."""
    allowed = _HR_CHARS.get(line[:1])
    return allowed is not None and line.count(line[0]) >= 3 and allowed.issuperset(line)


def _bullet(line: str) -> bool:
    """``line`` (unindented) opens a bullet item: a marker then a space, a tab or the line's end."""
    return line[:1] in ("-", "*", "+") and (len(line) == 1 or line[1] in " \t")


def _plain(line: str) -> bool:
    """``line`` is paragraph text that starts no block and ends none: nothing markdown-it's block rules
    (table, code, fence, quote, rule, list, HTML, heading, setext underline) could take."""
    first = line[:1]
    if not first or first in " \t>#<|" or "|" in line:
        return False
    if first in "-*+_":
        return not _bullet(line) and not _hr_like(line) and not _SETEXT_DASHES.issuperset(line)
    if first in "`~":
        return not line.startswith(("```", "~~~"))
    if first == "=":
        return not _SETEXT_EQUALS.issuperset(line)
    if first.isdigit():
        return _ORDERED.match(line) is None
    return True


def _heading(line: str) -> tuple[int, str] | None:
    """(level, content) of an ATX heading line (unindented), as markdown-it's ``heading`` rule."""
    level = len(line) - len(line.lstrip("#"))
    if not 1 <= level <= 6 or (len(line) > level and line[level] not in " \t"):
        return None
    end = len(line.rstrip(" \t"))
    end = max(end, level)
    tail = end
    while tail > level and line[tail - 1] == "#":
        tail -= 1
    if tail < end and tail > level and line[tail - 1] in " \t":
        end = tail
    return level, line[level:end].strip(MD_TRIM_CHARS)


def _front_matter(lines: list[str], tokens: list[BlockToken]) -> int:
    """The front matter at the top (mdit_py_plugins' rule); the line after it (0 for none)."""
    first = lines[0]
    count = len(first) - len(first.lstrip("-"))
    if count < 3:  # (the rest of the first line does not count)
        return 0
    for number in range(1, len(lines)):
        line = lines[number]
        shift, width = _indent(line)
        body = line[shift:]
        if width == 0 and line.startswith("...") and not line[3:].strip(" \t"):
            break
        if not body.startswith("-") or width >= 4:
            continue
        dashes = len(body) - len(body.lstrip("-"))
        if dashes >= count and not body[dashes:].strip(" \t"):
            break
    else:
        raise _Unsure  # unclosed: markdown-it reads the first line again as something else
    tokens.append(BlockToken("front_matter", [0, number + 1], content="\n".join(lines[1:number])))
    return number + 1


def _table(lines: list[str], start: int, tokens: list[BlockToken]) -> int | None:
    """The table at ``start`` (:func:`table_rule`'s rules); the line after it, None for no table."""
    if start + 1 >= len(lines):
        return None
    shift, width = _indent(lines[start + 1])
    if width >= 4:
        return None
    delimiter = lines[start + 1][shift:]
    aligns = _delimiter_text_cells(delimiter)
    header = mdTrim(lines[start])
    if aligns is None or "|" not in header:
        return None
    column_count = _cell_count(header)
    if column_count == 0 or column_count != aligns:
        return None
    autocompleted = 0
    # Short rows count only when they could add more cells than markdown-it allows.
    counted = column_count * len(lines) > MAX_AUTOCOMPLETED_CELLS
    number = start + 2
    while number < len(lines):
        line = lines[number]
        if line[:1] != "|":  # an indented row, or no row
            shift, width = _indent(line)
            if line[shift : shift + 1] != "|":
                if _is_blank(line):
                    break
                raise _Unsure  # a row without its pipe, or a block that ends the table
            if width >= 4:
                break
        if counted:
            autocompleted += column_count - _cell_count(mdTrim(line))
            if autocompleted > MAX_AUTOCOMPLETED_CELLS:
                break
        number += 1
    tokens.append(BlockToken("table_open", [start, number]))
    tokens.append(BlockToken("table_close"))
    return number


def _fence(lines: list[str], start: int, tokens: list[BlockToken]) -> int:
    line = lines[start]
    marker = line[0]
    length = len(line) - len(line.lstrip(marker))
    params = line[length:]
    if marker == "`" and "`" in params:
        raise _Unsure
    for number in range(start + 1, len(lines)):
        body = lines[number].lstrip(" \t")
        if not body.startswith(marker) or _indent(lines[number])[1] >= 4:
            continue
        count = len(body) - len(body.lstrip(marker))
        if count >= length and not body[count:].strip(" \t"):
            break
    else:
        raise _Unsure  # closed by the end of the document
    content = "".join(text + "\n" for text in lines[start + 1 : number])
    tokens.append(BlockToken("fence", [start, number + 1], tag="code", content=content, info=params))
    return number + 1


def _paragraph(lines: list[str], start: int, tokens: list[BlockToken], *, quoted: int = 0) -> int:
    """The paragraph of plain lines from ``start``. At the top it ends at a blank line, the end, a
    heading, a fence, a quote or a bullet item (which the scanner reads next); any other line could
    continue it in ways the scanner does not follow. In a quote of ``quoted`` lines (checked plain)
    it is all of them, their ``> `` taken off."""
    if quoted:
        number = start + quoted
        body = [line[2:] for line in lines[start:number]]
    else:
        number = start + 1
        while number < len(lines) and not _ends_paragraph(lines[number]):
            number += 1
        body = lines[start:number]
    if body[0].startswith("[") and any("]:" in text for text in body):
        raise _Unsure  # perhaps a link reference definition
    tokens.append(BlockToken("paragraph_open", [start, number]))
    tokens.append(BlockToken("inline", [start, number], content="\n".join(body).strip(MD_TRIM_CHARS)))
    tokens.append(BlockToken("paragraph_close"))
    return number


def _ends_paragraph(line: str) -> bool:
    """Whether ``line``, under a paragraph's line, ends it (False: it continues it)."""
    if _plain(line):
        return False
    if _is_blank(line) or (line[:1] == ">" and "|" not in line):
        return True
    if line[:1] == "#" and "|" not in line and _heading(line) is not None:
        return True
    if line.startswith(("```", "~~~")) and "|" not in line:
        return True
    if _bullet(line) and _item_text(line) and not _hr_like(line) and "|" not in line:
        return True
    raise _Unsure


def _item_text(line: str) -> str:
    """The text of a one-line bullet item ``- text`` (one space after the marker), '' otherwise."""
    if len(line) < 3 or line[1] != " " or line[2] in " \t":
        return ""
    return line[2:]


def _blockquote(lines: list[str], start: int, tokens: list[BlockToken]) -> int:
    """A block quote of one paragraph: lines ``> text`` up to a blank line or the end."""
    number = start
    while number < len(lines) and lines[number].startswith(">"):
        line = lines[number]
        if len(line) < 3 or line[1] != " " or not _plain(line[2:]):
            raise _Unsure
        number += 1
    if number < len(lines) and not _is_blank(lines[number]):
        raise _Unsure  # a lazy continuation line, or a block right under the quote
    tokens.append(BlockToken("blockquote_open", [start, number]))
    _paragraph(lines, start, tokens, quoted=number - start)
    tokens.append(BlockToken("blockquote_close"))
    return number


def _bullet_list(lines: list[str], start: int, tokens: list[BlockToken]) -> int:
    """A list of one-line items ``- text`` with one marker, blank lines allowed between items."""
    marker = lines[start][0]
    tokens.append(BlockToken("bullet_list_open", [start, 0]))
    opened = tokens[-1]
    number = start
    while True:
        text = _item_text(lines[number])
        if not text or not _plain(text):
            raise _Unsure
        if text.startswith("[") and "]:" in text:
            raise _Unsure
        tokens.append(BlockToken("list_item_open", [number, number + 1]))
        tokens.append(BlockToken("paragraph_open", [number, number + 1]))
        tokens.append(BlockToken("inline", [number, number + 1], content=text.strip(MD_TRIM_CHARS)))
        tokens.append(BlockToken("paragraph_close"))
        tokens.append(BlockToken("list_item_close"))
        following = number + 1
        while following < len(lines) and _is_blank(lines[following]):
            following += 1
        if following < len(lines) and lines[following].startswith(marker) and _bullet(lines[following]):
            if _hr_like(lines[following]):
                raise _Unsure
            number = following
            continue
        if number + 1 < len(lines) and not _is_blank(lines[number + 1]):
            raise _Unsure  # a lazy continuation line, or a block right under the list
        break
    tokens.append(BlockToken("bullet_list_close"))
    opened.map = [start, number + 1]
    return number + 1


def scan_blocks(lines: list[str]) -> list[BlockToken] | None:
    """The tokens :func:`block_parser` gives the reader for ``lines`` ('\\n'-separated source), read in
    one pass over the lines — or None when the document has a shape this scanner does not read for
    certain (indented lines, nested blocks, lazy continuation lines, HTML, setext headings, reference
    definitions, ordered lists, ...), which markdown-it then reads. Where it answers, the answer is
    markdown-it's (the tests compare the two on every Markdown file they have, hand-edited variants
    and generated mixtures of every kind of line)."""
    tokens: list[BlockToken] = []
    try:
        number = _front_matter(lines, tokens) if lines and lines[0].startswith("---") else 0
        count = len(lines)
        while number < count:
            line = lines[number]
            first = line[:1]
            if not line.strip(" \t"):  # blank
                number += 1
            elif first in " \t<":
                raise _Unsure
            elif "|" in line:
                found = _table(lines, number, tokens)
                if found is None:
                    raise _Unsure
                number = found
            elif line.startswith(("```", "~~~")):
                number = _fence(lines, number, tokens)
            elif first == ">":
                number = _blockquote(lines, number, tokens)
            elif _hr_like(line):
                tokens.append(BlockToken("hr", [number, number + 1]))
                number += 1
            elif _bullet(line):
                number = _bullet_list(lines, number, tokens)
            elif first == "#":
                heading = _heading(line)
                if heading is None:
                    raise _Unsure
                level, content = heading
                tokens.append(BlockToken("heading_open", [number, number + 1], tag=f"h{level}"))
                tokens.append(BlockToken("inline", [number, number + 1], content=content))
                tokens.append(BlockToken("heading_close"))
                number += 1
            elif _plain(line):
                number = _paragraph(lines, number, tokens)
            else:
                raise _Unsure
    except _Unsure:
        return None
    return tokens
