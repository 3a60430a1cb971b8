"""Governance reports (a self-evaluation in Markdown): reading every layout OS2's products use, and
writing the layout of OS2's generator (``governancerapport-generator``).

Read (each table is a theme's; the columns are found by their names, in any order):

* **generator** — ``#``, ``Krav``, ``Produktniveau``, ``Retningslinjer``, ``Efterlevet?``,
  ``Dokumentation``, as the generator writes it and as people edit it by hand (answers such as
  ``Delvist`` or ``?`` are kept as written for a person to map; metadata in square brackets is read);
* **older** — the generator's earlier layout without ``Efterlevet?``, whose last column (headed
  ``Retningslinjer``) holds the documentation: every requirement is unanswered;
* **checklist** — the previous governance model: a checkbox column (``[x]``, ``[ ]``, also inside
  ``<ul><li>``), ``#``, ``Krav``, ``Henvisning`` (the documentation) and ``Niveau`` 0 to 3; a ticked box
  is *Ja*, an empty one *Nej*. Theme titles may be bold paragraphs instead of headings, and the date
  comes from the report's log table when it states none.

Written: the generator's layout, with the front matter OS2 publishes its reports with and the table
rows as the generator writes them (``|`` as ``\\|``, line breaks as ``<br/>``, ``[Udfyldes i
selvevaluering]`` for an unanswered requirement, ``[Ikke udfyldt]`` for no documentation). Runs of
spaces in the header rows are written single, as in OS2's published reports, and the generator's
blank line between the governance table's delimiter row and its rows (which breaks that table) is
left out. User text is made inert for publishing (``core/markdown_export``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping

from programkontor.core.markdown_export import markdown_line, markdown_text, yaml_value
from programkontor.core.markdown_reader import MarkdownDocument, Table, fold, plain
from programkontor.core.textfile import DEFAULT_LIMITS, Limits
from programkontor.evaluation.formats.answers import (
    ANSWER_TEXT,
    AnswerError,
    NotACheckbox,
    looks_like_checkboxes,
    read_answer,
    read_checkbox,
)
from programkontor.evaluation.formats.catalogue import CatalogueData, template_version
from programkontor.evaluation.formats.catalogue_data import inert
from programkontor.evaluation.formats.common import (
    Cells,
    FormatError,
    Problem,
    Unresolved,
    clean_value,
    decode,
    escape_cell,
    field_value,
    gettext_noop,
    metadata_date,
    metadata_git_url,
    problem,
    read_date,
    read_document,
)
from programkontor.evaluation.formats.requirements_table import (
    Column,
    FoundRow,
    codes_in,
    read_rows,
    report_missing,
    requirement_tables,
)
from programkontor.evaluation.formats.self_evaluation import ParsedSelfEvaluation, form_level, form_text

NOT_FILLED = "[Ikke udfyldt]"
UNANSWERED = "[Udfyldes i selvevaluering]"
ANSWER_COLUMN = Column("Efterlevet?", ("efterlevet", "opfyldt", "status", "svar", "answer", "compliance"))
DOCUMENTATION_COLUMN = Column(
    "Dokumentation",
    ("dokumentation", "documentation", "henvisning", "begrundelse", "evidens", "kommentar"),
    required=False,
)
OLDER_DOCUMENTATION_COLUMN = Column("Retningslinjer", ("retningslinjer",), required=False)
LEVEL_COLUMN = Column("Produktniveau", ("produktniveau", "niveau", "level"), required=False)
_TITLE_AFFIXES = re.compile(
    r"^(?:governancerapport|governance report|selvevaluering)\s+(?:for|af)\s+|"
    r"\s*[-\u2013:]\s*(?:governancerapport|governance report)$|'s governance report$",
    re.IGNORECASE,
)
_BLANK_TITLE = "[produktnavn]"


def checkbox_column(table: Table) -> int | None:
    """The column of checkboxes of the previous model's tables (usually headed by nothing)."""
    for index, key in enumerate(table.keys):
        if key in ("", "x", "opfyldt", "efterlevet", "status") and looks_like_checkboxes(
            [row.cell(index) for row in table.rows]
        ):
            return index
    return None


