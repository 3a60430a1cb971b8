"""Reading the per-requirement tables that governance reports and evaluation reports share.

Both files list the requirements theme by theme (``## RELEVANS`` …) in tables with an id column. This
module finds those tables in a document read by :mod:`programkontor.core.markdown_reader`, checks
every row against the catalogue and hands each row to the caller's reader for the columns that
differ between the two files.

What refuses the file (structure): a required column missing, a row without an id, an id that is not
the catalogue's, an id twice, a requirement of the catalogue missing. What does not (it is kept and
shown): a heading above a table that names no theme or another theme than its rows (emoji, bold,
capitals and short names are read), a level cell that disagrees with the catalogue, a level cell that
names no level (kept as written, for a person to map), cells beyond the header's columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from programkontor.core.markdown_reader import MarkdownDocument, Table, TableRow, cell_text, plain
from programkontor.evaluation.formats.catalogue import CatalogueData
from programkontor.evaluation.formats.catalogue_data import RequirementData
from programkontor.evaluation.formats.common import (
    Cells,
    Problem,
    Unresolved,
    clean_value,
    gettext_noop,
    problem,
    repeated_requirement,
)

_CODE = re.compile(r"^[A-Za-z]{1,4}\s?\d{1,3}[a-z]?$")


@dataclass(frozen=True)
class Column:
    label: str  # as OS2's template writes it, for messages
    names: tuple[str, ...]  # folded header names that mean this column
    required: bool = True


@dataclass(frozen=True)
class FoundRow:
    code: str
    row: TableRow
    table: Table
    columns: dict[str, int | None]

    def raw(self, column: str) -> str:
        """The cell of ``column`` as written ('' when the table lacks the column)."""
        return self.row.cell(self.columns.get(column))

    def value(self, column: str) -> str:
        """The text of ``column`` with ``<br>`` as line breaks."""
        index = self.columns.get(column)
        cells = self.row.cells
        return cell_text(cells[index]) if index is not None and index < len(cells) else ""


@lru_cache(maxsize=4096)
def _id_text(cell: str) -> str:
    """An id cell's text, a placeholder read as empty (pure: the answers are kept)."""
    return clean_value(plain(cell))


ID_COLUMN = Column("#", ("#", "id", "nr", "nr.", "krav id", "krav-id", "kravnr", "nummer", "krav nr"))


@lru_cache(maxsize=4096)
def code_of(cell: str) -> str:
    """The requirement id a cell holds (``R1``, ``**F12**``, ``g 3``), upper case; '' for none. (Pure,
    and asked of the same cells in every report of an import: the answers are kept.)"""
    text = plain(cell).replace(" ", "").upper()
    return text if _CODE.match(text) else ""


def id_column(table: Table) -> int | None:
    """The id column: a column named like one, else the first column whose cells are ids."""
    found = table.column(*ID_COLUMN.names)
    if found is not None:
        return found
    for index in range(len(table.header)):
        cells = [row.cell(index) for row in table.rows]
        if cells and sum(1 for cell in cells if code_of(cell)) * 2 > len(cells):
            return index
    return None


def requirement_tables(document: MarkdownDocument, has_marker: Callable[[Table], bool]) -> list[Table]:
    """The tables with an id column whose rows hold ids, and that ``has_marker`` accepts."""
    found = []
    for table in document.tables:
        index = id_column(table)
        if index is None or not has_marker(table):
            continue
        if table.rows and not any(code_of(row.cell(index)) for row in table.rows):
            continue
        found.append(table)
    return found


def codes_in(tables: Iterable[Table]) -> list[str]:
    """The requirement ids of the tables, in order (to choose the catalogue to read them with)."""
    codes = []
    for table in tables:
        index = id_column(table)
        codes += [code for row in table.rows if (code := code_of(row.cell(index or 0)))]
    return codes


def _columns(table: Table, columns: dict[str, Column]) -> tuple[dict[str, int | None], list[str]]:
    found: dict[str, int | None] = {}
    missing = []
    for key, column in columns.items():
        index = table.column(*column.names)
        found[key] = index
        if index is None and column.required:
            missing.append(column.label)
    return found, missing


