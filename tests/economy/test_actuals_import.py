"""Reading and importing actuals: CSV and XLSX, Danish and ISO numbers, row-numbered errors,
duplicates, and nothing saved on error."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import openpyxl
import pytest
from simple_history.utils import bulk_create_with_history

from programkontor.economy.actuals_import import parse
from programkontor.economy.labels import import_error_line
from programkontor.economy.models import Actual, ActualImport, ImportStatus
from programkontor.economy.services import actuals as actual_services
from tests.economy.factories import accounts_for

COST_ELEMENT = "XG-9212045320"


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_it_reads_a_danish_semicolon_file() -> None:
    data = csv_bytes(
        "Dato;Konto;Beløb;Tekst;Bilagsnummer\n"
        "14.03.2025;00005;1.234,56;Hosting marts;B-100\n"
        "2025-03-15;XG-9212045320-00008;-500,00;Kreditnota;B-101\n"
        "\n"
        "16-03-2025;8;12.500;Sprint;B-102\n"
    )
    result = parse(data, "marts.csv", COST_ELEMENT)
    assert result.errors == []
    assert [(p.row, p.date, p.account, p.amount, p.document_number) for p in result.postings] == [
        (2, datetime.date(2025, 3, 14), "00005", 123456, "B-100"),
        (3, datetime.date(2025, 3, 15), "00008", -50000, "B-101"),
        (5, datetime.date(2025, 3, 16), "00008", 1250000, "B-102"),
    ]
    assert result.rows_read == 3


def test_it_reads_an_iso_comma_file_with_english_columns_in_any_order() -> None:
    data = csv_bytes(
        'document number,amount,date,account,text\nX1,1234.56,2025-01-02,00005,"Hosting, januar"\n'
    )
    result = parse(data, "export.csv")
    assert result.errors == []
    posting = result.postings[0]
    assert (posting.amount, posting.text, posting.document_number) == (123456, "Hosting, januar", "X1")


def test_it_reads_windows_1252_and_a_utf8_bom() -> None:
    windows = csv_bytes("dato;konto;beløb;tekst;bilag\n01.02.2025;00005;10,00;Kørsel;1\n", "cp1252")
    assert parse(windows).postings[0].text == "Kørsel"
    bom = b"\xef\xbb\xbf" + csv_bytes("dato;konto;beløb;tekst;bilag\n01.02.2025;00005;10,00;Æble;1\n")
    assert parse(bom).postings[0].text == "Æble"


def test_a_file_without_a_header_is_read_in_the_documented_order() -> None:
    result = parse(csv_bytes("2025-01-05;00005;100,00;Hosting;A1\n"))
    assert result.errors == []
    assert result.postings[0].amount == 10000


def test_it_reads_an_xlsx_workbook_with_date_and_number_cells() -> None:
    data = xlsx_bytes(
        [
            ["Dato", "Konto", "Beløb", "Tekst", "Bilagsnummer"],
            [datetime.datetime(2025, 4, 1), 5, 1234.56, "Hosting", 9001],
            ["02.04.2025", "00008", "1.000,50", "Sprint", "9002"],
            [datetime.date(2025, 4, 3), "00008", 10.005, "Afrunding", "9003"],
        ]
    )
    result = parse(data, "april.xlsx")
    assert [(p.row, p.account, p.amount, p.document_number) for p in result.postings] == [
        (2, "00005", 123456, "9001"),
        (3, "00008", 100050, "9002"),
    ]
    assert [(e.row, e.field, e.code) for e in result.errors] == [(4, "amount", "amount_too_many_decimals")]


def test_every_bad_cell_is_reported_with_its_row() -> None:
    data = csv_bytes(
        "dato;konto;beløb;tekst;bilagsnummer\n"
        "31.02.2025;00005;10,00;;A1\n"
        "01.03.2025;abc;10,00;;A2\n"
        "01.03.2025;00005;12,3,4;;A3\n"
        "01.03.2025;00005;10,00;;\n"
        "01.03.2025;00005;10,00;;A1\n"
        "01.03.2025;XG-1-00005;1;;A6\n"
    )
    result = parse(data, "", COST_ELEMENT)
    assert [(e.row, e.field, e.code) for e in result.errors] == [
        (2, "date", "invalid_date"),
        (3, "account", "invalid_account"),
        (4, "amount", "amount_invalid"),
        (5, "document_number", "missing"),
        (6, "document_number", "duplicate_in_file"),
        (7, "account", "invalid_account"),
    ]
    messages = [import_error_line(error) for error in result.errors]
    assert messages[0].startswith("Row 2:") or messages[0].startswith("Række 2:")
    assert "31.02.2025" in messages[0]
    assert "2" in messages[4]  # names the row the document number was first seen in


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_file"),
        (b"dato;konto\n01.01.2025;00005\n", "missing_columns"),
        (b"dato;konto;bel\xc3\xb8b;tekst;bilag\n", "no_rows"),
        (b"PK\x03\x04 not really a workbook", "file_refused"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(data: bytes, code: str) -> None:
    result = parse(data, "x.csv")
    assert [error.code for error in result.errors] == [code]
    assert import_error_line(result.errors[0])


# --- Against the database ----------------------------------------------------------------------------


HEADER = "dato;konto;beløb;tekst;bilagsnummer\n"
GOOD = HEADER + "01.02.2026;00005;1.000,00;Hosting;D-1\n02.02.2026;00008;250,50;Sprint;D-2\n"
ONE_BAD = HEADER + "01.02.2026;00005;1.000,00;Hosting;D-1\n02.02.2026;00099;250,50;Sprint;D-2\n"


def test_a_good_file_is_staged_then_saved_with_history(world: Any) -> None:
    accounts_for(world.product)
    alice = world["alice"]
    staged = actual_services.stage_import(
        actor=alice, product=world.product, data=GOOD.encode(), filename="feb.csv"
    )
    assert staged.status == ImportStatus.PREVIEWED
    assert staged.preview["postings"] == 2 and staged.preview["total"] == 125050
    assert Actual.objects.count() == 0  # nothing in the ledger before the user confirms

    staged = actual_services.confirm_import(actor=alice, staged=staged, expected_version=staged.version)
    assert staged.status == ImportStatus.IMPORTED and staged.rows_imported == 2
    actual = Actual.objects.get(document_number="D-2")
    assert (actual.amount, actual.account.number, actual.imported_from) == (25050, "00008", staged)
    assert actual.history.get().history_user == alice


TRACKED = ("version", "product_id", "account_id", "date", "amount", "text", "imported_from_id")


def history_rows(document_suffix: str = "") -> set[tuple[Any, ...]]:
    """Every history row of the actuals: their tracked fields, type, user and reason (not the ids)."""
    return {
        (
            row.document_number.removesuffix(document_suffix),
            *(getattr(row, name) for name in TRACKED),
            row.history_type,
            row.history_user_id,
            row.history_change_reason,
        )
        for row in Actual.history.filter(document_number__endswith=document_suffix)
        if document_suffix or not row.document_number.endswith("-ref")
    }


def test_the_imported_rows_history_is_what_simple_history_writes_in_bulk(world: Any) -> None:
    accounts_for(world.product)
    alice = world["alice"]
    staged, _check = actual_services.import_file(
        actor=alice, product=world.product, data=GOOD.encode(), filename="feb.csv"
    )
    imported = list(Actual.objects.order_by("pk"))
    assert [row.history.count() for row in imported] == [1, 1]
    # The same rows written the way the import wrote them before (bulk_create_with_history).
    bulk_create_with_history(
        [
            Actual(
                product=row.product,
                account=row.account,
                date=row.date,
                amount=row.amount,
                text=row.text,
                document_number=f"{row.document_number}-ref",
                imported_from=staged,
            )
            for row in imported
        ],
        Actual,
        default_user=alice,
        default_change_reason="import: feb.csv",
    )
    assert history_rows() == history_rows("-ref")
    assert len(history_rows()) == 2


def test_a_document_number_saved_meanwhile_refuses_the_whole_file(world: Any) -> None:
    """Saved between the check and the writing (the database's unique constraint): nothing is saved."""
    accounts_for(world.product)
    alice = world["alice"]
    check = actual_services.check_file(product=world.product, data=GOOD.encode(), filename="a.csv")
    actual_services.import_file(actor=alice, product=world.product, data=GOOD.encode(), filename="b.csv")
    staged = ActualImport.objects.get()
    with pytest.raises(actual_services.ImportFailed) as failed:
        actual_services._save(alice, world.product, check, staged)
    assert [(e.row, e.code) for e in failed.value.check.errors] == [(0, "already_imported")]
    assert Actual.objects.count() == 2 and Actual.history.count() == 2


def test_a_file_with_one_bad_row_saves_nothing(world: Any) -> None:
    accounts_for(world.product)
    with pytest.raises(actual_services.ImportFailed) as failed:
        actual_services.stage_import(
            actor=world["alice"], product=world.product, data=ONE_BAD.encode(), filename="x.csv"
        )
    assert [(e.row, e.code, e.value) for e in failed.value.check.errors] == [(3, "unknown_account", "00099")]
    assert Actual.objects.count() == 0 and ActualImport.objects.count() == 0


def test_a_document_number_already_in_the_ledger_is_refused_or_skipped(world: Any) -> None:
    accounts_for(world.product)
    alice = world["alice"]
    actual_services.import_file(actor=alice, product=world.product, data=GOOD.encode(), filename="a.csv")
    again = GOOD + "03.02.2026;00005;1,00;Ny;D-3\n"
    with pytest.raises(actual_services.ImportFailed) as failed:
        actual_services.import_file(actor=alice, product=world.product, data=again.encode(), filename="b.csv")
    assert [(e.row, e.code) for e in failed.value.check.errors] == [
        (2, "already_imported"),
        (3, "already_imported"),
    ]
    assert Actual.objects.count() == 2

    _staged, check = actual_services.import_file(
        actor=alice, product=world.product, data=again.encode(), filename="b.csv", skip_duplicates=True
    )
    assert [p.document_number for p in check.duplicates] == ["D-1", "D-2"]
    assert Actual.objects.count() == 3


def test_confirming_checks_the_file_again(world: Any) -> None:
    accounts_for(world.product)
    alice = world["alice"]
    staged = actual_services.stage_import(
        actor=alice, product=world.product, data=GOOD.encode(), filename="a.csv"
    )
    actual_services.import_file(actor=alice, product=world.product, data=GOOD.encode(), filename="same.csv")
    with pytest.raises(actual_services.ImportFailed):
        actual_services.confirm_import(actor=alice, staged=staged, expected_version=staged.version)
    staged.refresh_from_db()
    assert staged.status == ImportStatus.PREVIEWED
    assert Actual.objects.count() == 2


def test_a_dry_run_saves_nothing(world: Any) -> None:
    accounts_for(world.product)
    staged, check = actual_services.import_file(
        actor=None, product=world.product, data=GOOD.encode(), filename="a.csv", dry_run=True
    )
    assert staged is None and len(check.postings) == 2
    assert Actual.objects.count() == 0 and ActualImport.objects.count() == 0


def test_only_those_who_write_the_economy_may_stage_a_file(world: Any) -> None:
    from django.core.exceptions import PermissionDenied

    accounts_for(world.product)
    with pytest.raises(PermissionDenied):
        actual_services.stage_import(
            actor=world["carol"], product=world.product, data=GOOD.encode(), filename="a.csv"
        )


# --- Bad and hostile input (issue 10) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("01.01.0001", "date_out_of_range"),
        ("31.12.9999", "date_out_of_range"),
        ("01.01.1999", "date_out_of_range"),
    ],
)
def test_a_date_outside_the_budget_years_is_an_error(cell: str, code: str) -> None:
    result = parse(csv_bytes(f"{HEADER}{cell};00005;10,00;Hosting;D-1\n"), "x.csv")
    assert [(e.row, e.field, e.code) for e in result.errors] == [(2, "date", code)]
    assert "ligger ikke i årene 2000 til 2100" in import_error_line(result.errors[0])