def _layout(table: Table) -> str:
    if table.column("vurdering", "vurderingsgrundlag") is not None:
        return ""
    if checkbox_column(table) is not None:
        return "checklist"
    if table.column(*ANSWER_COLUMN.names) is not None:
        return "generator"
    if table.column("krav") is not None and table.column("produktniveau") is not None:
        return "older"
    return ""


def tables_of(document: MarkdownDocument) -> tuple[str, list[Table]]:
    """The layout of the report and its requirement tables ('' and none when it is not one)."""
    tables = requirement_tables(document, lambda table: bool(_layout(table)))
    layouts = [_layout(table) for table in tables]
    for layout in ("checklist", "generator", "older"):
        if layout in layouts:
            return layout, [t for t, found in zip(tables, layouts, strict=True) if found == layout]
    return "", []


def governance_codes(text: str) -> list[str]:
    """The requirement ids of a governance report (to choose the catalogue to read it with)."""
    return codes_in(tables_of(read_document(text))[1])


def _refusal(document: MarkdownDocument) -> FormatError:
    if any(t.column("vurdering") is not None for t in document.tables):
        message = gettext_noop(
            "The file is an evaluation report (its tables have the column 'Vurdering'), not a "
            "self-evaluation; import it with import_evaluation."
        )
    else:
        message = gettext_noop(
            "The file is not a governance report: no table has the columns '#' and 'Efterlevet?'."
        )
    return FormatError([problem(message)])


def _product_name(document: MarkdownDocument) -> str:
    heading = document.first_heading(1)
    if heading is None:
        return ""
    return clean_value(_TITLE_AFFIXES.sub("", heading.text).strip())


def _metadata(
    document: MarkdownDocument, first_table: int, result: ParsedSelfEvaluation, cells: Cells
) -> list[Problem]:
    problems: list[Problem] = []
    fields = {found.key: found for found in reversed(document.fields(before=first_table))}
    filled_by = fields.get("udfyldt af") or fields.get("filled by")
    result.filled_by = field_value(filled_by.value) if filled_by else ""
    result.git_url = metadata_git_url(fields)
    date = fields.get("dato for udfyldelse") or fields.get("dato")
    if date is not None:
        result.filled_on = metadata_date(date, problems, cells)
    else:
        _from_log(document, result)
    return problems


def _from_log(document: MarkdownDocument, result: ParsedSelfEvaluation) -> None:
    """The date and author of a report's log table's latest entry (the previous model's reports)."""
    latest: tuple[datetime.date, str] | None = None
    for table in document.tables:
        date_column = table.column("dato", "date")
        if date_column is None:
            continue
        who = table.column("udført af", "af", "ansvarlig", "by")
        for row in table.rows:
            found = read_date(row.cell(date_column)).date
            if found is not None and (latest is None or found >= latest[0]):
                latest = (found, plain(row.cell(who)) if who is not None else "")
    if latest is not None:
        result.filled_on = latest[0]
        result.filled_by = result.filled_by or latest[1]


def parse_governance_report(
    data: bytes | str,
    catalogue: CatalogueData,
    *,
    limits: Limits = DEFAULT_LIMITS,
    resolutions: Mapping[str, str] | None = None,
) -> ParsedSelfEvaluation:
    """Read a governance report in any of its layouts; FormatError lists every structural problem."""
    document = read_document(decode(data, limits))
    layout, tables = tables_of(document)
    product_name = _product_name(document)
    if not tables or (layout == "older" and product_name == "" and _blank(document)):
        raise _refusal(document)
    cells = Cells(resolutions)
    result = ParsedSelfEvaluation(format="markdown", layout=layout, product_name=product_name)
    result.catalogue_version = template_version(document)
    problems = _metadata(document, tables[0].line, result, cells)
    if layout == "older":
        result.warnings.append(
            problem(
                gettext_noop(
                    "The report has no 'Efterlevet?' column (the generator's earlier layout): every "
                    "requirement is unanswered; its last column was read as the documentation."
                )
            )
        )
    columns = _columns(layout)

    def on_row(row: FoundRow) -> None:
        result.answers[row.code] = _answer(row, layout, cells)
        result.documentation[row.code] = clean_value(row.value("documentation"))

    found = read_rows(tables, catalogue, columns, problems, result.warnings, cells, on_row)
    report_missing(catalogue, found, problems)
    if problems:
        raise FormatError(problems)
    result.cells = cells.found
    return result


