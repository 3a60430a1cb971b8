"""Core's one XLSX writer, read back with openpyxl: names, values, types, styles, no formulas."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl

from programkontor.core.xlsx import KRONER_FORMAT, Formatted, WorkbookWriter


def written() -> openpyxl.Workbook:
    writer = WorkbookWriter()
    table = writer.sheet("Drift: 2026/K1")
    table.header(["Navn", "Beløb", "Timer", "Dato", "Tidspunkt", "Antal", "Tom"])
    table.append(
        [
            '=HYPERLINK("http://evil")',
            Formatted(Decimal("1234.50"), KRONER_FORMAT),
            Decimal("12.25"),
            datetime.date(2026, 3, 14),
            datetime.datetime(2026, 3, 14, 9, 30),
            42,
            None,
        ]
    )
    table.append(["@SUM(A1)", Formatted(-5, KRONER_FORMAT), 1.5, "-5", "+45 12 34", "\tx", "OS2kitos"])
    table.fit_widths([["Navn", "Beløb"], ["x" * 100, "y"]])
    summary = writer.sheet("drift: 2026/k1", widths=(32, 16))  # the same name, cleaned: unique
    summary.append(["Overskrift"], bold=True)
    summary.append([])
    summary.append(["I alt", Formatted(Decimal("99.99"), KRONER_FORMAT)], bold=True)
    return openpyxl.load_workbook(io.BytesIO(writer.save()))


def test_sheets_get_valid_unique_names_in_order() -> None:
    assert written().sheetnames == ["Drift_ 2026_K1", "drift_ 2026_k1 (2)"]


def test_numbers_stay_numbers_and_dates_stay_dates() -> None:
    sheet = written().worksheets[0]
    row = [cell.value for cell in sheet[2]]
    assert row[1:6] == [
        1234.5,
        12.25,
        datetime.datetime(2026, 3, 14),
        datetime.datetime(2026, 3, 14, 9, 30),
        42,
    ]
    assert [cell.data_type for cell in sheet[2]][1:6] == ["n", "n", "d", "d", "n"]
    assert sheet["B2"].number_format == KRONER_FORMAT and sheet["B3"].value == -5
    assert sheet["C2"].number_format == "General"
    assert sheet["G2"].value is None and sheet["G3"].value == "OS2kitos"


def test_text_that_looks_like_a_formula_is_neutralised_and_stored_as_text() -> None:
    workbook = written()
    sheet = workbook.worksheets[0]
    assert sheet["A2"].value == '\'=HYPERLINK("http://evil")'
    values = [cell.value for cell in sheet[3]]
    assert values[0] == "'@SUM(A1)" and values[3:6] == ["'-5", "'+45 12 34", "'\tx"]
    for each in workbook.worksheets:
        for cells in each.iter_rows():
            for cell in cells:
                assert cell.data_type != "f", (each.title, cell.coordinate)


def test_the_header_is_bold_and_stays_in_view_and_widths_are_kept() -> None:
    workbook = written()
    table, summary = workbook.worksheets
    assert all(cell.font.bold for cell in table[1]) and not table["A2"].font.bold
    assert table.freeze_panes == "A2"
    assert table.column_dimensions["A"].width == 60  # the longest text, at most 60
    assert table.column_dimensions["B"].width == 8  # at least 8
    assert summary.column_dimensions["A"].width == 32 and summary.column_dimensions["B"].width == 16
    assert summary["A1"].font.bold and summary["A2"].value is None
    assert summary["A3"].value == "I alt" and summary["B3"].value == 99.99 and summary["B3"].font.bold
    assert summary.freeze_panes is None
