"""OS2's real files (the corpus, issue 12): every self-evaluation and evaluation report imports without
being edited, with the counts a person gets by hand; what the system writes is what OS2's own form and
generators write, line by line.

The files are copies in ``tests/fixtures/os2_corpus`` (``../shared/os2/corpus`` where it is present:
``test_the_copies_are_the_corpus``). The counts below were counted by hand in the files, not by the
parser: a row's "Efterlevet?" (or checkbox, or "efterlevet" key) and its level column.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from importlib import resources

import pytest

from programkontor.evaluation import scoring
from programkontor.evaluation.formats import governance_report as gov
from programkontor.evaluation.formats import report
from programkontor.evaluation.formats import self_evaluation as fmt
from programkontor.evaluation.formats.catalogue import (
    CatalogueData,
    catalogue_from_json,
    catalogue_from_templates,
    parse_template,
)
from tests.conftest import OS2_CORPUS, OS2_SHARED, os2_corpus
from tests.evaluation.conftest import read

SELF_EVALUATIONS = sorted(path.name for path in (OS2_CORPUS / "self-evaluations").iterdir())
UNANSWERED = "unanswered"
UNRESOLVED = "unresolved"


@pytest.fixture(scope="module")
def previous() -> CatalogueData:
    """The previous governance model as shipped (catalogue 1.0)."""
    data = resources.files("programkontor.evaluation").joinpath("data", "os2-styringsmodel-1.0.json")
    return catalogue_from_json(data.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def official() -> CatalogueData:
    """Catalogue 1.1.0 with OS2's official texts (from its two templates), as the generators write them."""
    return catalogue_from_templates(
        [parse_template(read("governance_template.md")), parse_template(read("assessments_template.md"))],
        standard="os2-styringsmodel",
        name="OS2's styringsmodel",
    )


def text_of(*parts: str) -> str:
    return os2_corpus(*parts).read_text(encoding="utf-8")


def tally(parsed: fmt.ParsedSelfEvaluation, catalogue: CatalogueData) -> tuple[Counter[str], Counter[str]]:
    """(answers, answers per level) with ``unresolved`` for a cell a person must map, ``unanswered`` for
    none."""
    open_cells = {cell.code for cell in parsed.unresolved}
    answers: Counter[str] = Counter()
    per_level: Counter[str] = Counter()
    for requirement in catalogue.requirements:
        answer = parsed.answers[requirement.code]
        key = UNRESOLVED if requirement.code in open_cells else (answer or UNANSWERED)
        answers[key] += 1
        per_level[f"{requirement.level}:{key}"] += 1
    return answers, per_level


def test_the_copies_are_the_corpus() -> None:
    shared = OS2_SHARED / "corpus"
    if not shared.is_dir():
        pytest.skip(f"OS2's corpus is not at {shared}")
    copies = [path for path in OS2_CORPUS.rglob("*") if path.is_file()]
    assert len(copies) >= 12
    for copy in copies:
        assert copy.read_bytes() == (shared / copy.relative_to(OS2_CORPUS)).read_bytes(), copy


# Self-evaluations, each with the counts a person gets by hand


HAND_COUNTS: dict[str, tuple[str, dict[str, int], dict[str, int]]] = {
    # (catalogue, answers, answers per level)
    "os2-test-governancerapport.md": (
        "1.1.0",
        {"yes": 29, "no": 10, "not_relevant": 4},
        {
            "sandbox:yes": 6,
            "1:yes": 10,
            "2:yes": 9,
            "2:no": 10,
            "3:yes": 4,
            "3:not_relevant": 4,
        },
    ),
    "os2-test-governancerapport-older.md": ("1.1.0", {UNANSWERED: 43}, {}),
    "ai-heatcontrol-2026-08-14-selvevaluering.md": (
        "1.1.0",
        {"yes": 16, "no": 17, UNRESOLVED: 10},
        {
            "sandbox:yes": 3,
            "sandbox:unresolved": 3,
            "1:yes": 8,
            "1:unresolved": 2,
            "2:yes": 4,
            "2:no": 13,
            "2:unresolved": 2,
            "3:yes": 1,
            "3:no": 4,
            "3:unresolved": 3,
        },
    ),
    "os2-test-selvevaluering-20260501T202615Z.json": (
        "1.1.0",
        {"yes": 17, "no": 1, "unknown": 1, UNANSWERED: 24},
        {
            "sandbox:yes": 6,
            "1:yes": 6,
            "1:unanswered": 4,
            "2:yes": 4,
            "2:no": 1,
            "2:unanswered": 14,
            "3:yes": 1,
            "3:unknown": 1,
            "3:unanswered": 6,
        },
    ),
    "os2test-20260501T122728Z.json": (
        "1.1.0",
        {"yes": 5, "no": 4, UNANSWERED: 34},
        {
            "sandbox:yes": 3,
            "sandbox:unanswered": 3,
            "1:unanswered": 10,
            "2:yes": 2,
            "2:no": 2,
            "2:unanswered": 15,
            "3:no": 2,
            "3:unanswered": 6,
        },
    ),
    # The previous model: 45 requirements, a ticked box is Ja, an empty one Nej.
    "OS2loop-governancerapport-old-template.md": ("1.0", {"yes": 33, "no": 12}, {}),
    "OS2iot-governance-report-old-template.md": ("1.0", {"yes": 41, "no": 4}, {}),
}


