"""The pure parser of Statistics Denmark population CSV downloads.

Fixture files are rendered from OS2's list of the 98 municipalities with their population on
1 January 2020 (FOLK1A, 2020K1), in the shapes Statistikbanken and its API write.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programkontor.portfolio.population import (
    PopulationParseResult,
    parse_period,
    parse_population_csv,
)
from tests.conftest import OS2_SHARED

JAN_2020 = datetime.date(2020, 1, 1)
APR_2020 = datetime.date(2020, 4, 1)
_REPO = Path(__file__).resolve().parents[2]
_SHARED_COPY = OS2_SHARED / "data" / "municipalities_2020.csv"


def municipalities_csv() -> Path:
    """OS2's municipality list: a copy shipped in the package if there is one, else the shared one."""
    for path in [*sorted(_REPO.glob("src/programkontor/**/data/municipalities_2020.csv")), _SHARED_COPY]:
        if path.is_file():
            return path
    pytest.fail(f"municipalities_2020.csv not found in src/programkontor/**/data/ nor at {_SHARED_COPY}")


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    region: str
    population: int


def load_municipalities() -> list[Municipality]:
    with municipalities_csv().open(encoding="utf-8", newline="") as handle:
        return [
            Municipality(row["code"], row["name"], row["region"], int(row["population"]))
            for row in csv.DictReader(handle)
        ]


MUNICIPALITIES = load_municipalities()
REGISTER = {m.code: m.name for m in MUNICIPALITIES}
TITLE = "Befolkningen den 1. i kvartalet efter område, køn og tid"


