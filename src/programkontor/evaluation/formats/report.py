"""Evaluation reports in OS2's layout (the generator ``evalueringsrapport-generator``, template 0.9.2):
reading them as the generator writes them and as people edit them afterwards.

A report has front matter, a title ``# Evaluering af OS2-produkt: <name>``, a document-information
block, the sections *Resumé*, *Overordnet vurdering* and *Anbefaling*, a table per theme (``#``,
``Niveau``, ``Krav``, ``Vurderingskriterie``, ``Vurdering``, ``Vurderingsgrundlag``), two count
tables and a Mermaid pie chart per level and for all requirements together. Headings may carry emoji
and bold and move a level up or down, themes may be written in capitals or short, the information
block may end its lines in ``<br/>`` or two spaces or be a list, columns may come in another order or
be left out (all but ``#`` and ``Vurdering``).

Reading takes the lights and the evidence from the requirement tables only. The count tables and pie
charts are read as *published claims* and compared with the counts of the lights
(:mod:`.report_tables`), never trusted. A light that names no light (or two) refuses the file, with
its line; a level or a date that cannot be read is kept as written for a person to map.

Writing is :mod:`.report_writer` (whose names this module offers too).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from programkontor.core.markdown_reader import MarkdownDocument, Table, cell_text
from programkontor.core.textfile import DEFAULT_LIMITS, Limits
from programkontor.evaluation import scoring
from programkontor.evaluation.formats.catalogue import CatalogueData, is_json
from programkontor.evaluation.formats.common import (
    Cells,
    FormatError,
    LightError,
    Problem,
    Unresolved,
    clean_value,
    decode,
    field_value,
    gettext_noop,
    metadata_date,
    metadata_git_url,
    problem,
    read_document,
    read_light,
)
from programkontor.evaluation.formats.report_tables import (
    ChartMismatch,
    PublishedLevelRow,
    PublishedPie,
    PublishedThemeCell,
    level_table,
    pies,
    tally,
    theme_table,
)
from programkontor.evaluation.formats.report_tables import chart_mismatches as _chart_mismatches
from programkontor.evaluation.formats.report_tables import published_mismatches as _published_mismatches
from programkontor.evaluation.formats.report_writer import (
    GIT_PLACEHOLDER,
    LATER,
    NO_DATA,
    ReportContent,
    RequirementText,
    light_label,
    mermaid_pie,
    render_report,
)
from programkontor.evaluation.formats.requirements_table import (
    Column,
    FoundRow,
    codes_in,
    read_rows,
    report_missing,
    requirement_tables,
)

LIGHT_COLUMN = Column("Vurdering", ("vurdering", "assessment", "light", "trafiklys"))
EVIDENCE_COLUMN = Column(
    "Vurderingsgrundlag", ("vurderingsgrundlag", "evidence", "grundlag", "begrundelse"), required=False
)
LEVEL_COLUMN = Column("Niveau", ("niveau", "produktniveau", "level"), required=False)
TITLE_COLUMN = Column("Krav", ("krav",), required=False)
CRITERION_COLUMN = Column(
    "Vurderingskriterie", ("vurderingskriterie", "vurderingskriterium", "kriterie"), required=False
)
_TITLE = re.compile(r"^(?:evaluering af(?: os2[- ]produkt)?|evaluation of)\s*:?\s*", re.IGNORECASE)
_STANDARD = re.compile(r"^\s*standard\s*:\s*", re.IGNORECASE)
#: The report's sections, so that a section ends at the next whatever its heading level.
SECTIONS = {
    "summary": ("Resumé", "Resume", "Summary"),
    "overall": ("Overordnet vurdering", "Overall assessment"),
    "recommendations": ("Anbefaling", "Anbefalinger", "Recommendations"),
}
_STOPS = (
    *(title for titles in SECTIONS.values() for title in titles),
    "Evaluering i henhold til krav i OS2s styringsmodel",
    "Optælling af vurderinger pr. niveau og tema",
)
__all__ = [
    "GIT_PLACEHOLDER",
    "LATER",
    "NO_DATA",
    "ChartMismatch",
    "ParsedReport",
    "ReportContent",
    "RequirementText",
    "chart_mismatches",
    "content_of",
    "light_label",
    "mermaid_pie",
    "mismatches",
    "parse_document",
    "parse_report",
    "published_mismatches",
    "render_report",
    "report_codes",
]


@dataclass
class ParsedReport:
    product_name: str = ""
    template_version: str = ""
    evaluated_on: datetime.date | None = None
    evaluator: str = ""
    git_url: str = ""
    summary: str = ""
    overall: str = ""
    recommendations: str = ""
    ratings: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    #: The requirement texts as the report writes them (its "Krav" and "Vurderingskriterie").
    texts: dict[str, RequirementText] = field(default_factory=dict)
    front_matter: dict[str, str] = field(default_factory=dict)
    level_rows: list[PublishedLevelRow] = field(default_factory=list)
    theme_cells: list[PublishedThemeCell] = field(default_factory=list)
    pies: list[PublishedPie] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    cells: list[Unresolved] = field(default_factory=list)

    @property
    def unresolved(self) -> list[Unresolved]:
        return [cell for cell in self.cells if cell.resolution is None]


def _not_a_report(document: MarkdownDocument, text: str) -> FormatError:
    if is_json(text):
        message = gettext_noop(
            "The file is JSON, not an evaluation report in Markdown (a self-evaluation from OS2's form? "
            "Import it with import_self_evaluation)."
        )
    elif any(
        t.column("efterlevet") is not None or t.column("henvisning") is not None for t in document.tables
    ):
        message = gettext_noop(
            "The file is a governance report (a self-evaluation: its tables have the column 'Efterlevet?'), "
            "not an evaluation report; import it with import_self_evaluation."
        )
    else:
        message = gettext_noop(
            "The file is not an evaluation report: no table has the columns '#' and 'Vurdering'."
        )
    return FormatError([problem(message)])


def _has_light_column(table: Table) -> bool:
    """A requirement table of an evaluation report: it has the light column, or lost it but keeps a
    column only these tables have (then the missing column is named)."""
    return table.column(*LIGHT_COLUMN.names, "vurderingsgrundlag", "vurderingskriterie") is not None


def report_codes(text: str | MarkdownDocument) -> list[str]:
    """The requirement ids of an evaluation report (to choose the catalogue to read it with); the
    report as text, or as read by :func:`read_document` (then it is not read again)."""
    document = read_document(text) if isinstance(text, str) else text
    return codes_in(requirement_tables(document, _has_light_column))


def parse_report(
    data: bytes | str,
    catalogue: CatalogueData,
    *,
    limits: Limits = DEFAULT_LIMITS,
    resolutions: Mapping[str, str] | None = None,
) -> ParsedReport:
    """Read an evaluation report; FormatError lists every structural problem (nothing is half-read)."""
    text = decode(data, limits)
    return parse_document(read_document(text), text, catalogue, resolutions=resolutions)


def parse_document(
    document: MarkdownDocument,
    text: str,
    catalogue: CatalogueData,
    *,
    resolutions: Mapping[str, str] | None = None,
) -> ParsedReport:
    """:func:`parse_report` of a report already decoded (``text``) and read (:func:`read_document`)."""
    tables = requirement_tables(document, _has_light_column)
    if not tables:
        raise _not_a_report(document, text)
    problems: list[Problem] = []
    cells = Cells(resolutions)
    report = ParsedReport(front_matter=dict(document.front_matter))
    heading = document.first_heading(1)
    if heading is not None:
        report.product_name = clean_value(_TITLE.sub("", heading.text).strip())
    _metadata(document, tables[0].line, report, cells, problems)
    for attribute, titles in SECTIONS.items():
        setattr(report, attribute, _section(document, titles))

    def on_row(row: FoundRow) -> None:
        value = row.value("light")
        try:
            report.ratings[row.code] = read_light(value)
        except LightError as exc:
            problems.append(
                problem(
                    gettext_noop("%(code)s: %(message)s"),
                    row.row.line,
                    code=row.code,
                    message=Problem(exc.template, exc.params),
                )
            )
            return
        evidence = clean_value(row.value("evidence"))
        report.evidence[row.code] = "" if evidence == NO_DATA else evidence
        criterion = row.value("criterion")
        report.texts[row.code] = RequirementText(
            row.value("title"),
            _STANDARD.sub("", criterion) if ":" in criterion else criterion,
            row.value("level"),
        )

    columns = {
        "light": LIGHT_COLUMN,
        "evidence": EVIDENCE_COLUMN,
        "level": LEVEL_COLUMN,
        "title": TITLE_COLUMN,
        "criterion": CRITERION_COLUMN,
    }
    found = read_rows(tables, catalogue, columns, problems, report.warnings, cells, on_row)
    report_missing(catalogue, found, problems)
    if problems:
        raise FormatError(problems)
    report.cells = cells.found
    report.level_rows = level_table(document, catalogue, report.warnings)
    report.theme_cells = theme_table(document, catalogue, report.warnings)
    report.pies = pies(document, catalogue, report.warnings)
    if not report.level_rows and not report.theme_cells:
        report.warnings.append(problem(gettext_noop("The report has no count tables to check.")))
    return report


def _metadata(
    document: MarkdownDocument, before: int, report: ParsedReport, cells: Cells, problems: list[Problem]
) -> None:
    fields = {found.key: found for found in reversed(document.fields(before=before))}
    version = next((f for key, f in fields.items() if key.startswith("version for anvendt")), None)
    report.template_version = field_value(version.value) if version else ""
    evaluator = fields.get("evaluering lavet af") or fields.get("evalueret af") or fields.get("audit made by")
    report.evaluator = field_value(evaluator.value) if evaluator else ""
    report.git_url = metadata_git_url(fields)
    date = fields.get("dato for udfyldelse") or fields.get("dato")
    if date is not None:
        report.evaluated_on = metadata_date(date, problems, cells)


def _section(document: MarkdownDocument, titles: tuple[str, ...]) -> str:
    text = document.section(titles, _STOPS)
    if text is None:
        return ""
    value = cell_text(text).replace("\\|", "|") if "<br" in text.lower() else text.replace("\\|", "|")
    return "" if _is_template_prompt(value) or value.strip() == LATER else value


def _is_template_prompt(text: str) -> bool:
    """The template's instruction ``[Her skrives …]`` left in place."""
    stripped = text.strip()
    return stripped.startswith("[") and stripped.endswith("]") and "\n" not in stripped


