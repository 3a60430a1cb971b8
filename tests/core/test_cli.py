"""The ``programkontor`` command line on a fresh machine: help needs no configuration, and a command that
cannot start says why in one line, with what to set, instead of a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from programkontor import cli

SOURCE = Path(cli.__file__).parent
#: Every project command, found in the source tree, so a new one is checked without editing this test.
PROJECT_COMMANDS = sorted(
    path.stem for path in SOURCE.glob("*/management/commands/*.py") if not path.stem.startswith("_")
)
#: What a new user's shell has set: none of the project's variables.
UNSET = (
    "DEBUG",
    "SECRET_KEY",
    "PROGRAMKONTOR_TESTING",
    "DATABASE_URL",
    "DEMO_ALLOWED",
    "DJANGO_SETTINGS_MODULE",
)


def run_cli(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if key not in UNSET}
    clean.update(env)
    clean["PROGRAMKONTOR_DATA_DIR"] = str(tmp_path / "var")
    return subprocess.run(
        [sys.executable, "-m", "programkontor", *args],
        env=clean,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_source_tree_has_the_commands_the_readme_names() -> None:
    assert {"demo", "import_population", "check_repository", "import_actuals", "moscow_check"} <= set(
        PROJECT_COMMANDS
    )


@pytest.mark.parametrize("args", [("help",), ()], ids=["help", "no-arguments"])
def test_help_without_any_environment_lists_every_project_command(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    result = run_cli(*args, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    listed = {line.strip() for line in result.stdout.splitlines() if line.startswith("    ")}
    assert set(PROJECT_COMMANDS) <= listed, result.stdout
    assert "settings are not properly configured" not in result.stdout + result.stderr
    assert not (tmp_path / "var").exists()  # help reads and writes nothing


@pytest.mark.parametrize("args", [("--version",), ("version",)])
def test_the_version_is_programkontors_own_and_names_django(tmp_path: Path, args: tuple[str, ...]) -> None:
    from importlib.metadata import version

    import django

    result = run_cli(*args, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"programkontor {version('programkontor')} (Django {django.get_version()})\n"


@pytest.mark.parametrize("args", [("help", "demo"), ("demo", "--help"), ("import_population", "-h")])
def test_help_for_a_project_command_works_without_any_environment(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    result = run_cli(*args, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: programkontor " + args[0 if args[0] != "help" else 1])
    assert result.stderr == ""


@pytest.mark.parametrize("command", ["demo", "migrate", "runserver", "import_population", "check"])
def test_a_command_without_debug_or_secret_key_says_in_one_line_what_to_set(
    tmp_path: Path, command: str
) -> None:
    result = run_cli(command, tmp_path=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"programkontor {command}: cannot start: SECRET_KEY is not set")
    assert "DEBUG=1" in lines[0]
    assert not (tmp_path / "var").exists()


def test_a_command_with_debug_on_starts_without_a_secret_key(tmp_path: Path) -> None:
    result = run_cli("check", tmp_path=tmp_path, DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_secret_key_is_enough_for_a_real_command(tmp_path: Path) -> None:
    result = run_cli(
        "check", tmp_path=tmp_path, SECRET_KEY="x" * 60, ALLOWED_HOSTS="programkontor.example.dk"
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEBUG": "maybe"}, "DEBUG must be one of"),
        ({"DEBUG": "1", "DATABASE_URL": "nosuch://db"}, "DATABASE_URL"),
    ],
)
def test_a_value_that_cannot_be_understood_is_named_in_one_line(
    tmp_path: Path, env: dict[str, str], named: str
) -> None:
    result = run_cli("migrate", tmp_path=tmp_path, **env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1 and named in result.stderr


def test_the_console_script_behaves_like_python_m(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "programkontor"
    if not script.exists():
        pytest.skip("the programkontor console script is not installed next to this Python")
    clean = {key: value for key, value in os.environ.items() if key not in UNSET}
    clean["PROGRAMKONTOR_DATA_DIR"] = str(tmp_path / "var")
    listed = subprocess.run(
        [str(script), "help"], env=clean, capture_output=True, text=True, timeout=120, check=False
    )
    assert listed.returncode == 0 and "import_population" in listed.stdout
    refused = subprocess.run(
        [str(script), "demo"], env=clean, capture_output=True, text=True, timeout=120, check=False
    )
    assert refused.returncode == 1 and len(refused.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "only_help"),
    [
        ((), True),
        (("help",), True),
        (("help", "demo"), True),
        (("--version",), True),
        (("demo", "--help"), True),
        (("migrate", "-h"), True),
        (("demo",), False),
        (("runserver", "0.0.0.0:8000"), False),
        (("dbshell", "--", "-h", "db.example.dk"), False),  # -h after -- belongs to the database client
        (("shell", "-c", "print('-h')"), False),
    ],
)
def test_only_help_and_the_version_run_without_a_secret_key(args: tuple[str, ...], only_help: bool) -> None:
    assert cli.only_prints_help(args) is only_help
