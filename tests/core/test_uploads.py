"""The limits of every import: read from the environment (bounded), applied before a file is read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import ValidationError

from programkontor.core import uploads
from programkontor.env import env_int

MB = 1024 * 1024


class CountingUpload(SimpleUploadedFile):
    """An upload that counts the bytes read from it."""

    bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.bytes_read += len(data)
        return data


@pytest.fixture
def small_limits(settings: Any) -> None:
    settings.PROGRAMKONTOR_IMPORT_LIMITS = {
        kind: {"max_bytes": 1000, "max_rows": 10} for kind in uploads.KINDS
    }


def test_every_kind_has_a_size_and_a_row_limit() -> None:
    for kind in uploads.KINDS:
        limits = uploads.limits(kind)
        assert limits.max_bytes >= MB and limits.max_rows >= 1000


def test_an_upload_larger_than_its_kind_allows_is_refused_before_a_byte_is_read(small_limits: None) -> None:
    upload = CountingUpload("stor.csv", b"x" * 1001)
    with pytest.raises(uploads.UploadRefused, match=r"stor\.csv: Filen er større end 1000 bytes"):
        uploads.read_upload(upload, "population")
    assert upload.bytes_read == 0
    assert uploads.read_upload(CountingUpload("lille.csv", b"x" * 1000), "population") == b"x" * 1000


def test_an_upload_that_lies_about_its_size_is_read_no_further_than_the_limit(small_limits: None) -> None:
    upload = CountingUpload("lyver.csv", b"x" * 5000)
    upload.size = 10
    with pytest.raises(uploads.UploadRefused, match="større end"):
        uploads.read_upload(upload, "actuals")
    assert upload.bytes_read <= 1001


def test_a_file_is_read_no_further_than_the_limit(small_limits: None, tmp_path: Path) -> None:
    with pytest.raises(uploads.UploadRefused, match="større end 1000 bytes"):
        uploads.read_path(Path("/dev/zero"), "evaluation")
    with pytest.raises(uploads.UploadRefused, match="filen findes ikke"):
        uploads.read_path(tmp_path / "findes-ikke.csv", "evaluation")
    with pytest.raises(uploads.UploadRefused, match="er en mappe, ikke en fil"):
        uploads.read_path(tmp_path, "evaluation")
    (tmp_path / "ok.csv").write_bytes(b"abc")
    assert uploads.read_path(tmp_path / "ok.csv", "evaluation") == b"abc"


def test_the_form_field_refuses_a_large_file(small_limits: None) -> None:
    field = uploads.LimitedFileField(kind="planning")
    with pytest.raises(ValidationError, match="større end 1000 bytes"):
        field.clean(SimpleUploadedFile("rolle.md", b"x" * 1001))
    assert field.clean(SimpleUploadedFile("rolle.md", b"# Rolle")).name == "rolle.md"


def test_an_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        uploads.LimitedFileField(kind="everything")


@pytest.mark.parametrize(("value", "accepted"), [("5", True), ("0", False), ("11", False), ("x", False)])
def test_a_bounded_setting_outside_its_bounds_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str, accepted: bool
) -> None:
    monkeypatch.setenv("SOME_LIMIT", value)
    if accepted:
        assert env_int("SOME_LIMIT", 3, minimum=1, maximum=10) == 5
    else:
        with pytest.raises(ImproperlyConfigured, match="SOME_LIMIT must be"):
            env_int("SOME_LIMIT", 3, minimum=1, maximum=10)


def test_the_limits_come_from_the_environment(tmp_path: Path) -> None:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.PROGRAMKONTOR_IMPORT_LIMITS['actuals'], s.PROGRAMKONTOR_XLSX_LIMITS['max_ratio'], "
        "s.PROGRAMKONTOR_GOVERNANCE_IMPORT['clone_timeout'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "programkontor.settings",
        "PROGRAMKONTOR_TESTING": "1",
        "IMPORT_MAX_MB_ACTUALS": "3",
        "IMPORT_MAX_ROWS_ACTUALS": "42",
        "IMPORT_XLSX_MAX_RATIO": "50",
        "GOVERNANCE_CLONE_TIMEOUT": "30",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.stdout.split() == ["{'max_bytes':", f"{3 * MB},", "'max_rows':", "42}", "50", "30"]
    env["GOVERNANCE_CLONE_TIMEOUT"] = "100000"
    refused = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert refused.returncode != 0
    assert "GOVERNANCE_CLONE_TIMEOUT must be at least 5 and at most 1800" in refused.stderr


def test_a_json_body_nested_too_deeply_is_a_bad_request_not_a_server_error(api: Any) -> None:
    from django.urls import reverse

    client = api("alice")
    client.raise_request_exception = False
    response = client.post(reverse("api:catalogue-list"), data="[" * 100_000, content_type="application/json")
    assert response.status_code == 400
    assert "indlejret for dybt" in response.json()["detail"]
