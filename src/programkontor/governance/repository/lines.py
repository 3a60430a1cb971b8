"""Reading the lines of OS2's governance Markdown (pure): headings, bold fields, checkboxes, bullets and
numbered items, each matched in time linear in the line; what a parse returns (:class:`Parsed`).

Decision records are read in :mod:`.parse`, minutes in :mod:`.minutes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from programkontor.governance.repository import records as r

# Every pattern runs in time linear in the line: no two unbounded repeats compete for the same
# characters (``(.*?)\s*$`` is quadratic and ``(.*?)\s*#*\s*$`` cubic on a line with a long run of
# spaces, which a hostile file may hold), so the text a pattern captures is stripped in Python.
HEADING_LINE = re.compile(r"^(#{1,6})(.*)$")
FIELD_LINE = re.compile(r"^\s*(?:[-*+]\s+)?\*\*(?P<key>[^*:\n]{1,40}?)\s*:?\s*\*\*\s*:?(?P<value>.*)$")
PREFIX = re.compile(r"^\[(?P<prefix>[A-Za-z]{3})\]\s*(?P<title>.*)$")
CHECK_LINE = re.compile(r"^\s*[-*+]\s*\[(?P<mark>[ xX]?)\](?P<text>.*)$")
BULLET_LINE = re.compile(r"^\s*[-*+]\s+(?P<text>.*)$")
NUMBERED_LINE = re.compile(r"^\s*(?:[-*+]\s*)?(?P<number>\d+(?:\.\d+)+)\.?\s+(?P<title>\S.*)$")
NUMBERED_HEADING = re.compile(r"^(?P<number>\d+(?:\.\d+)*)\.?\s+(?P<title>\S.*)$")
LINK = re.compile(r"\[(?P<title>[^\[\]]+)\]\((?P<url>https?://[^)\s]+)\)")
TRAILING_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}$")


class Found:
    """What a line pattern found, with its text groups stripped (indexable like a match)."""

    def __init__(self, groups: dict[int | str, str]) -> None:
        self.groups = groups

    def __getitem__(self, key: int | str) -> str:
        return self.groups[key]


class Stripped:
    """A line pattern whose named ``text`` groups are stripped after a linear match."""

    def __init__(self, pattern: re.Pattern[str], *strip: str) -> None:
        self.pattern = pattern
        self.strip = strip

    def match(self, line: str) -> Found | None:
        found = self.pattern.match(line)
        if found is None:
            return None
        groups: dict[int | str, str] = {0: found[0]}
        groups.update(found.groupdict())
        for name in self.strip:
            groups[name] = groups[name].strip()
        return Found(groups)


class HeadingPattern:
    """``# Title #``: the level's hashes (1) and the title (2) without a closing ``#`` sequence."""

    @staticmethod
    def match(line: str) -> Found | None:
        found = HEADING_LINE.match(line)
        if found is None:
            return None
        return Found({0: line, 1: found[1], 2: found[2].strip().rstrip("#").strip()})


HEADING = HeadingPattern()
FIELD = Stripped(FIELD_LINE, "value")
CHECK = Stripped(CHECK_LINE, "text")
BULLET = Stripped(BULLET_LINE, "text")
NUMBERED = Stripped(NUMBERED_LINE, "title")

PLACEHOLDERS = {"xxx", "x", "navn", "[navn]", "...", "…", "tbd"}


@dataclass
class Parsed:
    """A parsed file: its record (or None when it is not one) and what could not be mapped."""

    record: r.DecisionRecord | r.MeetingRecord | None
    unmapped: list[r.Unmapped] = field(default_factory=list)


def clean(lines: list[str]) -> str:
    text = "\n".join(lines).strip("\n")
    text = re.sub(r"\n{3,}", "\n\n", text)
    return "\n".join(line.rstrip() for line in text.splitlines()).strip()
