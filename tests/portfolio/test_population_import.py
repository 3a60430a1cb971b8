"""Importing Statistics Denmark population files into the register: the service and the command."""

from __future__ import annotations

import dataclasses
import datetime
import io
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from programkontor import cli
from programkontor.portfolio import population_import
from programkontor.portfolio.models import Organisation, OrganisationKind, PopulationFigure
from programkontor.portfolio.population_import import PopulationImportError, import_population
from programkontor.portfolio.sizeclass import Boundaries, SizeClass
from tests import factories as f
from tests.portfolio.test_population_parser import MUNICIPALITIES, dst_wide_export

JAN_2020 = datetime.date(2020, 1, 1)


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture
def register(db: Any) -> dict[str, Organisation]:
    """The 98 municipalities, plus a region and a supplier that must never receive figures."""
    f.OrganisationFactory(name="Region Hovedstaden", slug="region-hovedstaden", kind=OrganisationKind.REGION)
    f.SupplierFactory(name="København", slug="koebenhavn-leverandoer")
    return {
        m.code: f.MunicipalityFactory(name=m.name, slug=f"kommune-{m.code}", municipality_code=m.code)
        for m in MUNICIPALITIES
    }


@pytest.fixture
def alice(db: Any) -> Any:
    return f.UserFactory(username="alice", is_secretariat=True)


def population(code: str, date: datetime.date = JAN_2020) -> int:
    return PopulationFigure.objects.get(organisation__municipality_code=code, date=date).population


# --- The service ------------------------------------------------------------------------------


def test_it_imports_a_dst_download_of_all_98_municipalities(register: Any, alice: Any) -> None:
    report = import_population(data=dst_wide_export(), actor=alice)

    assert (report.created, report.updated, report.unchanged) == (98, 0, 0)
    assert report.dates == [JAN_2020]
    assert len(report.skipped) == 13
    assert report.encoding == "cp1252"
    assert PopulationFigure.objects.count() == 98
    copenhagen = PopulationFigure.objects.get(organisation=register["101"])
    assert (copenhagen.date, copenhagen.population, copenhagen.source) == (
        JAN_2020,
        632_340,
        "Danmarks Statistik",
    )
    assert copenhagen.version == 1
    assert copenhagen.created_at is not None


def test_a_folk1a_download_imports_into_a_register_of_official_names(db: Any, alice: Any) -> None:
    """The demo's register, as most installations keep it: "Københavns Kommune", "Bornholms
    Regionskommune", "… Kommune" — Statistics Denmark's file names them "København", "Bornholm"."""
    official = {"101": "Københavns Kommune", "400": "Bornholms Regionskommune"}
    for m in MUNICIPALITIES:
        f.MunicipalityFactory(
            name=official.get(m.code, f"{m.name} Kommune"), slug=f"kommune-{m.code}", municipality_code=m.code
        )

    report = import_population(data=dst_wide_export(), actor=alice)

    assert (report.created, report.updated, report.unchanged) == (98, 0, 0)
    assert population("101") == 632_340 and population("400") == 39_499


def test_the_2020_figures_split_the_municipalities_17_56_21_4(register: Any, alice: Any) -> None:
    import_population(data=dst_wide_export(), actor=alice)

    municipalities = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).prefetch_related(
        "population_figures"
    )
    classes = Counter(m.size_class_for(2021, Boundaries()).size_class for m in municipalities)
    assert classes == {
        SizeClass.SMALL: 17,
        SizeClass.MEDIUM: 56,
        SizeClass.LARGE: 21,
        SizeClass.VERY_LARGE: 4,
    }
    assert register["101"].size_class_for(2021, Boundaries()).basis.population == 632_340  # type: ignore[union-attr]


