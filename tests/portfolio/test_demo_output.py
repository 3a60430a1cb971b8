"""What ``programkontor demo`` prints: each part's line as it finishes, then the totals once, counted from
the database after every part has run, and the address the server really answers on."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from programkontor.governance.models import Decision, Mandate
from programkontor.portfolio.models import Participation

ROOT = Path(__file__).resolve().parents[2]


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def totals_table(output: str) -> dict[tuple[str, str], str]:
    """The totals table as {(area, what): total}; an area's name is on its first row only."""
    block = output.split("I databasen nu:\n", 1)[1].strip("\n").split("\n\n", 1)[0]
    header, rule, *rows = block.splitlines()
    assert header.split() == ["Område", "Hvad", "I", "alt"] and set(rule) <= {"-", " "}
    starts = [match.start() for match in re.finditer(r"-+", rule)]
    table: dict[tuple[str, str], str] = {}
    area = ""
    for row in rows:
        area = row[: starts[1]].strip() or area
        table[(area, row[starts[1] : starts[2]].strip())] = row[starts[2] :].strip()
    return table


def test_running_the_demo_twice_prints_the_same_totals_counted_at_the_end(db: Any) -> None:
    first = run_demo()
    second = run_demo("--url", "http://127.0.0.1:8111/")
    table = totals_table(first)
    assert table == totals_table(second)
    # Counted after every part has run: economy adds participations (authorities joining this year),
    # evaluation and economy add decisions and mandates after the portfolio and governance are done.
    assert table[("Portefølje", "Tilslutninger")] == str(Participation.objects.count())
    assert table[("Styring", "Beslutninger")] == str(Decision.objects.count())
    assert table[("Styring", "Mandater")] == str(Mandate.objects.count())
    assert {area for area, _ in table} == {
        "Portefølje",
        "Styring",
        "Evaluering",
        "Planlægning",
        "Økonomi",
        "Leverandører",
        "Dialog",
        "Initiativer",
    }
    for output in (first, second):  # the totals once, at the end; before it only what each part created
        assert "i alt" not in output.split("I databasen nu:")[0].lower()
    assert "Portefølje: oprettet" in first
    assert "Portefølje: demodata var allerede indlæst; intet nyt er oprettet." in second


def test_it_prints_the_address_it_is_given_or_how_to_start_the_server(db: Any) -> None:
    given = run_demo("--url", "http://127.0.0.1:8111/")
    assert "Åbn http://127.0.0.1:8111/ og log ind" in given and "8000" not in given
    plain = run_demo()
    assert "»DEBUG=1 programkontor runserver«, åbn http://127.0.0.1:8000/" in plain


MAKE = shutil.which("make")


@pytest.mark.skipif(MAKE is None, reason="make is not installed")
def test_make_run_passes_its_port_to_the_demo_and_the_server() -> None:
    assert MAKE is not None
    env = {**os.environ, "MAKEFLAGS": ""}
    result = subprocess.run(
        [MAKE, "--dry-run", "--always-make", "run", "PORT=8111", "HOST=127.0.0.1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "programkontor demo --url http://127.0.0.1:8111/" in result.stdout
    assert "programkontor runserver 127.0.0.1:8111" in result.stdout
    assert "8000" not in result.stdout
