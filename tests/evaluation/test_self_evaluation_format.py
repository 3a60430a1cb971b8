"""Self-evaluations in OS2's two formats: the browser form's JSON and the governance report (Markdown)."""

from __future__ import annotations

import copy
import datetime
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programkontor.evaluation import scoring
from programkontor.evaluation.formats import governance_report as gov
from programkontor.evaluation.formats import self_evaluation as fmt
from programkontor.evaluation.formats.catalogue import CatalogueData
from programkontor.evaluation.formats.common import FormatError
from tests.evaluation.conftest import read

ANSWER_WORDS = {"yes": "Ja", "no": "Nej", "not_relevant": "Ikke relevant", "unknown": "Ved ikke", None: None}


def form(os2: CatalogueData, answers: dict[str, str | None] | None = None) -> dict[str, Any]:
    """A file as OS2's browser form saves it."""
    given_answers = answers or {}
    return {
        "productName": "OS2test",
        "filledBy": "Karen Styregruppe",
        "filledDate": "06-05-2026",
        "generatedAt": "2026-05-06T10:15:00.000Z",
        "krav": [
            {
                "id": r.code,
                "kategori": os2.theme_name(r.theme).upper(),
                "krav": r.title,
                "produktniveau": "sandkasse" if r.level == "sandbox" else r.level,
                "retningslinjer": "",
                "efterlevet": ANSWER_WORDS[given_answers.get(r.code, "yes")],
                "dokumentation": f"Se {r.code}" if given_answers.get(r.code, "yes") else "",
            }
            for r in os2.requirements
        ],
    }


def problems(data: Any, os2: CatalogueData) -> list[str]:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    with pytest.raises(FormatError) as raised:
        fmt.parse_self_evaluation(text, os2)
    return raised.value.messages()


def test_it_reads_the_browser_forms_json(os2: CatalogueData) -> None:
    parsed = fmt.parse_self_evaluation(
        json.dumps(form(os2, {"R1": "no", "R2": "not_relevant", "R3": "unknown", "R4": None})), os2
    )
    assert parsed.format == "json"
    assert parsed.product_name == "OS2test"
    assert parsed.filled_by == "Karen Styregruppe"
    assert parsed.filled_on == datetime.date(2026, 5, 6)
    assert parsed.generated_at is not None
    assert parsed.answers["R1"] == "no"
    assert parsed.answers["R2"] == "not_relevant"
    assert parsed.answers["R3"] == "unknown"
    assert parsed.answers["R4"] is None
    assert parsed.answers["F1"] == "yes"
    assert parsed.documentation["F1"] == "Se F1"
    assert len(parsed.answers) == 43


def test_answers_are_read_whatever_their_case_and_spacing(os2: CatalogueData) -> None:
    data = form(os2)
    data["krav"][0]["efterlevet"] = "  ja "
    data["krav"][1]["efterlevet"] = "IKKE RELEVANT"
    data["krav"][2]["efterlevet"] = ""
    data["krav"][3]["id"] = " r4 "
    parsed = fmt.parse_self_evaluation(json.dumps(data), os2)
    assert (parsed.answers["R1"], parsed.answers["R2"], parsed.answers["R3"], parsed.answers["R4"]) == (
        "yes",
        "not_relevant",
        None,
        "yes",
    )


def test_broken_json_files_name_every_problem(os2: CatalogueData) -> None:
    data = form(os2)
    broken = copy.deepcopy(data)
    broken["krav"][1]["id"] = "R1"  # duplicate
    broken["krav"][2]["id"] = "X9"  # unknown
    broken["krav"][3]["efterlevet"] = "Måske"  # wrong answer
    broken["krav"][4]["produktniveau"] = "3"  # wrong level (F1 is sandbox)
    del broken["krav"][5]["efterlevet"]  # missing key
    broken["krav"][6]["kategori"] = "GOVERNANCE"  # wrong theme
    messages = problems(broken, os2)
    text = "\n".join(messages)
    assert "krav[1]: the requirement R1 appears twice (also krav[0])" in text
    assert "krav[2]: X9 is not a requirement" in text
    assert "krav[3]: \"efterlevet\" is 'Måske'" in text
    assert "krav[4]: F1 has the level Niveau 3, but Sandkasse" in text
    assert 'krav[5] lacks "efterlevet"' in text
    assert "krav[6]: F3 is in 'GOVERNANCE', but belongs to the theme Formkrav" in text
    assert "lacks 3 requirement(s) of OS2's styringsmodel 1.1.0: R2, R3, F2" in text


def test_files_that_are_not_the_forms_json_are_refused(os2: CatalogueData) -> None:
    assert "not valid JSON" in problems("{ broken", os2)[0]
    assert 'list "krav"' in problems({"productName": "x"}, os2)[0]
    assert 'list "krav"' in problems([1, 2], os2)[0]
    (message,) = problems(read("example_evaluation_report.md"), os2)
    assert "evaluation report" in message and "import_evaluation" in message
    (message,) = problems(read("governance_template.md"), os2)  # the blank checklist has no answer column
    assert "not a governance report" in message


