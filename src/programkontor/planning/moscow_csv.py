"""Reading work items for the MoSCoW check from CSV (pure, no Django): ``title,priority,hours``.

* The header names the columns (in any order, case-insensitive; more columns are ignored).
* ``priority`` is MUST, SHOULD, COULD or WONT (also WON'T), in any case.
* ``hours`` is a number from 0 to 100,000; a decimal comma is accepted ("7,5" when quoted).
* Comma or semicolon separated (Danish spreadsheets write semicolons), read by the one policy of
  :mod:`programkontor.core.textfile` (the caller decodes the bytes with it); at most
  ``limits.max_rows`` rows, no control characters.

Every problem is reported with its row number (the header is row 1, like in a spreadsheet); a file
with any problem gives no items at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from programkontor.core.textfile import (
    DEFAULT_LIMITS,
    Limits,
    TextFileError,
    check_text,
    csv_rows,
    sniff_delimiter,
)
from programkontor.planning.moscow import Item, Priority

REQUIRED = ("title", "priority", "hours")
MAX_HOURS = Decimal(100_000)


def _untranslated(message: str) -> str:
    return message


@dataclass(frozen=True)
class RowProblem:
    row: int  # 0: the file as a whole
    message: str

    def __str__(self) -> str:
        return f"Række {self.row}: {self.message}" if self.row else self.message


class ItemsError(ValueError):
    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def parse_hours(text: str) -> Decimal:
    value = text.strip().replace(" ", "")
    if "," in value and "." not in value:
        value = value.replace(",", ".")
    shown = text.strip()[:40]
    try:
        hours = Decimal(value) if len(value) <= 40 else Decimal("NaN")
    except InvalidOperation:
        raise ValueError(f"timer skal være et tal, ikke »{shown}«") from None
    if not hours.is_finite():
        raise ValueError(f"timer skal være et endeligt tal, ikke »{shown}«")
    if hours < 0:
        raise ValueError(f"timer kan ikke være negative ({shown})")
    if hours > MAX_HOURS:
        raise ValueError(f"timer kan højst være {MAX_HOURS} ({shown})")
    return hours


def parse_items(
    text: str, *, limits: Limits = DEFAULT_LIMITS, translate: Callable[[str], str] = _untranslated
) -> list[Item]:
    """The items of the CSV ``text``; ItemsError naming every bad row (and nothing else).

    ``limits`` bounds the text's size and rows; ``translate`` (Django's ``gettext``) translates the
    refusals of :mod:`programkontor.core.textfile`."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ItemsError([RowProblem(0, "Filen er tom: den skal have kolonnerne title,priority,hours.")])
    try:
        check_text(text, limits)
        rows = list(csv_rows(text, sniff_delimiter(text.splitlines()[:200], (";", ",")), limits))
    except TextFileError as error:
        raise ItemsError([RowProblem(error.line, error.text(translate))]) from error
    reader = iter(cells for _number, cells in rows)
    header = next(reader)
    names = [name.strip().lower() for name in header]
    missing = [column for column in REQUIRED if column not in names]
    if missing:
        raise ItemsError(
            [
                RowProblem(
                    1,
                    "overskriften mangler kolonnen "
                    + " og ".join(missing)
                    + f" (fundet: {', '.join(n for n in names if n) or 'ingen'}; "
                    "forventet: title,priority,hours)",
                )
            ]
        )
    index = {column: names.index(column) for column in REQUIRED}
    items: list[Item] = []
    problems: list[RowProblem] = []
    for row_number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue  # blank lines are allowed
        if len(row) < len(names) and len(row) <= max(index.values()):
            problems.append(RowProblem(row_number, f"for få kolonner ({len(row)}; forventet {len(names)})"))
            continue
        title = row[index["title"]].strip()
        row_problems = []
        if not title:
            row_problems.append("titlen mangler")
        try:
            priority = Priority.parse(row[index["priority"]])
        except ValueError:
            given = row[index["priority"]].strip()
            row_problems.append(
                f"prioriteten »{given}« er ukendt; brug MUST, SHOULD, COULD eller WONT"
                if given
                else "prioriteten mangler; brug MUST, SHOULD, COULD eller WONT"
            )
            priority = None
        try:
            hours = parse_hours(row[index["hours"]]) if row[index["hours"]].strip() else None
            if hours is None:
                row_problems.append("timer mangler")
        except ValueError as exc:
            row_problems.append(str(exc))
            hours = None
        if row_problems:
            problems.append(RowProblem(row_number, "; ".join(row_problems)))
            continue
        if priority is None or hours is None:  # pragma: no cover - reported above
            continue
        items.append(Item(key=row_number, title=title, priority=priority, hours=hours, rank=row_number))
    if problems:
        raise ItemsError(problems)
    return items
