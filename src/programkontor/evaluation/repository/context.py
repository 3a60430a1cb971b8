"""What the repository checks share: the requirements they give evidence for, their thresholds, the
finding and result types, and the context a check reads the repository through (only reads: no file
of the repository is executed, built or imported)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from programkontor.core.git import GitError
from programkontor.evaluation import scoring
from programkontor.evaluation.formats.common import Translate, gettext_noop
from programkontor.evaluation.repository.sources import Source, Unreadable

REQUIREMENTS: dict[str, str] = {
    "licence": "F2",
    "readme": "F5",
    "publiccode": "F5",
    "security": "F4",
    "code_standards": "F16",
    "container": "F19",
    "issue_tracker": "F11",
    "main_line": "F12",
    "activity": "F1",
    "location": "F6",
}

ACTIVE_DAYS = 90
YEAR_DAYS = 365
LONG_LIVED_DAYS = 90
PARALLEL_MIN_COMMITS = 10
DUMP_MAX_COMMITS = 3
DUMP_SHARE = 0.8

#: How deep below the root the checks look for sub-projects' files (``web/.eslintrc.json`` is depth 1).
NESTED_DEPTH = 4
#: Folders of other people's code or of build output: never a sub-project of the repository.
VENDORED = frozenset(
    {
        ".git", "node_modules", "vendor", "vendors", "third_party", "third-party", "thirdparty", "external",
        "bower_components", "jspm_packages", ".venv", "venv", "site-packages", "__pycache__", ".tox", "dist",
        "build", "target", "out", "bin", "obj", ".gradle", ".mvn", ".idea", ".vscode", "coverage", ".next",
        ".nuxt", "public/lib", "static/lib", "wwwroot/lib",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Finding:
    check: str
    requirement: str
    light: str
    summary: str
    path: str = ""
    commit: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def checkable(self) -> bool:
        """False when the repository could not be read for this check (the finding says why)."""
        return not self.details.get("not_checkable", False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "requirement": self.requirement,
            "light": self.light,
            "summary": self.summary,
            "path": self.path,
            "commit": self.commit,
            "details": self.details,
        }


@dataclass
class CheckResult:
    source: str
    commit: str | None
    branch: str | None
    checked_at: datetime.datetime
    findings: list[Finding] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "commit": self.commit,
            "branch": self.branch,
            "checked_at": self.checked_at.isoformat(timespec="seconds"),
            "findings": [finding.as_dict() for finding in self.findings],
            "not_checkable": [finding.check for finding in self.findings if not finding.checkable],
        }


class _Context:
    """What a check reads the repository through: the file list, files (each read once), the source.

    A file Git cannot read raises :class:`~.sources.Unreadable` from :meth:`read`, the file list
    from :attr:`files`: the check that needs it is then *not checkable* (see :meth:`not_checkable`)."""

    def __init__(self, source: Source, now: datetime.datetime, translate: Translate) -> None:
        self.source = source
        self.now = now
        self.translate = translate
        self.commit = source.commit or ""
        self._files: list[str] | None = None
        self._files_error: GitError | None = None
        self._lower: list[tuple[str, str]] = []
        self._reads: dict[str, str | None] = {}
        self._unreadable: dict[str, Unreadable] = {}

    @property
    def files(self) -> list[str]:
        if self._files_error is not None:
            raise self._files_error
        if self._files is None:
            try:
                self._files = self.source.files()
            except GitError as exc:
                self._files_error = exc
                raise
            self._lower = [(path.lower(), path) for path in self._files]
        return self._files

    @property
    def lower(self) -> list[tuple[str, str]]:
        """Every file's path in lower case and as it is (``README.md`` and ``readme.md`` are two)."""
        self.files  # noqa: B018 - reads the list once
        return self._lower

    def read(self, path: str) -> str | None:
        if path in self._unreadable:
            raise self._unreadable[path]
        if path not in self._reads:
            try:
                self._reads[path] = self.source.read(path)
            except Unreadable as exc:
                self._unreadable[path] = exc
                raise
        return self._reads[path]

    def readable(self, paths: Iterable[str]) -> Iterator[tuple[str, str]]:
        """``(path, text)`` of those ``paths`` that can be read (a damaged one is left out)."""
        for path in paths:
            try:
                text = self.read(path)
            except Unreadable:
                continue
            if text is not None:
                yield path, text

    def find(self, pattern: str, *, top_level: bool = False) -> list[str]:
        """Files whose path (lower case) matches ``pattern`` (a regular expression)."""
        regex = re.compile(pattern)
        return [
            original
            for lowered, original in self.lower
            if regex.fullmatch(lowered) and (not top_level or "/" not in lowered)
        ]

    def find_nested(self, name_pattern: str, *, depth: int = NESTED_DEPTH) -> list[str]:
        """Files whose name (lower case) matches ``name_pattern``, at the root or in a sub-project up to
        ``depth`` folders down, never in a vendored or build folder (:data:`VENDORED`); the shallowest
        first."""
        regex = re.compile(name_pattern)
        found = []
        for lowered, original in self.lower:
            folders, _slash, name = lowered.rpartition("/")
            parts = folders.split("/") if folders else []
            if len(parts) > depth or not regex.fullmatch(name):
                continue
            if any(
                part in VENDORED or (part.startswith(".") and part not in (".github", ".gitlab"))
                for part in parts
            ):
                continue
            if any(f"{parts[i]}/{parts[i + 1]}" in VENDORED for i in range(len(parts) - 1)):
                continue
            found.append(original)
        return sorted(found, key=lambda path: (path.count("/"), path.lower()))

    def not_checkable(self, check: str, error: GitError) -> Finding:
        """The finding of a check that could not read what it needs: *not checkable*, with the reason."""
        path = error.path if isinstance(error, Unreadable) else ""
        reason = self.translate(str(error))
        if path:
            template = gettext_noop("Not checkable: %(path)s could not be read (%(reason)s).")
        else:
            template = gettext_noop("Not checkable: the repository could not be read (%(reason)s).")
        return self.finding(check, scoring.YELLOW, template, path=path, reason=reason, not_checkable=True)

    def finding(
        self,
        check: str,
        light: str,
        template: str,
        *,
        path: str = "",
        commit: str | None = None,
        **details: Any,
    ) -> Finding:
        params = {key: value for key, value in details.items() if isinstance(value, str | int | float)}
        params["path"] = path
        summary = self.translate(template) % params
        return Finding(
            check,
            REQUIREMENTS[check],
            light,
            summary,
            path,
            self.commit if commit is None else commit,
            {key: value for key, value in details.items() if value is not None},
        )


def _by_preference(paths: Iterable[str], order: Iterable[str]) -> list[str]:
    rank = {name: i for i, name in enumerate(order)}
    return sorted(paths, key=lambda p: (p.count("/"), rank.get(p.lower().rsplit("/", 1)[-1], 99), p))
