"""Reading and writing evaluation reports in OS2's published layout: the worked example, broken
variants of it, forgiving variants, published count tables that disagree, and round trips."""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programkontor.evaluation import scoring
from programkontor.evaluation.formats import report
from programkontor.evaluation.formats.catalogue import CatalogueData
from programkontor.evaluation.formats.common import FormatError
from tests.evaluation.conftest import read

EXAMPLE = "example_evaluation_report.md"


def example() -> str:
    return read(EXAMPLE)


def problems(text: str, os2: CatalogueData) -> list[str]:
    with pytest.raises(FormatError) as raised:
        report.parse_report(text, os2)
    return raised.value.messages()


def test_it_reads_the_worked_example(os2: CatalogueData) -> None:
    parsed = report.parse_report(example(), os2)
    assert parsed.product_name == "OS2-test-selvevaluering"
    assert parsed.evaluated_on == datetime.date(2026, 5, 6)
    assert parsed.template_version == "0.9.2"
    assert parsed.evaluator == ""  # "[Navn]" is the template's placeholder
    assert parsed.summary == ""  # "Udfyldes senere." means nothing written yet
    assert len(parsed.ratings) == 43
    assert parsed.ratings["R4"] == scoring.GRAY
    assert parsed.ratings["F13"] == scoring.RED
    assert parsed.evidence["F2"] == "Der anvendes CC BY SA og MPL 2.0"
    assert len(parsed.level_rows) == 5
    assert len(parsed.theme_cells) == 20
    assert len(parsed.pies) == 5


def test_the_examples_published_tables_and_pies_agree_with_its_lights(os2: CatalogueData) -> None:
    parsed = report.parse_report(example(), os2)
    assert report.published_mismatches(parsed, os2) == []
    assert report.chart_mismatches(parsed, os2) == []


def test_every_published_row_that_disagrees_is_reported_with_expected_and_found(os2: CatalogueData) -> None:
    text = example().replace("| Niveau 2 | 9 | 0 | 10 | 0 |", "| Niveau 2 | 9 | 0 | 9 | 1 |")
    text = text.replace("| **Total** | 29 | 0 | 10 | 4 |", "| **Total** | 30 | 0 | 10 | 4 |")
    text = text.replace("| Formkrav | 🟢 5 🟡 0 🔴 0 ⚪ 0 |", "| Formkrav | 🟢 4 🟡 1 🔴 0 ⚪ 0 |")
    mismatches = [m.as_dict() for m in report.published_mismatches(report.parse_report(text, os2), os2)]

    assert [(m["table"], m["row"], m["column"]) for m in mismatches] == [
        ("levels", "Niveau 2", None),
        ("levels", "Total", None),
        ("themes", "Formkrav", "Sandkasse"),
    ]
    level_two = mismatches[0]
    assert level_two["level"] == "2"
    assert level_two["expected"] == {"green": 9, "yellow": 0, "red": 10, "gray": 0}
    assert level_two["found"] == {"green": 9, "yellow": 0, "red": 9, "gray": 1}
    assert level_two["differences"] == ["red", "gray"]
    assert mismatches[2]["expected"] == {"green": 5, "yellow": 0, "red": 0, "gray": 0}
    assert mismatches[2]["found"] == {"green": 4, "yellow": 1, "red": 0, "gray": 0}


def test_a_table_with_cumulative_counts_is_reported_and_recognised(os2: CatalogueData) -> None:
    text = example().replace("| Niveau 1 | 10 | 0 | 0 | 0 |", "| Niveau 1 | 16 | 0 | 0 | 0 |")
    mismatches = report.published_mismatches(report.parse_report(text, os2), os2)
    assert len(mismatches) == 1
    assert mismatches[0].matches_cumulative is True


def test_unfilled_table_cells_are_reported_as_found_nothing(os2: CatalogueData) -> None:
    text = example().replace(
        "| Sandkasse | 6 | 0 | 0 | 0 |", "| Sandkasse | [antal 🟢 Sandkasse] | 0 | 0 | 0 |"
    )
    (mismatch,) = report.published_mismatches(report.parse_report(text, os2), os2)
    assert mismatch.found["green"] is None


def test_pies_with_the_colours_on_the_wrong_slices_are_reported(os2: CatalogueData) -> None:
    # As the template warns, Mermaid colours the largest slice "pie1": red is largest, yet pie1 is green.
    wrong = example().replace(
        '\t"pie1": "#FF0000", \t"pie2": "#008000", \t"pie3": "#FFFF00", \t"pie4": "#808080"',
        '\t"pie1": "#008000", \t"pie2": "#FF0000", \t"pie3": "#FFFF00", \t"pie4": "#808080"',
    )
    charts = report.chart_mismatches(report.parse_report(wrong, os2), os2)
    assert [(c.title, c.wrong_colours) for c in charts] == [("Niveau 2 (19 krav)", True)]


