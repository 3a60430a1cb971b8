"""The command line: ``moscow_check`` (the acceptance checks' contract) and ``import_role_plan``."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from programkontor.planning.models import RolePlan

DATA = Path(__file__).resolve().parents[2] / "src" / "programkontor" / "planning" / "data"


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def write(tmp_path: Path, name: str, content: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode(encoding))
    return path


ITEMS = """title,priority,hours
Opgradering,MUST,60
Sikkerhed,must,20
Søgning,Should,15
Mørkt tema,could,5
Eksport,COULD,4
Mobilapp,WONT,40
"""


def test_moscow_check_prints_hours_shares_warnings_and_drop_list(tmp_path: Path) -> None:
    output = run("moscow_check", "--capacity", "100", "--items", str(write(tmp_path, "items.csv", ITEMS)))
    assert "MUST" in output and "80 %" in output
    for code in ("must_over_60", "could_under_20", "over_capacity"):
        assert code in output
    drop = output[output.index("Fravælg") :]
    assert "1. Eksport (COULD, 4 timer, række 6)" in drop
    assert "Mørkt tema" not in drop  # 4 hours are enough


def test_moscow_check_json_follows_the_contract(tmp_path: Path) -> None:
    data = json.loads(
        run(
            "moscow_check",
            "--capacity",
            "80",
            "--items",
            str(write(tmp_path, "items.csv", ITEMS)),
            "--format",
            "json",
        )
    )
    assert data["capacity"] == 80.0
    assert data["hours"] == {"MUST": 80.0, "SHOULD": 15.0, "COULD": 9.0, "WONT": 40.0}
    assert data["shares"]["MUST"] == 100.0 and data["shares"]["COULD"] == 11.25
    assert [w["code"] for w in data["warnings"]] == ["must_over_60", "could_under_20", "over_capacity"]
    assert [(d["title"], d["priority"], d["row"]) for d in data["drop"]] == [
        ("Eksport", "COULD", 6),
        ("Mørkt tema", "COULD", 5),
        ("Søgning", "SHOULD", 4),
    ]
    assert data["escalate"] == [] and data["fits"] is True and data["total_after"] == 80.0


def test_must_beyond_the_capacity_is_escalated_not_dropped(tmp_path: Path) -> None:
    data = json.loads(
        run(
            "moscow_check",
            "--capacity",
            "50",
            "--items",
            str(write(tmp_path, "items.csv", ITEMS)),
            "--format",
            "json",
        )
    )
    assert all(d["priority"] != "MUST" for d in data["drop"])
    # MUST is 80 hours: without SHOULD and COULD still 30 over, so both MUST items go to the steering group.
    assert [(e["title"], e["escalate"]) for e in data["escalate"]] == [
        ("Sikkerhed", True),
        ("Opgradering", True),
    ]
    assert data["escalation_hours"] == 30.0 and data["fits"] is False
    text = run("moscow_check", "--capacity", "50", "--items", str(tmp_path / "items.csv"))
    assert "eskalér til styregruppen" in text and "Sikkerhed" in text


def test_moscow_check_reads_semicolons_a_bom_and_decimal_commas(tmp_path: Path) -> None:
    path = write(tmp_path, "excel.csv", "\ufefftitle;priority;hours\nA;MUST;7,5\nB;could;4,5\n")
    data = json.loads(run("moscow_check", "--capacity", "20", "--items", str(path), "--format", "json"))
    assert data["hours"]["MUST"] == 7.5 and data["warnings"] == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("title,priority,hours\nA,MAYBE,3\n", "Række 2: prioriteten »MAYBE« er ukendt"),
        ("title,priority,hours\nA,MUST,tre\n", "Række 2: timer skal være et tal, ikke »tre«"),
        ("title,priority,hours\nA,MUST,1\nB,COULD,-2\n", "Række 3: timer kan ikke være negative"),
        ("title,prioritet,timer\nA,MUST,1\n", "mangler kolonnen priority og hours"),
        ("title,priority,hours\n,MUST,1\n", "Række 2: titlen mangler"),
    ],
)
def test_bad_rows_are_named_and_nothing_is_computed(tmp_path: Path, content: str, expected: str) -> None:
    with pytest.raises(CommandError, match=expected):
        run("moscow_check", "--capacity", "10", "--items", str(write(tmp_path, "bad.csv", content)))


def test_bad_options_and_files_are_refused(tmp_path: Path) -> None:
    good = write(tmp_path, "items.csv", ITEMS)
    with pytest.raises(CommandError, match="--capacity"):
        run("moscow_check", "--capacity", "mange", "--items", str(good))
    with pytest.raises(CommandError, match="--capacity"):
        run("moscow_check", "--capacity", "-1", "--items", str(good))
    with pytest.raises(CommandError, match="findes ikke"):
        run("moscow_check", "--capacity", "1", "--items", str(tmp_path / "nope.csv"))
    nul = write(tmp_path, "nul.csv", "title\x00,MUST,1\n")
    with pytest.raises(CommandError, match=r"not text|ikke tekst"):
        run("moscow_check", "--capacity", "1", "--items", str(nul))


def test_moscow_check_reads_windows_1252_like_every_import(tmp_path: Path) -> None:
    out = run(
        "moscow_check",
        "--capacity",
        "10",
        "--items",
        str(write(tmp_path, "latin.csv", "title;priority;hours\nÆble;MUST;1\n", "cp1252")),
        "--format",
        "json",
    )
    assert json.loads(out)["hours"]["MUST"] == 1


def test_moscow_check_exits_non_zero_from_the_shell(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.csv", "title,priority,hours\nA,MAYBE,3\n")
    result = subprocess.run(
        [sys.executable, "-m", "programkontor", "moscow_check", "--capacity", "10", "--items", str(bad)],
        capture_output=True,
        text=True,
        check=False,
        env={**__import__("os").environ, "PROGRAMKONTOR_TESTING": "1"},
    )
    assert result.returncode != 0
    assert "Række 2" in result.stderr and result.stdout == ""


# --------------------------------------------------------------------------------------------
# import_role_plan


def test_it_imports_the_program_managers_role_description(world: Any, tmp_path: Path) -> None:
    output = run(
        "import_role_plan",
        str(DATA / "programleder.md"),
        "--person",
        "BOB@example.org",
        "--reviewed-on",
        "2025-02-01",
    )
    plan = RolePlan.objects.get(person=world["bob"].person)
    assert plan.weekly_hours == 37 and str(plan.reviewed_on) == "2025-02-01"
    assert plan.responsibilities.filter(priority="must").count() == 8
    assert plan.responsibilities.filter(priority="should").count() == 6
    assert plan.responsibilities.filter(priority="could").count() == 5
    must_hours = sum(r.weekly_hours for r in plan.responsibilities.filter(priority="must"))
    assert must_hours <= 37 * 0.6
    assert "MUST" in output and "01.02.2026" in output  # the yearly review


def test_a_second_import_needs_replace(world: Any, tmp_path: Path) -> None:
    path = DATA / "programleder.md"
    run("import_role_plan", str(path), "--person", "bob@example.org")
    with pytest.raises(CommandError, match="--replace"):
        run("import_role_plan", str(path), "--person", "bob@example.org")
    run(
        "import_role_plan",
        str(DATA / "produktkoordinator.md"),
        "--person",
        "bob@example.org",
        "--replace",
        "--hours",
        "10",
    )
    plan = RolePlan.objects.get(person=world["bob"].person)
    assert plan.weekly_hours == 10 and plan.responsibilities.count() == 12


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--person", "ingen@example.org"], "ingen person"),
        (["--person", "bob@example.org", "--hours", "90"], "højst 80"),
        (["--person", "bob@example.org", "--shares", "70,40,20"], "højst være 100"),
        (["--person", "bob@example.org", "--reviewed-on", "1.2.2025"], "--reviewed-on"),
        (["--person", "bob@example.org", "--user", "nobody"], "findes ikke"),
    ],
)
def test_bad_options_are_refused_and_nothing_is_saved(world: Any, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run("import_role_plan", str(DATA / "programleder.md"), *args)
    assert not RolePlan.objects.exists()


def test_a_file_without_the_three_lists_is_refused(world: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "rolle.md", "# Rolle\n\n## Opgaver\n- Alt muligt\n")
    with pytest.raises(CommandError, match="MUST"):
        run("import_role_plan", str(path), "--person", "bob@example.org")
    assert not RolePlan.objects.exists()
