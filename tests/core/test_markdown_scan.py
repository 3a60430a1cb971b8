"""The one-pass scanner of ``core/markdown_blocks.py`` (issue 14): where it reads a document, the reader
gives exactly what markdown-it's block rules give (``read_markdown(text, scan=False)``, the reader as it
was) — on every Markdown file of the tests and OS2's corpus, on OS2's reports edited by hand, and on
tens of thousands of generated documents made of every kind of line; where it cannot be sure, it
answers None and markdown-it reads the document."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from programkontor.core.markdown_blocks import scan_blocks
from programkontor.core.markdown_reader import read_markdown, repair
from tests.core.test_markdown_blocks import TESTS, documents

#: Lines of every kind the block rules tell apart: blank, paragraphs, setext underlines, rules, lists,
#: ordered lists, headings good and bad, quotes, fences, indented code, tables and near-tables, HTML,
#: reference definitions, task boxes, non-breaking and vertical space.
EVERY_KIND = [
    "", "", "", "  ", "\t", "text", "**Bold:** value", "**Only bold**", "*em* x", "* item", "- item",
    "+ item", "-  two", "- ", "-", "--", "---", "----", "***", "___", "- - -", "===", "= x", "# H",
    "## H ##", "### H #", "####### H", "#H", "# ", "#", "## a | b", "> quote", ">quote", "> ", ">",
    "> - x", "> # h", "> | a |", "```", "```mermaid", "``` a`b", "~~~", "````", "   ```", "    code",
    " text", "  - nested", "| a | b |", "|---|---|", "| --- | :-: |", "|-|", "| x | y |", "| x |",
    "| x | y | z |", "a | b", "--- | ---", "| a \\| b | c |", "|", "||", "1. one", "2) two", "10. ten",
    "2024 year", "[ref]: http://x", "[x] task", "- [ ] task", "- [x] done", "<div>", "<!-- c -->",
    "text  ", "text<br/>", "...", "`code` x", "~ tilde", "+1", "_a_", "__b__", "\xa0nbsp", "\v",
    "Key: value", "- **K:** v", "| a | b |<br>", "\u2003em space",
]  # fmt: skip
#: Lines as OS2's reports have them, and the edits people make to them: the scanner reads more of these.
REPORT_KIND = [
    "", "", "", "text", "**Bold:** value", "**Only bold**", "*em* x", "- item", "* item", "--", "---",
    "***", "# H", "## H ##", "### H #", "#H", "> quote", "> **K:** v<br/>", "```", "```mermaid", "~~~",
    "| a | b |", "|---|---|", "| --- | :-: |", "| x | y |", "| x |", "| x | y | z |", "a | b",
    "[x] task", "- [ ] task", "[ref]: http://x", "Key: value", "- **K:** v", "text  ", "=",
    "\xa0nbsp", "`code` x", "   | x |", "| a | b | | --- | --- | | 1 | 2 |", "| 🟢 1 | ⚪ 2 |",
]  # fmt: skip


def scanned(text: str) -> bool:
    """Whether the scanner reads ``text`` itself (not markdown-it)."""
    return scan_blocks(repair(text.split("\n"))[0]) is not None


def assert_read_alike(text: str) -> None:
    assert read_markdown(text) == read_markdown(text, scan=False), text


def generated(kinds: list[str], seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        lines = [rng.choice(kinds) for _ in range(rng.randint(1, 14))]
        if rng.random() < 0.2:  # front matter, closed somewhere (or not)
            lines.insert(0, "---")
            lines.insert(rng.randint(1, len(lines)), "---")
        texts.append("\n".join(lines) + ("\n" if rng.random() < 0.5 else ""))
    return texts


@pytest.mark.parametrize("chunk", range(4))
def test_every_test_document_reads_as_markdown_it_reads_it(chunk: int) -> None:
    for text in documents()[chunk::4]:
        assert_read_alike(text)


@pytest.mark.parametrize(
    ("kinds", "seed"), [(EVERY_KIND, 1), (EVERY_KIND, 2), (REPORT_KIND, 3), (REPORT_KIND, 4)]
)
def test_generated_documents_read_as_markdown_it_reads_them(kinds: list[str], seed: int) -> None:
    texts = generated(kinds, seed, 6_000)
    for text in texts:
        assert_read_alike(text)
    # The scanner answered for a good share of them itself (the rest went to markdown-it).
    assert sum(map(scanned, texts)) > 400


def _report() -> str:
    return (TESTS / "evaluation" / "files" / "example_evaluation_report.md").read_text(encoding="utf-8")


def _lines(change: Callable[[str], str]) -> Callable[[str], str]:
    return lambda text: "\n".join(change(line) for line in text.split("\n"))


#: Edits people make to a report by hand, and whether the scanner still reads the result itself.
HAND_EDITS: dict[str, tuple[Callable[[str], str], bool]] = {
    "trailing spaces": (_lines(lambda line: line + "  " if line else line), True),
    "a tab at line ends": (_lines(lambda line: line + "\t" if line else line), True),
    "headings with an extra #": (_lines(lambda line: "#" + line if line.startswith("#") else line), True),
    "headings closed with #": (_lines(lambda line: f"{line} ##" if line.startswith("#") else line), True),
    "no blank line under headings": (lambda text: text.replace("\n\n|", "\n|"), True),
    "no blank lines at all": (lambda text: text.replace("\n\n", "\n"), False),
    "rows indented": (_lines(lambda line: "  " + line if line.startswith("| ") else line), False),
    "a blank line under the delimiter row": (lambda text: text.replace("|\n| R1 ", "|\n\n| R1 "), True),
    "bullets with stars": (_lines(lambda line: "* " + line[2:] if line.startswith("- ") else line), True),
}


@pytest.mark.parametrize("name", HAND_EDITS)
def test_a_report_edited_by_hand_reads_as_markdown_it_reads_it(name: str) -> None:
    edit, by_the_scanner = HAND_EDITS[name]
    text = edit(_report())
    assert text != _report()
    assert_read_alike(text)
    assert scanned(text) is by_the_scanner


def test_os2s_evaluation_reports_are_read_by_the_scanner() -> None:
    corpus = TESTS / "fixtures" / "os2_corpus" / "evaluations" / "os2-test_assessment.md"
    for text in (_report(), corpus.read_text(encoding="utf-8").replace("\r\n", "\n")):
        assert scanned(text)
        document = read_markdown(text)
        assert document == read_markdown(text, scan=False)
        assert len(document.tables) >= 6 and document.front_matter and document.code_blocks
