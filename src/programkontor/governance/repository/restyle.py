"""A meeting changed in Programkontor written back in its repository's own style (pure functions).

:func:`patch_meeting` takes the file as it was imported, the record read from it and the record
Programkontor holds now, and changes only the lines whose values changed, each value written the way
the file wrote it, every other byte left as it was:

* the title in ``**Mødenavn**`` and in the file's first heading (where it stands there);
* the date and the times in ``**Tid**`` (or ``**Dato**``), like the text there (``06.08.26 kl. 13 - 14``
  stays ``dd.mm.yy kl. H - H``; :func:`.mapping.format_date_like`, :func:`.mapping.format_time_range_like`);
* the place in ``**Sted**``;
* the checkboxes ``Referat klar til godkendelse`` and ``Referat godkendt`` of the status block only
  (the lines the parser read them from, :func:`.sections.status_block`), and the approval date on it;
* an agenda item's title (in the agenda and in the minutes' quoted headings), its description or
  minutes, and the general minutes, where the old text stands in the file exactly once;
* a participant's or guest's tick, on the one checkbox line of the participants' (guests') section
  that names them.

It returns ``None`` — the caller renders the whole file in Programkontor's layout
(:func:`.render.render_meeting`) — when a change cannot be placed unambiguously: agenda items added,
removed, renumbered or reordered, people added, removed or moved between attendance and apologies,
chair, minute-taker, owners, durations or attachments changed, a value the file does not hold on a
line of its own (a table cell, a date only in the file name), or a patched file that would not read
back as the changed record. Correctness over cleverness: a patch is used only when the patched file,
read as the import reads it, is exactly the record Programkontor holds.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from programkontor.core.markdown_export import markdown_line, markdown_text
from programkontor.governance.repository import mapping
from programkontor.governance.repository import records as r
from programkontor.governance.repository.lines import CHECK_LINE, FIELD_LINE, HEADING
from programkontor.governance.repository.scan import Scan, scan_text
from programkontor.governance.repository.sections import section_kind, status_block


class Unplaceable(Exception):
    """A change that cannot be written into the file's own lines."""


def read_meeting(text: str, path: str) -> r.MeetingRecord | None:
    """The meeting in ``text`` as the import reads it (entities restored), or None."""
    scan = Scan()
    scan_text(path, text, scan)
    return scan.meetings[0][1] if scan.meetings else None


def patch_meeting(text: str, path: str, new: r.MeetingRecord) -> str | None:
    """``text`` (a meeting file at ``path``) with the values that differ from ``new`` changed in place;
    ``text`` itself when nothing differs; None when a change cannot be placed (see the module)."""
    old = read_meeting(text, path)
    if old is None:
        return None
    new = dataclasses.replace(new, body_kind=old.body_kind)  # the file's place names its body
    if old.content() == new.content():
        return text
    try:
        patched = _Lines(text)
        _patch_facts(patched, old, new)
        _patch_status(patched, old, new)
        _patch_items(patched, old, new)
        _patch_people(patched, old, new)
    except Unplaceable:
        return None
    result = patched.text()
    again = read_meeting(result, path)
    if again is None or again.content() != new.content():
        return None
    return result


class _Lines:
    """The file's lines, each without and with its own line ending."""

    def __init__(self, text: str) -> None:
        self.raw = text.splitlines(keepends=True)
        self.lines = [line.rstrip("\r\n") for line in self.raw]

    def set(self, index: int, line: str) -> None:
        self.raw[index] = line + self.raw[index][len(self.lines[index]) :]
        self.lines[index] = line

    def text(self) -> str:
        return "".join(self.raw)


def _replace_once(haystack: str, old: str, new: str) -> str | None:
    """``haystack`` with ``old`` (as written, or as an export writes it) replaced; None unless once."""
    for written in dict.fromkeys((old, markdown_line(old))):
        if written and haystack.count(written) == 1:
            return haystack.replace(written, new)
    return None


# ------------------------------------------------------------------------------------------ facts


