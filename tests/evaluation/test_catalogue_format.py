"""Requirement catalogues from OS2's templates and from JSON, and the Markdown helpers they rest on."""

from __future__ import annotations

import json

import pytest

from programkontor.core.markdown_reader import cell_text
from programkontor.evaluation.formats import catalogue as fmt
from programkontor.evaluation.formats.common import (
    FormatError,
    LightError,
    escape_cell,
    read_document,
    read_light,
    read_light_counts,
)
from tests.evaluation.conftest import read

OTHER_STANDARD = {
    "format": "programkontor-catalogue/1",
    "standard": "tilgaengelighed",
    "name": "Tilgængelighedsstandard",
    "version": "2.0",
    "levels": [
        {"key": "a", "label": "Niveau A"},
        {"key": "aa", "label": "Niveau AA"},
        {"key": "aaa", "label": "Niveau AAA"},
    ],
    "themes": [{"key": "opfattelig", "name": "Opfattelig"}, {"key": "robust", "name": "Robust"}],
    "requirements": [
        {"id": "P1", "theme": "opfattelig", "level": "a", "title": "Tekstalternativer"},
        {"id": "P2", "theme": "opfattelig", "level": "aa", "title": "Kontrast", "recommendation": True},
        {"id": "B1", "theme": "robust", "level": "aaa", "title": "Kompatibel"},
    ],
}


def test_the_governance_template_gives_43_requirements_with_levels_themes_and_recommendations() -> None:
    parsed = fmt.parse_template(read("governance_template.md"))
    assert parsed.kind == "governance"
    assert parsed.version == "1.1.0"
    assert parsed.released == "Juni 2025"
    assert [t.name for t in parsed.themes] == ["Relevans", "Formkrav", "Strategisk sammenhæng", "Governance"]
    by_code = {r.code: r for r in parsed.requirements}
    assert len(by_code) == 43
    assert "F8" not in by_code and "F9" not in by_code
    assert by_code["F12"].level == "2"
    assert by_code["R1"].level == "sandbox"
    assert by_code["G10"].recommendation is True
    assert "(anbefaling)" not in by_code["G10"].title
    assert by_code["F2"].guidance.startswith("Angiv hvilken OSI-godkendt licens")


def test_both_templates_together_make_one_catalogue_with_criteria() -> None:
    templates = [
        fmt.parse_template(read("governance_template.md")),
        fmt.parse_template(read("assessments_template.md")),
    ]
    catalogue = fmt.catalogue_from_templates(templates, standard="os2", name="OS2's styringsmodel")
    assert catalogue.version == "1.1.0"
    assert catalogue.report_template_version == "0.9.2"
    f2 = catalogue.requirement("F2")
    assert f2 is not None
    assert f2.criterion.startswith("Godkendt Open Source Licens")
    assert f2.text.startswith("Open Source licenskriterier")
    assert [level.key for level in catalogue.levels] == ["sandbox", "1", "2", "3"]


def test_templates_that_disagree_are_refused() -> None:
    governance = read("governance_template.md")
    assessment = read("assessments_template.md").replace("| F12  | 2         |", "| F12  | 3         |")
    with pytest.raises(FormatError) as raised:
        fmt.catalogue_from_templates(
            [fmt.parse_template(governance), fmt.parse_template(assessment)], standard="os2", name="OS2"
        )
    assert any("F12 has level 2 in the governance report but 3" in m for m in raised.value.messages())


def test_a_file_without_requirement_tables_is_not_a_catalogue() -> None:
    with pytest.raises(FormatError, match="no requirement tables"):
        fmt.parse_template("# Noget andet\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")


def test_a_template_with_a_duplicate_id_is_refused() -> None:
    text = read("governance_template.md").replace("| R2  |", "| R1  |", 1)
    with pytest.raises(FormatError, match="R1 appears twice"):
        fmt.parse_template(text)


def test_another_standard_loads_from_json_with_its_own_levels_and_themes() -> None:
    catalogue = fmt.catalogue_from_json(json.dumps(OTHER_STANDARD))
    assert catalogue.level_keys == ["a", "aa", "aaa"]
    assert catalogue.theme_keys == ["opfattelig", "robust"]
    assert catalogue.level_for("AA") == "aa"
    assert catalogue.level_for("Niveau AAA") == "aaa"
    again = fmt.catalogue_from_json(fmt.catalogue_to_json(catalogue))
    assert again == catalogue


def test_a_broken_json_catalogue_names_its_problems() -> None:
    broken = json.loads(json.dumps(OTHER_STANDARD))
    broken["requirements"][1]["id"] = "P1"
    broken["requirements"][2]["level"] = "z"
    broken["requirements"][0]["theme"] = "ukendt"
    with pytest.raises(FormatError) as raised:
        fmt.catalogue_from_json(json.dumps(broken))
    messages = "\n".join(raised.value.messages())
    assert "P1 appears twice" in messages
    assert "B1 has the level 'z'" in messages
    assert "P1 has the theme 'ukendt'" in messages
    with pytest.raises(FormatError, match="not a requirement catalogue"):
        fmt.catalogue_from_json('{"format": "noget andet"}')


def test_entries_that_are_not_objects_are_named_by_list_and_index_in_order() -> None:
    broken = json.loads(json.dumps(OTHER_STANDARD))
    broken["levels"].append("aaaa")
    broken["themes"].insert(0, 7)
    broken["requirements"].append(["P9"])
    with pytest.raises(FormatError) as raised:
        fmt.catalogue_from_json(json.dumps(broken))
    messages = raised.value.messages()
    assert messages[:3] == [
        "levels[3] must be an object.",
        "themes[0] must be an object.",
        f"requirements[{len(OTHER_STANDARD['requirements'])}] must be an object.",
    ]


def test_the_shipped_catalogue_is_os2s_structure_with_titles_of_our_own() -> None:
    templates = [
        fmt.parse_template(read("governance_template.md")),
        fmt.parse_template(read("assessments_template.md")),
    ]
    official = fmt.catalogue_from_templates(
        templates, standard="os2-styringsmodel", name="OS2's styringsmodel"
    )
    from importlib import resources

    shipped = fmt.catalogue_from_json(
        resources.files("programkontor.evaluation")
        .joinpath("data", "os2-styringsmodel-1.1.0.json")
        .read_text()
    )
    assert [(r.code, r.theme, r.level, r.recommendation) for r in shipped.requirements] == [
        (r.code, r.theme, r.level, r.recommendation) for r in official.requirements
    ]
    assert all(s.title != o.title for s, o in zip(shipped.requirements, official.requirements, strict=True))
    assert all(not (r.text or r.guidance or r.criterion) for r in shipped.requirements)


# Markdown helpers


def test_table_cells_escape_pipes_and_line_breaks_both_ways() -> None:
    value = "a | b\nc \\ d"
    cell = escape_cell(value)
    assert "\n" not in cell and "\\|" in cell
    document = read_document(f"| h | x |\n|---|---|\n| {cell} | x |")
    assert cell_text(document.tables[0].rows[0].cells[0]) == value


def test_lights_are_read_in_their_variants_and_refused_when_wrong() -> None:
    assert read_light("🟢") == "green"
    assert read_light("⚪\ufe0f") == "gray"
    assert read_light("  🔴 Rød ") == "red"
    assert read_light("gul") == "yellow"
    assert read_light("GREY") == "gray"
    for wrong in ("", "🟠", "✅", "🟢 / 🔴", "blå", "🟢 ok"):
        with pytest.raises(LightError):
            read_light(wrong)


def test_theme_table_cells_give_a_number_per_light() -> None:
    assert read_light_counts("🟢 1 🟡 0 🔴 2 ⚪\ufe0f 3") == {"green": 1, "yellow": 0, "red": 2, "gray": 3}
    assert read_light_counts("🟢 [G] 🟡 0")["green"] is None


def test_tables_inside_code_blocks_and_comments_are_not_tables() -> None:
    text = (
        "## A\n\n```\n| # | x |\n|---|---|\n| 1 | 2 |\n```\n\n"
        "<!--\n| # | y |\n|---|---|\n-->\n\n| # | z |\n|---|---|\n| 3 | 4 |\n"
    )
    document = read_document(text)
    assert [table.header for table in document.tables] == [("#", "z")]
    assert document.tables[0].title is not None and document.tables[0].title.text == "A"
