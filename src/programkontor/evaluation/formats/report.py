"""Evaluation reports in OS2's published layout (template 0.9.2): reading and writing.

A report has front matter, a title ``# Evaluering af OS2-produkt: <name>``, a document-information
block, the sections *Resumé*, *Overordnet vurdering* and *Anbefaling*, a table per theme (``#``,
``Niveau``, ``Krav``, ``Vurderingskriterie``, ``Vurdering``, ``Vurderingsgrundlag``), two count
tables (lights per level; lights per theme and level) and a Mermaid pie chart per level and for all
requirements together.

Reading takes the lights and the evidence from the requirement tables only. The count tables and
pie charts people typed by hand are read as *published claims* and compared with the counts of the
lights (:func:`published_mismatches`), never trusted.

Writing produces the same layout with every count computed (:mod:`.report_writer`, whose names
this module offers too).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from programkontor.core.textfile import DEFAULT_LIMITS, Limits
from programkontor.evaluation import scoring
from programkontor.evaluation.formats.catalogue import CatalogueData, is_json
from programkontor.evaluation.formats.common import (
    Document,
    FormatError,
    LightError,
    Problem,
    clean_value,
    decode,
    gettext_noop,
    lights_in_header,
    normalise,
    parse_date,
    parse_markdown,
    problem,
    read_count,
    read_light,
    read_light_counts,
)
from programkontor.evaluation.formats.report_writer import (
    GIT_PLACEHOLDER,
    LATER,
    NO_DATA,
    ReportContent,
    light_label,
    mermaid_pie,
    render_report,
)
from programkontor.evaluation.formats.requirements_table import (
    Column,
    FoundRow,
    read_rows,
    report_missing,
    requirement_tables,
)

LIGHT_COLUMN = Column("Vurdering", ("vurdering", "assessment", "light"))
EVIDENCE_COLUMN = Column("Vurderingsgrundlag", ("vurderingsgrundlag", "evidence"))
LEVEL_COLUMN = Column("Niveau", ("niveau", "produktniveau", "level"))
TITLE_PREFIXES = (
    "evaluering af os2-produkt:",
    "evaluering af os2 produkt:",
    "evaluering af:",
    "evaluering af",
)
TOTAL_WORDS = {"total", "i alt", "samlet", "totalt"}
__all__ = [
    "GIT_PLACEHOLDER",
    "LATER",
    "NO_DATA",
    "ChartMismatch",
    "ParsedReport",
    "ReportContent",
    "chart_mismatches",
    "light_label",
    "mermaid_pie",
    "parse_report",
    "published_mismatches",
    "render_report",
]


@dataclass(frozen=True)
class PublishedLevelRow:
    line: int
    label: str
    level: str | None  # None: the total row
    counts: dict[str, int | None]


@dataclass(frozen=True)
class PublishedThemeCell:
    line: int
    row: str
    column: str
    theme: str | None  # None: the total row
    level: str | None  # None: the total column
    counts: dict[str, int | None]


@dataclass(frozen=True)
class PublishedPie:
    line: int
    title: str
    level: str | None  # None: all requirements
    counts: dict[str, int]
    #: The colours themeVariables assigns to pie1, pie2, … and the lights of the slices in drawing order.
    colours: tuple[str, ...]
    slice_lights: tuple[str, ...]


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
    level_rows: list[PublishedLevelRow] = field(default_factory=list)
    theme_cells: list[PublishedThemeCell] = field(default_factory=list)
    pies: list[PublishedPie] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _not_a_report(document: Document, text: str) -> FormatError:
    if is_json(text):
        message = gettext_noop(
            "The file is JSON, not an evaluation report in Markdown (a self-evaluation from OS2's form? "
            "Import it with import_self_evaluation)."
        )
    elif any(t.column("efterlevet") is not None for t in document.tables):
        message = gettext_noop(
            "The file is a governance report (a self-evaluation: its tables have the column 'Efterlevet?'), "
            "not an evaluation report; import it with import_self_evaluation."
        )
    else:
        message = gettext_noop(
            "The file is not an evaluation report: no table has the columns '#' and 'Vurdering'."
        )
    return FormatError([problem(message)])


def parse_report(
    data: bytes | str, catalogue: CatalogueData, *, limits: Limits = DEFAULT_LIMITS
) -> ParsedReport:
    """Read a published evaluation report; FormatError lists every problem (nothing is half-read)."""
    text = decode(data, limits)
    document = parse_markdown(text)
    tables = requirement_tables(document, LIGHT_COLUMN)
    if not tables:
        raise _not_a_report(document, text)
    problems: list[Problem] = []
    report = ParsedReport()
    heading = document.first_heading(1)
    if heading is not None:
        title = heading.text.strip()
        for prefix in TITLE_PREFIXES:
            if title.lower().startswith(prefix):
                title = title[len(prefix) :]
                break
        report.product_name = clean_value(title)
    info = document.info
    report.template_version = clean_value(
        next((v for k, v in info.items() if k.startswith("version for anvendt")), "")
    )
    date_text = info.get("dato for udfyldelse", "")
    report.evaluated_on = parse_date(date_text)
    if clean_value(date_text) and report.evaluated_on is None:
        problems.append(
            problem(
                gettext_noop("'Dato for udfyldelse' is '%(value)s', not a date (dd-mm-yyyy)."),
                value=date_text,
            )
        )
    report.evaluator = clean_value(info.get("evaluering lavet af", ""))
    report.git_url = clean_value(info.get("link til git organisation", ""))
    report.summary = _section(document, "Resumé", "Resume", "Summary")
    report.overall = _section(document, "Overordnet vurdering", "Overall assessment")
    report.recommendations = _section(document, "Anbefaling", "Anbefalinger", "Recommendations")

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
        report.evidence[row.code] = clean_value(row.value("evidence"))

    found = read_rows(
        tables,
        catalogue,
        {"light": LIGHT_COLUMN, "evidence": EVIDENCE_COLUMN},
        LEVEL_COLUMN,
        problems,
        on_row,
    )
    report_missing(catalogue, found, problems)
    if problems:
        raise FormatError(problems)
    report.level_rows = _level_table(document, catalogue, report.warnings)
    report.theme_cells = _theme_table(document, catalogue, report.warnings)
    report.pies = _pies(document, catalogue, report.warnings)
    if not report.level_rows and not report.theme_cells:
        report.warnings.append(problem(gettext_noop("The report has no count tables to check.")))
    return report


def _section(document: Document, *titles: str) -> str:
    text = document.section(*titles)
    if text is None:
        return ""
    return "" if _is_template_prompt(text) or text.strip() == LATER else text


def _is_template_prompt(text: str) -> bool:
    """The template's instruction ``[Her skrives …]`` left in place."""
    stripped = text.strip()
    return stripped.startswith("[") and stripped.endswith("]") and "\n" not in stripped