def content_of(report: ParsedReport) -> ReportContent:
    """What a report says, to write it again (with its own requirement texts)."""
    return ReportContent(
        product_name=report.product_name,
        evaluated_on=report.evaluated_on,
        evaluator=report.evaluator,
        git_url=report.git_url,
        summary=report.summary,
        overall=report.overall,
        recommendations=report.recommendations,
        ratings=report.ratings,
        evidence=report.evidence,
        template_version=report.template_version,
        title=report.front_matter.get("title", ""),
        texts=report.texts,
    )


def published_mismatches(report: ParsedReport, catalogue: CatalogueData) -> list[scoring.Mismatch]:
    """Every published count-table row and cell that disagrees with the counts of the lights."""
    return _published_mismatches(report.ratings, report.level_rows, report.theme_cells, catalogue)


def chart_mismatches(report: ParsedReport, catalogue: CatalogueData) -> list[ChartMismatch]:
    """Pie charts whose numbers disagree with the lights, or whose colours are on the wrong slices."""
    return _chart_mismatches(report.ratings, report.pies, catalogue)


def mismatches(
    report: ParsedReport, catalogue: CatalogueData
) -> tuple[list[scoring.Mismatch], list[ChartMismatch]]:
    """:func:`published_mismatches` and :func:`chart_mismatches`, the lights counted once."""
    counted = tally(report.ratings, catalogue)
    return (
        _published_mismatches(report.ratings, report.level_rows, report.theme_cells, catalogue, counted),
        _chart_mismatches(report.ratings, report.pies, catalogue, counted),
    )