def _theme(table: Table, catalogue: CatalogueData, codes: list[str], warnings: list[Problem]) -> str | None:
    """The theme the heading above ``table`` names; a warning when it names none or another theme
    than its rows (the rows' own themes count)."""
    named = catalogue.theme_for(table.title.raw) if table.title is not None else None
    themes = {r.theme for code in codes if (r := catalogue.requirement(code)) is not None}
    if named is None and table.title is not None and len(themes) == 1:
        warnings.append(
            problem(
                gettext_noop("The heading '%(heading)s' names no theme; its rows are %(theme)s."),
                table.title.line,
                heading=table.title.text,
                theme=catalogue.theme_name(next(iter(themes))),
            )
        )
    return named


def read_rows(
    tables: Sequence[Table],
    catalogue: CatalogueData,
    columns: dict[str, Column],
    problems: list[Problem],
    warnings: list[Problem],
    cells: Cells,
    on_row: Callable[[FoundRow], None],
) -> set[str]:
    """Check each row of ``tables`` against the catalogue and pass the good ones to ``on_row``.

    ``columns`` may include ``"level"`` (the table's level column, checked against the catalogue).
    Returns the requirement ids found. Structural problems go to ``problems`` (the file is refused);
    what is kept and shown goes to ``warnings`` and ``cells``.
    """
    seen: dict[str, int] = {}
    where = f"{catalogue.name} {catalogue.version}"
    for table in tables:
        found, missing = _columns(table, columns)
        if missing:
            problems.append(
                problem(
                    gettext_noop("The table under '%(heading)s' lacks the column(s) %(columns)s."),
                    table.line,
                    heading=table.title.text if table.title else "—",
                    columns=", ".join(f"'{label}'" for label in missing),
                )
            )
            continue
        index = id_column(table)
        width = len(table.header)
        level_column = found.get("level")
        theme = _theme(table, catalogue, [code_of(row.cell(index)) for row in table.rows], warnings)
        for row in table.rows:
            raw_code = _id_text(row.cell(index))
            if not raw_code:
                if any(cell.strip() for cell in row.cells):
                    problems.append(problem(gettext_noop("A row has no requirement id."), row.line))
                continue
            requirement = catalogue.requirement(raw_code.replace(" ", ""))
            if requirement is None:
                problems.append(
                    problem(
                        gettext_noop("%(code)s is not a requirement of %(catalogue)s."),
                        row.line,
                        code=raw_code,
                        catalogue=where,
                    )
                )
                continue
            code = requirement.code
            if code in seen:
                problems.append(cast(Problem, repeated_requirement(seen, code, row.line)))
                continue
            seen[code] = row.line
            extra = [cell for cell in row.cells[width:] if cell.strip()] if len(row.cells) > width else []
            if extra:
                warnings.append(
                    problem(
                        gettext_noop(
                            "%(code)s has cells beyond the table's columns, which were not read: %(cells)s."
                        ),
                        row.line,
                        code=code,
                        cells=", ".join(f"'{cell}'" for cell in extra),
                    )
                )
            if theme is not None and requirement.theme != theme and table.title is not None:
                warnings.append(
                    problem(
                        gettext_noop("%(code)s is under '%(heading)s', but belongs to the theme %(theme)s."),
                        row.line,
                        code=code,
                        heading=table.title.text,
                        theme=catalogue.theme_name(requirement.theme),
                    )
                )
            found_row = FoundRow(code, row, table, found)
            if level_column is not None:
                _check_level(found_row, requirement, catalogue, warnings, cells, columns["level"])
            on_row(found_row)
    return set(seen)


def _check_level(
    row: FoundRow,
    requirement: RequirementData,
    catalogue: CatalogueData,
    warnings: list[Problem],
    cells: Cells,
    column: Column,
) -> None:
    text = row.value("level")
    level = catalogue.level_for(text)
    if level is None and clean_value(text):
        level = cells.add(Unresolved("level", row.row.line, column.label, text, row.code))
        if not level:
            return
    if level is not None and level != requirement.level:
        warnings.append(
            problem(
                gettext_noop("%(code)s has the level %(found)s here, but %(expected)s in %(catalogue)s."),
                row.row.line,
                code=row.code,
                found=catalogue.level_label(level),
                expected=catalogue.level_label(requirement.level),
                catalogue=f"{catalogue.name} {catalogue.version}",
            )
        )


def report_missing(catalogue: CatalogueData, found: set[str], problems: list[Problem]) -> None:
    missing = [code for code in catalogue.codes if code not in found]
    if missing:
        problems.append(
            problem(
                gettext_noop("The file lacks %(count)d requirement(s) of %(catalogue)s: %(codes)s."),
                count=len(missing),
                catalogue=f"{catalogue.name} {catalogue.version}",
                codes=", ".join(missing),
            )
        )