# The published count tables


def _row_level(label: str, catalogue: CatalogueData) -> tuple[bool, str | None]:
    """(is a known row, level key or None for the total row)."""
    value = normalise(label).strip(".:")
    if value in TOTAL_WORDS:
        return True, None
    level = catalogue.level_for(label)
    return (level is not None), level


def _level_table(
    document: Document, catalogue: CatalogueData, warnings: list[Problem]
) -> list[PublishedLevelRow]:
    for table in document.tables:
        light_columns: dict[int, str] = {}
        for index, cell in enumerate(table.header):
            header_light = lights_in_header(cell)
            if header_light is not None:
                light_columns[index] = header_light
        if (
            len(light_columns) < 2
            or table.column(*LIGHT_COLUMN.names) is not None
            or "tema" in normalise(table.header[0])
        ):
            continue
        rows = []
        for row in table.rows:
            label = clean_value(row.cell(0))
            known, level = _row_level(label, catalogue)
            if not known:
                warnings.append(
                    problem(
                        gettext_noop("The count table's row '%(label)s' is not a level."),
                        row.line,
                        label=label,
                    )
                )
                continue
            counts: dict[str, int | None] = dict.fromkeys(scoring.LIGHTS)
            for index, light in light_columns.items():
                counts[light] = read_count(row.cell(index))
            rows.append(PublishedLevelRow(row.line, label.strip("* "), level, counts))
        return rows
    return []


def _theme_table(
    document: Document, catalogue: CatalogueData, warnings: list[Problem]
) -> list[PublishedThemeCell]:
    for table in document.tables:
        if not table.header or "tema" not in normalise(table.header[0]):
            continue
        columns: dict[int, str | None] = {}
        for index, cell in enumerate(table.header[1:], start=1):
            known, level = _row_level(cell, catalogue)
            if known:
                columns[index] = level
        cells = []
        for row in table.rows:
            label = clean_value(row.cell(0)).strip("* ")
            value = normalise(label)
            theme = None if value in TOTAL_WORDS else catalogue.theme_for(label)
            if theme is None and value not in TOTAL_WORDS:
                warnings.append(
                    problem(
                        gettext_noop("The theme table's row '%(label)s' is not a theme."),
                        row.line,
                        label=label,
                    )
                )
                continue
            for index, level in columns.items():
                counts: dict[str, int | None] = dict.fromkeys(scoring.LIGHTS)
                counts.update(read_light_counts(row.cell(index)))
                cells.append(
                    PublishedThemeCell(
                        row.line, label, clean_value(table.header[index]).strip("* "), theme, level, counts
                    )
                )
        return cells
    return []


