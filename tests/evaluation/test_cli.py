"""The command-line contract: import_evaluation, import_self_evaluation, import_catalogue, check_repository.

Real files are written to tmp_path, also broken ones; a file that is not what it claims exits with an
error that says why, and nothing is saved.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from programkontor.evaluation.models import Catalogue, Evaluation, RepositoryCheck, SelfEvaluation
from tests.conftest import os2_corpus
from tests.evaluation.conftest import read
from tests.evaluation.repositories import GOOD_FILES, make_repository
from tests.evaluation.test_catalogue_format import OTHER_STANDARD
from tests.evaluation.test_self_evaluation_format import form

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fails(*args: str) -> tuple[str, str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(*args, stdout=io.StringIO(), stderr=err)
    return str(raised.value), err.getvalue()


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# import_evaluation


def test_import_evaluation_prints_the_contract_as_json(
    world: Any, catalogue: Catalogue, tmp_path: Path
) -> None:
    path = write(tmp_path, "rapport.md", read("example_evaluation_report.md"))
    out, _err = run("import_evaluation", path, "--product", world.product.slug, "--format", "json")
    payload = json.loads(out)
    assert payload["ratings"]["R1"] == "green"
    assert payload["ratings"]["R4"] == "gray"
    assert set(payload["ratings"].values()) <= {"green", "yellow", "red", "gray"}
    assert len(payload["ratings"]) == 43
    assert payload["counts"] == {
        "sandbox": {"green": 6, "yellow": 0, "red": 0, "gray": 0},
        "1": {"green": 10, "yellow": 0, "red": 0, "gray": 0},
        "2": {"green": 9, "yellow": 0, "red": 10, "gray": 0},
        "3": {"green": 4, "yellow": 0, "red": 0, "gray": 4},
    }
    assert payload["totals"] == {"green": 29, "yellow": 0, "red": 10, "gray": 4}
    assert payload["published_table_mismatches"] == []
    assert payload["created"] is True
    assert payload["strict_level"] == "1"
    evaluation = Evaluation.objects.get(pk=payload["evaluation"])
    assert evaluation.product == world.product
    assert evaluation.ratings.count() == 43


def test_import_evaluation_reports_every_disagreeing_table_row(
    world: Any, catalogue: Catalogue, tmp_path: Path
) -> None:
    text = read("example_evaluation_report.md")
    text = text.replace("| Sandkasse | 6 | 0 | 0 | 0 |", "| Sandkasse | 5 | 1 | 0 | 0 |")
    text = text.replace(
        "| Governance | 🟢 0 🟡 0 🔴 0 ⚪ 0 | 🟢 4 🟡 0 🔴 0 ⚪ 0 |",
        "| Governance | 🟢 0 🟡 0 🔴 0 ⚪ 0 | 🟢 3 🟡 0 🔴 1 ⚪ 0 |",
    )
    path = write(tmp_path, "rapport.md", text)
    out, _err = run("import_evaluation", path, "--product", world.product.slug, "--format", "json")
    mismatches = json.loads(out)["published_table_mismatches"]
    assert [(m["table"], m["row"], m["column"]) for m in mismatches] == [
        ("levels", "Sandkasse", None),
        ("themes", "Governance", "Niveau 1"),
    ]
    assert mismatches[0]["expected"] == {"green": 6, "yellow": 0, "red": 0, "gray": 0}
    assert mismatches[0]["found"] == {"green": 5, "yellow": 1, "red": 0, "gray": 0}
    # The text output says the same in Danish-ready words.
    out, _err = run("import_evaluation", path, "--product", world.product.slug)
    assert "Sandkasse" in out and "Governance / Niveau 1" in out


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("selv.md", read("example_self_evaluation.md"), "import_self_evaluation"),
        ("form.json", '{"krav": []}', "JSON"),
        ("skabelon.md", read("assessments_template.md"), "names more than one light"),
        ("tom.md", "", "not an evaluation report"),
        (
            "mangler.md",
            read("example_evaluation_report.md").replace(
                "| Vurdering | Vurderingsgrundlag |", "| Vurderingsgrundlag |"
            ),
            "'Vurdering'",
        ),
        (
            "dublet.md",
            read("example_evaluation_report.md").replace("| R2 | 2 |", "| R1 | 2 |"),
            "R1 appears twice",
        ),
        (
            "ukendt.md",
            read("example_evaluation_report.md").replace("| F3 | Sandkasse |", "| F9 | Sandkasse |"),
            "F9 is not",
        ),
        (
            "emoji.md",
            read("example_evaluation_report.md").replace(
                "| 🔴 | Løsningen er ikke formelt", "| 🟠 | Løsningen er ikke formelt"
            ),
            "'🟠'",
        ),
    ],
)
def test_import_evaluation_refuses_what_is_not_a_valid_report_and_saves_nothing(
    world: Any, catalogue: Catalogue, tmp_path: Path, name: str, text: str, reason: str
) -> None:
    path = write(tmp_path, name, text)
    summary, stderr = fails("import_evaluation", path, "--product", world.product.slug, "--format", "json")
    assert "nothing was saved" in summary
    assert reason in stderr
    assert not Evaluation.objects.exists()


def test_import_evaluation_names_a_missing_file_and_an_unknown_product(
    world: Any, catalogue: Catalogue, tmp_path: Path
) -> None:
    summary, _err = fails(
        "import_evaluation", str(tmp_path / "findes-ikke.md"), "--product", world.product.slug
    )
    assert "Cannot read" in summary
    path = write(tmp_path, "rapport.md", read("example_evaluation_report.md"))
    summary, _err = fails("import_evaluation", path, "--product", "os2findesikke")
    assert "os2findesikke" in summary


# import_self_evaluation


def test_import_self_evaluation_reads_the_forms_json(
    world: Any, catalogue: Catalogue, tmp_path: Path, os2: Any
) -> None:
    path = write(tmp_path, "form.json", json.dumps(form(os2, {"R1": "no", "R2": None, "R3": "unknown"})))
    out, _err = run("import_self_evaluation", path, "--product", world.product.slug, "--format", "json")
    payload = json.loads(out)
    assert payload["format"] == "json"
    assert payload["answers"]["R1"] == "no"
    assert payload["answers"]["R2"] is None
    assert payload["answers"]["R3"] == "unknown"
    assert payload["answers"]["F1"] == "yes"
    assert set(payload["answers"].values()) <= {"yes", "no", "not_relevant", "unknown", None}
    assert payload["draft_lights"]["R2"] == "red"
    assert payload["counts"]["unanswered"] == 1
    self_evaluation = SelfEvaluation.objects.get(pk=payload["self_evaluation"])
    assert self_evaluation.status == "submitted"
    assert self_evaluation.answers.get(requirement__code="R1").answer == "no"


def test_import_self_evaluation_reads_the_governance_report_and_can_make_a_draft(
    world: Any, catalogue: Catalogue, tmp_path: Path
) -> None:
    path = write(tmp_path, "governancerapport.md", read("example_self_evaluation.md"))
    out, _err = run(
        "import_self_evaluation", path, "--product", world.product.slug, "--format", "json", "--draft"
    )
    payload = json.loads(out)
    assert payload["format"] == "markdown"
    assert payload["status"] == "draft"
    assert payload["answers"]["R4"] == "not_relevant"
    assert payload["counts"] == {"yes": 29, "no": 10, "not_relevant": 4, "unknown": 0, "unanswered": 0}


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("rapport.md", read("example_evaluation_report.md"), "import_evaluation"),
        ("tjekliste.md", read("governance_template.md"), "not a governance report"),
        ("brudt.json", '{"krav": [', "not valid JSON"),
        ("forkert.json", '{"productName": "x"}', '"krav"'),
    ],
)
def test_import_self_evaluation_refuses_other_files(
    world: Any, catalogue: Catalogue, tmp_path: Path, name: str, text: str, reason: str
) -> None:
    summary, stderr = fails(
        "import_self_evaluation", write(tmp_path, name, text), "--product", world.product.slug
    )
    assert "nothing was saved" in summary
    assert reason in stderr
    assert not SelfEvaluation.objects.exists()


# import_catalogue


def test_import_catalogue_loads_os2s_templates_and_another_standard(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    governance = write(tmp_path, "governance_template.md", read("governance_template.md"))
    assessment = write(tmp_path, "assessments_template.md", read("assessments_template.md"))
    out, _err = run("import_catalogue", governance, assessment, "--format", "json")
    payload = json.loads(out)
    assert (payload["created"], payload["updated_texts"], payload["version"]) == (False, 43, "1.1.0")

    other = write(tmp_path, "andet.json", json.dumps(OTHER_STANDARD))
    out, _err = run("import_catalogue", other)
    assert "Tilgængelighedsstandard 2.0" in out
    assert Catalogue.objects.get(standard="tilgaengelighed").requirements.count() == 3


def test_import_catalogue_refuses_a_file_that_is_no_catalogue(catalogue: Catalogue, tmp_path: Path) -> None:
    before = Catalogue.objects.count()
    summary, stderr = fails("import_catalogue", write(tmp_path, "x.md", "# Ingen krav her"))
    assert "Nothing was imported" in summary and "no requirement tables" in stderr
    assert Catalogue.objects.count() == before


# check_repository


def test_check_repository_prints_findings_and_saves_them_for_a_product(world: Any, tmp_path: Path) -> None:
    repo = make_repository(tmp_path / "repo", GOOD_FILES, history=[(5, {"x.txt": "1"})])
    out, _err = run("check_repository", str(repo), "--format", "json")
    payload = json.loads(out)
    assert payload["saved"] is None
    licence = next(f for f in payload["findings"] if f["check"] == "licence")
    assert (licence["requirement"], licence["light"], licence["path"]) == ("F2", "green", "LICENSE")
    assert licence["commit"] == payload["commit"] and len(payload["commit"]) == 40
    assert not RepositoryCheck.objects.exists()

    out, _err = run("check_repository", str(repo), "--product", world.product.slug, "--format", "json")
    saved = RepositoryCheck.objects.get(pk=json.loads(out)["saved"])
    assert saved.product == world.product
    assert saved.findings.filter(requirement_code="F2", light="green", path="LICENSE").exists()

    out, _err = run("check_repository", str(repo))
    assert "F2" in out and "Not saved" in out


def test_check_repository_refuses_what_it_cannot_read(world: Any, tmp_path: Path) -> None:
    summary, stderr = fails("check_repository", str(tmp_path / "ingen"))
    assert "could not be checked" in summary and "neither a directory" in stderr
    summary, stderr = fails("check_repository", "ssh://git@github.com/OS2/x.git")
    assert "could not be checked" in summary


# Cells a person must map (issue 12): listed as "unresolved", or refused with --strict


HEATCONTROL = ("self-evaluations", "ai-heatcontrol-2026-08-14-selvevaluering.md")


def test_import_self_evaluation_lists_the_cells_it_kept_as_written(
    world: Any, catalogue: Catalogue, tmp_path: Path
) -> None:
    path = write(tmp_path, "heat.md", os2_corpus(*HEATCONTROL).read_text(encoding="utf-8"))
    out, _err = run("import_self_evaluation", path, "--product", world.product.slug, "--format", "json")
    payload = json.loads(out)
    assert payload["counts"] == {"yes": 16, "no": 17, "not_relevant": 0, "unknown": 0, "unanswered": 10}
    assert payload["filled_on"] == "2026-08-14"
    unresolved = payload["unresolved"]
    assert [(cell["requirement"], cell["value"], cell["line"]) for cell in unresolved] == [
        ("R2", "?", 14),
        ("F2", "Delvist", 23),
        ("F3", "I gang / afventer", 24),
        ("F4", "Afventer", 25),
        ("F6", "Afventer - men i planen", 27),
        ("G4", "?", 60),
        ("G5", "?", 61),
        ("G11", "?", 67),
        ("G12", "?", 68),
        ("G13", "?", 69),
    ]
    assert {cell["kind"] for cell in unresolved} == {"answer"}
    assert all(cell["resolution"] is None and cell["column"] == "Efterlevet?" for cell in unresolved)
    saved = SelfEvaluation.objects.get(pk=payload["self_evaluation"])
    assert [cell["value"] for cell in saved.unresolved_cells] == [cell["value"] for cell in unresolved]

    out, _err = run("import_self_evaluation", path, "--product", world.product.slug)  # the same file again
    assert "Line 23: F2: 'Efterlevet?' is 'Delvist', which names no answer" in out


def test_import_self_evaluation_strict_refuses_the_cells_and_saves_nothing(
    world: Any, catalogue: Catalogue, tmp_path: Path
) -> None:
    path = write(tmp_path, "heat.md", os2_corpus(*HEATCONTROL).read_text(encoding="utf-8"))
    summary, stderr = fails("import_self_evaluation", path, "--product", world.product.slug, "--strict")
    assert "nothing was saved" in summary and "--strict" in summary and "10 cell(s)" in summary
    assert "Line 14: R2: 'Efterlevet?' is '?'" in stderr
    assert not SelfEvaluation.objects.exists()


def test_import_self_evaluation_refusing_for_a_draft_does_not_call_the_file_invalid(
    world: Any, catalogue: Catalogue, tmp_path: Path
) -> None:
    path = write(tmp_path, "governancerapport.md", read("example_self_evaluation.md"))
    run("import_self_evaluation", path, "--product", world.product.slug, "--draft")
    other = write(tmp_path, "andet.md", read("example_self_evaluation.md").replace("| Nej |", "| Ja |", 1))
    summary, stderr = fails("import_self_evaluation", other, "--product", world.product.slug, "--draft")
    assert "already has a draft" in stderr
    assert "not a valid" not in summary and "nothing was saved" in summary


def test_import_evaluation_lists_no_cells_for_the_real_report_and_strict_takes_it(
    world: Any, catalogue: Catalogue, tmp_path: Path
) -> None:
    path = write(
        tmp_path, "rapport.md", os2_corpus("evaluations", "os2-test_assessment.md").read_text("utf-8")
    )
    out, _err = run(
        "import_evaluation", path, "--product", world.product.slug, "--format", "json", "--strict"
    )
    payload = json.loads(out)
    assert payload["unresolved"] == [] and payload["published_table_mismatches"] == []
    assert payload["totals"] == {"green": 29, "yellow": 0, "red": 10, "gray": 4}


def test_import_evaluation_keeps_a_level_it_cannot_read_or_refuses_it_with_strict(
    world: Any, catalogue: Catalogue, tmp_path: Path
) -> None:
    text = read("example_evaluation_report.md").replace("| F12 | 2 |", "| F12 | Niveau to |")
    path = write(tmp_path, "rapport.md", text)
    summary, stderr = fails("import_evaluation", path, "--product", world.product.slug, "--strict")
    assert "--strict" in summary and "F12: 'Niveau' is 'Niveau to', which names no level" in stderr
    assert not Evaluation.objects.exists()
    out, _err = run("import_evaluation", path, "--product", world.product.slug, "--format", "json")
    (cell,) = json.loads(out)["unresolved"]
    assert (cell["kind"], cell["requirement"], cell["value"]) == ("level", "F12", "Niveau to")
    assert json.loads(out)["ratings"]["F12"] == "green"


@pytest.mark.parametrize(
    ("name", "yes", "no"),
    [
        ("OS2loop-governancerapport-old-template.md", 33, 12),
        ("OS2iot-governance-report-old-template.md", 41, 4),
    ],
)
def test_a_report_of_the_previous_model_is_read_against_that_model(
    world: Any, catalogue: Catalogue, tmp_path: Path, name: str, yes: int, no: int
) -> None:
    path = write(tmp_path, name, os2_corpus("self-evaluations", name).read_text(encoding="utf-8"))
    out, _err = run("import_self_evaluation", path, "--product", world.product.slug, "--format", "json")
    payload = json.loads(out)
    assert payload["catalogue"]["version"] == "1.0"
    assert payload["counts"] == {"yes": yes, "no": no, "not_relevant": 0, "unknown": 0, "unanswered": 0}
    assert len(payload["answers"]) == 45 and payload["unresolved"] == []