def test_a_second_import_updates_changed_figures_and_leaves_equal_ones(register: Any, alice: Any) -> None:
    import_population(data=dst_wide_export(), actor=alice)
    bob = f.UserFactory(username="bob")
    revised = {"101": 632_341, "751": 350_000, "492": 5_900}
    municipalities = [
        dataclasses.replace(m, population=revised.get(m.code, m.population)) for m in MUNICIPALITIES
    ]

    report = import_population(data=dst_wide_export(municipalities), actor=bob)

    assert (report.created, report.updated, report.unchanged) == (0, 3, 95)
    assert {code: population(code) for code in revised} == revised
    assert population("147") == 104_305
    changed = PopulationFigure.objects.get(organisation=register["751"])
    assert changed.version == 2
    assert PopulationFigure.objects.get(organisation=register["147"]).version == 1
    latest = changed.history.order_by("-history_date", "-history_id").first()
    assert (latest.history_type, latest.history_user, latest.population) == ("~", bob, 350_000)
    assert PopulationFigure.history.filter(history_type="~").count() == 3


def test_a_new_period_adds_figures_beside_the_old_ones(register: Any, alice: Any) -> None:
    import_population(data=dst_wide_export(), actor=alice)
    later = [dataclasses.replace(m, population=m.population + 10) for m in MUNICIPALITIES]

    report = import_population(data=dst_wide_export(later, period="2021K1"), actor=alice)

    assert (report.created, report.updated, report.unchanged) == (98, 0, 0)
    assert report.dates == [datetime.date(2021, 1, 1)]
    assert population("101") == 632_340
    assert population("101", datetime.date(2021, 1, 1)) == 632_350
    assert register["101"].size_class_for(2022, Boundaries()).basis.population == 632_350  # type: ignore[union-attr]


def test_history_records_who_imported_each_figure(register: Any, alice: Any) -> None:
    import_population(data=dst_wide_export(), actor=alice)

    records = PopulationFigure.history.all()
    assert records.count() == 98
    assert {(r.history_type, r.history_user_id) for r in records} == {("+", alice.pk)}
    assert records.first().history_change_reason == "population import (Danmarks Statistik)"


def test_without_an_actor_the_history_has_no_user(register: Any) -> None:
    import_population(data=b"omr\xe5de;2020K1\nK\xf8benhavn;632340\n", actor=None, source="FOLK1A")

    record = PopulationFigure.history.get()
    assert record.history_user is None
    assert PopulationFigure.objects.get().source == "FOLK1A"


def test_nothing_is_saved_when_one_row_is_bad(register: Any, alice: Any) -> None:
    f.PopulationFigureFactory(organisation=register["101"], date=JAN_2020, population=600_000)
    history_before = PopulationFigure.history.count()
    data = "område;2020K1\nKøbenhavn;632340\nAarhus;349983\nAtlantis;1000\nOdense;-3\n".encode()

    with pytest.raises(PopulationImportError) as caught:
        import_population(data=data, actor=alice)

    assert [(e.row, e.message) for e in caught.value.errors] == [
        (4, "Unknown municipality: 'Atlantis'."),
        (5, "The population -3 is negative."),
    ]
    assert PopulationFigure.objects.count() == 1
    assert population("101") == 600_000
    assert PopulationFigure.history.count() == history_before