_PIE_TITLE = re.compile(r"^[ \t]*title[ \t]+(.+)$", re.MULTILINE)
_PIE_SLICE = re.compile(r'^[ \t]*"([^"\n]*)"[ \t]*:[ \t]*(\d+)[ \t]*$', re.MULTILINE)
_PIE = re.compile(r"^[ \t]*pie\b", re.MULTILINE)
_PARENTHESES = re.compile(r"\([^()]*\)")
_PIE_COLOUR = re.compile(r'"pie(\d+)"\s*:\s*"(#[0-9A-Fa-f]{3,8})"')
_COLOUR_LIGHTS = {colour.lower(): light for light, colour in scoring.LIGHT_COLOURS.items()}


def _pies(document: Document, catalogue: CatalogueData, warnings: list[Problem]) -> list[PublishedPie]:
    pies = []
    for block in document.code_blocks:
        if block.info.lower() != "mermaid" or not _PIE.search(block.text):
            continue
        title_match = _PIE_TITLE.search(block.text)
        title = title_match.group(1).strip() if title_match else ""
        label = _PARENTHESES.sub("", title).strip()
        known, level = _row_level(label, catalogue)
        if not known:
            continue
        counts = scoring.empty_counts()
        lights: list[str] = []
        for name, value in _PIE_SLICE.findall(block.text):
            words = [w for w in normalise(name).split() if not w.rstrip("%").isdigit()]
            light = lights_in_header(" ".join(words))
            if light is None:
                warnings.append(
                    problem(
                        gettext_noop("The pie '%(title)s' has a slice '%(name)s' that is no light."),
                        block.line,
                        title=title,
                        name=name,
                    )
                )
                continue
            counts[light] += int(value)
            lights.append(light)
        colours = [
            colour for _n, colour in sorted(_PIE_COLOUR.findall(block.text), key=lambda pair: int(pair[0]))
        ]
        pies.append(PublishedPie(block.line, title, level, counts, tuple(colours), tuple(lights)))
    return pies


# Comparing the published tables with the lights


def published_mismatches(report: ParsedReport, catalogue: CatalogueData) -> list[scoring.Mismatch]:
    """Every published count-table row (levels table) and cell (themes table) that disagrees with the
    counts of the report's own lights: which row, what the lights give, what the table says."""
    summary = scoring.summarise(report.ratings, catalogue.items(), catalogue.level_keys, catalogue.theme_keys)
    mismatches: list[scoring.Mismatch] = []
    for row in report.level_rows:
        expected = summary.totals if row.level is None else summary.exact[row.level]
        if scoring.row_mismatch(expected, row.counts):
            cumulative = row.level is not None and not scoring.row_mismatch(
                summary.cumulative[row.level], row.counts
            )
            mismatches.append(
                scoring.Mismatch(
                    table="levels",
                    row=row.label,
                    expected=dict(expected),
                    found=dict(row.counts),
                    level=row.level,
                    matches_cumulative=cumulative,
                )
            )
    for cell in report.theme_cells:
        if cell.theme is None:
            expected = summary.totals if cell.level is None else summary.exact[cell.level]
        elif cell.level is None:
            expected = summary.theme_totals[cell.theme]
        else:
            expected = summary.by_theme[cell.theme][cell.level]
        if scoring.row_mismatch(expected, cell.counts):
            mismatches.append(
                scoring.Mismatch(
                    table="themes",
                    row=cell.row,
                    column=cell.column,
                    expected=dict(expected),
                    found=dict(cell.counts),
                    level=cell.level,
                    theme=cell.theme,
                )
            )
    return mismatches


@dataclass(frozen=True)
class ChartMismatch:
    title: str
    expected: Mapping[str, int]
    found: Mapping[str, int]
    #: The colours are assigned to the wrong slices (e.g. the red slice is drawn green).
    wrong_colours: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "chart": self.title,
            "expected": dict(self.expected),
            "found": dict(self.found),
            "wrong_colours": self.wrong_colours,
        }


def chart_mismatches(report: ParsedReport, catalogue: CatalogueData) -> list[ChartMismatch]:
    """Pie charts whose numbers disagree with the lights, or whose colours are on the wrong slices."""
    summary = scoring.summarise(report.ratings, catalogue.items(), catalogue.level_keys, catalogue.theme_keys)
    result = []
    for pie in report.pies:
        expected = summary.totals if pie.level is None else summary.exact[pie.level]
        # Mermaid draws the slices largest first (ties in the order written) and gives the n-th the
        # colour "pie<n>": each drawn slice must get its own light's colour.
        order = sorted(dict.fromkeys(pie.slice_lights), key=lambda light: -pie.counts[light])
        wrong = False
        for index, light in enumerate(order):
            if pie.counts[light] == 0:
                continue
            colour = pie.colours[index] if index < len(pie.colours) else ""
            if _COLOUR_LIGHTS.get(colour.lower()) != light:
                wrong = True
        if scoring.row_mismatch(expected, pie.counts) or wrong:
            result.append(ChartMismatch(pie.title, dict(expected), dict(pie.counts), wrong))
    return result