def _blank(document: MarkdownDocument) -> bool:
    heading = document.first_heading(1)
    return heading is not None and fold(heading.raw).endswith(fold(_BLANK_TITLE))


def _columns(layout: str) -> dict[str, Column]:
    if layout == "older":
        return {"documentation": OLDER_DOCUMENTATION_COLUMN, "level": LEVEL_COLUMN}
    if layout == "checklist":
        return {"documentation": DOCUMENTATION_COLUMN, "level": LEVEL_COLUMN}
    return {"answer": ANSWER_COLUMN, "documentation": DOCUMENTATION_COLUMN, "level": LEVEL_COLUMN}


def _answer(row: FoundRow, layout: str, cells: Cells) -> str | None:
    if layout == "older":
        return None
    if layout == "checklist":
        index = checkbox_column(row.table)
        value = row.row.cell(index)
        label = row.table.header[index] if index is not None else ""
        try:
            ticked = read_checkbox(value)
        except NotACheckbox:
            return _unresolved(row, label or "✓", value, cells)
        return None if ticked is None else ("yes" if ticked else "no")
    value = row.value("answer")
    try:
        return read_answer(value)
    except AnswerError:
        index = row.columns.get("answer")
        label = row.table.header[index] if index is not None else ANSWER_COLUMN.label
        return _unresolved(row, label, value, cells)


def _unresolved(row: FoundRow, column: str, value: str, cells: Cells) -> str | None:
    mapped = cells.add(Unresolved("answer", row.row.line, column, value, row.code))
    return mapped or None


# Writing


def _front_matter(title: str) -> list[str]:
    return [
        "---",
        f"title: {yaml_value(title)}",
        "layout: default",
        "parent: Selvevalueringer",
        "nav_exclude: true",
        "---",
        "",
    ]


def governance_report(
    catalogue: CatalogueData,
    *,
    product_name: str,
    filled_by: str,
    filled_on: datetime.date | None,
    git_url: str,
    answers: Mapping[str, str | None],
    documentation: Mapping[str, str],
) -> str:
    """The self-evaluation as OS2's governance report generator writes it (see the module's text)."""
    lines = _front_matter(product_name)
    catalogue = inert(catalogue)
    date = (filled_on or datetime.date.today()).strftime("%d-%m-%Y")
    lines += [
        f"# Governancerapport for {escape_cell(markdown_line(product_name) or '[produktnavn]')}",
        "",
        "> **📄 Dokumentinformation**<br/>",
        f"> **Version for anvendt governancerapport:** {markdown_line(catalogue.version)}<br/>",
        f"> **Dato for udfyldelse:** {date}<br/>",
        f"> **Udfyldt af:** {escape_cell(markdown_line(filled_by) or '[Navn]')}<br/>",
        "> **Link til Git organisation:** "
        f"{escape_cell(markdown_line(git_url) or '[indsæt link til git organisation/repo]')}<br/>",
    ]
    for theme in catalogue.themes:
        rows = [r for r in catalogue.requirements if r.theme == theme.key]
        if not rows:
            continue
        lines += [
            "",
            f"## {theme.name.upper()}",
            "",
            "| # | Krav | Produktniveau | Retningslinjer | Efterlevet? | Dokumentation |",
            "| --- | --------------------------------------------- | ------------- | -------------- "
            "| ----------- | ------------- |",
        ]
        for r in rows:
            answer = ANSWER_TEXT.get(answers.get(r.code) or "", UNANSWERED)
            doc = markdown_text(documentation.get(r.code, "")).strip() or NOT_FILLED
            cells = [r.code, escape_cell(form_text(r)), form_level(catalogue, r.level)]
            cells += [escape_cell(r.guidance), escape_cell(answer), escape_cell(doc)]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
