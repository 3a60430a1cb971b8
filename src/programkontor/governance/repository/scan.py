"""Find the decision records and minutes in a governance repository's folder (no Django).

Files are recognised by their content (a ``[SDR]``/``[ODR]`` heading or decision fields; meeting
facts and an agenda), so the layout may vary; templates (``skabelon.md``) are skipped; everything
else in Markdown is listed as not recognised. Symbolic links and hidden folders are not followed;
a file larger than ``file_limits.max_bytes`` (1 MB), with more lines than ``file_limits.max_rows``,
or that is not text (read by the one policy of :mod:`programkontor.core.textfile`) is left out and
listed: the repository is read, never executed. A repository with more Markdown files than
``limits.max_files`` or more Markdown than ``limits.max_bytes`` in all is refused as a whole
(:class:`RepositoryTooLarge`), before anything is parsed.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from programkontor.core.markdown_export import restore
from programkontor.core.textfile import Limits, TextFileError, format_size, read_text
from programkontor.governance.repository import mapping
from programkontor.governance.repository import records as r
from programkontor.governance.repository.parse import (
    looks_like_decision,
    looks_like_minutes,
    parse_decision,
    parse_minutes,
)

MB = 1024 * 1024
FILE_LIMITS = Limits(max_bytes=1 * MB, max_rows=20_000)
IGNORED_NAMES = {"readme.md", "index.md", "changelog.md", "contributing.md", "license.md", "governance.md"}


@dataclass
class Scan:
    decisions: list[tuple[str, r.DecisionRecord]] = field(default_factory=list)
    meetings: list[tuple[str, r.MeetingRecord]] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)
    unmapped: list[r.Unmapped] = field(default_factory=list)
    #: The text of every file read as a record, by path (kept with the record for a lossless export).
    texts: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RepositoryLimits:
    """How much of a repository is read: Markdown files, and their bytes in all."""

    max_files: int = 5000
    max_bytes: int = 100 * MB


class RepositoryTooLarge(Exception):
    """The repository holds more Markdown than the limits allow; nothing was read.

    ``template`` is an English msgid, ``params`` its parameters (the caller translates)."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template % params)


def gettext_noop(message: str) -> str:
    """Mark ``message`` as a msgid for ``makemessages``; the caller translates it."""
    return message


def markdown_files(root: Path, limits: RepositoryLimits = RepositoryLimits()) -> list[Path]:
    """The Markdown files below ``root`` (hidden folders left out, symbolic links not followed),
    sorted; RepositoryTooLarge past the limits (counted while walking, so a huge tree stops early)."""
    found: list[Path] = []
    total = 0
    for folder, subfolders, names in os.walk(root, followlinks=False):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in names:
            if name.startswith(".") or not name.lower().endswith(".md"):
                continue
            path = Path(folder) / name
            found.append(path)
            if len(found) > limits.max_files:
                raise RepositoryTooLarge(
                    gettext_noop("The repository holds more than %(max)d Markdown files."),
                    max=limits.max_files,
                )
            try:
                total += path.lstat().st_size
            except OSError:
                continue
            if total > limits.max_bytes:
                raise RepositoryTooLarge(
                    gettext_noop("The repository's Markdown files add up to more than %(limit)s."),
                    limit=format_size(limits.max_bytes),
                )
    return sorted(found)


def read_file(path: Path, file_limits: Limits = FILE_LIMITS) -> str | TextFileError:
    """The text of the file at ``path``, or why it cannot be read (size, encoding, lines)."""
    try:
        with path.open("rb") as stream:
            data = stream.read(file_limits.max_bytes + 1)
        return read_text(data, file_limits).text
    except TextFileError as error:
        return error
    except OSError:
        return TextFileError(gettext_noop("The file cannot be read."))


RecordT = TypeVar("RecordT")


def _restored(value: RecordT) -> RecordT:
    """``value`` (a record, or what it holds) with :func:`restore` applied to every text in it."""
    if isinstance(value, str):
        return restore(value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(_restored(item) for item in value)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {item.name: _restored(getattr(value, item.name)) for item in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value


def scan_text(relative: str, text: str, result: Scan, folders: Mapping[str, str] | None = None) -> None:
    """Classify and parse one file's text into ``result``; the entities Programkontor's exports put in
    user text are restored in what the records hold, so an exported repository imports as written."""
    name = relative.rsplit("/", 1)[-1]
    if mapping.is_template(name):
        result.templates.append(relative)
        return
    if looks_like_decision(text):
        parsed = parse_decision(text, relative)
        result.unmapped.extend(parsed.unmapped)
        if isinstance(parsed.record, r.DecisionRecord):
            result.decisions.append((relative, _restored(parsed.record)))
            result.texts[relative] = text
        return
    if looks_like_minutes(text):
        parsed = parse_minutes(text, relative, folders)
        result.unmapped.extend(parsed.unmapped)
        if isinstance(parsed.record, r.MeetingRecord):
            result.meetings.append((relative, _restored(parsed.record)))
            result.texts[relative] = text
        return
    if name.lower() not in IGNORED_NAMES:
        result.unmapped.append(
            r.Unmapped(relative, "file", "", "hverken en beslutning eller et referat; ikke importeret")
        )


_REASONS = {
    "too_large": "større end %(limit)s; sprunget over",
    "too_many_lines": "mere end %(max)s linjer; sprunget over",
    "not_text": "ikke tekst (en binær fil eller kontroltegn); sprunget over",
    "encoding": "ikke tekst i UTF-8 eller Windows-1252; sprunget over",
}


def _reason(error: TextFileError) -> str:
    """Why a file was left out, in Danish like every reason a scan lists."""
    template = _REASONS.get(error.code, "kan ikke læses som tekst; sprunget over")
    return template % error.params if "%(" in template else template


def scan_folder(
    root: Path,
    *,
    limits: RepositoryLimits = RepositoryLimits(),
    file_limits: Limits = FILE_LIMITS,
    folders: Mapping[str, str] | None = None,
) -> Scan:
    """Every Markdown file below ``root`` classified and parsed; RepositoryTooLarge past ``limits``.
    ``folders`` maps folders to body kinds (the product's mapping, see :func:`mapping.body_kind_for`)."""
    result = Scan()
    root = root.resolve()
    for path in markdown_files(root, limits):
        relative = path.relative_to(root).as_posix()
        if path.is_symlink():
            result.unmapped.append(r.Unmapped(relative, "file", "", "symbolsk link; ikke fulgt"))
            continue
        if not path.is_file():
            result.unmapped.append(r.Unmapped(relative, "file", "", "ikke en almindelig fil; sprunget over"))
            continue
        text = read_file(path, file_limits)
        if isinstance(text, TextFileError):
            result.unmapped.append(r.Unmapped(relative, "file", "", _reason(text)))
            continue
        scan_text(relative, text, result, folders)
    return result
