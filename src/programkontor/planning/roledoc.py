"""Reading a role description (Markdown) as a plan template: pure functions, no Django.

OS2's role descriptions (``program_manager_role.md``, ``product_coordinator_role.md``) organise the
role's work under three headings that start with MUST, SHOULD and COULD, each followed by a bullet
list::

    ### MUST - kerneopgaver
    - Have rollen som *Product Owner* for et eller flere OS2-produkter.
    ...
    ### SHOULD (bør løses, hvis der er tilstrækkelige ressourcer)
    ...

:func:`parse_role_description` returns the title (the first level-1 heading), the three lists (other
headings and lists are ignored), and the weekly hours when the text states them
("Timetal: 37 timer pr. uge"). Inline Markdown (emphasis, links, code) is reduced to its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from programkontor.core.markdown_reader import read_markdown
from programkontor.planning.moscow import Priority

# Every pattern runs in time linear in the text: no two unbounded repeats compete for the same
# characters (a hostile file may hold long runs of spaces or digits), so captured text is stripped
# in Python and numbers are only matched where a run of digits begins.
_PRIORITY_HEADING = re.compile(r"^\**\s*(MUST|SHOULD|COULD)\b", re.IGNORECASE)
_NUMBER = r"(?<!\d)(\d{1,6}(?:[.,]\d{1,3})?)"
_PER_WEEK = r"[ \t]*timer[ \t]*(?:pr\.?|per|om|/|i)[ \t]*ugen?"
_HOURS_RANGE = re.compile(_NUMBER + r"[ \t]*[\u2013\u2014-][ \t]*" + _NUMBER + _PER_WEEK, re.IGNORECASE)
_HOURS = re.compile(_NUMBER + _PER_WEEK, re.IGNORECASE)
_REVIEW_VERBS = ("revider", "afstem", "gennemg")
_REVIEW_WHEN = ("årlig", "hvert år", "en gang om året", "én gang om året")

# Inline Markdown reduced to text.
_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(.+?)\1")


class RoleDescriptionError(ValueError):
    """The text is not a usable role description; the message says why (in Danish)."""


@dataclass(frozen=True)
class RoleDescription:
    title: str
    tasks: dict[Priority, list[str]]
    #: Weekly hours the text states, if any; for a range ("5-15 timer pr. uge") the upper bound.
    weekly_hours: Decimal | None = None
    #: The text states a range of weekly hours (the caller may want to ask for a number).
    hours_is_range: bool = False
    #: The text says that the description is reviewed every year.
    yearly_review: bool = False
    headings: dict[Priority, str] = field(default_factory=dict)

    @property
    def task_count(self) -> int:
        return sum(len(items) for items in self.tasks.values())


def plain(text: str) -> str:
    """Inline Markdown (links, emphasis, code) as plain text, whitespace collapsed."""
    text = _LINK.sub(r"\1", text)
    for _ in range(3):  # nested emphasis: **_x_**
        text = _EMPHASIS.sub(r"\2", text)
    return " ".join(text.split())


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _says_yearly_review(text: str) -> bool:
    """Whether a sentence says the description is revised (agreed, gone through) every year."""
    for line in text.lower().split("\n"):
        for sentence in line.split("."):
            verb = min((i for i in (sentence.find(v) for v in _REVIEW_VERBS) if i >= 0), default=-1)
            if verb >= 0 and any(when in sentence[verb:] for when in _REVIEW_WHEN):
                return True
    return False


def parse_role_description(text: str) -> RoleDescription:
    """The MUST/SHOULD/COULD lists of a role description; RoleDescriptionError if one is missing.

    Read on the shared Markdown layer (:func:`programkontor.core.markdown_reader.read_markdown`): a
    heading (any level, emoji and bold ignored) that starts with MUST, SHOULD or COULD opens a list;
    every list item under it up to the next heading is a task, its continuation lines joined."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    document = read_markdown(text)
    title = ""
    tasks: dict[Priority, list[str]] = {}
    headings: dict[Priority, str] = {}
    starts: list[tuple[int, Priority | None]] = []
    for heading in document.headings:
        if heading.level == 0:
            continue  # a paragraph of bold text is not a heading here
        heading_text = plain(heading.raw)
        if heading.level == 1 and not title:
            title = heading_text
        match = _PRIORITY_HEADING.match(heading_text)
        if match is None:
            starts.append((heading.line, None))
            continue
        priority = Priority(match.group(1).lower())
        if priority in tasks:
            raise RoleDescriptionError(f"Overskriften {match.group(1).upper()} står der to gange.")
        tasks[priority] = []
        headings[priority] = heading_text
        starts.append((heading.line, priority))
    for item in document.items:
        current = next((priority for line, priority in reversed(starts) if line < item.line), None)
        if current is None:
            continue
        # Continuation lines count when indented; an unindented line after the item (Markdown's
        # lazy continuation, e.g. "Timetal: 20 timer pr. uge") is not part of the task.
        parts = item.text.split("\n")
        below = document.lines[item.line : item.line + len(parts) - 1]
        task = plain(
            " ".join([parts[0], *(p for p, line in zip(parts[1:], below, strict=False) if line[:1] in " \t")])
        )
        if task:
            tasks[current].append(task)

    missing = [p.name for p in (Priority.MUST, Priority.SHOULD, Priority.COULD) if p not in tasks]
    if missing:
        raise RoleDescriptionError(
            "Funktionsbeskrivelsen mangler en overskrift, der begynder med "
            + " og ".join(missing)
            + " (tre overskrifter med hver sin punktliste: MUST, SHOULD og COULD)."
        )
    empty = [p.name for p, items in tasks.items() if not items]
    if empty:
        raise RoleDescriptionError(
            "Der er ingen punkter under overskriften " + " og ".join(empty) + " (brug en punktliste med - )."
        )
    weekly: Decimal | None = None
    is_range = False
    found_range = _HOURS_RANGE.search(text)
    if found_range:
        weekly, is_range = _number(found_range.group(2)), True
    else:
        found = _HOURS.search(text)
        if found:
            weekly = _number(found.group(1))
    return RoleDescription(
        title=title or "Funktionsbeskrivelse",
        tasks={p: tasks[p] for p in (Priority.MUST, Priority.SHOULD, Priority.COULD)},
        weekly_hours=weekly,
        hours_is_range=is_range,
        yearly_review=_says_yearly_review(text),
        headings=headings,
    )
