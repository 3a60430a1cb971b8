"""Production configuration: the deploy checklist passes and missing secrets are refused."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest


def run_cli(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in ("DEBUG", "PROGRAMKONTOR_TESTING", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    clean.update(env)
    clean["PROGRAMKONTOR_DATA_DIR"] = str(tmp_path)
    return subprocess.run(
        [sys.executable, "-m", "programkontor", *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_deploy_checklist_reports_nothing_in_production_mode(tmp_path: Path) -> None:
    result = run_cli(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "programkontor.example.dk",
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_mode_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = run_cli("check", env={"DEBUG": "0"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_boolean_setting_that_cannot_be_understood_is_refused(tmp_path: Path, value: str) -> None:
    result = run_cli("check", env={"DEBUG": value}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr
