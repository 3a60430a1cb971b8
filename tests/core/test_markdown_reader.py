"""core/markdown_reader: Markdown as people write it, read on markdown-it-py's tokens (issue 12, item 1)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from programkontor.core.markdown_reader import cell_text, fold, parse_field, plain, read_markdown, split_lines


def test_headings_are_compared_without_emoji_bold_links_case_or_a_closing_run() -> None:
    document = read_markdown(
        "# Titel\n\n### 🌍 **RELEVANS** ###\n\n## [Formkrav](https://os2.eu)\n\n**STRATEGISK SAMMENHÆNG**\n"
    )
    assert [(h.line, h.level, h.key) for h in document.headings] == [
        (1, 1, "titel"),
        (3, 3, "relevans"),
        (5, 2, "formkrav"),
        (7, 0, "strategisk sammenhæng"),  # a bold paragraph titles what follows like a heading
    ]
    assert document.headings[1].text == "🌍 RELEVANS"  # plain text keeps the emoji; the key drops it


@given(
    emoji=st.sampled_from(["", "🌍 ", "📊 ", "✅\ufe0f "]),
    bold=st.booleans(),
    case=st.sampled_from([str.upper, str.lower, str.title]),
    spaces=st.integers(min_value=1, max_value=4),
    closing=st.booleans(),
)
def test_a_labels_key_survives_what_people_do_to_it(
    emoji: str, bold: bool, case: object, spaces: int, closing: bool
) -> None:
    label = case("Optælling af vurderinger")  # type: ignore[operator]
    label = f"**{label}**" if bold else label
    line = "#" * 2 + " " * spaces + emoji + label + (" ##" if closing else "")
    (heading,) = read_markdown(line).headings
    assert heading.key == "optælling af vurderinger"


def test_tables_are_read_as_people_and_generators_write_them() -> None:
    text = "\n".join(
        [
            "## RELEVANS",  # 1
            "",
            "  #  | Krav | Svar",  # 3: no outer pipes
            "---|---",  # 4: a delimiter row with fewer cells than the header
            "R1 | Værdi",  # 5: a short row
            "| R2 | Accept \\| ledelse | Ja | ekstra |",  # 6: an escaped pipe and an extra cell
            "",
            "## GOVERNANCE",  # 8
            "",
            "| # | Krav |",  # 10
            "| --- | --- |",
            "",  # 12: the governance report generator's blank line before the rows
            "| G1 | Oprettet |",  # 13
            "",
            "| # | Krav | | --- | --- | | F1 | Kildekode |",  # 15: header, delimiter and a row on one line
        ]
    )
    document = read_markdown(text)
    first, second, third = document.tables
    assert first.header == ("#", "Krav", "Svar") and first.line == 3
    assert [(row.line, row.cells) for row in first.rows] == [
        (5, ("R1", "Værdi")),
        (6, ("R2", "Accept | ledelse", "Ja", "ekstra")),
    ]
    assert first.rows[0].cell(2) == "" and first.column("svar") == 2
    assert first.title is not None and first.title.key == "relevans"
    assert [(row.line, row.cells) for row in second.rows] == [(13, ("G1", "Oprettet"))]
    assert second.title is not None and second.title.key == "governance"
    assert third.header == ("#", "Krav") and [(r.line, r.cells) for r in third.rows] == [
        (15, ("F1", "Kildekode"))
    ]


def test_code_blocks_and_comments_hold_no_tables() -> None:
    document = read_markdown(
        "```\n| a | b |\n|---|---|\n```\n\n"
        "<!--\n| c | d |\n|---|---|\n-->\n\n"
        "| e | f |\n|---|---|\n| 1 | 2 |\n"
    )
    assert [table.header for table in document.tables] == [("e", "f")]
    assert [(block.line, block.text) for block in document.code_blocks] == [(1, "| a | b |\n|---|---|\n")]


def test_front_matter_fields_and_task_lists() -> None:
    text = "\n".join(
        [
            "---",
            "title: OS2test",
            'layout: "default"',
            "---",
            "",
            "> **📄 Dokumentinformation**<br/>",
            "> **Dato for udfyldelse:** [14-08-2026]  ",
            "> **Udfyldt af**: Karen<br/>",
            "",
            "- Ansvarlig: Bo",
            "- [x] Referat godkendt",
            "- [ ] Dagsorden udsendt",
        ]
    )
    document = read_markdown(text)
    assert document.front_matter == {"title": "OS2test", "layout": "default"}
    fields = {found.key: (found.line, found.value) for found in document.fields()}
    assert fields["dato for udfyldelse"] == (7, "[14-08-2026]")
    assert fields["udfyldt af"] == (8, "Karen")  # the line break ends the value
    assert fields["ansvarlig"] == (10, "Bo")
    assert [(item.line, item.checked) for item in document.items] == [(10, None), (11, True), (12, False)]


def test_a_section_runs_to_the_next_heading_of_its_level_or_a_rule() -> None:
    document = read_markdown(
        "# R\n\n## Resumé\nEt.\n\n### Detalje\nTo.\n\n## Anbefaling\nTre.\n\n---\n\nFire."
    )
    assert document.section(["resume", "Resumé"]) == "Et.\n\n### Detalje\nTo."
    assert document.section(["📌 ANBEFALING"]) == "Tre."
    assert document.section(["Findes ikke"]) is None


def test_text_helpers_read_line_breaks_emphasis_and_fields() -> None:
    assert cell_text("a<br/>b <BR> c") == "a\nb\nc"
    assert split_lines("a  \nb<br/>c") == ["a", "b", "c"]
    assert plain("**Fed** og [link](https://x.dk) `kode`<br>slut") == "Fed og link kode slut"
    assert fold("**📄 Efterlevet?**") == "efterlevet"
    assert parse_field("> **Version:** 1.1.0") == ("Version", "1.1.0")
    assert parse_field("**Bare fed tekst**") is None
    assert parse_field("https://os2.eu: ikke et felt") is None


def test_line_numbers_are_the_files_even_after_repairs() -> None:
    text = "intro\n\n| # | a | | --- | --- | | R1 | x |\n| R2 | y |\n\n## Efter\n"
    document = read_markdown(text)
    (table,) = document.tables
    assert [row.line for row in table.rows] == [3, 4]
    assert document.headings[-1].line == 6


def test_a_long_line_of_spaces_is_read_in_linear_time() -> None:
    long = 200_000
    for text in ("# a" + " " * long + "b", "| a |\n" + " " * long + "x", "**" + " " * long + "a"):
        assert read_markdown(text).lines
