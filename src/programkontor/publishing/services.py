"""Publishing the transparency site: build it in a format, write it into a folder or a zip."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.utils import translation

from programkontor.core.jobs import Progress
from programkontor.publishing.output import Format, render_files
from programkontor.publishing.site import collect
from programkontor.publishing.writer import WriteResult, write_folder


def _nothing(done: int, total: int, message: str = "") -> None:
    """Report no progress."""


def build(
    output_format: Format,
    *,
    program: str | None = None,
    today: datetime.date | None = None,
    progress: Progress = _nothing,
) -> dict[str, bytes]:
    """Every file of the public site, in Danish, as an anonymous reader sees the data now."""
    with translation.override(settings.LANGUAGE_CODE):
        site = collect(program=program, today=today, progress=progress)
        files = render_files(site, output_format)
    progress(8, 8, "")
    return files


def publish(
    folder: Path,
    output_format: Format,
    *,
    program: str | None = None,
    today: datetime.date | None = None,
    progress: Progress = _nothing,
) -> WriteResult:
    """Write the site into ``folder``: only changed files, and remove what is no longer published."""
    files = build(output_format, program=program, today=today, progress=progress)
    return write_folder(folder, files)