def test_it_reads_the_worked_governance_report(os2: CatalogueData) -> None:
    parsed = fmt.parse_self_evaluation(read("example_self_evaluation.md"), os2)
    assert parsed.format == "markdown"
    assert parsed.product_name == "OS2-test-selvevaluering"
    assert parsed.filled_by == "Rasmus Frey, OS2-sekretariatet"
    assert parsed.filled_on == datetime.date(2026, 5, 6)
    assert parsed.catalogue_version == "1.1.0"
    assert parsed.git_url == ""  # the placeholder
    assert parsed.answers["G1"] == "yes"  # the row with a leading space
    assert parsed.answers["G14"] == "not_relevant"
    assert parsed.documentation["G14"] == ""  # "[Ikke udfyldt]"
    counts = {answer: list(parsed.answers.values()).count(answer) for answer in scoring.ANSWERS}
    assert counts == {"yes": 29, "no": 10, "not_relevant": 4, "unknown": 0}


def test_a_hand_edited_governance_report_is_read_with_what_it_cannot_map_kept(os2: CatalogueData) -> None:
    text = read("example_self_evaluation.md")
    text = text.replace(
        "| R2 | Løsningen er accepteret af lokal linjeledelse | 2 |",
        "| R2 | Løsningen er accepteret af lokal linjeledelse | 3 |",
    )
    text = text.replace("| Ikke relevant | Det er et internt", "| Nok | Det er et internt")
    parsed = fmt.parse_self_evaluation(text, os2)
    warnings = "\n".join(w.text() for w in parsed.warnings)
    assert "R2 has the level Niveau 3 here, but Niveau 2 in OS2's styringsmodel 1.1.0" in warnings
    (cell,) = parsed.unresolved
    assert (cell.kind, cell.code, cell.value, cell.column) == ("answer", "R4", "Nok", "Efterlevet?")
    assert text.splitlines()[cell.line - 1].startswith("| R4 |")
    assert parsed.answers["R4"] is None
    mapped = fmt.parse_self_evaluation(text, os2, resolutions={cell.key: scoring.NOT_RELEVANT})
    assert mapped.answers["R4"] == scoring.NOT_RELEVANT and mapped.unresolved == []


def test_a_governance_report_without_its_documentation_column_reads_the_same_answers(
    os2: CatalogueData,
) -> None:
    def without_documentation(line: str) -> str:
        return line.rsplit("|", 2)[0] + "|" if line.startswith(("| ", " | ")) else line

    text = "\n".join(without_documentation(line) for line in read("example_self_evaluation.md").splitlines())
    parsed = fmt.parse_self_evaluation(text, os2)
    assert parsed.answers == fmt.parse_self_evaluation(read("example_self_evaluation.md"), os2).answers
    assert set(parsed.documentation.values()) == {""}


def test_structural_errors_still_refuse_a_governance_report(os2: CatalogueData) -> None:
    text = read("example_self_evaluation.md").replace("| R2 | Løsningen er", "| R1 | Løsningen er", 1)
    messages = "\n".join(problems(text, os2))
    assert "The requirement R1 appears twice" in messages
    assert "lacks 1 requirement(s) of OS2's styringsmodel 1.1.0: R2" in messages


def test_both_formats_are_written_so_that_they_read_back_the_same(os2: CatalogueData) -> None:
    parsed = fmt.parse_self_evaluation(read("example_self_evaluation.md"), os2)
    documentation = dict(parsed.documentation)
    documentation["F2"] = "MPL | CC BY-SA\n[licens](https://www.mozilla.org/MPL/2.0/)"
    written_json = fmt.form_json(
        os2,
        product_name="OS2test",
        filled_by="Karen",
        filled_on=datetime.date(2026, 5, 6),
        generated_at=datetime.datetime(2026, 5, 6, 12, tzinfo=datetime.UTC),
        answers=parsed.answers,
        documentation=documentation,
    )
    from_json = fmt.parse_self_evaluation(written_json, os2)
    assert from_json.answers == parsed.answers
    assert from_json.documentation == documentation
    assert json.loads(written_json)["krav"][0]["efterlevet"] == "Ja"

    written_md = gov.governance_report(
        os2,
        product_name="OS2test",
        filled_by="Karen",
        filled_on=datetime.date(2026, 5, 6),
        git_url="https://github.com/OS2/test",
        answers=parsed.answers,
        documentation=documentation,
    )
    assert "# Governancerapport for OS2test" in written_md
    assert "> **Version for anvendt governancerapport:** 1.1.0<br/>" in written_md
    from_md = fmt.parse_self_evaluation(written_md, os2)
    assert from_md.answers == parsed.answers
    assert from_md.documentation == documentation
    assert from_md.git_url == "https://github.com/OS2/test"


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_answers_survive_both_formats(os2: CatalogueData, data: st.DataObject) -> None:
    answers = {code: data.draw(st.sampled_from([*scoring.ANSWERS, None])) for code in os2.codes}
    documentation = {
        code: data.draw(st.sampled_from(["", "Se README", "a | b", "linje 1\nlinje 2"])) for code in os2.codes
    }
    for writer in ("json", "markdown"):
        if writer == "json":
            text = fmt.form_json(
                os2,
                product_name="P",
                filled_by="",
                filled_on=None,
                generated_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
                answers=answers,
                documentation=documentation,
            )
        else:
            text = gov.governance_report(
                os2,
                product_name="P",
                filled_by="",
                filled_on=None,
                git_url="",
                answers=answers,
                documentation=documentation,
            )
        parsed = fmt.parse_self_evaluation(text, os2)
        assert parsed.answers == answers
        assert parsed.documentation == documentation