def dst_wide_export(
    municipalities: Sequence[Municipality] = MUNICIPALITIES,
    *,
    period: str = "2020K1",
    with_codes: bool = False,
    encoding: str = "iso-8859-1",
) -> bytes:
    """What Statistikbanken's "Gem som CSV (semikolonsepareret)" writes for FOLK1A by area.

    Hele landet first, then each region with one landsdel and its municipalities, and
    Christiansø (not a municipality) at the end: every aggregate must be skipped.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    out.write(f'"{TITLE}"\r\n')
    writer.writerow(["", "", period])
    writer.writerow(["Hele landet", "I alt", sum(m.population for m in municipalities)])
    regions: dict[str, list[Municipality]] = {}
    for municipality in municipalities:
        regions.setdefault(municipality.region, []).append(municipality)
    for region, members in regions.items():
        writer.writerow([region, "I alt", sum(m.population for m in members)])
        writer.writerow(
            [f"Landsdel {region.removeprefix('Region ')}", "I alt", sum(m.population for m in members)]
        )
        for m in members:
            writer.writerow([f"{m.code} {m.name}" if with_codes else m.name, "I alt", m.population])
    writer.writerow(["Christiansø", "I alt", 90])
    return out.getvalue().encode(encoding)


def parse(text: str, register: dict[str, str] = REGISTER, **kwargs: object) -> PopulationParseResult:
    return parse_population_csv(text.encode("utf-8"), register, **kwargs)  # type: ignore[arg-type]


def triples(result: PopulationParseResult) -> set[tuple[str, datetime.date, int]]:
    return {(f.code, f.date, f.population) for f in result.figures}


def errors(result: PopulationParseResult) -> list[tuple[int, str]]:
    return [(e.row, e.message) for e in result.errors]


# --- A real download ----------------------------------------------------------------------


def test_it_reads_all_98_municipalities_from_a_dst_wide_export_in_iso_8859_1() -> None:
    result = parse_population_csv(dst_wide_export(), REGISTER)

    assert result.errors == []
    assert (result.encoding, result.delimiter) == ("cp1252", ";")  # Windows-1252 reads ISO-8859-1 alike
    assert len(result.figures) == 98
    assert triples(result) == {(m.code, JAN_2020, m.population) for m in MUNICIPALITIES}
    copenhagen = next(f for f in result.figures if f.code == "101")
    assert (copenhagen.date, copenhagen.population, copenhagen.row) == (JAN_2020, 632_340, 6)


def test_it_skips_the_title_totals_regions_landsdele_and_christiansoe() -> None:
    result = parse_population_csv(dst_wide_export(), REGISTER)

    skipped = [text for _, text in result.skipped]
    assert skipped[0] == f'"{TITLE}"'
    assert skipped[1].startswith('"Hele landet"')
    assert sum(text.startswith('"Region ') for text in skipped) == 5
    assert sum(text.startswith('"Landsdel ') for text in skipped) == 5
    assert skipped[-1].startswith('"Christiansø"')
    assert len(skipped) == 1 + 1 + 5 + 5 + 1
    assert result.skipped[0][0] == 1
    assert result.skipped[1][0] == 3


def test_it_reads_the_codes_when_the_export_has_them() -> None:
    result = parse_population_csv(dst_wide_export(with_codes=True, encoding="utf-8"), REGISTER)

    assert result.errors == []
    assert result.encoding == "utf-8"
    assert triples(result) == {(m.code, JAN_2020, m.population) for m in MUNICIPALITIES}


# --- Periods --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020", datetime.date(2020, 1, 1)),
        ("2020K1", datetime.date(2020, 1, 1)),
        ("2020K2", datetime.date(2020, 4, 1)),
        ("2020K3", datetime.date(2020, 7, 1)),
        ("2020K4", datetime.date(2020, 10, 1)),
        ("2021q2", datetime.date(2021, 4, 1)),
        ("2020M03", datetime.date(2020, 3, 1)),
        ("2020M12", datetime.date(2020, 12, 1)),
        ("2020-03-15", datetime.date(2020, 3, 15)),
        (" 2020K1 ", datetime.date(2020, 1, 1)),
    ],
)
def test_a_period_means_its_first_day(text: str, expected: datetime.date) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    "text", ["", "2020K5", "2020K0", "2020M13", "2020M00", "2020-02-30", "K1", "I alt", "99"]
)
def test_other_cells_are_not_periods(text: str) -> None:
    assert parse_period(text) is None


def test_a_wide_table_can_hold_several_periods() -> None:
    result = parse(";2020K1;2020K2;2020M07;2021\nKøbenhavn;632340;633021;634000;638117\n")

    assert result.errors == []
    assert triples(result) == {
        ("101", JAN_2020, 632_340),
        ("101", APR_2020, 633_021),
        ("101", datetime.date(2020, 7, 1), 634_000),
        ("101", datetime.date(2021, 1, 1), 638_117),
    }


# --- Layouts --------------------------------------------------------------------------------


def test_it_finds_the_area_behind_leading_dimension_cells() -> None:
    result = parse(';;"2020K1"\n"I alt";"København";632340\n"I alt";"Aarhus";349983\n')

    assert result.errors == []
    assert triples(result) == {("101", JAN_2020, 632_340), ("751", JAN_2020, 349_983)}


def test_a_blank_area_cell_repeats_the_area_above_as_the_matrix_export_does() -> None:
    result = parse(";;2020K1\nHele landet;I alt;5822763\n;Mænd;2901000\nKøbenhavn;I alt;632340\n")

    assert triples(result) == {("101", JAN_2020, 632_340)}
    assert [row for row, _ in result.skipped] == [2, 3]


def test_it_reads_the_long_api_format() -> None:
    result = parse(
        "OMRÅDE;TID;INDHOLD\n000 Hele landet;2020K1;5822763\n"
        "101 København;2020K1;632340\n101 København;2020K2;633021\n"
    )

    assert result.errors == []
    assert triples(result) == {("101", JAN_2020, 632_340), ("101", APR_2020, 633_021)}
    assert result.skipped == [(2, "000 Hele landet;2020K1;5822763")]


@pytest.mark.parametrize(
    "header", ["area,time,value", "Område,Tid,Indhold", "VALUE,AREA,TIME", "kommune,dato,befolkning"]
)
def test_long_headers_may_be_danish_or_english_in_any_case_and_order(header: str) -> None:
    columns = [cell.lower() for cell in header.split(",")]
    cells = {"area": "Aarhus", "område": "Aarhus", "kommune": "Aarhus", "time": "2020K1", "tid": "2020K1"}
    cells |= {"dato": "2020-01-01", "value": "349983", "indhold": "349983", "befolkning": "349983"}
    result = parse(f"{header}\n{','.join(cells[c] for c in columns)}\n")

    assert result.errors == []
    assert triples(result) == {("751", JAN_2020, 349_983)}


def test_other_columns_of_a_long_file_are_ignored() -> None:
    result = parse("KØN;OMRÅDE;ALDER;TID;INDHOLD\nI alt;Odense;Alder i alt;2020K1;204895\n")

    assert triples(result) == {("461", JAN_2020, 204_895)}


# --- Encodings, delimiters, quoting ------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "encoding", "detected"),
    [
        (b"", "utf-8", "utf-8"),
        (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
        (b"", "iso-8859-1", "cp1252"),
        (b"", "cp1252", "cp1252"),
        (b"", "utf-16", "utf-16"),
    ],
)
def test_it_reads_utf8_with_or_without_bom_and_iso_8859_1(
    prefix: bytes, encoding: str, detected: str
) -> None:
    data = prefix + "OMRÅDE;TID;INDHOLD\nTårnby;2020K1;42989\nÆrø;2020K1;5964\n".encode(encoding)
    result = parse_population_csv(data, REGISTER)

    assert result.errors == []
    assert result.encoding == detected
    assert triples(result) == {("185", JAN_2020, 42_989), ("492", JAN_2020, 5_964)}


@pytest.mark.parametrize("delimiter", [";", ","])
@pytest.mark.parametrize("quoted", [True, False])
def test_it_reads_either_delimiter_quoted_or_not(delimiter: str, quoted: bool) -> None:
    def row(*cells: str) -> str:
        return delimiter.join(f'"{c}"' if quoted else c for c in cells) + "\r\n"

    text = f'"{TITLE}"\r\n' + row("", "2020K1") + row("Brøndby", "35090") + row("Dragør", "14494")
    result = parse(text)

    assert result.errors == []
    assert result.delimiter == delimiter
    assert triples(result) == {("153", JAN_2020, 35_090), ("155", JAN_2020, 14_494)}


# --- Municipalities -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "area",
    [
        "101 København",
        "101",
        "København",
        "københavn",
        "  KØBENHAVN  ",
        "København Kommune",
        "101 København kommune",
    ],
)
def test_a_municipality_is_known_by_code_name_or_both(area: str) -> None:
    result = parse(f"område;2020K1\n{area};632340\n")

    assert result.errors == []
    assert triples(result) == {("101", JAN_2020, 632_340)}


def test_a_code_whose_name_disagrees_is_an_error_naming_both() -> None:
    result = parse("område;2020K1\nKøbenhavn;632340\n147 Aarhus;104305\n")

    assert errors(result) == [(3, "Code 147 is Frederiksberg in the register, but the file says 'Aarhus'.")]


def test_an_unknown_code_or_name_is_an_error_on_its_line() -> None:
    result = parse("område;2020K1\n999 Atlantis;1000\nKøbenhavn;632340\nAtlantis;1000\nKøbenhavnerne;1\n")

    assert errors(result) == [
        (2, "Unknown municipality code 999 ('999 Atlantis')."),
        (4, "Unknown municipality: 'Atlantis'."),
        (5, "Unknown municipality: 'Københavnerne'."),
    ]


#: The register as the demo and most installations keep it: the official names.
OFFICIAL_REGISTER = {
    code: {"101": "Københavns Kommune", "400": "Bornholms Regionskommune"}.get(code, f"{name} Kommune")
    for code, name in REGISTER.items()
}


@pytest.mark.parametrize("with_codes", [False, True], ids=["names", "codes-and-names"])
def test_a_whole_folk1a_download_matches_a_register_of_official_names(with_codes: bool) -> None:
    """Statistics Denmark writes "København" and "Bornholm"; the register says "Københavns Kommune" and
    "Bornholms Regionskommune" (issue 13: all 98 rows were refused)."""
    result = parse_population_csv(dst_wide_export(with_codes=with_codes), OFFICIAL_REGISTER)

    assert result.errors == []
    assert len(result.figures) == 98
    assert {"101", "400"} <= {figure.code for figure in result.figures}
    # The title, the whole country, 5 regions, 5 landsdele and Christiansø: skipped, each noted.
    skipped = " ".join(text for _, text in result.skipped)
    assert len(result.skipped) == 13
    assert all(area in skipped for area in ("Hele landet", "Region Hovedstaden", "Christiansø"))


@pytest.mark.parametrize(
    ("area", "code"),
    [
        ("København", "101"),
        ("Københavns Kommune", "101"),
        ("101 København", "101"),
        ("Bornholm", "400"),
        ("400 Bornholm", "400"),
        ("Bornholms Regionskommune", "400"),
        ("Vesthimmerland", "820"),
        ("Halsnæs", "260"),
        ("Stevns", "336"),
    ],
)
def test_dst_name_forms_and_official_names_are_the_same_municipality(area: str, code: str) -> None:
    result = parse(f"område;2020K1\n{area};1000\n", OFFICIAL_REGISTER)

    assert result.errors == []
    assert triples(result) == {(code, JAN_2020, 1000)}


def test_every_registered_name_form_names_one_municipality_only() -> None:
    from programkontor.portfolio.population_cells import Register

    register = Register(OFFICIAL_REGISTER)
    assert {form: codes for form, codes in register.codes_by_name.items() if len(codes) > 1} == {}


def test_a_name_shared_by_two_municipalities_needs_the_code() -> None:
    register = {"101": "Testrup", "102": "Testrup Kommune"}
    result = parse("område;2020K1\nTestrup;5\n102 Testrup;6\n", register)

    assert errors(result) == [(2, "'Testrup' matches several municipalities (101, 102); write the code too.")]
    assert triples(result) == {("102", JAN_2020, 6)}


@pytest.mark.parametrize(
    "area",
    [
        "Hele landet",
        "000 Hele landet",
        "Region Sjælland",
        "085 Region Sjælland",
        "Landsdel Fyn",
        "09",
        "Christiansø",
        "411 Christiansø",
        "All Denmark",
        "Province Fyn",
    ],
)
def test_totals_regions_landsdele_and_christiansoe_are_skipped(area: str) -> None:
    result = parse(f"område;2020K1\n{area};100000\nOdense;204895\n")

    assert result.errors == []
    assert result.skipped == [(2, f"{area};100000")]
    assert triples(result) == {("461", JAN_2020, 204_895)}


# --- Values ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["632340", "632.340", "632 340", '"632.340"', " 632340 "])
def test_values_may_group_thousands_with_dots_or_spaces(value: str) -> None:
    result = parse(f"område;2020K1\nKøbenhavn;{value}\n")

    assert result.errors == []
    assert triples(result) == {("101", JAN_2020, 632_340)}


def test_not_available_is_left_out_without_an_error() -> None:
    result = parse(";2020K1;2020K2\nKøbenhavn;632340;..\nAarhus;..;..\n")

    assert result.errors == []
    assert triples(result) == {("101", JAN_2020, 632_340)}
    assert result.skipped == [(3, "Aarhus;..;..")]


def test_bad_values_are_errors_with_their_line_numbers() -> None:
    result = parse(
        "\r\n".join(
            ["område;2020K1", "København;6323,40", "Aarhus;-5", "Odense;", "Vejle;1.2345", "Aalborg;217075"]
        )
    )

    assert errors(result) == [
        (2, "'6323,40' is not a number of inhabitants."),
        (3, "The population -5 is negative."),
        (4, "The value is empty; write the number, or '..' when it is not available."),
        (5, "'1.2345' is not a number of inhabitants."),
    ]
    assert triples(result) == {("851", JAN_2020, 217_075)}


def test_an_empty_value_among_several_is_an_error() -> None:
    result = parse(";2020K1;2020K2\nKøbenhavn;632340;\n")

    assert errors(result) == [(2, "The value is empty; write the number, or '..' when it is not available.")]


def test_an_impossibly_large_value_is_an_error() -> None:
    result = parse("område;2020K1\nKøbenhavn;99999999999\n")

    assert errors(result) == [(2, "The population 99999999999 is too large.")]


def test_the_same_municipality_and_date_twice_is_an_error_naming_the_first_line() -> None:
    result = parse(
        "OMRÅDE;TID;INDHOLD\nKøbenhavn;2020K1;632340\nAarhus;2020K1;349983\n101;2020K1;632340\n101;2020K2;1\n"
    )

    assert errors(result) == [
        (
            4,
            "København (101) has a figure for 2020-01-01 already on line 2 "
            "(export only the total, not a breakdown).",
        )
    ]


def test_a_period_that_is_not_one_is_an_error() -> None:
    result = parse("OMRÅDE;TID;INDHOLD\nKøbenhavn;2020K9;632340\n")

    assert errors(result) == [(2, "'2020K9' is not a period such as 2020K1 or 2020.")]


# --- Dates from the caller -----------------------------------------------------------------


def test_without_a_period_the_default_date_dates_the_single_value_column() -> None:
    result = parse("Område;Befolkning\nKøbenhavn;632.340\n", default_date=datetime.date(2020, 1, 1))

    assert result.errors == []
    assert triples(result) == {("101", JAN_2020, 632_340)}


def test_a_headerless_file_takes_the_default_date() -> None:
    result = parse("101 København;632340\n147 Frederiksberg;104305\n", default_date=JAN_2020)

    assert triples(result) == {("101", JAN_2020, 632_340), ("147", JAN_2020, 104_305)}


def test_the_files_own_periods_win_over_the_default_date() -> None:
    result = parse(";2020K2\nKøbenhavn;633021\n", default_date=datetime.date(1999, 1, 1))

    assert triples(result) == {("101", APR_2020, 633_021)}


def test_without_a_period_or_a_default_date_the_error_asks_for_date() -> None:
    result = parse(f'"{TITLE}"\nOmråde;Befolkning\nKøbenhavn;632340\n')

    assert result.figures == []
    assert len(result.errors) == 1
    assert result.errors[0].row == 2
    assert "--date YYYY-MM-DD" in result.errors[0].message


# --- Files that hold nothing ----------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "område;2020K1\nHele landet;5822763\nRegion Sjælland;838840\n"])
def test_a_file_without_figures_is_an_error(text: str) -> None:
    assert errors(parse(text)) == [(0, "The file contains no population figures.")]


def test_a_utf16_file_without_a_byte_order_mark_is_not_read() -> None:
    result = parse_population_csv("område;2020K1\nKøbenhavn;632340\n".encode("utf-16-le"), REGISTER)

    assert result.figures == []
    assert [e.row for e in result.errors] == [1]
    assert "The file is not text" in result.errors[0].message


def test_the_line_of_a_control_character_is_reported() -> None:
    result = parse_population_csv(b"omr\xe5de;2020K1\nK\xf8benhavn;632340\nAarhus;\x00\n", REGISTER)

    assert [e.row for e in result.errors] == [3]


def test_notes_under_the_table_are_skipped() -> None:
    result = parse(";2020K1\nKøbenhavn;632340\n\nKilde: Danmarks Statistik\n")

    assert result.errors == []
    assert result.skipped == [(3, ""), (4, "Kilde: Danmarks Statistik")]


def test_messages_go_through_the_given_translation() -> None:
    result = parse(
        "område;2020K1\nAtlantis;5\n",
        translate=lambda msgid: msgid.replace("Unknown municipality", "Ukendt kommune"),
    )

    assert errors(result) == [(2, "Ukendt kommune: 'Atlantis'.")]


# --- Properties -----------------------------------------------------------------------------

QUARTERS = [datetime.date(year, month, 1) for year in range(2018, 2024) for month in (1, 4, 7, 10)]
AGGREGATES = [
    "Hele landet",
    "Region Syddanmark",
    "Landsdel Fyn",
    "Christiansø",
    "000 Hele landet",
    "084 Region Hovedstaden",
]


@dataclass(frozen=True)
class Style:
    layout: str
    encoding: str
    delimiter: str
    quoted: bool
    bom: bool
    area_style: str
    thousands: str
    line_end: str
    title: bool
    period_format: str


styles = st.builds(
    Style,
    layout=st.sampled_from(["wide", "wide_dims", "long", "long_english", "single_header", "single_bare"]),
    encoding=st.sampled_from(["utf-8", "iso-8859-1"]),
    delimiter=st.sampled_from([";", ","]),
    quoted=st.booleans(),
    bom=st.booleans(),
    area_style=st.sampled_from(["code_name", "name", "code", "name_kommune", "upper"]),
    thousands=st.sampled_from(["", ".", " "]),
    line_end=st.sampled_from(["\n", "\r\n"]),
    title=st.booleans(),
    period_format=st.sampled_from(["K", "Q", "M", "ISO", "Y"]),
)


@st.composite
def tables(
    draw: st.DrawFn,
) -> tuple[Style, list[datetime.date], dict[tuple[str, datetime.date], int], list[str]]:
    style = draw(styles)
    single = style.layout.startswith("single")
    pool = [d for d in QUARTERS if d.month == 1] if style.period_format == "Y" else QUARTERS
    dates = (
        [JAN_2020] if single else draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True))
    )
    chosen = draw(
        st.lists(st.sampled_from(MUNICIPALITIES), min_size=1, max_size=25, unique_by=lambda m: m.code)
    )
    figures = {(m.code, d): draw(st.integers(0, 3_000_000)) for m in chosen for d in dates}
    aggregates = draw(st.lists(st.sampled_from(AGGREGATES), max_size=4))
    return style, dates, figures, aggregates


def area_text(code: str, style: str) -> str:
    name = REGISTER[code]
    return {
        "code_name": f"{code} {name}",
        "name": name,
        "code": code,
        "name_kommune": f"{name} Kommune",
        "upper": f"  {name.upper()} ",
    }[style]


def number(value: int, thousands: str) -> str:
    return f"{value:,}".replace(",", thousands) if thousands else str(value)


def period_text(date: datetime.date, period_format: str = "K") -> str:
    return {
        "K": f"{date.year}K{(date.month - 1) // 3 + 1}",
        "Q": f"{date.year}Q{(date.month - 1) // 3 + 1}",
        "M": f"{date.year}M{date.month:02d}",
        "ISO": date.isoformat(),
        "Y": str(date.year),
    }[period_format]


def render(
    style: Style,
    dates: list[datetime.date],
    figures: dict[tuple[str, datetime.date], int],
    aggregates: list[str],
) -> tuple[bytes, dict[tuple[str, datetime.date], int]]:
    """The table as a file in ``style``; also the line each figure is written on."""
    lines: list[list[str]] = []
    rows_of: dict[tuple[str, datetime.date], int] = {}
    codes = list(dict.fromkeys(code for code, _ in figures))

    def add(cells: list[str], keys: Sequence[tuple[str, datetime.date]] = ()) -> None:
        lines.append(cells)
        rows_of.update({key: len(lines) for key in keys})

    if style.title:
        add([TITLE])
    if style.layout in ("wide", "wide_dims"):
        add(
            ([""] if style.layout == "wide_dims" else [])
            + [""]
            + [period_text(d, style.period_format) for d in dates]
        )
        lead = ["I alt"] if style.layout == "wide_dims" else []
        for aggregate in aggregates:
            add([*lead, aggregate, *("123" for _ in dates)])
        for code in codes:
            cells = [*lead, area_text(code, style.area_style)]
            add(
                cells + [number(figures[code, d], style.thousands) for d in dates], [(code, d) for d in dates]
            )
    elif style.layout.startswith("long"):
        add(["area", "time", "value"] if style.layout == "long_english" else ["OMRÅDE", "TID", "INDHOLD"])
        add(["Hele landet", period_text(dates[0], style.period_format), "5822763"])
        for code in codes:
            for d in dates:
                add(
                    [
                        area_text(code, style.area_style),
                        period_text(d, style.period_format),
                        number(figures[code, d], style.thousands),
                    ],
                    [(code, d)],
                )
    else:
        if style.layout == "single_header":
            add(["Område", "Befolkning"])
        for code in codes:
            add(
                [area_text(code, style.area_style), number(figures[code, JAN_2020], style.thousands)],
                [(code, JAN_2020)],
            )
        for aggregate in aggregates:
            add([aggregate, "5822763"])

    def cell(text: str) -> str:
        return f'"{text}"' if style.quoted else text

    text = "".join(style.delimiter.join(cell(c) for c in cells) + style.line_end for cells in lines)
    data = text.encode(style.encoding)
    if style.bom and style.encoding == "utf-8":
        data = b"\xef\xbb\xbf" + data
    return data, rows_of


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_any_rendered_table_round_trips_exactly(
    table: tuple[Style, list[datetime.date], dict[tuple[str, datetime.date], int], list[str]],
) -> None:
    style, dates, figures, aggregates = table
    data, rows_of = render(style, dates, figures, aggregates)

    result = parse_population_csv(
        data, REGISTER, default_date=JAN_2020 if style.layout.startswith("single") else None
    )

    assert result.errors == []
    assert {(f.code, f.date): f.population for f in result.figures} == figures
    assert len(result.figures) == len(figures)
    assert {(f.code, f.date): f.row for f in result.figures} == rows_of
    assert result.delimiter == style.delimiter
    assert result.encoding == (
        "utf-8-sig" if style.bom and style.encoding == "utf-8" else style.encoding
    ) or (
        style.encoding == "iso-8859-1" and result.encoding in ("utf-8", "cp1252")  # ASCII is valid UTF-8
    )


@settings(max_examples=100, deadline=None)
@given(tables(), st.data())
def test_one_unknown_municipality_is_reported_on_its_own_line(
    table: tuple[Style, list[datetime.date], dict[tuple[str, datetime.date], int], list[str]],
    data: st.DataObject,
) -> None:
    style, dates, figures, aggregates = table
    victim = data.draw(st.sampled_from(sorted({code for code, _ in figures})))
    register = dict(REGISTER)
    del register[victim]
    rendered, rows_of = render(style, dates, figures, aggregates)

    result = parse_population_csv(rendered, register, default_date=JAN_2020)

    assert {e.row for e in result.errors} == {rows_of[victim, d] for d in dates}
    assert all("Unknown municipality" in e.message for e in result.errors)
    assert {(f.code, f.date): f.population for f in result.figures} == {
        key: value for key, value in figures.items() if key[0] != victim
    }


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=400)
    | st.text(alphabet=st.sampled_from(list(';,"\n .0123456789K-Århus')), max_size=200).map(str.encode)
)
def test_it_never_crashes_and_every_row_number_is_in_the_file(data: bytes) -> None:
    result = parse_population_csv(data, REGISTER)

    line_count = len(data.splitlines()) + 1
    assert result.figures or result.errors
    assert all(0 <= e.row <= line_count for e in result.errors)
    assert all(1 <= f.row <= line_count and f.population >= 0 for f in result.figures)


def test_a_first_row_ending_in_a_year_like_value_is_data_not_a_header() -> None:
    result = parse("Atlantis;2020\nKøbenhavn;632340\n", default_date=datetime.date(2019, 1, 1))

    assert errors(result) == [(1, "Unknown municipality: 'Atlantis'.")]
    assert triples(result) == {("101", datetime.date(2019, 1, 1), 632_340)}


@pytest.mark.parametrize("header", [";2020;2021", "område;2020;2021", "Område;2020;2021"])
def test_a_header_of_years_is_a_header(header: str) -> None:
    result = parse(f"{header}\nKøbenhavn;632340;638117\n")

    assert triples(result) == {("101", JAN_2020, 632_340), ("101", datetime.date(2021, 1, 1), 638_117)}
