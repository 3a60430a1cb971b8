"""The block parser :mod:`programkontor.core.markdown_reader` reads documents with (no Django).

The reader keeps each part's Markdown source and never reads markdown-it's inline tokens (labels go
through ``plain``), so documents are parsed by blocks only — markdown-it-py's CommonMark block rules
with GFM tables and front matter, without the inline pass. Its table rule is replaced by
:func:`table_rule`, which recognises and ends a table exactly as markdown-it-py 4's ``table`` rule
does but pushes only the tokens the reader reads (``table_open``, one ``tr_open``/``tr_close`` per
row with its line map, ``table_close``) and finds the cells with a pattern instead of a loop over the
characters: an evaluation report is mostly tables, and these two were most of the time of an import.
The task-list boxes are read by the reader from the items' source (``tasklists`` runs on inline
tokens).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import isStrSpace, mdTrim
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
    return [cell.replace("\\|", "|") for cell in _PIPE.split(line)]


def _cell_count(line: str) -> int:
    """The number of cells of a (trimmed, non-empty) table line: its cells without an empty first and
    last one (what markdown-it counts after ``escapedSplit``)."""
    count = len(_PIPE.findall(line)) + 1
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
    text = _line(state, line)
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