def test_a_failure_while_writing_rolls_back_the_whole_import(
    register: Any, alice: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    f.PopulationFigureFactory(organisation=register["101"], date=JAN_2020, population=600_000)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(population_import, "bulk_update_with_history", broken)
    with pytest.raises(RuntimeError):
        import_population(data="område;2020K1\nKøbenhavn;632340\nAarhus;349983\n".encode(), actor=alice)

    assert list(PopulationFigure.objects.values_list("organisation__municipality_code", "population")) == [
        ("101", 600_000)
    ]


def test_a_municipality_unknown_to_the_register_is_an_error(db: Any, alice: Any) -> None:
    f.MunicipalityFactory(name="Aarhus", slug="aarhus", municipality_code="751")

    with pytest.raises(PopulationImportError) as caught:
        import_population(data=dst_wide_export(MUNICIPALITIES[:2]), actor=alice)

    assert [e.row for e in caught.value.errors] == [6, 7]
    assert not PopulationFigure.objects.exists()


# --- The command ------------------------------------------------------------------------------


def write(tmp_path: Path, data: bytes, name: str = "folk1a.csv") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def run(*args: str, **options: Any) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_population", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_the_file_and_prints_a_summary(register: Any, tmp_path: Path) -> None:
    out, err = run(write(tmp_path, dst_wide_export()))

    assert "Population figures: 98 created, 0 updated, 0 unchanged." in out
    assert "Dates: 01.01.2020." in out
    assert "Skipped 13 lines" in out
    assert "(cp1252, separated by ';')" in out
    assert err == ""
    assert population("101") == 632_340


def test_the_command_lists_skipped_lines_when_verbose(register: Any, tmp_path: Path) -> None:
    out, _ = run(write(tmp_path, dst_wide_export()), verbosity=2)

    total = sum(m.population for m in MUNICIPALITIES)
    assert f'  Line 3: "Hele landet";"I alt";{total}' in out.splitlines()
    assert '  Line 112: "Christiansø";"I alt";90' in out.splitlines()


def test_the_command_prints_every_row_error_and_saves_nothing(register: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "område;2020K1\nKøbenhavn;632340\nAtlantis;1000\nOdense;mange\n".encode())
    err = io.StringIO()

    with pytest.raises(CommandError, match="Nothing was saved: 2 errors in") as caught:
        call_command("import_population", path, stdout=io.StringIO(), stderr=err)

    assert caught.value.returncode == 1
    assert err.getvalue().splitlines() == [
        "Line 3: Unknown municipality: 'Atlantis'.",
        "Line 4: 'mange' is not a number of inhabitants.",
    ]
    assert not PopulationFigure.objects.exists()


def test_the_command_uses_date_when_the_file_has_no_period(register: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "Område;Befolkning\nKøbenhavn;632.340\nAarhus;349.983\n".encode())

    run(path, date="2020-01-01")

    assert (population("101"), population("751")) == (632_340, 349_983)


def test_the_command_asks_for_date_when_the_file_has_no_period(register: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "Område;Befolkning\nKøbenhavn;632340\n".encode())
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_population", path, stdout=io.StringIO(), stderr=err)

    assert "Line 1: The file names no period" in err.getvalue()
    assert "--date YYYY-MM-DD" in err.getvalue()


@pytest.mark.parametrize("value", ["01-01-2020", "2020-02-30", "2020", "20200101", "i går"])
def test_a_bad_date_is_a_clear_error(register: Any, tmp_path: Path, value: str) -> None:
    path = write(tmp_path, dst_wide_export())

    with pytest.raises(CommandError, match=r"--date must be a date written YYYY-MM-DD"):
        run(path, date=value)

    assert not PopulationFigure.objects.exists()


def test_the_command_records_the_given_user_in_the_history(register: Any, alice: Any, tmp_path: Path) -> None:
    run(write(tmp_path, dst_wide_export()), user="alice")

    assert set(PopulationFigure.history.values_list("history_user__username", flat=True)) == {"alice"}


def test_an_unknown_user_is_an_error(register: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="There is no user named 'nobody'"):
        run(write(tmp_path, dst_wide_export()), user="nobody")


def test_a_missing_file_is_an_error(db: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "missing.csv"))


@pytest.mark.django_db(transaction=True)
def test_the_console_script_exits_non_zero_on_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    f.MunicipalityFactory(name="København", slug="koebenhavn", municipality_code="101")
    path = write(tmp_path, "område;2020K1\nKøbenhavn;632340\nAtlantis;1000\n".encode())

    with pytest.raises(SystemExit) as caught:
        cli.main(["import_population", path])

    assert caught.value.code == 1
    err = capsys.readouterr().err
    assert "Line 3: Unknown municipality: 'Atlantis'." in err
    assert "Nothing was saved: 1 error in" in err
    assert not PopulationFigure.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_console_script_succeeds_on_a_good_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    f.MunicipalityFactory(name="København", slug="koebenhavn", municipality_code="101")
    path = write(tmp_path, "område;2020K1\nKøbenhavn;632340\n".encode())

    cli.main(["import_population", path])

    assert "1 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert population("101") == 632_340
