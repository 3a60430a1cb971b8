"""The parts of a meeting file read on the shared Markdown layer (:mod:`programkontor.core.markdown_reader`,
pure): the status block, people in lists or tables (names split from their organisation), and agendas
written as numbered lists or tables.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from programkontor.core.markdown_reader import Table, fold, plain, read_markdown
from programkontor.governance.repository import mapping

#: ``Observatører / gæster``, ``Observers/ Gæster``, ``Evt. observatører``: a section of guests.
GUEST_WORDS = ("gæst", "gaest", "observ")
_INITIALS = re.compile(r"^[A-ZÆØÅ]{2,4}$")
_ORGANISATION = re.compile(
    r"kommune|region|sekretariat|fællesskab|styrelse|ministeri|universitet|\ba/s\b|\baps\b|\bi/s\b|^os2\b",
    re.IGNORECASE,
)
_ROLE_WORDS = re.compile(
    r"(leder|formand|forperson|koordinator|owner|referent|konsulent|chef)$", re.IGNORECASE
)
_ORDERED = re.compile(r"^(?P<indent>\s*)(?P<number>\d{1,3})[.)]\s+(?P<title>\S.*)$")
_BOX = re.compile(r"^\[(?P<mark>[ xX]?)\]\s*")
_PRESENT = {"x", "ja", "✓", "✔", "✅", "yes", "tilstede", "til stede", "deltog"}


def section_kind(heading: str) -> str | None:
    """Which list a section heading opens: participants, guests, apologies or facilitators."""
    folded = mapping.fold(heading)
    if any(word in folded for word in GUEST_WORDS):
        return "guests"
    if folded.startswith("deltagere") or folded in ("deltager", "tilstede", "til stede"):
        return "participants"
    if folded.startswith("afbud"):
        return "apologies"
    if folded.startswith(("faciliteret af", "mødeleder og referent", "mødeleder")):
        return "facilitators"
    return None


# ---------------------------------------------------------------------------------------- status


@dataclass(frozen=True)
class Status:
    ready: bool = False
    approved: bool = False
    approved_text: str = ""
    seen: bool = False
    #: The lines (1-based) of the two checkboxes read, for writing a change back in place.
    ready_line: int | None = None
    approved_line: int | None = None


def status_block(lines: list[str]) -> Status:
    """The meeting's own status: the checkboxes under ``**Status**`` up to the next heading, else those
    before the meeting facts; a ``[x] Referat godkendt`` further down (approving the previous minutes)
    does not count. ``Referat klar til godkendelse`` and ``Referat sendt til godkendelse`` mean ready."""
    document = read_markdown("\n".join(lines))
    start = next((h.line for h in document.headings if h.key == "status"), None)
    if start is not None:
        end = next((h.line for h in document.headings if h.line > start), len(lines) + 1)
    else:
        start = 0
        end = next(
            (
                h.line
                for h in document.headings
                if h.key.startswith(("mødefakta", "deltager", "dagsorden", "møde indhold", "mødeindhold"))
            ),
            len(lines) + 1,
        )
    ready = approved = seen = False
    approved_text = ""
    ready_line = approved_line = None
    for item in document.items:
        if not start < item.line < end or item.checked is None:
            continue
        label = fold(item.text)
        if label.startswith(("referat klar", "referat sendt til godkendelse", "referat til godkendelse")):
            ready, seen, ready_line = item.checked, True, item.line
        elif label.startswith("referat godkendt"):
            approved, approved_text, seen = item.checked, plain(item.text), True
            approved_line = item.line
    return Status(ready, approved, approved_text, seen, ready_line, approved_line)


# ---------------------------------------------------------------------------------------- people


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    organisation: str
    #: True ticked or marked present, False unticked or marked absent, None when the file does not say.
    present: bool | None
    #: A row of a table (not an item of a list).
    tabled: bool = False

    @property
    def note(self) -> str:
        return ", ".join(part for part in (self.role, self.organisation) if part)


def _role_at_end(text: str) -> tuple[str, str]:
    """``Name (Role)`` → (name, role): the role is in the last parentheses, which hold no ``)``."""
    text = re.sub(r"\s+", " ", text).strip()
    if text.endswith(")"):
        body = text[:-1]
        opening = body.find("(", body.rfind(")") + 1)
        if opening >= 0:
            return body[:opening].strip(), body[opening + 1 :].strip()
    return text, ""


def split_person(text: str, known: Collection[str] = frozenset()) -> tuple[str, str, str]:
    """(name, role, organisation) of ``Name, X Kommune (Role)``, ``X Kommune, Name, INI`` or
    ``Projektleder, Name``: a part that names a known person is the name; initials are dropped; a part
    that reads as an organisation (kommune, region, sekretariat, …) is the organisation."""
    rest, role = _role_at_end(text)
    parts = [part.strip() for part in rest.split(",") if part.strip()]
    if len(parts) <= 1:
        return (parts[0] if parts else ""), role, ""
    while (
        len(parts) > 1 and _INITIALS.match(parts[-1]) and any(_initials_of(parts[-1], p) for p in parts[:-1])
    ):
        parts.pop()
    named = next((i for i, part in enumerate(parts) if mapping.fold(part) in known), None)
    if named is None and len(parts) == 2 and " " not in parts[0] and _ROLE_WORDS.search(parts[0]):
        return parts[1], role or parts[0], ""
    if named is None:
        named = next((i for i, part in enumerate(parts) if not _ORGANISATION.search(part)), 0)
    organisation = ", ".join(part for i, part in enumerate(parts) if i != named)
    return parts[named], role, organisation


def _initials_of(initials: str, name: str) -> bool:
    """``RF`` are the initials of ``Rasmus Frey`` (every word's, or the first and last word's)."""
    words = [word for word in re.split(r"[\s-]+", name) if word]
    if not words:
        return False
    every = "".join(word[0] for word in words).upper()
    return initials.upper() in (every, (words[0][0] + words[-1][0]).upper())


def _presence(cell: str) -> bool | None:
    folded = fold(cell)
    if not folded:
        return False
    return folded in _PRESENT


def people_in(lines: list[str], known: Collection[str] = frozenset()) -> list[Person]:
    """The people of one section, as a list (checkboxes or bullets) or as tables (``Navn``,
    ``Organisation``/``Virksomhed/Afdeling``, ``Tilstede``); placeholders (``xxx``) left out."""
    document = read_markdown("\n".join(lines))
    found: list[Person] = []
    for table in document.tables:
        found.extend(_people_in_table(table, known))
    for item in document.items:
        checked = item.checked
        text = item.text
        if box := _BOX.match(text):  # ``- [] Name``: a box people write without its space
            text, checked = text[box.end() :], box["mark"].lower() == "x"
        if mapping.fold(text) in _PLACEHOLDERS:
            continue
        name, role, organisation = split_person(text, known)
        if name and mapping.fold(name) not in _PLACEHOLDERS:
            found.append(Person(name, role, organisation, checked))
    return found


_PLACEHOLDERS = {"xxx", "xxxx", "x", "navn", "[navn]", "...", "…", "tbd", ""}


def _people_in_table(table: Table, known: Collection[str]) -> list[Person]:
    name_at = table.column("navn", "name", "deltager", "deltagere")
    organisation_at = table.column(
        "organisation", "virksomhed/afdeling", "virksomhed", "afdeling", "myndighed"
    )
    present_at = table.column("tilstede", "til stede", "deltog", "fremmødt")
    role_at = table.column("rolle", "funktion")
    if name_at is None:
        return []
    people = []
    for row in table.rows:
        cell = row.cell(name_at).strip()
        if mapping.fold(cell) in _PLACEHOLDERS:
            continue
        name, role, organisation = split_person(cell, known)
        organisation = ", ".join(p for p in (organisation, row.cell(organisation_at).strip()) if p)
        role = role or row.cell(role_at).strip()
        present = _presence(row.cell(present_at)) if present_at is not None else None
        people.append(Person(name, role, organisation, present, tabled=True))
    return people


# ---------------------------------------------------------------------------------------- agenda


@dataclass(frozen=True)
class AgendaLine:
    number: str
    title: str
    description: list[str]
    section: str = ""


def agenda_list(lines: list[str]) -> list[AgendaLine]:
    """Items of an agenda written as a numbered list (``1. Formalia`` with ``   1. Verifikation``
    under it as ``1.1``) or as a table (a number column and a title column)."""
    document = read_markdown("\n".join(lines))
    for table in document.tables:
        title_at = table.column("punkt", "emne", "titel", "dagsordenspunkt", "overskrift", "tema")
        number_at = table.column("nr", "#", "nummer", "pkt")
        if title_at is None:
            continue
        found = []
        for index, row in enumerate(table.rows, start=1):
            title = plain(row.cell(title_at))
            if not title:
                continue
            number = plain(row.cell(number_at)).rstrip(".") if number_at is not None else ""
            rest = [
                f"{table.header[i]}: {cell}"
                for i, cell in enumerate(row.cells)
                if i not in (title_at, number_at) and cell.strip() and i < len(table.header)
            ]
            found.append(AgendaLine(number or str(index), title, rest))
        if found:
            return found
    items: list[AgendaLine] = []
    top: AgendaLine | None = None
    for line in lines:
        ordered = _ORDERED.match(line)
        if ordered is None:
            if line.strip() and items and line.startswith((" ", "\t")) and not _is_rule(line):
                items[-1].description.append(line.strip())
            continue
        title = ordered["title"].strip()
        if not ordered["indent"]:
            top = AgendaLine(ordered["number"], title.rstrip(":").strip(), [])
            items.append(top)
        elif top is not None:
            number = f"{top.number}.{ordered['number']}"
            items.append(AgendaLine(number, title, [], f"{top.number}. {top.title}"))
    groups = {item.section.split(".", 1)[0] for item in items if item.section}
    return [item for item in items if item.section or item.number not in groups]


def _is_rule(line: str) -> bool:
    return line.strip().replace(" ", "") in ("---", "***", "___") or set(line.strip()) == {"-"}
