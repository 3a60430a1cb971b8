"""Static files in production: ``collectstatic`` with the manifest storage, then pages use its names.

Issue 10 found that ``collectstatic`` with ``DEBUG=0`` stopped on a missing
``dkfds.min.css.map`` (the vendored CSS pointed at a source map that is not vendored), after which
every page answered 500. This runs the command as an operator does and then renders a page with the
manifest it wrote.
"""

from __future__ import annotations

import json
import re
import secrets
from pathlib import Path
from typing import Any

from django.test import override_settings
from django.urls import reverse

from tests.core.test_settings import run_cli

MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_collectstatic_in_production_mode_writes_a_manifest_the_pages_use(
    tmp_path: Path, client: Any, db: Any
) -> None:
    static_root = tmp_path / "static"
    result = run_cli(
        "collectstatic",
        "--no-input",
        env={"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "STATIC_ROOT": str(static_root)},
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed_css = manifest["vendor/dkfds/css/dkfds.min.css"]
    assert re.fullmatch(r"vendor/dkfds/css/dkfds\.min\.[0-9a-f]{12}\.css", hashed_css)
    assert (static_root / hashed_css).stat().st_size > 100_000
    # The fonts the stylesheet refers to were rewritten to their hashed names and exist.
    css = (static_root / hashed_css).read_text()
    font_refs = re.findall(r"url\(\"?(\.\./fonts/[^\")?#]+)", css)
    assert font_refs
    for ref in font_refs:
        assert (static_root / "vendor/dkfds/css" / ref).resolve().exists(), ref

    with override_settings(STATIC_ROOT=static_root, STORAGES=MANIFEST_STORAGES, DEBUG=False):
        page = client.get(reverse("accounts:login"))

    assert page.status_code == 200
    assert f"/static/{hashed_css}" in page.content.decode()