def test_every_self_evaluation_of_the_corpus_has_its_hand_counts() -> None:
    assert set(SELF_EVALUATIONS) == set(HAND_COUNTS)


@pytest.mark.parametrize("name", sorted(HAND_COUNTS))
def test_every_real_self_evaluation_imports_with_the_counts_counted_by_hand(
    name: str, os2: CatalogueData, previous: CatalogueData
) -> None:
    version, answers, per_level = HAND_COUNTS[name]
    catalogue = os2 if version == "1.1.0" else previous
    parsed = fmt.parse_self_evaluation(os2_corpus("self-evaluations", name).read_bytes(), catalogue)
    found, found_per_level = tally(parsed, catalogue)
    assert dict(found) == answers
    if per_level:
        assert dict(found_per_level) == per_level
    assert len(parsed.answers) == len(catalogue.codes)


def test_the_old_templates_do_not_fit_the_current_model_and_the_current_files_not_the_old(
    os2: CatalogueData, previous: CatalogueData
) -> None:
    old = fmt.parse_self_evaluation(
        text_of("self-evaluations", "OS2loop-governancerapport-old-template.md"), previous
    )
    assert old.layout == "checklist"
    assert (old.product_name, old.filled_by, old.filled_on) == (
        "OS2loop",
        "Rasmus Frey, OS2-sekretariatet",
        datetime.date(2023, 1, 26),  # the report's log: its latest entry
    )
    assert old.documentation["F2"].startswith("Overholder [GNU General Public License v2.0]")
    iot = fmt.parse_self_evaluation(
        text_of("self-evaluations", "OS2iot-governance-report-old-template.md"), previous
    )
    assert iot.product_name == "OS2iot"  # "OS2iot's Governance Report"; bold paragraphs title its tables
    assert iot.answers["F22"] == scoring.NO and iot.answers["R1"] == scoring.YES  # boxes in <ul><li>
    assert set(previous.codes) - set(os2.codes) == {"R5", "F8", "F9"}
    assert set(os2.codes) - set(previous.codes) == {"S5"}


def test_the_hand_filled_report_keeps_every_answer_it_cannot_map_with_its_line(os2: CatalogueData) -> None:
    text = text_of("self-evaluations", "ai-heatcontrol-2026-08-14-selvevaluering.md")
    parsed = fmt.parse_self_evaluation(text, os2)
    assert parsed.product_name == "OS2 AI Heat Control"
    assert parsed.filled_on == datetime.date(2026, 8, 14)  # "[14-08-2026]"
    assert parsed.filled_by == "Jakob Thøtt Nørby"  # "[Jakob Thøtt Nørby]"
    assert parsed.git_url == "https://github.com/OS2sandbox/ai-heatcontrol"
    assert parsed.catalogue_version == "1.1.0"
    cells = [(cell.code, cell.value, cell.column) for cell in parsed.unresolved]
    assert cells == [
        ("R2", "?", "Efterlevet?"),
        ("F2", "Delvist", "Efterlevet?"),
        ("F3", "I gang / afventer", "Efterlevet?"),
        ("F4", "Afventer", "Efterlevet?"),
        ("F6", "Afventer - men i planen", "Efterlevet?"),
        ("G4", "?", "Efterlevet?"),
        ("G5", "?", "Efterlevet?"),
        ("G11", "?", "Efterlevet?"),
        ("G12", "?", "Efterlevet?"),
        ("G13", "?", "Efterlevet?"),
    ]
    lines = text.split("\n")
    for cell in parsed.unresolved:
        assert lines[cell.line - 1].startswith(f"| {cell.code} ")
        assert f"| {cell.value}" in lines[cell.line - 1]
    # F5's row has two cells more than its header: kept out, and said so.
    assert any("F5 has cells beyond the table's columns" in w.text() for w in parsed.warnings)
    assert parsed.documentation["F5"] == "https://github.com/OS2sandbox/ai-heatcontrol/blob/main/README.md"


