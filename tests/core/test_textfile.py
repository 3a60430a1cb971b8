"""The one reader of imported files: encoding policy, delimiter sniffing, CSV rows, XLSX inspection, JSON."""

from __future__ import annotations

import functools
import io
import re
import zipfile

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programkontor.core import textfile
from programkontor.core.textfile import Limits, TextFileError, XlsxLimits

SMALL = Limits(max_bytes=10_000, max_rows=10)


def workbook(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def replaced(data: bytes, name: str, content: bytes, *, level: int = 9) -> bytes:
    """``data`` (a zip archive) with the member ``name`` replaced by ``content``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == name else source.read(info.filename))
    return out.getvalue()


# --- Encoding --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("Æble;ø\n".encode(), "Æble;ø\n", "utf-8"),
        (b"\xef\xbb\xbf" + "Æble".encode(), "Æble", "utf-8-sig"),
        ("Æble €".encode("cp1252"), "Æble €", "cp1252"),
        ("Æble".encode("latin-1"), "Æble", "cp1252"),
        ("Æble\n".encode("utf-16"), "Æble\n", "utf-16"),
    ],
)
def test_it_reads_text_by_the_one_policy(data: bytes, text: str, encoding: str) -> None:
    decoded = textfile.decode(data)
    assert (decoded.text, decoded.encoding) == (text, encoding)


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b"a;b\nc;\x00\n", r"control character U\+0000", 2),
        (b"PK\x03\x04rest", "zip archive", 0),
        (b"%PDF-1.7", "PDF", 0),
        (b"\xd0\xcf\x11\xe0\xa1\xb1", "old Office document", 0),
        (b"ok\n\x81\x8d\x8f", "not text in UTF-8 or Windows-1252", 2),
        (b"\xef\xbb\xbfok\xff", "says it is UTF-8", 1),
        ("A\n".encode("utf-16-le"), r"control character U\+0000", 1),
    ],
)
def test_anything_but_text_is_refused_with_its_line(data: bytes, message: str, line: int) -> None:
    with pytest.raises(TextFileError, match=message) as refused:
        textfile.decode(data)
    assert refused.value.line == line


def test_the_size_and_the_lines_are_limited() -> None:
    with pytest.raises(TextFileError, match="larger than 9 KB"):
        textfile.read_text(b"x" * 10_001, SMALL)
    with pytest.raises(TextFileError, match="more than 10 lines"):
        textfile.read_text(b"x\n" * 11, SMALL)
    assert textfile.read_text(b"x\n" * 10, SMALL).text == "x\n" * 10


def test_messages_go_through_the_given_translation() -> None:
    error = TextFileError("The file is larger than %(limit)s, the limit for this kind of file.", limit="1 MB")
    assert error.text(lambda msgid: msgid.replace("The file is larger than", "Filen er større end")) == (
        "Filen er større end 1 MB, the limit for this kind of file."
    )


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2_000))
def test_any_bytes_are_text_or_a_clear_refusal(data: bytes) -> None:
    refusal: TextFileError | None = None
    try:
        decoded = textfile.read_text(data, Limits(max_bytes=1_500, max_rows=50))
    except TextFileError as error:
        refusal = error
    if refusal is not None:
        assert refusal.text()
        assert 0 <= refusal.line <= len(re.split(rb"\r\n|\r|\n", data))
    else:
        assert "\x00" not in decoded.text


# --- Delimiters and CSV -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "delimiter"),
    [
        (["dato;konto;beløb", "01.02.2025;00005;10,00"], ";"),
        (["date,account,amount", '2025-02-01,00005,"10,00"'], ","),
        (["date\taccount\tamount", "2025-02-01\t00005\t10,50"], "\t"),
        (["a|b|c", "1|2|3"], "|"),
        (["title", "Beslutning", ""], ";"),
    ],
)
def test_the_delimiter_that_splits_the_most_lines_wins(lines: list[str], delimiter: str) -> None:
    assert textfile.sniff_delimiter(lines) == delimiter


def test_a_broken_csv_row_is_named() -> None:
    text = "a;b\n" + '"' + "x" * (textfile.CSV_FIELD_LIMIT + 10) + "\n"
    with pytest.raises(TextFileError, match="cannot be read as CSV") as refused:
        list(textfile.csv_rows(text, ";"))
    assert refused.value.line == 2


def test_csv_rows_stop_at_the_row_limit() -> None:
    with pytest.raises(TextFileError, match="more than 10 rows"):
        list(textfile.csv_rows("a;b\n" * 11, ";", SMALL))
    assert len(list(textfile.csv_rows("a;b\n" * 10, ";", SMALL))) == 10


# --- XLSX --------------------------------------------------------------------------------------


def test_a_workbook_is_read_row_by_row() -> None:
    data = workbook([["dato", "beløb"], ["2025-01-01", 10.5]])
    assert list(textfile.xlsx_rows(data, SMALL, max_columns=3)) == [
        (1, ["dato", "beløb", None]),
        (2, ["2025-01-01", 10.5, None]),
    ]


def test_a_zip_bomb_is_refused_before_it_is_opened() -> None:
    sheet = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    sheet += b"<row>" + b'<c t="n"><v>1</v></c>' * 200_000 + b"</row></sheetData></worksheet>"
    bomb = replaced(workbook([["a"]]), "xl/worksheets/sheet1.xml", sheet)
    with pytest.raises(TextFileError, match="zip bomb"):
        textfile.inspect_xlsx(bomb, XlsxLimits(max_ratio=100))
    with pytest.raises(TextFileError, match="unpacks to more than 1 MB"):
        textfile.inspect_xlsx(bomb, XlsxLimits(max_uncompressed=1024 * 1024))


def test_a_workbook_with_too_many_parts_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for number in range(20):
            archive.writestr(f"part{number}.xml", b"<x/>")
    with pytest.raises(TextFileError, match="20 parts"):
        textfile.inspect_xlsx(out.getvalue(), XlsxLimits(max_members=10))


def test_a_declared_dimension_does_not_make_a_million_empty_cells() -> None:
    data = workbook([["a", "b"], [1, 2]])
    source = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    lying = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', source)
    assert lying != source
    rows = list(textfile.xlsx_rows(replaced(data, "xl/worksheets/sheet1.xml", lying), SMALL, max_columns=4))
    assert rows == [(1, ["a", "b", None, None]), (2, [1, 2, None, None])]


def test_a_sheet_past_the_row_limit_is_refused() -> None:
    with pytest.raises(TextFileError, match="more than 10 rows"):
        list(textfile.xlsx_rows(workbook([[n] for n in range(11)]), SMALL))


@functools.cache
def SMALL_WORKBOOK() -> bytes:
    return workbook([["dato", "konto", "beløb"], ["2025-01-01", "00005", 10]])


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_damaged_workbook_is_a_clear_refusal_never_a_crash(data: st.DataObject) -> None:
    damaged = bytearray(SMALL_WORKBOOK())
    for _ in range(data.draw(st.integers(1, 20))):
        position = data.draw(st.integers(0, len(damaged) - 1))
        damaged[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(damaged)))
    refusal: TextFileError | None = None
    try:
        rows = list(textfile.xlsx_rows(bytes(damaged[:cut]), SMALL))
    except TextFileError as error:
        refusal = error
    if refusal is not None:
        assert refusal.text()
    else:
        assert len(rows) <= SMALL.max_rows


# --- JSON --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000, "nested too deeply"),
        ('{"a": ' + "1" * 5_000 + "}", "number that is too long"),
        ('{"a": }', "not valid JSON"),
    ],
)
def test_json_that_python_cannot_read_is_a_clear_refusal(text: str, message: str) -> None:
    with pytest.raises(TextFileError, match=message):
        textfile.load_json(text)
