"""OS2's formats refuse hostile files clearly, in linear time, and write user text inert (issue 10)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programkontor.core.textfile import Limits
from programkontor.evaluation import scoring
from programkontor.evaluation.formats import catalogue as catalogue_format
from programkontor.evaluation.formats import governance_report as gov
from programkontor.evaluation.formats import report
from programkontor.evaluation.formats import self_evaluation as fmt
from programkontor.evaluation.formats.catalogue import CatalogueData
from programkontor.evaluation.formats.common import FormatError, read_document
from tests.conftest import OS2_SHARED

CORPUS = OS2_SHARED / "corpus"
SCRIPT = "<script>alert(1)</script>"


def refusal(call: object) -> list[str]:
    """The messages of the FormatError ``call`` raises; none when it reads the file."""
    try:
        call()  # type: ignore[operator]
    except FormatError as error:
        return error.messages()
    return []


def messages(call: object) -> list[str]:
    with pytest.raises(FormatError) as refused:
        call()  # type: ignore[operator]
    return refused.value.messages()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"krav": ' + "[" * 100_000, "nested too deeply"),
        ('{"krav": [], "x": ' + "9" * 5_000 + "}", "number that is too long"),
        ('{"krav": [' + ", ".join(["{}"] * 30) + "]}", '"krav" has 30 entries; at most 20'),
        ('{"krav": []}\x00', "control character U+0000"),
    ],
)
def test_a_hostile_self_evaluation_json_is_refused_clearly(
    os2: CatalogueData, text: str, expected: str
) -> None:
    limits = Limits(max_bytes=1024 * 1024, max_rows=20)
    assert any(
        expected in message for message in messages(lambda: fmt.parse_form_json(text, os2, limits=limits))
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"format": "programkontor-catalogue/1", "levels": ' + "[" * 100_000, "nested too deeply"),
        ('{"requirements": [' + ", ".join(["{}"] * 30) + "]}", '"requirements" has 30 entries'),
        ("", "not valid JSON"),
    ],
)
def test_a_hostile_catalogue_json_is_refused_clearly(text: str, expected: str) -> None:
    limits = Limits(max_bytes=1024 * 1024, max_rows=20)
    found = messages(lambda: catalogue_format.catalogue_from_json(text, limits=limits))
    assert any(expected in message for message in found)


def test_too_many_lines_are_refused_before_any_parsing(os2: CatalogueData) -> None:
    text = "# Evaluering\n" + "\n" * 30
    found = messages(lambda: report.parse_report(text, os2, limits=Limits(max_bytes=10_000, max_rows=20)))
    assert found == ["The file has more than 20 lines; split it up."]


# Lines that took the old patterns quadratic or cubic time (a heading with a long run of spaces took
# minutes at 20,000 spaces); they are read at once now.
LONG = 200_000
PATHOLOGICAL = [
    "# a" + " " * LONG + "b",
    "> **Udfyldt af:** x" + " " * LONG + "y",
    " " * LONG + "**" + "a" * 1000,
    "| a |\n" + " " * LONG + "x",
    "| a |\n---" + " " * LONG + "x",
    "version" + " " * LONG + "x",
    "```mermaid\npie\n" + "\n" * LONG + "title x" + "(" * LONG + "\n```",
]


@pytest.mark.parametrize("line", PATHOLOGICAL, ids=range(len(PATHOLOGICAL)))
def test_a_pathological_line_is_read_in_linear_time(os2: CatalogueData, line: str) -> None:
    limits = Limits(max_bytes=10 * 1024 * 1024, max_rows=LONG * 2)
    document = read_document(line)
    assert document.lines
    with pytest.raises(FormatError):
        report.parse_report(line, os2, limits=limits)
    with pytest.raises(FormatError):
        gov.parse_governance_report(line, os2, limits=limits)
    with pytest.raises(FormatError):
        catalogue_format.parse_template(line, limits=limits)


def content(**changes: object) -> report.ReportContent:
    values: dict[str, object] = {
        "product_name": "OS2test",
        "evaluated_on": None,
        "evaluator": "",
        "git_url": "",
        "summary": "",
        "overall": "",
        "recommendations": "",
        "ratings": {},
        "evidence": {},
    }
    values.update(changes)
    return report.ReportContent(**values)  # type: ignore[arg-type]


def test_an_evaluation_report_carries_no_live_markup_and_reads_back_as_written(os2: CatalogueData) -> None:
    lights = dict.fromkeys(os2.codes, scoring.GREEN)
    evil = {
        "product_name": "OS2<script>\nlayout: evil",
        "evaluator": "[x](javascript:alert(1))",
        "summary": f"{SCRIPT}\n\n{{: onclick=alert(1)}}",
        "overall": "{{ site.github.token }}",
        "recommendations": '<img src=x onerror="alert(1)">',
    }
    evidence = {code: f"Se [her](javascript:alert('{code}')) {SCRIPT}" for code in os2.codes}
    text = report.render_report(os2, content(ratings=lights, evidence=evidence, **evil))
    assert "<script" not in text and "<img" not in text and "](javascript" not in text
    assert "{{" not in text and "{:" not in text
    assert text.splitlines()[1].startswith('title: "OS2&lt;script> layout: evil"')
    again = report.parse_report(text, os2)
    assert again.evidence == evidence
    assert (again.summary, again.overall, again.recommendations) == (
        evil["summary"],
        evil["overall"],
        evil["recommendations"],
    )
    assert again.evaluator == evil["evaluator"]


def test_a_governance_report_carries_no_live_markup_and_reads_back_as_written(os2: CatalogueData) -> None:
    documentation = dict.fromkeys(os2.codes, f"{SCRIPT} [link](data:text/html,x) {{% raw %}}")
    text = gov.governance_report(
        os2,
        product_name="<b onmouseover=alert(1)>OS2test</b>",
        filled_by="{{ page }}",
        filled_on=None,
        git_url="javascript:alert(1)",
        answers=dict.fromkeys(os2.codes, scoring.YES),
        documentation=documentation,
    )
    assert "<script" not in text and "<b " not in text and "](data:" not in text and "{%" not in text
    again = gov.parse_governance_report(text, os2)
    assert again.documentation == documentation
    assert again.filled_by == "{{ page }}"


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"OS2's corpus is not at {CORPUS}")
@pytest.mark.parametrize(
    "name",
    [
        "self-evaluations/os2-test-governancerapport.md",
        "self-evaluations/os2-test-selvevaluering-20260501T202615Z.json",
        "self-evaluations/os2test-20260501T122728Z.json",
    ],
)
def test_the_real_self_evaluations_still_import(os2: CatalogueData, name: str) -> None:
    parsed = fmt.parse_self_evaluation((CORPUS / name).read_bytes(), os2)
    assert parsed.answers


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"OS2's corpus is not at {CORPUS}")
def test_the_real_evaluation_report_still_imports(os2: CatalogueData) -> None:
    parsed = report.parse_report(Path(CORPUS / "evaluations/os2-test_assessment.md").read_bytes(), os2)
    assert len(parsed.ratings) == len(os2.codes)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3_000) | st.text(max_size=1_000).map(str.encode))
def test_any_bytes_give_a_self_evaluation_or_a_clear_error(os2: CatalogueData, data: bytes) -> None:
    for parse in (fmt.parse_self_evaluation, report.parse_report):
        assert all(message.strip() for message in refusal(lambda: parse(data, os2)))  # noqa: B023


@settings(max_examples=60, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
        max_leaves=30,
    )
)
def test_any_json_gives_a_catalogue_or_a_clear_error(value: object) -> None:
    for payload in (value, {"format": catalogue_format.JSON_FORMAT, "levels": value, "requirements": value}):
        found = refusal(lambda: catalogue_format.catalogue_from_json(json.dumps(payload)))  # noqa: B023
        assert all(message.strip() for message in found)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(json_values, st.lists(st.fixed_dictionaries({}, optional=dict.fromkeys(fmt.FORM_KEYS, json_values))))
def test_any_form_json_gives_a_self_evaluation_or_a_clear_error(
    os2: CatalogueData, value: object, items: list[object]
) -> None:
    for payload in (value, {"krav": value}, {"krav": items, "filledDate": value, "productName": value}):
        found = refusal(lambda: fmt.parse_form_json(json.dumps(payload), os2))  # noqa: B023
        assert all(message.strip() for message in found)
