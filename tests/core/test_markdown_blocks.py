"""The reader's block parser (``core/markdown_blocks.py``) reads every document as markdown-it-py's own
rules do: the same blocks on the same lines, tables recognised and ended in the same places, the same
cells, and the same task-list boxes as the tasklists plugin — on every Markdown file of the repository's
tests and OS2's corpus, and on thousands of generated documents made of the lines that decide tables."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.rules_block.table import escapedSplit
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from programkontor.core import markdown_reader
from programkontor.core.markdown_blocks import escaped_split

TESTS = Path(__file__).resolve().parents[1]
#: markdown-it-py's parser as the reader used it before (inline pass, the GFM table rule, tasklists).
FULL = markdown_reader._PARSER
PLAIN = MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin)
CELL_TOKENS = {"thead_open", "thead_close", "tbody_open", "tbody_close", "th_open", "th_close", "td_open"}
CELL_TOKENS |= {"td_close"}
PIECES = [
    "| a | b |", "|---|---|", "| --- | :-: |", "a | b", "--|--", "- | -", "|-|", "| x |", "  | y | z |",
    "    | code |", "> | q |", "- | li |", "", "text", "# h", "```", "| \\| | b |", "|", "||",
    "| a | b | c |", ":--|", "-- |", "|---", "\t|---|---|", "| a |\xa0", "|---|---|\xa0", "1. | a | b |",
    "   |---|---|", "<div>", "***", "[r]: /u", "- [ ] todo", "- [x] done", "* [X]\tdone", "- [x]no",
    "  - [ ] nested", "> - [ ] quoted", "1. [x] one", "- ", "  [ ] later",
]  # fmt: skip


def documents() -> list[str]:
    files = [
        path
        for pattern in ("**/*.md", "**/*.txt")
        for path in TESTS.glob(pattern)
        if "__pycache__" not in path.parts
    ]
    texts = [path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n") for path in files]
    rng = random.Random(14)
    texts += ["\n".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 9))) for _ in range(3_000)]
    return texts


def blocks(tokens: list[Token]) -> list[tuple[object, ...]]:
    """The tokens the reader reads: everything but the cells inside tables, and no levels there."""
    found: list[tuple[object, ...]] = []
    inside = False
    for token in tokens:
        if token.type == "table_open":
            inside = True
        elif token.type == "table_close":
            inside = False
        if token.type in CELL_TOKENS or (inside and token.type == "inline"):
            continue
        level = None if inside and token.type.startswith("tr_") else token.level
        found.append((token.type, token.map, level, token.nesting, token.content, token.info))
    return found


def test_the_cells_are_split_as_markdown_it_splits_them() -> None:
    rng = random.Random(3)
    alphabet = ["|", "\\", "a", " ", "-", ":", "\t", "\xa0", "*"]
    for _ in range(20_000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 10)))
        assert escaped_split(line) == escapedSplit(line), line


@pytest.mark.parametrize("chunk", range(4))
def test_the_blocks_are_markdown_its(chunk: int) -> None:
    texts = documents()
    for text in texts[chunk::4]:
        assert blocks(markdown_reader._BLOCKS.parse(text)) == blocks(PLAIN.parse(text)), text


def _boxes_as_the_plugin_marks_them(text: str) -> list[tuple[str, bool | None]]:
    tokens = FULL.parse("\n".join(markdown_reader.repair(text.split("\n"))[0]))
    boxes = []
    for position, token in enumerate(tokens):
        if token.type != "list_item_open":
            continue
        content = next((t for t in tokens[position : position + 4] if t.type == "inline"), None)
        checked: bool | None = None
        if "task-list-item" in str(token.attrs.get("class", "")) and content is not None:
            children = content.children or []
            checked = bool(children) and 'checked="checked"' in children[0].content
        boxes.append((content.content.strip() if content else "", checked))
    return boxes


def test_task_list_boxes_are_the_plugins() -> None:
    for text in documents()[::3]:
        items = markdown_reader.read_markdown(text).items
        assert [(item.text, item.checked) for item in items] == _boxes_as_the_plugin_marks_them(text), text


def test_no_block_that_ends_a_table_starts_with_a_pipe() -> None:
    """The table rule tries only rows that do not start with ``|`` against the blocks that end a table;
    those are these, and none of them starts with a pipe."""
    ending = {rule.name for rule in markdown_reader._BLOCKS.block.ruler.__rules__ if "blockquote" in rule.alt}
    assert ending == {"front_matter", "fence", "blockquote", "hr", "list", "html_block", "heading"}
