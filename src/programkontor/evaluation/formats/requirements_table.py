"""Reading the per-requirement tables that governance reports and evaluation reports share.

Both files list the requirements theme by theme (``## RELEVANS`` …) in tables with a ``#``
column. This module finds those tables, checks every row against the catalogue (the id exists and
appears once, the level and the theme agree, the required columns are there) and hands each row
to the caller's reader for the columns that differ between the two files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from programkontor.evaluation.formats.catalogue import CatalogueData
from programkontor.evaluation.formats.common import (
    Document,
    Problem,
    Row,
    Table,
    clean_value,
    gettext_noop,
    problem,
    unescape_cell,
)


@dataclass(frozen=True)
class Column:
    label: str  # as OS2's template writes it, for messages
    names: tuple[str, ...]  # normalised header names that mean this column
    required: bool = True


@dataclass(frozen=True)
class FoundRow:
    code: str
    row: Row
    table: Table
    columns: dict[str, int | None]

    def value(self, column: str) -> str:
        """The unescaped text of ``column`` in this row ('' when the table lacks the column)."""
        return unescape_cell(self.row.cell(self.columns.get(column)))


ID_COLUMN = Column("#", ("#", "id", "nr", "krav id", "krav-id"))


def requirement_tables(document: Document, marker: Column) -> list[Table]:
    """The tables that have an id column and the ``marker`` column (e.g. ``Vurdering``)."""
    return [
        table
        for table in document.tables
        if table.column(*ID_COLUMN.names) is not None and table.column(*marker.names) is not None
    ]


def read_rows(
    tables: Sequence[Table],
    catalogue: CatalogueData,
    columns: dict[str, Column],
    level_column: Column | None,
    problems: list[Problem],
    on_row: Callable[[FoundRow], None],
) -> set[str]:
    """Check each row of ``tables`` against the catalogue and pass the good ones to ``on_row``.

    Returns the requirement ids found. Problems (missing columns, unknown, duplicate or misplaced
    ids, wrong levels) are appended to ``problems``; the rows they concern are not passed on.
    """
    seen: dict[str, int] = {}
    for table in tables:
        found: dict[str, int | None] = {}
        missing = []
        for key, column in {**columns, **({"level": level_column} if level_column else {})}.items():
            index = table.column(*column.names)
            found[key] = index
            if index is None and column.required:
                missing.append(column.label)
        if missing:
            problems.append(
                problem(
                    gettext_noop("The table under '%(heading)s' lacks the column(s) %(columns)s."),
                    table.line,
                    heading=table.heading or "—",
                    columns=", ".join(f"'{label}'" for label in missing),
                )
            )
            continue
        theme = catalogue.theme_for(table.heading) if table.heading else None
        if theme is None:
            problems.append(
                problem(
                    gettext_noop(
                        "The heading '%(heading)s' above the table is not a theme of %(catalogue)s "
                        "(%(themes)s)."
                    ),
                    table.line,
                    heading=table.heading or "—",
                    catalogue=f"{catalogue.name} {catalogue.version}",
                    themes=", ".join(t.name for t in catalogue.themes),
                )
            )
        id_index = table.column(*ID_COLUMN.names)
        for row in table.rows:
            raw_code = clean_value(unescape_cell(row.cell(id_index)))
            if not raw_code:
                problems.append(problem(gettext_noop("A row has no requirement id."), row.line))
                continue
            requirement = catalogue.requirement(raw_code)
            if requirement is None:
                problems.append(
                    problem(
                        gettext_noop("%(code)s is not a requirement of %(catalogue)s."),
                        row.line,
                        code=raw_code,
                        catalogue=f"{catalogue.name} {catalogue.version}",
                    )
                )
                continue
            code = requirement.code
            if code in seen:
                problems.append(
                    problem(
                        gettext_noop("The requirement %(code)s appears twice (also line %(other)d)."),
                        row.line,
                        code=code,
                        other=seen[code],
                    )
                )
                continue
            seen[code] = row.line
            if theme is not None and requirement.theme != theme:
                problems.append(
                    problem(
                        gettext_noop("%(code)s is under '%(heading)s', but belongs to the theme %(theme)s."),
                        row.line,
                        code=code,
                        heading=table.heading,
                        theme=catalogue.theme_name(requirement.theme),
                    )
                )
                continue
            if level_column is not None and found.get("level") is not None:
                level_text = unescape_cell(row.cell(found["level"]))
                level = catalogue.level_for(level_text)
                if level is None:
                    problems.append(
                        problem(
                            gettext_noop("%(code)s: '%(level)s' is not a level (%(levels)s)."),
                            row.line,
                            code=code,
                            level=level_text,
                            levels=", ".join(lv.label for lv in catalogue.levels),
                        )
                    )
                    continue
                if level != requirement.level:
                    problems.append(
                        problem(
                            gettext_noop(
                                "%(code)s has the level %(found)s here, but %(expected)s in %(catalogue)s."
                            ),
                            row.line,
                            code=code,
                            found=catalogue.level_label(level),
                            expected=catalogue.level_label(requirement.level),
                            catalogue=f"{catalogue.name} {catalogue.version}",
                        )
                    )
                    continue
            on_row(FoundRow(code, row, table, found))
    return set(seen)


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