# Broken files: strict about structure, every problem named with its line.


def test_a_missing_light_column_is_named_and_a_missing_optional_column_is_not_needed(
    os2: CatalogueData,
) -> None:
    text = example().replace("| Vurdering | Vurderingsgrundlag |", "| Vurderingsgrundlag |", 1)
    assert any("'Vurdering'" in m and "RELEVANS" in m for m in problems(text, os2))

    def without_evidence(line: str) -> str:
        return line.rsplit("|", 2)[0] + "|" if line.count("|") == 7 else line

    text = "\n".join(without_evidence(line) for line in example().splitlines())
    parsed = report.parse_report(text, os2)
    assert parsed.ratings == report.parse_report(example(), os2).ratings
    assert set(parsed.evidence.values()) == {""}


def test_a_duplicate_id_is_named_with_both_lines(os2: CatalogueData) -> None:
    text = example().replace("| R2 | 2 |", "| R1 | 2 |", 1)
    messages = problems(text, os2)
    assert any(
        re.search(r"Line \d+: The requirement R1 appears twice \(also line \d+\)", m) for m in messages
    )
    assert any("lacks 1 requirement(s)" in m and "R2" in m for m in messages)


def test_an_unknown_id_is_named(os2: CatalogueData) -> None:
    text = example().replace("| F3 | Sandkasse |", "| F8 | Sandkasse |", 1)
    messages = problems(text, os2)
    assert any("F8 is not a requirement of OS2's styringsmodel 1.1.0" in m for m in messages)


def test_a_wrong_emoji_is_named(os2: CatalogueData) -> None:
    row = "| R1 | Sandkasse | Løsningen skaber lokal værdi |"
    start = example().index(row)
    end = example().index("\n", start)
    text = example()[:start] + example()[start:end].replace("| 🟢 |", "| 🟠 |") + example()[end:]
    messages = problems(text, os2)
    assert any("R1" in m and "'🟠' is not a traffic light" in m for m in messages)


def warnings_of(text: str, os2: CatalogueData) -> list[str]:
    return [warning.text() for warning in report.parse_report(text, os2).warnings]


def test_a_wrong_level_is_a_warning_and_an_unreadable_one_is_kept_for_a_person(os2: CatalogueData) -> None:
    text = example().replace("| F12 | 2 |", "| F12 | 3 |", 1)
    assert any(
        "F12 has the level Niveau 3 here, but Niveau 2 in OS2's styringsmodel 1.1.0" in m
        for m in warnings_of(text, os2)
    )
    text = example().replace("| F12 | 2 |", "| F12 | 7 |", 1)
    parsed = report.parse_report(text, os2)
    (cell,) = parsed.unresolved
    assert (cell.kind, cell.code, cell.value, cell.column) == ("level", "F12", "7", "Niveau")
    assert text.splitlines()[cell.line - 1].startswith("| F12 | 7 |")
    assert parsed.ratings == report.parse_report(example(), os2).ratings


def test_a_requirement_under_the_wrong_theme_is_a_warning(os2: CatalogueData) -> None:
    lines = example().splitlines()
    moved = next(line for line in lines if line.startswith("| G1 |"))
    lines.remove(moved)
    lines.insert(lines.index(next(line for line in lines if line.startswith("| R4 |"))) + 1, moved)
    parsed = report.parse_report("\n".join(lines), os2)
    assert any(
        "G1 is under 'RELEVANS', but belongs to the theme Governance" in w.text() for w in parsed.warnings
    )
    assert parsed.ratings == report.parse_report(example(), os2).ratings


def test_the_blank_template_is_refused_because_no_light_is_chosen(os2: CatalogueData) -> None:
    messages = problems(read("assessments_template.md"), os2)
    assert len(messages) == 43
    assert "names more than one light" in messages[0]


def test_a_self_evaluation_or_json_is_not_an_evaluation_report(os2: CatalogueData) -> None:
    (message,) = problems(read("example_self_evaluation.md"), os2)
    assert "governance report" in message and "import_self_evaluation" in message
    (message,) = problems('{"krav": []}', os2)
    assert "JSON" in message
    (message,) = problems("# Noget helt andet\n\nIngen tabeller.", os2)
    assert "not an evaluation report" in message
    with pytest.raises(FormatError, match="says it is UTF-16"):
        report.parse_report(b"\xff\xfe\x00broken", os2)
    with pytest.raises(FormatError, match="not text"):
        report.parse_report(b"# Evaluering\x00\x01\x02", os2)


# Forgiving about whitespace, emoji variants, words and column order.


