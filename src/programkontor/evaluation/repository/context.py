"""What the repository checks share: the requirements they give evidence for, their thresholds, the
finding and result types, and the context a check reads the repository through (only reads: no file
of the repository is executed, built or imported)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from programkontor.evaluation.formats.common import Translate
from programkontor.evaluation.repository.sources import Source

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


@dataclass(frozen=True)
class Finding:
    check: str
    requirement: str
    light: str
    summary: str
    path: str = ""
    commit: str = ""
    details: dict[str, Any] = field(default_factory=dict)

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
        }


class _Context:
    def __init__(self, source: Source, now: datetime.datetime, translate: Translate) -> None:
        self.source = source
        self.now = now
        self.translate = translate
        self.files = source.files()
        self.lower = {path.lower(): path for path in self.files}
        self.commit = source.commit or ""
        self._reads: dict[str, str | None] = {}

    def read(self, path: str) -> str | None:
        if path not in self._reads:
            self._reads[path] = self.source.read(path)
        return self._reads[path]

    def find(self, pattern: str, *, top_level: bool = False) -> list[str]:
        """Files whose path (lower case) matches ``pattern`` (a regular expression)."""
        regex = re.compile(pattern)
        return [
            original
            for lowered, original in self.lower.items()
            if regex.fullmatch(lowered) and (not top_level or "/" not in lowered)
        ]

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
