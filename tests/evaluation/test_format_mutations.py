"""Property tests (issue 12): take what OS2's generators write for random answers, edit it the ways
people do — emoji on headings, a heading level up or down, capitals, padding, CRLF, ``<br/>`` or two
spaces at line ends, a missing optional column — and the file reads exactly as before."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programkontor.evaluation import scoring
from programkontor.evaluation.formats import governance_report as gov
from programkontor.evaluation.formats import report
from programkontor.evaluation.formats import self_evaluation as fmt
from programkontor.evaluation.formats.catalogue import CatalogueData

Mutation = Callable[[str, st.DataObject], str]
EMOJI = ["🌍", "📄", "📊", "✅", "🏛️", "⚙️", "🔎"]
_HEADING = re.compile(r"^(#{1,5}) (.*)$")


def _headings(text: str, change: Callable[[str, str], str]) -> str:
    """Every heading but the title (the first) changed by ``change(hashes, text)``; a level-1 heading
    (the evaluation report's ``# Optælling af vurderinger …``) never goes up a level."""
    lines = []
    title_seen = False
    for line in text.split("\n"):
        found = _HEADING.match(line)
        if found and title_seen:
            line = change(found.group(1), found.group(2))
        title_seen = title_seen or bool(found)
        lines.append(line)
    return "\n".join(lines)


def emoji_on_headings(text: str, data: st.DataObject) -> str:
    emoji = data.draw(st.sampled_from(EMOJI))
    bold = data.draw(st.booleans())
    return _headings(text, lambda hashes, title: f"{hashes} {emoji} " + (f"**{title}**" if bold else title))


def heading_level(text: str, data: st.DataObject) -> str:
    step = data.draw(st.sampled_from([-1, 1]))
    return _headings(text, lambda hashes, title: "#" * max(1, len(hashes) + step) + " " + title)


def capitals(text: str, data: st.DataObject) -> str:
    how = data.draw(st.sampled_from([str.lower, str.upper, str.title]))
    text = _headings(text, lambda hashes, title: f"{hashes} {how(title)}")
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("| #"):  # the requirement tables' header rows
            lines[index] = how(line)
    return "\n".join(lines)


def padding(text: str, data: st.DataObject) -> str:
    spaces = data.draw(st.integers(min_value=0, max_value=6))
    lines = []
    for line in text.split("\n"):
        if line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line)
            line = "|".join(
                (" " * spaces + cell.strip() + " " * (spaces + 1)) if cell.strip() else cell for cell in cells
            )
        lines.append(line)
    return "\n".join(lines)


def crlf(text: str, data: st.DataObject) -> str:
    return text.replace("\n", "\r\n")


def line_ends(text: str, data: st.DataObject) -> str:
    end = data.draw(st.sampled_from(["  ", "<br>", "<br />", "<BR/>", ""]))
    return "\n".join(
        line[: -len("<br/>")] + end if line.startswith(">") and line.endswith("<br/>") else line
        for line in text.split("\n")
    )


def drop_column(name: str) -> Mutation:
    """A column left out of every requirement table (found by its header)."""

    def mutate(text: str, data: st.DataObject) -> str:
        lines = text.split("\n")
        index: int | None = None
        in_table = False
        for number, line in enumerate(lines):
            if not line.startswith("|"):
                index, in_table = None, False
                continue
            cells = re.split(r"(?<!\\)\|", line)
            if not in_table:  # a table's first row is its header (a cell below may hold the same word)
                in_table = True
                stripped = [cell.strip().casefold() for cell in cells]
                index = stripped.index(name.casefold()) if name.casefold() in stripped else None
            if index is not None and len(cells) > index:
                lines[number] = "|".join(cells[:index] + cells[index + 1 :])
        return "\n".join(lines)

    return mutate


COMMON: list[Mutation] = [emoji_on_headings, heading_level, capitals, padding, crlf, line_ends]


def mutations(optional_columns: list[str]) -> st.SearchStrategy[list[Mutation]]:
    every = COMMON + [drop_column(name) for name in optional_columns]
    return st.lists(st.sampled_from(every), min_size=1, max_size=4, unique=True)


def apply(text: str, chosen: list[Mutation], data: st.DataObject) -> str:
    # CRLF last: the other mutations work on lines.
    for mutation in sorted(chosen, key=lambda m: m is crlf):
        text = mutation(text, data)
    return text


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå ", min_size=0, max_size=30).map(
    lambda t: " ".join(t.split())
)
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(data=st.data())
def test_a_governance_report_edited_by_hand_reads_the_same(os2: CatalogueData, data: st.DataObject) -> None:
    answers = {code: data.draw(st.sampled_from([*scoring.ANSWERS, None])) for code in os2.codes}
    documentation = {code: data.draw(words) for code in os2.codes}
    written = gov.governance_report(
        os2,
        product_name="OS2test",
        filled_by="Karen Jensen",
        filled_on=datetime.date(2026, 5, 6),
        git_url="https://github.com/OS2/test",
        answers=answers,
        documentation=documentation,
    )
    chosen = data.draw(mutations(["Retningslinjer", "Produktniveau", "Krav"]))
    edited = apply(written, chosen, data)
    parsed = fmt.parse_self_evaluation(edited.encode(), os2)
    assert parsed.answers == answers
    assert parsed.documentation == documentation
    assert (parsed.product_name, parsed.filled_by, parsed.filled_on, parsed.git_url) == (
        "OS2test",
        "Karen Jensen",
        datetime.date(2026, 5, 6),
        "https://github.com/OS2/test",
    )
    assert parsed.unresolved == []


@SETTINGS
@given(data=st.data())
def test_an_evaluation_report_edited_by_hand_reads_the_same(os2: CatalogueData, data: st.DataObject) -> None:
    lights = {code: data.draw(st.sampled_from(scoring.LIGHTS)) for code in os2.codes}
    evidence = {code: data.draw(words) for code in os2.codes}
    content = report.ReportContent(
        product_name="OS2test",
        evaluated_on=datetime.date(2026, 5, 6),
        evaluator="Alice Andersen",
        git_url="https://github.com/OS2/test",
        summary="Et resumé.",
        overall="Samlet set godt.",
        recommendations="- Gør noget",
        ratings=lights,
        evidence=evidence,
    )
    chosen = data.draw(mutations(["Krav", "Vurderingskriterie", "Niveau"]))
    edited = apply(report.render_report(os2, content), chosen, data)
    parsed = report.parse_report(edited.encode(), os2)
    assert parsed.ratings == lights
    assert parsed.evidence == evidence
    assert (parsed.product_name, parsed.evaluated_on, parsed.evaluator, parsed.git_url) == (
        "OS2test",
        datetime.date(2026, 5, 6),
        "Alice Andersen",
        "https://github.com/OS2/test",
    )
    assert (parsed.summary, parsed.overall, parsed.recommendations) == (
        "Et resumé.",
        "Samlet set godt.",
        "- Gør noget",
    )
    # The count tables and pies are still found (under "## 📊 Optælling …" too) and agree with the lights.
    assert (len(parsed.level_rows), len(parsed.theme_cells), len(parsed.pies)) == (5, 20, 5)
    assert report.published_mismatches(parsed, os2) == []
    assert report.chart_mismatches(parsed, os2) == []
    assert parsed.unresolved == []
