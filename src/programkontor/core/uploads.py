"""The limits of every import, and reading an imported file within them (web upload, API, command line).

Each kind of import has a limit on the file's size and on its rows, configurable in the settings
(``PROGRAMKONTOR_IMPORT_LIMITS``, read from ``IMPORT_MAX_MB_<KIND>`` and ``IMPORT_MAX_ROWS_<KIND>``):

* ``population`` — Statistics Denmark CSV files;
* ``actuals`` — postings from the finance system (CSV or XLSX);
* ``evaluation`` — requirement catalogues, self-evaluations and evaluation reports (Markdown or JSON);
* ``planning`` — role descriptions and MoSCoW item lists;
* ``governance`` — one file of a governance repository.

The size is checked before a byte is read (an upload's declared size, a file's ``stat``), and a
stream is never read past the limit. What the file holds is read by :mod:`programkontor.core.textfile`
(one encoding policy, delimiter sniffing, XLSX inspection, safe JSON).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO, Final

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from programkontor.core.textfile import Limits, TextFileError, XlsxLimits, too_large

KINDS: Final = ("population", "actuals", "evaluation", "planning", "governance")
_CHUNK: Final = 1024 * 1024


class UploadRefused(Exception):
    """A file was refused before it was parsed; ``message`` is translated and names the file."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def limits(kind: str) -> Limits:
    """The size and row limits of ``kind`` (one of :data:`KINDS`), from the settings."""
    values = settings.PROGRAMKONTOR_IMPORT_LIMITS[kind]
    return Limits(max_bytes=int(values["max_bytes"]), max_rows=int(values["max_rows"]))


def xlsx_limits() -> XlsxLimits:
    values = settings.PROGRAMKONTOR_XLSX_LIMITS
    return XlsxLimits(
        max_uncompressed=int(values["max_uncompressed"]),
        max_ratio=int(values["max_ratio"]),
        max_members=int(values["max_members"]),
    )


def refusal(name: str, error: TextFileError) -> UploadRefused:
    """``error`` as a translated refusal naming the file (and the line, when it concerns one)."""
    message = error.text(_)
    if error.line:
        message = _("Line %(line)d: %(message)s") % {"line": error.line, "message": message}
    return UploadRefused(_("%(file)s: %(message)s") % {"file": name, "message": message})


def _read_within(stream: BinaryIO, limit: int) -> bytes | None:
    """The stream's bytes, or None as soon as there are more than ``limit``."""
    chunks: list[bytes] = []
    total = 0
    while chunk := stream.read(min(_CHUNK, limit + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            return None
    return b"".join(chunks)


def _too_large(name: str, kind: str) -> UploadRefused:
    return refusal(name, too_large(limits(kind).max_bytes))


def read_upload(upload: Any, kind: str) -> bytes:
    """The bytes of an uploaded file (Django's ``UploadedFile``); UploadRefused when it is larger than
    ``kind``'s limit, checked from its size before it is read."""
    name = str(getattr(upload, "name", "") or _("the file"))
    limit = limits(kind).max_bytes
    if (getattr(upload, "size", 0) or 0) > limit:
        raise _too_large(name, kind)
    upload.seek(0)
    data = _read_within(upload, limit)
    if data is None:
        raise _too_large(name, kind)
    return data


def read_path(path: Path, kind: str) -> bytes:
    """The bytes of the file at ``path`` (command line); UploadRefused when it cannot be read or is
    larger than ``kind``'s limit (never reading more than the limit, so ``/dev/zero`` is refused too)."""
    limit = limits(kind).max_bytes
    try:
        if path.is_dir():
            raise UploadRefused(_("%(file)s is a directory, not a file.") % {"file": path})
        if path.is_file() and path.stat().st_size > limit:
            raise _too_large(str(path), kind)
        with path.open("rb") as stream:
            data = _read_within(stream, limit)
    except FileNotFoundError as exc:
        raise UploadRefused(_("Cannot read %(file)s: there is no such file.") % {"file": path}) from exc
    except OSError as exc:
        raise UploadRefused(
            _("Cannot read %(file)s: %(error)s") % {"file": path, "error": exc.strerror or exc}
        ) from exc
    if data is None:
        raise _too_large(str(path), kind)
    return data


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with a body nested too deeply for Python (``[[[[…``) a 400 like any other
    malformed JSON, not a RecursionError (500)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(_("JSON parse error - the JSON is nested too deeply to be read.")) from exc


class LimitedFileField(forms.FileField):
    """A form's file field that refuses a file larger than its kind's limit (before it is read)."""

    def __init__(self, *, kind: str, **kwargs: Any) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown kind of import: {kind}")
        self.kind = kind
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload and (getattr(upload, "size", 0) or 0) > limits(self.kind).max_bytes:
            raise forms.ValidationError(_too_large(str(upload.name), self.kind).message, code="too_large")
        return upload
