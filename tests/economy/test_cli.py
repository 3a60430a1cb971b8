"""The command line contract: ``programkontor contributions`` and ``programkontor import_actuals``."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from programkontor.economy.models import Actual, ActualImport
from tests import factories as f
from tests.economy.factories import YEAR, accounts_for, tariff_sheet


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def priced(world: Any) -> Any:
    """OS2alpha with a tariff sheet and four kinds of participant."""
    product = world.product
    tariff_sheet(product)
    f.PopulationFigureFactory(
        organisation=world.municipality, date=datetime.date(YEAR - 1, 1, 1), population=25_000
    )
    joiner = f.MunicipalityFactory(name="Nyby Kommune", municipality_code="777", is_member=False)
    f.PopulationFigureFactory(organisation=joiner, date=datetime.date(YEAR - 1, 1, 1), population=8_000)
    f.ParticipationFactory(product=product, organisation=joiner, accession_date=datetime.date(YEAR, 1, 2))
    region = f.OrganisationFactory(
        name="Region Testland",
        kind="region",
        is_member=True,
        manual_size_class="large",
        manual_size_class_reason="Skøn",
    )
    f.ParticipationFactory(product=product, organisation=region, accession_date=datetime.date(2020, 1, 1))
    return product


def test_contributions_as_json_follow_the_contract(priced: Any) -> None:
    out, err = run("contributions", "--product", "os2alpha", "--year", str(YEAR), "--format", "json")
    data = json.loads(out)
    assert (data["product"], data["year"]) == ("os2alpha", YEAR)
    rows = {row["name"]: row for row in data["authorities"]}
    testrup = rows["Testrup Kommune"]
    assert testrup == {
        **testrup,
        "code": "999",
        "population": 25_000,
        "population_date": f"{YEAR - 1}-01-01",
        "size_class": "medium",
        "member": True,
        "annual_fee": 34880.00,
        "joining_fee": 0,
        "months_charged": 12,
        "total": 34880.00,
    }
    nyby = rows["Nyby Kommune"]
    assert (nyby["size_class"], nyby["member"], nyby["months_charged"]) == ("small", False, 11)
    assert (nyby["annual_fee"], nyby["joining_fee"], nyby["total"]) == (27225.00, 35000.00, 62225.00)
    region = rows["Region Testland"]
    assert (region["population"], region["size_class"], region["size_class_set_by_hand"]) == (
        None,
        "large",
        True,
    )
    assert region["size_class_reason"] == "Skøn" and region["total"] == 45780.00
    assert data["grand_total"] == 34880.00 + 62225.00 + 45780.00
    assert '"annual_fee": 34880.00' in out  # exact decimals in the JSON text, never a float's digits
    assert err == ""


def test_contributions_as_a_danish_table(priced: Any) -> None:
    out, _err = run("contributions", "--product", "os2alpha", "--year", str(YEAR))
    header = next(line for line in out.splitlines() if line.startswith("Kode"))
    for column in (
        "Myndighed",
        "Indbyggere",
        "Opgjort pr.",
        "Størrelse",
        "Medlem",
        "Vederlag",
        "Måneder",
        "I alt",
    ):
        assert column in header
    nyby = next(line for line in out.splitlines() if "Nyby Kommune" in line)
    assert (
        "8.000" in nyby and "Lille" in nyby and "nej" in nyby and "27.225,00" in nyby and "35.000,00" in nyby
    )
    assert "I alt: 142.885,00 kr." in out


def test_contributions_warn_about_an_authority_without_any_size_class(priced: Any) -> None:
    state = f.OrganisationFactory(name="Styrelsen", kind="state")
    f.ParticipationFactory(product=priced, organisation=state, accession_date=datetime.date(2020, 1, 1))
    out, err = run("contributions", "--product", "os2alpha", "--year", str(YEAR), "--format", "json")
    assert json.loads(out)["problems"] == ["Styrelsen"]
    assert "Styrelsen" in err


@pytest.fixture
def older_figure(priced: Any) -> Any:
    """An authority whose figure of 1 January the year before is missing: an older one is used."""
    old = f.MunicipalityFactory(name="Gammelby Kommune", municipality_code="555", is_member=True)
    f.PopulationFigureFactory(organisation=old, date=datetime.date(2020, 1, 1), population=60_000)
    f.PopulationFigureFactory(organisation=old, date=datetime.date(YEAR, 1, 1), population=90_000)  # too new
    f.ParticipationFactory(product=priced, organisation=old, accession_date=datetime.date(2020, 1, 1))
    return old


def test_contributions_json_warns_when_an_older_population_figure_is_used(older_figure: Any) -> None:
    out, _err = run("contributions", "--product", "os2alpha", "--year", str(YEAR), "--format", "json")
    data = json.loads(out)
    # Every key of the contract is still there; "warnings" is added.
    assert set(data) == {
        "product", "product_name", "year", "currency", "tariff_sheet", "authorities", "annual_fee_total",
        "joining_fee_total", "grand_total", "secretariat_share_rate", "secretariat_share", "problems",
        "warnings",
    }  # fmt: skip
    row = next(row for row in data["authorities"] if row["name"] == "Gammelby Kommune")
    assert (row["population"], row["population_date"], row["population_exact"]) == (
        60_000,
        "2020-01-01",
        False,
    )
    assert data["warnings"] == [
        {
            "kind": "older_population_figure",
            "code": "555",
            "name": "Gammelby Kommune",
            "population_date": "2020-01-01",
            "reference_date": f"{YEAR - 1}-01-01",
            "message": f"befolkningstal fra 01.01.2020 brugt; 01.01.{YEAR - 1} mangler",
        }
    ]


def test_contributions_json_has_no_warnings_when_every_figure_is_from_the_reference_date(
    priced: Any,
) -> None:
    out, _err = run("contributions", "--product", "os2alpha", "--year", str(YEAR), "--format", "json")
    assert json.loads(out)["warnings"] == []


def test_contributions_table_marks_an_older_population_figure_with_a_footnote(older_figure: Any) -> None:
    out, _err = run("contributions", "--product", "os2alpha", "--year", str(YEAR))
    lines = out.splitlines()
    gammelby = next(line for line in lines if line.startswith("555"))
    assert "60.000" in gammelby and "01.01.2020*" in gammelby
    testrup = next(line for line in lines if line.startswith("999"))
    assert "*" not in testrup
    assert f"* Gammelby Kommune: befolkningstal fra 01.01.2020 brugt; 01.01.{YEAR - 1} mangler." in lines
    # The footnote comes after the table and before the total.
    assert lines.index(next(line for line in lines if line.startswith("* "))) < lines.index(
        next(line for line in lines if line.startswith("I alt:"))
    )


def test_contributions_json_warns_about_an_authority_that_cannot_be_charged(priced: Any) -> None:
    state = f.OrganisationFactory(name="Styrelsen", kind="state")
    f.ParticipationFactory(product=priced, organisation=state, accession_date=datetime.date(2020, 1, 1))
    out, _err = run("contributions", "--product", "os2alpha", "--year", str(YEAR), "--format", "json")
    [warning] = json.loads(out)["warnings"]
    assert (warning["kind"], warning["name"]) == ("no_size_class", "Styrelsen")
    assert "kan ikke opkræves" in warning["message"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--product", "findes-ikke", "--year", str(YEAR)), "intet produkt"),
        (("--product", "os2alpha", "--year", str(YEAR + 1)), "intet takstblad"),
        (("--product", "os2alpha", "--year", "1999"), "uden for"),
    ],
)
def test_contributions_refuse_bad_input_clearly(priced: Any, args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run("contributions", *args)


HEADER = "Dato;Konto;Beløb;Tekst;Bilagsnummer\n"
GOOD = HEADER + "03.02.2026;00005;1.234,56;Hosting;C-1\n2026-02-04;00008;99.5;Sprint;C-2\n"
BAD = HEADER + "03.02.2026;00005;1.234,56;Hosting;C-1\n04.02.2026;00099;abc;Sprint;C-1\n"


def write(tmp_path: Path, name: str, content: str) -> str:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return str(path)


def test_import_actuals_saves_a_good_file(world: Any, tmp_path: Path) -> None:
    accounts_for(world.product)
    out, err = run(
        "import_actuals", write(tmp_path, "feb.csv", GOOD), "--product", "os2alpha", "--user", "alice"
    )
    assert "Indlæst 2 posteringer" in out and "1.334,06 kr." in out
    assert "feb.csv" in err  # progress on stderr
    assert sorted(Actual.objects.values_list("amount", flat=True)) == [99_50, 1_234_56]
    assert ActualImport.objects.get().uploaded_by == world["alice"]
    assert Actual.objects.first().history.get().history_user == world["alice"]


def test_import_actuals_reports_every_bad_row_exits_non_zero_and_saves_nothing(
    world: Any, tmp_path: Path
) -> None:
    accounts_for(world.product)
    with pytest.raises(CommandError) as failed:
        run("import_actuals", write(tmp_path, "bad.csv", BAD), "--product", "os2alpha")
    message = str(failed.value)
    assert failed.value.returncode == 1
    assert "Intet er gemt" in message
    lines = message.splitlines()
    row_three = [line for line in lines if line.startswith(("Row 3:", "Række 3:"))]
    assert len(row_three) == 3  # the account, the amount and the repeated document number
    assert Actual.objects.count() == 0 and ActualImport.objects.count() == 0


def test_import_actuals_dry_run_saves_nothing(world: Any, tmp_path: Path) -> None:
    accounts_for(world.product)
    out, _err = run("import_actuals", write(tmp_path, "feb.csv", GOOD), "--product", "os2alpha", "--dry-run")
    assert "Tørkørsel" in out and "Intet er gemt" in out
    assert Actual.objects.count() == 0


def test_import_actuals_refuses_a_file_imported_before_unless_asked_to_skip(
    world: Any, tmp_path: Path
) -> None:
    accounts_for(world.product)
    path = write(tmp_path, "feb.csv", GOOD)
    run("import_actuals", path, "--product", "os2alpha")
    with pytest.raises(CommandError, match="C-1"):
        run("import_actuals", path, "--product", "os2alpha")
    out, _err = run("import_actuals", path, "--product", "os2alpha", "--skip-duplicates")
    assert "Indlæst 0 posteringer" in out and "2 rækker var allerede bogført" in out
    assert Actual.objects.count() == 2


def test_import_actuals_reads_xlsx(world: Any, tmp_path: Path) -> None:
    accounts_for(world.product)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["date", "account", "amount", "text", "document number"])
    sheet.append([datetime.date(2026, 5, 1), "00005", 250.75, "Hosting", "X-1"])
    path = tmp_path / "maj.xlsx"
    workbook.save(path)
    run("import_actuals", str(path), "--product", "os2alpha")
    assert Actual.objects.get().amount == 250_75


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("/does/not/exist.csv", "--product", "os2alpha"), "findes ikke"),
        (("{file}", "--product", "findes-ikke"), "intet produkt"),
        (("{file}", "--product", "os2alpha", "--user", "ukendt"), "ingen bruger"),
    ],
)
def test_import_actuals_refuses_bad_input_clearly(
    world: Any, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    path = write(tmp_path, "feb.csv", GOOD)
    with pytest.raises(CommandError, match=message):
        run("import_actuals", *(arg.format(file=path) for arg in args))
