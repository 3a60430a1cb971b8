"""Writing a site into a folder incrementally, and packing it as a zip (no Django).

Only files whose bytes differ are written; files the previous run wrote and this one does not are
removed — only those: the folder keeps a manifest of what the tool wrote (``MANIFEST``), and any
other file in it is left alone. The zip has fixed dates and sorted entries, so the same files give
the same archive.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MANIFEST = ".programkontor-site.json"
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)


class UnsafePath(ValueError):
    """A file name that would leave the folder."""


@dataclass
class WriteResult:
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "changed": len(self.changed),
            "removed": len(self.removed),
            "unchanged": self.unchanged,
        }


def _checked(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or name == MANIFEST:
        raise UnsafePath(name)
    return name


def _previous(folder: Path) -> list[str]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return []
    files = data.get("files", []) if isinstance(data, dict) else []
    return [name for name in files if isinstance(name, str)]


def write_folder(folder: Path, files: Mapping[str, bytes]) -> WriteResult:
    """Make ``folder`` hold ``files`` (path → bytes), touching only what changed."""
    result = WriteResult()
    folder.mkdir(parents=True, exist_ok=True)
    for name in sorted(files):
        target = folder / _checked(name)
        data = files[name]
        if target.is_file():
            if target.read_bytes() == data:
                result.unchanged += 1
                continue
            result.changed.append(name)
        else:
            result.created.append(name)
            target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for name in sorted(set(_previous(folder)) - set(files)):
        try:
            target = folder / _checked(name)
        except UnsafePath:
            continue  # a manifest edited by hand names nothing outside the folder
        if target.is_file():
            target.unlink()
            result.removed.append(name)
            _remove_empty_parents(folder, target.parent)
    manifest = json.dumps({"files": sorted(files)}, indent=1, ensure_ascii=False) + "\n"
    if _previous(folder) != sorted(files) or not (folder / MANIFEST).is_file():
        (folder / MANIFEST).write_text(manifest, encoding="utf-8")
    return result


def _remove_empty_parents(folder: Path, directory: Path) -> None:
    root = folder.resolve()
    while directory.resolve() != root and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent


def zip_bytes(files: Mapping[str, bytes]) -> bytes:
    """The files as one zip archive: sorted, fixed dates, compressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(_checked(name), date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()