def test_an_amount_too_large_for_the_ledger_is_refused_in_the_preview_not_on_confirm(world: Any) -> None:
    accounts_for(world.product)
    huge = HEADER + "01.02.2026;00005;99999999999999999999999,00;Hosting;D-1\n"
    with pytest.raises(actual_services.ImportFailed) as failed:
        actual_services.stage_import(
            actor=world["alice"], product=world.product, data=huge.encode(), filename="stor.csv"
        )
    errors = failed.value.check.errors
    assert [(e.row, e.field, e.code) for e in errors] == [(2, "amount", "amount_too_large")]
    assert ActualImport.objects.count() == 0 and Actual.objects.count() == 0


def test_the_largest_amounts_fit_and_one_ore_more_does_not() -> None:
    fits = parse(csv_bytes(HEADER + "01.02.2026;00005;-10.000.000.000,00;Kredit;D-1\n"))
    assert fits.errors == [] and fits.postings[0].amount == -(10**12)
    over = parse(csv_bytes(HEADER + "01.02.2026;00005;10.000.000.000,01;For meget;D-1\n"))
    assert [e.code for e in over.errors] == ["amount_too_large"]


def with_sheet(data: bytes, *replacements: tuple[bytes, bytes]) -> bytes:
    """The workbook ``data`` with its sheet's XML edited (to write what openpyxl will not)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                for old, new in replacements:
                    content = content.replace(old, new)
            archive.writestr(info.filename, content)
    return out.getvalue()


def test_infinite_and_absurdly_long_numbers_are_errors_not_crashes() -> None:
    header = ["dato", "konto", "beløb", "tekst", "bilag"]
    data = xlsx_bytes([header, [datetime.date(2025, 1, 1), "00005", 999, "x", "A"]])
    result = parse(with_sheet(data, (b"<v>999</v>", b"<v>1e400</v>")), "x.xlsx")
    assert [(e.row, e.field, e.code) for e in result.errors] == [(2, "amount", "amount_invalid")]
    long = parse(csv_bytes(HEADER + "01.02.2026;00005;1" + " " * 100_000 + "2;x;A\n"), "x.csv")
    assert [(e.row, e.field, e.code) for e in long.errors] == [(2, "amount", "amount_invalid")]


def test_a_nul_byte_in_a_csv_file_refuses_the_file_with_its_line() -> None:
    result = parse(csv_bytes(HEADER + "01.02.2026;00005;10,00;Ho\x00sting;D-1\n"), "x.csv")
    assert [(e.row, e.code) for e in result.errors] == [(2, "file_refused")]
    assert "kontroltegnet U+0000" in import_error_line(result.errors[0])


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    cells = b"<row>" + b'<c t="n"><v>1</v></c>' * 500_000 + b"</row>"
    bomb = with_sheet(xlsx_bytes([["dato"]]), (b"<sheetData>", b"<sheetData>" + cells))
    result = parse(bomb, "bombe.xlsx")
    assert [e.code for e in result.errors] == ["file_refused"]
    assert "zip-bombe" in import_error_line(result.errors[0])


def test_the_row_limit_counts_every_row(settings: Any, world: Any) -> None:
    accounts_for(world.product)
    settings.PROGRAMKONTOR_IMPORT_LIMITS = {
        **settings.PROGRAMKONTOR_IMPORT_LIMITS,
        "actuals": {"max_bytes": 1024 * 1024, "max_rows": 3},
    }
    rows = "".join(f"01.02.2026;00005;1,00;x;D-{n}\n" for n in range(3))
    with pytest.raises(actual_services.ImportFailed) as failed:
        actual_services.stage_import(
            actor=world["alice"], product=world.product, data=(HEADER + rows).encode(), filename="x.csv"
        )
    assert "mere end 3 linjer" in import_error_line(failed.value.check.errors[0])
    assert ActualImport.objects.count() == 0