def _field_line(lines: _Lines, *keys: str) -> tuple[int, re.Match[str]] | None:
    """The first ``**Key**: value`` line for each key, as the parser takes the first."""
    for index, line in enumerate(lines.lines):
        found = FIELD_LINE.match(line)
        if found and mapping.fold(found["key"]) in keys:
            return index, found
    return None


def _set_value(lines: _Lines, at: tuple[int, re.Match[str]], change: Callable[[str], str | None]) -> None:
    """The value of a field line changed by ``change`` (its surrounding whitespace kept)."""
    index, found = at
    raw = found["value"]
    core = raw.strip()
    lead = raw[: len(raw) - len(raw.lstrip())]
    trail = raw[len(raw.rstrip()) :] if core else ""
    value = change(core)
    if value is None:
        raise Unplaceable
    lead = lead or " "
    line = lines.lines[index]
    lines.set(index, line[: found.start("value")] + lead + value + trail)


def _patch_facts(lines: _Lines, old: r.MeetingRecord, new: r.MeetingRecord) -> None:
    if old.title != new.title:
        _patch_title(lines, old.title, markdown_line(new.title))
    if (old.date, old.start, old.end) != (new.date, new.start, new.end):
        time_line = _field_line(lines, "tid")
        if time_line is None or not time_line[1]["value"].strip():
            time_line = _field_line(lines, "dato")
        if time_line is None:
            raise Unplaceable
        _set_value(lines, time_line, lambda value: _when(value, old, new))
    if old.location != new.location:
        place = _field_line(lines, "sted")
        if place is None:
            raise Unplaceable
        _set_value(lines, place, lambda _value: markdown_line(new.location))


def _patch_title(lines: _Lines, old: str, new: str) -> None:
    placed = False
    name = _field_line(lines, "mødenavn")
    if name is not None and old and old in name[1]["value"]:
        _set_value(lines, name, lambda value: value.replace(old, new, 1))
        placed = True
    for index, line in enumerate(lines.lines):
        heading = HEADING.match(line)
        if heading and len(heading[1]) == 1:
            changed = _replace_once(line, old, new) if old else None
            if changed is not None:
                lines.set(index, changed)
                placed = True
            break
    if not placed:
        raise Unplaceable


def _when(value: str, old: r.MeetingRecord, new: r.MeetingRecord) -> str | None:
    """The ``Tid`` value with the date and times of ``new``, written as ``value`` writes them."""
    if old.date != new.date:
        span = mapping.date_span(value)
        if span is None or new.date is None:
            return None
        written = mapping.format_date_like(new.date, value[span[0] : span[1]])
        value = value[: span[0]] + written + value[span[1] :]
    if (old.start, old.end) != (new.start, new.end):
        span = mapping.time_span(value)
        if span is None:
            times = mapping.format_time_range(new.start, new.end)
            return f"{value} {times}".strip() if times else value
        written = mapping.format_time_range_like(new.start, new.end, value[span[0] : span[1]])
        before = value[: span[0]] if written else value[: span[0]].rstrip()
        value = before + written + value[span[1] :]
    return value


# ----------------------------------------------------------------------------------------- status


def _tick(lines: _Lines, number: int | None, ticked: bool) -> None:
    """The checkbox on line ``number`` (1-based) ticked or not."""
    if number is None:
        raise Unplaceable
    index = number - 1
    found = CHECK_LINE.match(lines.lines[index])
    if found is None:
        raise Unplaceable
    line = lines.lines[index]
    if (found["mark"].lower() == "x") != ticked:
        mark = "x" if ticked else " "
        lines.set(index, line[: found.start("mark")] + mark + line[found.end("mark") :])


def _patch_status(lines: _Lines, old: r.MeetingRecord, new: r.MeetingRecord) -> None:
    if (old.status, old.approved_on) == (new.status, new.approved_on):
        return
    state = status_block(lines.lines)
    if new.status == "minutes_ready" or (new.status == "agenda_sent" and state.ready):
        _tick(lines, state.ready_line, new.status == "minutes_ready")
    approved = new.status == "minutes_approved"
    if approved or state.approved:
        _tick(lines, state.approved_line, approved)
    if approved and old.approved_on != new.approved_on and state.approved_line is not None:
        index = state.approved_line - 1
        line = lines.lines[index]
        span = mapping.date_span(line)
        if new.approved_on is None:
            raise Unplaceable
        if span is None:
            lines.set(index, f"{line.rstrip()} {new.approved_on:%d.%m.%Y}")
        else:
            written = mapping.format_date_like(new.approved_on, line[span[0] : span[1]])
            lines.set(index, line[: span[0]] + written + line[span[1] :])