def test_emoji_with_variation_selectors_and_colour_words_are_read(os2: CatalogueData) -> None:
    text = example()
    text = text.replace("| ⚪ | Det er et internt", "| ⚪\ufe0f | Det er et internt")
    text = text.replace("| 🟢 | Løsningen er egen udviklet.", "| grøn | Løsningen er egen udviklet.")
    text = text.replace("| 🔴 | Løsningen er ikke formelt", "| 🔴 Rød | Løsningen er ikke formelt")
    text = text.replace("| 🟢 | Der vedligeholdes", "|   **Green**   | Der vedligeholdes")
    parsed = report.parse_report(text, os2)
    assert parsed.ratings["R4"] == scoring.GRAY
    assert parsed.ratings["F3"] == scoring.GREEN
    assert parsed.ratings["G5"] == scoring.RED
    assert parsed.ratings["F12"] == scoring.GREEN


def test_columns_in_another_order_and_ragged_spacing_are_read(os2: CatalogueData) -> None:
    def swap(line: str) -> str:
        if not line.lstrip().startswith("|"):
            return line
        cells = line.strip().strip("|").split("|")
        if len(cells) != 6:
            return line
        number, level, requirement, criterion, light, evidence = cells
        return "|" + "|".join([light, evidence, "  " + number + "  ", requirement, level, criterion]) + "|"

    text = "\n".join(swap(line) for line in example().splitlines())
    parsed = report.parse_report(text, os2)
    assert parsed.ratings == report.parse_report(example(), os2).ratings
    assert parsed.evidence["F1"].startswith("Løsningen udvikles")


# Writing


def test_the_written_report_has_os2s_layout(os2: CatalogueData) -> None:
    lights = report.parse_report(example(), os2).ratings
    text = report.render_report(
        os2,
        report.ReportContent(
            product_name="OS2test",
            evaluated_on=datetime.date(2026, 5, 6),
            evaluator="Alice",
            git_url="https://github.com/OS2/test",
            summary="Kort.",
            overall="Samlet.",
            recommendations="- Gør noget",
            ratings=lights,
            evidence={},
        ),
    )
    assert text.startswith("---\ntitle: OS2test\nlayout: default\nparent: Evalueringsrapporter\n")
    assert "# Evaluering af OS2-produkt: OS2test" in text
    assert "> **Dato for udfyldelse:** 06-05-2026<br/>" in text
    assert "| Niveau 2 | 9 | 0 | 10 | 0 |" in text
    assert "| **Total** | 29 | 0 | 10 | 4 |" in text
    # Mermaid colours the largest slice first: red is largest on level 2, so pie1 is red.
    level_two = text[text.index("title Niveau 2 (19 krav)") - 200 : text.index("title Niveau 2 (19 krav)")]
    assert '"pie1": "#FF0000", \t"pie2": "#008000"' in level_two
    assert '\t"Rød 53%" : 10\n\t"Grøn 47%" : 9' in text
    assert "* Niveau 3: *8 krav* (43 i alt)" in text


def test_a_written_report_reads_back_with_the_same_lights_evidence_and_counts(os2: CatalogueData) -> None:
    parsed = report.parse_report(example(), os2)
    evidence = dict(parsed.evidence)
    evidence["F2"] = "Licens: MPL-2.0 | se LICENSE\nAnden linje med \\ og *stjerne*"
    content = report.ReportContent(
        product_name="OS2test",
        evaluated_on=datetime.date(2026, 5, 6),
        evaluator="Alice",
        git_url="",
        summary="Første afsnit.\n\nAndet afsnit med [link](https://os2.eu).",
        overall="",
        recommendations="- et\n- to",
        ratings=parsed.ratings,
        evidence=evidence,
    )
    again = report.parse_report(report.render_report(os2, content), os2)
    assert again.ratings == parsed.ratings
    assert again.evidence == evidence
    assert again.summary == content.summary
    assert again.recommendations == content.recommendations
    assert report.published_mismatches(again, os2) == []
    assert report.chart_mismatches(again, os2) == []


texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=60
).map(lambda text: " ".join(text.split()))


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_round_trips_keep_any_lights_and_evidence(os2: CatalogueData, data: st.DataObject) -> None:
    lights = {code: data.draw(st.sampled_from(scoring.LIGHTS)) for code in os2.codes}
    evidence = {code: data.draw(texts) for code in os2.codes}
    evidence = {
        code: text for code, text in evidence.items() if not (text.startswith("[") and text.endswith("]"))
    }
    content = report.ReportContent(
        product_name="OS2test",
        evaluated_on=None,
        evaluator="",
        git_url="",
        summary="",
        overall="",
        recommendations="",
        ratings=lights,
        evidence=evidence,
    )
    again = report.parse_report(report.render_report(os2, content), os2)
    assert again.ratings == lights
    assert {code: text for code, text in again.evidence.items() if text} == {
        k: v for k, v in evidence.items() if v
    }
    assert report.published_mismatches(again, os2) == []
