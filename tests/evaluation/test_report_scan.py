"""Evaluation reports read by the reader's one-pass scanner (issue 14) read exactly as they did through
markdown-it's block rules: the same parse of every report of the tests and OS2's corpus, of reports in
the benchmark's layout edited by hand (CRLF, trailing spaces, padding, missing blank lines, headings
with extra ``#``, emoji, capitals, dropped columns), and the same evaluations, ratings, history rows
and search entries when they are imported."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programkontor.core import markdown_reader
from programkontor.evaluation import scoring, services
from programkontor.evaluation.formats import report
from programkontor.evaluation.formats.catalogue import CatalogueData
from programkontor.evaluation.models import Catalogue, Rating
from tests.conftest import OS2_CORPUS
from tests.core.test_markdown_scan import HAND_EDITS, scanned
from tests.evaluation.conftest import read
from tests.evaluation.test_format_mutations import SETTINGS, apply, mutations, words
from tests.evaluation.test_services import stored

#: OS2's example report (``files/example_evaluation_report.md`` is a copy of it) and the corpus'.
EXAMPLES = [(OS2_CORPUS / "evaluations" / "os2-test_assessment.md").read_text(encoding="utf-8")]
assert read("example_evaluation_report.md") == EXAMPLES[0]


class Unscanned:
    """While active, the reader reads every document through markdown-it (the reader as it was)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch

    def __enter__(self) -> None:
        self.monkeypatch.setattr(markdown_reader, "scan_blocks", lambda lines: None)

    def __exit__(self, *exc: object) -> None:
        self.monkeypatch.undo()


def both_ways(text: str, catalogue: CatalogueData, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The parse of ``text`` and its count comparisons, by the scanner and by markdown-it."""
    parsed = report.parse_report(text.encode(), catalogue)
    yield parsed, report.mismatches(parsed, catalogue)
    with Unscanned(monkeypatch):
        parsed = report.parse_report(text.encode(), catalogue)
        yield parsed, report.mismatches(parsed, catalogue)


def rendered(catalogue: CatalogueData, lights: dict[str, str], evidence: dict[str, str]) -> str:
    """A report in OS2's published layout, as ``benchmarks.evaluation`` renders them."""
    return report.render_report(
        catalogue,
        report.ReportContent(
            product_name="OS2bench",
            evaluated_on=datetime.date(2026, 5, 6),
            evaluator="OS2-sekretariatet",
            git_url="https://github.com/OS2/os2bench",
            summary="Produktet er vurderet ud fra selvevalueringen.",
            overall="**Styrker:** åben udvikling.\n\n**Forbedringer:** drift.",
            recommendations="- Opdatér selvevalueringen\n- Beskriv driften",
            ratings=lights,
            evidence=evidence,
        ),
    )


def off_by_one(text: str) -> str:
    """The report with a hand-counted row of its levels table off by one (as the benchmark makes them)."""
    start = text.index("| Niveau 2 | ")
    end = text.index("\n", start)
    cells = text[start:end].split("|")
    cells[2] = f" {int(cells[2]) + 1} "
    return text[:start] + "|".join(cells) + text[end:]


def test_every_report_of_the_tests_and_the_corpus_parses_as_before(
    os2: CatalogueData, monkeypatch: pytest.MonkeyPatch
) -> None:
    for text in EXAMPLES:
        assert scanned(text.replace("\r\n", "\n"))
        fast, before = both_ways(text, os2, monkeypatch)
        assert fast == before
        assert len(fast[0].ratings) == 43


@pytest.mark.parametrize("name", HAND_EDITS)
def test_a_report_edited_by_hand_parses_as_before(
    name: str, os2: CatalogueData, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit, _by_the_scanner = HAND_EDITS[name]
    fast, before = both_ways(edit(EXAMPLES[0]), os2, monkeypatch)
    assert fast == before


@settings(parent=SETTINGS, max_examples=25)
@given(data=st.data())
def test_reports_in_the_benchmarks_layout_edited_by_hand_parse_as_before(
    os2: CatalogueData, monkeypatch: pytest.MonkeyPatch, data: st.DataObject
) -> None:
    lights = {code: data.draw(st.sampled_from(scoring.LIGHTS)) for code in os2.codes}
    evidence = {code: data.draw(words) for code in os2.codes}
    text = rendered(os2, lights, evidence)
    assert scanned(text)
    if data.draw(st.booleans()):
        text = apply(text, data.draw(mutations(["Krav", "Vurderingskriterie", "Niveau"])), data)
    fast, before = both_ways(text, os2, monkeypatch)
    assert fast == before
    assert fast[0].ratings == lights


def test_an_import_stores_what_it_stored_before(
    catalogue: Catalogue, world: Any, os2: CatalogueData, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same evaluations, ratings, history rows and search entries, by the scanner and without it."""
    rng = random.Random(14)
    texts = [
        rendered(
            os2,
            {code: rng.choice(scoring.LIGHTS) for code in os2.codes},
            dict.fromkeys(os2.codes, "Se README."),
        )
        for _ in range(2)
    ]
    texts += [off_by_one(texts[-1]), *EXAMPLES]
    files = [text.encode() for text in texts]
    alice = world["alice"]
    fast = services.import_evaluations(reports=[(world.product, data) for data in files], actor=alice)
    with Unscanned(monkeypatch):
        before = services.import_evaluations(
            reports=[(world.other_product, data) for data in files], actor=alice
        )
    assert [r.created for r in fast + before] == [True] * 8
    assert [len(r.mismatches) for r in fast] == [len(r.mismatches) for r in before]
    assert any(r.mismatches for r in fast)
    for scanned_import, unscanned_import in zip(fast, before, strict=True):
        assert stored(scanned_import.evaluation) == stored(unscanned_import.evaluation)
        assert scanned_import.parsed == unscanned_import.parsed
        assert scanned_import.chart_mismatches == unscanned_import.chart_mismatches
    assert Rating.history.count() == Rating.objects.count() == 8 * 43