# ------------------------------------------------------------------------------------ agenda items

#: What stands before an item's number: indentation, quotes, heading hashes, bullets, table bars.
_LEADER = " \t>#*+-|"


def _patch_items(lines: _Lines, old: r.MeetingRecord, new: r.MeetingRecord) -> None:
    if [(i.number, i.section) for i in old.items] != [(i.number, i.section) for i in new.items]:
        raise Unplaceable
    for before, after in zip(old.items, new.items, strict=True):
        fixed = ("owner", "duration_minutes", "attachments")
        if any(getattr(before, name) != getattr(after, name) for name in fixed):
            raise Unplaceable
        if before.title != after.title:
            _patch_item_title(lines, before, markdown_line(after.title))
        for name in ("description", "minutes"):
            _patch_block(lines, getattr(before, name), getattr(after, name))
    _patch_block(lines, old.minutes_summary, new.minutes_summary)


def _patch_item_title(lines: _Lines, item: r.ItemRecord, title: str) -> None:
    """The title on every line that numbers the item (``#### 2. Title``, ``- 2.1 Title``, ``2. Title``,
    ``> #### 2. Title`` in the minutes); at least one."""
    last = item.number.rsplit(".", 1)[-1]
    placed = False
    for index, line in enumerate(lines.lines):
        rest = line.lstrip(_LEADER)
        if not re.match(rf"(?:{re.escape(item.number)}|{re.escape(last)})[.)]?\s", rest):
            continue
        changed = _replace_once(line, item.title, title)
        if changed is not None:
            lines.set(index, changed)
            placed = True
    if not placed:
        raise Unplaceable


def _patch_block(lines: _Lines, old: str, new: str) -> None:
    """A text block (minutes, a description) replaced where it stands once in the file."""
    if old == new:
        return
    if not old:
        raise Unplaceable
    text = lines.text()
    written = next((w for w in dict.fromkeys((old, markdown_text(old))) if text.count(w) == 1), None)
    if written is None:
        raise Unplaceable
    changed = text.replace(written, markdown_text(new))
    replacement = _Lines(changed)
    lines.raw, lines.lines = replacement.raw, replacement.lines


# ----------------------------------------------------------------------------------------- people


def _patch_people(lines: _Lines, old: r.MeetingRecord, new: r.MeetingRecord) -> None:
    def people(record: r.MeetingRecord) -> dict[tuple[str, bool], r.Participant]:
        return {(mapping.fold(p.name), p.guest): p for p in record.participants}

    before, after = people(old), people(new)
    if before.keys() != after.keys() or (old.chair, old.minute_taker) != (new.chair, new.minute_taker):
        raise Unplaceable
    for key, was in before.items():
        now = after[key]
        if was.role != now.role or ("apologies" in (was.status, now.status) and was.status != now.status):
            raise Unplaceable
        if (was.status == "present") != (now.status == "present"):
            _tick(lines, _person_line(lines, was), now.status == "present")


def _person_line(lines: _Lines, person: r.Participant) -> int:
    """The 1-based line of the one checkbox naming ``person`` in their section (participants or guests)."""
    wanted = "guests" if person.guest else "participants"
    kind: str | None = None
    found: list[int] = []
    for index, line in enumerate(lines.lines):
        heading = HEADING.match(line)
        if heading:
            kind = section_kind(heading[2].rstrip(":"))
            continue
        box = CHECK_LINE.match(line)
        if kind == wanted and box and mapping.fold(box["text"]).startswith(mapping.fold(person.name)):
            found.append(index + 1)
    if len(found) != 1:
        raise Unplaceable
    return found[0]