def test_the_older_layout_reads_its_last_column_as_documentation(os2: CatalogueData) -> None:
    parsed = fmt.parse_self_evaluation(
        text_of("self-evaluations", "os2-test-governancerapport-older.md"), os2
    )
    assert parsed.layout == "older"
    assert parsed.filled_on == datetime.date(2026, 5, 6)  # written 2026-05-06
    assert parsed.documentation["R1"] == "Det er en løsning som hjælper OS2 med at evaluere produktniveau"
    assert parsed.documentation["G14"] == ""  # "[Udfyldes i selvevaluering]"


def test_the_forms_json_with_the_short_category_names_imports(os2: CatalogueData) -> None:
    raw = json.loads(text_of("self-evaluations", "os2-test-selvevaluering-20260501T202615Z.json"))
    assert {item["kategori"] for item in raw["krav"]} == {"relevans", "formkrav", "strategisk", "governance"}
    parsed = fmt.parse_self_evaluation(json.dumps(raw), os2)
    assert (parsed.product_name, parsed.filled_on) == ("OS2-test-selvevaluering", datetime.date(2026, 5, 1))
    assert parsed.generated_at == datetime.datetime(2026, 5, 1, 20, 26, 6, 858000, tzinfo=datetime.UTC)


# The evaluation report


def test_the_real_evaluation_report_imports_with_its_hand_counts(os2: CatalogueData) -> None:
    parsed = report.parse_report(os2_corpus("evaluations", "os2-test_assessment.md").read_bytes(), os2)
    assert Counter(parsed.ratings.values()) == {"green": 29, "red": 10, "gray": 4}
    per_level = Counter(f"{r.level}:{parsed.ratings[r.code]}" for r in os2.requirements)
    # Its own count table, checked by hand against its rows.
    assert per_level == {
        "sandbox:green": 6,
        "1:green": 10,
        "2:green": 9,
        "2:red": 10,
        "3:green": 4,
        "3:gray": 4,
    }
    assert (parsed.product_name, parsed.evaluated_on, parsed.template_version) == (
        "OS2-test-selvevaluering",
        datetime.date(2026, 5, 6),
        "0.9.2",
    )
    assert (len(parsed.level_rows), len(parsed.theme_cells), len(parsed.pies)) == (5, 20, 5)
    assert report.published_mismatches(parsed, os2) == []
    assert report.chart_mismatches(parsed, os2) == []
    assert parsed.unresolved == []


# Writing what OS2's tools write


def test_the_evaluation_report_is_rebuilt_from_its_data_line_by_line(official: CatalogueData) -> None:
    text = text_of("evaluations", "os2-test_assessment.md")
    written = report.render_report(official, report.content_of(report.parse_report(text, official)))
    assert written.split("\n") == text.split("\n")  # the Mermaid charts and count tables included


def test_the_governance_report_is_written_as_the_generator_writes_it(official: CatalogueData) -> None:
    text = text_of("self-evaluations", "os2-test-governancerapport.md")
    parsed = fmt.parse_self_evaluation(text, official)
    written = gov.governance_report(
        official,
        product_name=parsed.product_name,
        filled_by=parsed.filled_by,
        filled_on=parsed.filled_on,
        git_url=parsed.git_url,
        answers=parsed.answers,
        documentation=parsed.documentation,
    ).split("\n")
    published = text.split("\n")
    assert len(written) == len(published)
    differences = [
        (number, mine, theirs)
        for number, (mine, theirs) in enumerate(zip(written, published, strict=True), 1)
        if mine != theirs
    ]
    # Two lines OS2 edited by hand when it published the file: the front matter's title, and G1's row,
    # which gained a leading space. Every other line is the generator's, byte for byte.
    assert [number for number, _mine, _theirs in differences] == [2, 64]
    assert differences[0][1:] == ("title: OS2-test-selvevaluering", "title: OS2-test-assessment")
    assert differences[1][2] == " " + differences[1][1]


