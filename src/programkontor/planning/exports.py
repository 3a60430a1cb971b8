"""CSV and XLSX exports of work items and the roadmap (values only, never formulas).

Every cell that a spreadsheet could read as a formula — text starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return — is neutralised with a leading apostrophe (OWASP's advice on CSV
injection), in CSV and XLSX alike. Numbers stay numbers. The rows come from the gate like any page:
internal fields are filled in only for rows the reader may see internally.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from programkontor.core import xlsx
from programkontor.core.spreadsheet import neutralise

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = xlsx.XLSX_TYPE


def safe_cell(value: Any) -> Any:
    """A value that no spreadsheet will run: formula-like text gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int | Decimal | float | datetime.date):
        return value
    return neutralise(str(value))


@dataclass(frozen=True)
class Table:
    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Any]]


def to_csv(table: Table) -> bytes:
    """Comma-separated UTF-8 with a byte-order mark, so that spreadsheets read æ, ø and å."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in table.header])
    for row in table.rows:
        writer.writerow([_csv_text(safe_cell(value)) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_text(value: Any) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def to_xlsx(tables: Iterable[Table]) -> bytes:
    """One sheet per table (core's writer): the header in bold and in view, then the rows, values only."""
    writer = xlsx.WorkbookWriter()
    for table in tables:
        sheet = writer.sheet(table.title)
        sheet.header([str(h) for h in table.header])
        for row in table.rows:
            sheet.append([safe_cell(value) for value in row])
        sheet.fit_widths([table.header, *table.rows[: xlsx.MEASURED_ROWS]])
    return writer.save()


# --------------------------------------------------------------------------------------------
# What is exported


def work_item_table(items: Iterable[Any], internal_ids: set[int], related: Any) -> Table:
    """``related`` says which timeboxes, owners, bodies and goals the reader may see."""
    header = [
        "ID", "Titel", "Produkt", "Program", "Type", "Prioritet", "Rang", "Status", "Estimat (timer)",
        "Estimeret omkostning (kr.)", "Ejer", "Timeboks", "Prioriteret af", "Mål", "Tags", "Publiceret",
        "Interne noter",
    ]  # fmt: skip
    rows = []
    for item in items:
        internal = item.pk in internal_ids
        owner = (
            item.owner_person
            if item.owner_person_id in related.people
            else item.owner_organisation
            if item.owner_organisation_id in related.organisations
            else None
        )
        rows.append(
            [
                item.pk,
                item.title,
                item.product.name if item.product_id else "",
                item.program.name
                if item.program_id
                else (item.product.program.name if item.product_id and item.product.program_id else ""),
                item.get_kind_display(),
                item.get_priority_display(),
                item.rank,
                item.get_status_display(),
                Decimal(item.estimate_hours),
                Decimal(item.estimated_cost) if internal and item.estimated_cost is not None else "",
                str(owner) if owner else "",
                item.timebox.name if item.timebox_id in related.timeboxes else "",
                item.prioritised_by.name if item.prioritised_by_id in related.bodies else "",
                item.goal.title if item.goal_id in related.goals else "",
                ", ".join(item.tags),
                item.is_published,
                item.notes if internal else "",
            ]
        )
    return Table("Arbejdsopgaver", header, rows)


def roadmap_tables(
    items: Sequence[Any],
    milestones: Iterable[Any],
    dependencies: Sequence[Any],
    internal_ids: set[int],
    goal_ids: set[int],
) -> list[Table]:
    """The roadmap items (with what each depends on), the milestones, and the dependencies.
    Goals are named only where the reader may see them (``goal_ids``)."""
    titles: dict[int, str] = {item.pk: item.title for item in items}
    depends: dict[int, list[str]] = {}
    for dependency in dependencies:
        depends.setdefault(dependency.item_id, []).append(titles.get(dependency.depends_on_id, ""))
    item_rows = []
    for item in items:
        item_rows.append(
            [
                item.pk,
                item.title,
                item.product.name if item.product_id else "(hele programmet)",
                item.start_quarter,
                item.end_quarter,
                item.get_status_display(),
                item.goal.title if item.goal_id in goal_ids else "",
                "; ".join(depends.get(item.pk, [])),
                item.description,
                item.is_published,
                item.notes if item.pk in internal_ids else "",
            ]
        )
    stone_rows = [
        [
            stone.pk,
            stone.title,
            stone.product.name if stone.product_id else "(hele programmet)",
            stone.due_date,
            stone.get_status_display(),
            stone.met_on or "",
            titles.get(stone.roadmap_item_id, "") if stone.roadmap_item_id else "",
            stone.is_published,
        ]
        for stone in milestones
    ]
    dependency_rows = [
        [titles.get(d.item_id, d.item_id), titles.get(d.depends_on_id, d.depends_on_id), d.note]
        for d in dependencies
    ]
    return [
        Table(
            "Roadmap",
            [
                "ID",
                "Titel",
                "Produkt",
                "Fra kvartal",
                "Til kvartal",
                "Status",
                "Mål",
                "Afhænger af",
                "Beskrivelse",
                "Publiceret",
                "Interne noter",
            ],
            item_rows,
        ),
        Table(
            "Milepæle",
            ["ID", "Milepæl", "Produkt", "Dato", "Status", "Nået den", "Roadmap-punkt", "Publiceret"],
            stone_rows,
        ),
        Table("Afhængigheder", ["Punkt", "Afhænger af", "Note"], dependency_rows),
    ]
