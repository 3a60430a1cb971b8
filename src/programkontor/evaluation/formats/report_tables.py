"""The count tables and pie charts of a published evaluation report, read as *claims* and checked.

OS2's report ends with a table of lights per level, a table of lights per theme and level, and a
Mermaid pie per level and for all requirements. People type them, and edit them after the generator:
this module reads what they say (:class:`PublishedLevelRow`, :class:`PublishedThemeCell`,
:class:`PublishedPie`) and compares it with the counts of the report's own lights
(:func:`published_mismatches`: which row, what the lights give, what the table says;
:func:`chart_mismatches`: numbers, and colours on the wrong slices).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from programkontor.core.markdown_reader import MarkdownDocument, fold
from programkontor.evaluation import scoring
from programkontor.evaluation.formats.catalogue import CatalogueData
from programkontor.evaluation.formats.common import (
    Problem,
    clean_value,
    gettext_noop,
    lights_in_header,
    problem,
    read_count,
    read_light_counts,
)

TOTAL_WORDS = {"total", "i alt", "samlet", "totalt"}


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


def _row_level(label: str, catalogue: CatalogueData) -> tuple[bool, str | None]:
    """(is a known row, level key or None for the total row)."""
    value = fold(label).strip(".:")
    if value in TOTAL_WORDS:
        return True, None
    level = catalogue.level_for(label)
    return (level is not None), level


def level_table(
    document: MarkdownDocument, catalogue: CatalogueData, warnings: list[Problem]
) -> list[PublishedLevelRow]:
    for table in document.tables:
        light_columns: dict[int, str] = {}
        for index, cell in enumerate(table.header):
            header_light = lights_in_header(cell)
            if header_light is not None:
                light_columns[index] = header_light
        if (
            len(light_columns) < 2
            or table.column("vurdering", "assessment", "light") is not None
            or "tema" in table.keys[0]
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


def theme_table(
    document: MarkdownDocument, catalogue: CatalogueData, warnings: list[Problem]
) -> list[PublishedThemeCell]:
    for table in document.tables:
        if not table.header or "tema" not in table.keys[0]:
            continue
        columns: dict[int, str | None] = {}
        for index, cell in enumerate(table.header[1:], start=1):
            known, level = _row_level(cell, catalogue)
            if known:
                columns[index] = level
        labels = {index: clean_value(table.header[index]).strip("* ") for index in columns}
        cells = []
        for row in table.rows:
            label = clean_value(row.cell(0)).strip("* ")
            value = fold(label)
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
                cells.append(PublishedThemeCell(row.line, label, labels[index], theme, level, counts))
        return cells
    return []


_PIE_TITLE = re.compile(r"^[ \t]*title[ \t]+(.+)$", re.MULTILINE)
_PIE_SLICE = re.compile(r'^[ \t]*"([^"\n]*)"[ \t]*:[ \t]*(\d{1,9})[ \t]*$', re.MULTILINE)
_PIE = re.compile(r"^[ \t]*pie\b", re.MULTILINE)
_PARENTHESES = re.compile(r"\([^()]*\)")
_PIE_COLOUR = re.compile(r'"pie(\d{1,3})"\s{0,20}:\s{0,20}"(#[0-9A-Fa-f]{3,8})"')
_COLOUR_LIGHTS = {colour.lower(): light for light, colour in scoring.LIGHT_COLOURS.items()}


@lru_cache(maxsize=1024)
def _slice_light(name: str) -> str | None:
    """The light a pie slice's name names (``Grøn 42%``: its numbers left out), if any (pure: kept)."""
    words = [w for w in fold(name).split() if not w.rstrip("%").isdigit()]
    return lights_in_header(" ".join(words))


def pies(document: MarkdownDocument, catalogue: CatalogueData, warnings: list[Problem]) -> list[PublishedPie]:
    found = []
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
            light = _slice_light(name)
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
        found.append(PublishedPie(block.line, title, level, counts, tuple(colours), tuple(lights)))
    return found


# Comparing the published tables with the lights


@dataclass(frozen=True)
class Tally:
    """The counts of a report's lights the published tables and charts are compared with (those of
    :func:`scoring.summarise`, without the levels reached)."""

    exact: scoring.LevelCounts
    cumulative: scoring.LevelCounts
    totals: scoring.LightCounts
    by_theme: dict[str, scoring.LevelCounts]
    theme_totals: dict[str, scoring.LightCounts]


def tally(ratings: Mapping[str, str], catalogue: CatalogueData) -> Tally:
    """The counts of ``ratings`` by level, by theme and level, cumulative and in total."""
    items, levels = catalogue.items(), catalogue.level_keys
    exact = scoring.count_by_level(ratings, items, levels)
    by_theme = scoring.count_by_theme(ratings, items, levels, catalogue.theme_keys)
    return Tally(
        exact=exact,
        cumulative=scoring.cumulative(exact, levels),
        totals=scoring.totals(exact),
        by_theme=by_theme,
        theme_totals={theme: scoring.totals(rows) for theme, rows in by_theme.items()},
    )


def published_mismatches(
    ratings: Mapping[str, str],
    level_rows: list[PublishedLevelRow],
    theme_cells: list[PublishedThemeCell],
    catalogue: CatalogueData,
    counted: Tally | None = None,
) -> list[scoring.Mismatch]:
    """Every published count-table row (levels table) and cell (themes table) that disagrees with the
    counts of the report's own lights (``counted``, when the caller has them): which row, what the
    lights give, what the table says."""
    summary = counted or tally(ratings, catalogue)
    mismatches: list[scoring.Mismatch] = []
    for row in level_rows:
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
    for cell in theme_cells:
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


def chart_mismatches(
    ratings: Mapping[str, str],
    published: list[PublishedPie],
    catalogue: CatalogueData,
    counted: Tally | None = None,
) -> list[ChartMismatch]:
    """Pie charts whose numbers disagree with the lights (``counted``, when the caller has them), or
    whose colours are on the wrong slices."""
    summary = counted or tally(ratings, catalogue)
    result = []
    for pie in published:
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
