"""Find the decision records and minutes in a governance repository's folder (no Django).

Files are recognised by their content (a ``[SDR]``/``[ODR]`` heading or decision fields; meeting
facts and an agenda), so the layout may vary; templates (``skabelon.md``) are skipped; everything
else in Markdown is listed as not recognised. Symbolic links are not followed and files over 1 MB
are skipped: the repository is read, never executed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from programkontor.governance.repository import mapping
from programkontor.governance.repository import records as r
from programkontor.governance.repository.parse import (
    looks_like_decision,
    looks_like_minutes,
    parse_decision,
    parse_minutes,
)

MAX_BYTES = 1_000_000
IGNORED_NAMES = {"readme.md", "index.md", "changelog.md", "contributing.md", "license.md", "governance.md"}


@dataclass
class Scan:
    decisions: list[tuple[str, r.DecisionRecord]] = field(default_factory=list)
    meetings: list[tuple[str, r.MeetingRecord]] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)
    unmapped: list[r.Unmapped] = field(default_factory=list)


def read_text(path: Path) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def scan_text(relative: str, text: str, result: Scan) -> None:
    """Classify and parse one file's text into ``result``."""
    name = relative.rsplit("/", 1)[-1]
    if mapping.is_template(name):
        result.templates.append(relative)
        return
    if looks_like_decision(text):
        parsed = parse_decision(text, relative)
        result.unmapped.extend(parsed.unmapped)
        if isinstance(parsed.record, r.DecisionRecord):
            result.decisions.append((relative, parsed.record))
        return
    if looks_like_minutes(text):
        parsed = parse_minutes(text, relative)
        result.unmapped.extend(parsed.unmapped)
        if isinstance(parsed.record, r.MeetingRecord):
            result.meetings.append((relative, parsed.record))
        return
    if name.lower() not in IGNORED_NAMES:
        result.unmapped.append(
            r.Unmapped(relative, "file", "", "hverken en beslutning eller et referat; ikke importeret")
        )


def scan_folder(root: Path) -> Scan:
    result = Scan()
    root = root.resolve()
    for path in sorted(root.rglob("*.md")):
        relative = path.relative_to(root).as_posix()
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        if path.is_symlink() or not path.is_file():
            result.unmapped.append(r.Unmapped(relative, "file", "", "symbolsk link; ikke fulgt"))
            continue
        if path.stat().st_size > MAX_BYTES:
            result.unmapped.append(r.Unmapped(relative, "file", "", "større end 1 MB; sprunget over"))
            continue
        text = read_text(path)
        if text is None:
            result.unmapped.append(r.Unmapped(relative, "file", "", "kan ikke læses som tekst"))
            continue
        scan_text(relative, text, result)
    return result