def test_each_governance_row_is_the_generators_row(official: CatalogueData) -> None:
    """The generator's own row template (``| ${id} | ${esc(req)} | ${level} | ${esc(guideline)} |
    ${esc(status)} | ${esc(doc)} |``) with its own requirement data gives our rows."""
    source = text_of("forms", "governancerapport-generator.md")
    assert (
        "return `| ${id} | ${esc(req)} | ${level} | ${esc(guideline)} | ${esc(status)} | ${esc(doc)} |`"
        in source
    )
    rows = re.findall(r'\["(\w+)","([A-Z]\d+)","((?:[^"\\]|\\.)*)","(\w+)","((?:[^"\\]|\\.)*)"\]', source)
    assert len(rows) == 43
    answers = dict.fromkeys(official.codes, scoring.YES)
    written = gov.governance_report(
        official,
        product_name="P",
        filled_by="",
        filled_on=datetime.date(2026, 1, 2),
        git_url="",
        answers=answers,
        documentation={},
    )
    mine = {
        line.split(" | ")[0][2:]: line for line in written.split("\n") if re.match(r"^\| [A-Z]\d+ \|", line)
    }
    generated = {
        code: f"| {code} | {requirement} | {level} | {guideline} | Ja | [Ikke udfyldt] |"
        for _theme, code, requirement, level, guideline in rows
    }
    assert mine == generated


def test_the_exported_json_is_what_the_forms_loader_reads(official: CatalogueData) -> None:
    source = text_of("forms", "selvevaluering-formular.md")
    # What the form's populate() reads: productName, filledBy, filledDate (a date input: yyyy-mm-dd), and
    # per krav[] entry its id (a select's data-id), efterlevet (one of its statusChoices, else nothing)
    # and dokumentation.
    loader = source[source.index("function populate(data)") : source.index("function findRequirement")]
    assert {
        "data.productName",
        "data.filledBy",
        "data.filledDate",
        "k.id",
        "k.efterlevet",
        "k.dokumentation",
    } <= set(re.findall(r"\b(?:data|k)\.\w+", loader))
    choices = json.loads(re.search(r"const statusChoices = (\[[^\]]*\]);", source).group(1))  # type: ignore[union-attr]
    form_rows = re.findall(r'\["([A-Z]\d+)","((?:[^"\\]|\\.)*)","(\w+)",', source)
    form_levels = {code: level for code, _text, level in form_rows}
    sections = set(re.findall(r"^  (\w+): \[$", source, re.MULTILINE))
    assert sections == {"relevans", "formkrav", "strategisk", "governance"}

    answers = {
        code: [scoring.YES, scoring.NO, scoring.NOT_RELEVANT, scoring.UNKNOWN, None][i % 5]
        for i, code in enumerate(official.codes)
    }
    written = json.loads(
        fmt.form_json(
            official,
            product_name="OS2test",
            filled_by="Karen",
            filled_on=datetime.date(2026, 5, 6),
            generated_at=datetime.datetime(2026, 5, 6, 12, 30, tzinfo=datetime.UTC),
            answers=answers,
            documentation={"R1": "Se README"},
        )
    )
    assert list(written) == ["productName", "filledBy", "filledDate", "generatedAt", "krav"]
    assert written["filledDate"] == "2026-05-06"
    assert written["generatedAt"] == "2026-05-06T12:30:00.000Z"
    assert [item["id"] for item in written["krav"]] == [code for code, _t, _l in form_rows]
    for item in written["krav"]:
        assert list(item) == list(fmt.FORM_KEYS)
        assert item["efterlevet"] in [*choices, None]
        assert item["kategori"] in sections
        assert item["produktniveau"] == form_levels[item["id"]]
        assert isinstance(item["dokumentation"], str)
    assert Counter(item["efterlevet"] for item in written["krav"]) == {
        "Ja": 9,
        "Nej": 9,
        "Ikke relevant": 9,
        "Ved ikke": 8,
        None: 8,
    }


@pytest.mark.parametrize(
    "name", ["os2-test-selvevaluering-20260501T202615Z.json", "os2test-20260501T122728Z.json"]
)
def test_a_saved_form_file_is_written_back_with_its_own_answers_keys_and_categories(
    official: CatalogueData, name: str
) -> None:
    raw = json.loads(text_of("self-evaluations", name))
    parsed = fmt.parse_self_evaluation(json.dumps(raw), official)
    assert parsed.generated_at is not None
    written = json.loads(
        fmt.form_json(
            official,
            product_name=parsed.product_name,
            filled_by=parsed.filled_by,
            filled_on=parsed.filled_on,
            generated_at=parsed.generated_at,
            answers=parsed.answers,
            documentation=parsed.documentation,
        )
    )
    assert {key: value for key, value in written.items() if key != "krav"} == {
        key: value for key, value in raw.items() if key != "krav"
    }
    for mine, theirs in zip(written["krav"], raw["krav"], strict=True):
        keep = ("id", "kategori", "krav", "produktniveau", "efterlevet", "dokumentation")
        assert {key: mine[key] for key in keep} == {key: theirs[key] for key in keep}
