"""Read OS2's governance minutes (pure): one file per meeting, ``<body folder>/YYYYMMDD_<Product><Body>.md``.

A status checklist (``- [x] Referat klar til godkendelse``, ``- [x] Referat godkendt``), meeting facts
(``**Mødenavn**``, ``**Tid**: dd.mm.yyyy kl. 13 - 14``, ``**Sted**``), participants as a checklist,
apologies, who facilitated and took the minutes, the agenda, and the minutes (agenda items quoted with
``>`` and followed by what was said).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from programkontor.governance.repository import mapping
from programkontor.governance.repository import records as r
from programkontor.governance.repository.lines import (
    BULLET,
    FIELD,
    HEADING,
    LINK,
    NUMBERED,
    NUMBERED_HEADING,
    TRAILING_DATE,
    Parsed,
    clean,
)
from programkontor.governance.repository.sections import (
    AgendaLine,
    agenda_list,
    people_in,
    section_kind,
    status_block,
)

#: ``AD 1: Økonomi`` (the template's heading of the minutes of agenda item 1).
AD_HEADING = re.compile(
    r"^AD\s{0,3}(?P<number>\d{1,3}(?:\.\d{1,3})*)\s{0,3}[:.\-\u2013]?\s{0,3}(?P<title>.*)$", re.I
)


def looks_like_minutes(text: str) -> bool:
    return bool(re.search(r"(mødefakta|(?<!#)#+\s*deltagere|\*\*tid\*\*)", text, re.I)) and bool(
        re.search(r"dagsorden", text, re.I)
    )


def _without_parentheses_at_end(text: str) -> str:
    """``Styregruppemøde (ekstraordinært)`` → ``Styregruppemøde``: from the first ``(`` on, when the
    text ends with ``)``."""
    stripped = text.strip()
    opening = stripped.find("(")
    if stripped.endswith(")") and opening >= 0:
        return stripped[:opening].strip()
    return stripped


def _without_date_at_end(text: str) -> str:
    """``Styregruppemøde 12.03.2025`` → ``Styregruppemøde``."""
    stripped = text.rstrip()
    found = TRAILING_DATE.search(stripped)
    return stripped[: found.start()].rstrip() if found else text


def _split_sections(text: str) -> list[tuple[str, list[str]]]:
    """(heading, lines) pairs; the text before the first heading has the heading ''."""
    parts: list[tuple[str, list[str]]] = [("", [])]
    for line in text.splitlines():
        heading = HEADING.match(line)
        if heading:
            parts.append((heading[2].strip().rstrip(":").strip(), []))
        else:
            parts[-1][1].append(line)
    return parts


_GUEST_LINE = re.compile(r"^\s*(evt\.?\s*)?(observers?|observatører|gæster)\s*(?:/\s*gæster\s*)?:\s*$", re.I)


def _items_from_agenda(lines: list[str], group_number: str, group_title: str) -> list[r.ItemRecord]:
    """Items of one agenda heading: numbered sub-items (``- 2.1 Title`` and what follows), or, when it
    has none, the heading itself as one item with its text as description."""
    items: list[dict[str, object]] = []
    loose: list[str] = []
    for line in lines:
        numbered = NUMBERED.match(line)
        if numbered:
            items.append({"number": numbered["number"], "title": numbered["title"], "lines": []})
        elif items:
            items[-1]["lines"].append(line)  # type: ignore[attr-defined]
        else:
            loose.append(line)
    if not items:
        return [_item(group_number, group_title, loose)]
    section = f"{group_number}. {group_title}".strip()
    return [
        _item(str(i["number"]), str(i["title"]), list(i["lines"]), section)  # type: ignore[call-overload]
        for i in items
    ]


_ITEM_FIELDS = {"ansvarlig": "owner", "varighed": "duration", "bilag": "attachments"}


def _item(number: str, title: str, lines: list[str], section: str = "") -> r.ItemRecord:
    owner = ""
    duration = None
    attachments: list[r.Attachment] = []
    description: list[str] = []
    in_attachments = False
    for line in lines:
        field_match = FIELD.match(line)
        key = mapping.fold(field_match["key"]) if field_match else ""
        if field_match and key in _ITEM_FIELDS:
            in_attachments = False
            value = field_match["value"]
            if _ITEM_FIELDS[key] == "owner":
                owner = value.strip()
            elif _ITEM_FIELDS[key] == "duration":
                minutes = re.search(r"\d+", value)
                duration = int(minutes[0]) if minutes else None
            else:
                in_attachments = True
            continue
        if line.strip() in ("---", "***", "___"):
            continue  # a rule (also indented) closes the item; it is not its description
        if in_attachments:
            link = LINK.search(line)
            if link and BULLET.match(line):
                attachments.append(r.Attachment(link["title"].strip(), link["url"]))
                continue
            if not line.strip():
                continue
            in_attachments = False
        description.append(line)
    return r.ItemRecord(
        number=number,
        title=title.strip(),
        description=_dedent(clean(description)),
        owner=owner,
        duration_minutes=duration,
        attachments=tuple(attachments),
        section=section,
    )


def _dedent(text: str) -> str:
    lines = text.splitlines()
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = min(indents) if indents else 0
    return "\n".join(line[cut:] for line in lines).strip()


def _minutes_by_number(lines: list[str]) -> tuple[dict[str, str], str]:
    """Minutes text per agenda number: each quoted agenda line (``> - 2.2 ...``, ``> #### 1. Formalia``)
    or numbered heading starts a part; text before any of them is the general minutes."""
    parts: dict[str, list[str]] = {}
    general: list[str] = []
    current: list[str] = general
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(">"):
            inner = stripped.lstrip(">").strip()
            heading = HEADING.match(inner)
            inner_text = heading[2] if heading else inner
            numbered = NUMBERED.match(inner_text) or NUMBERED_HEADING.match(inner_text.lstrip("-* "))
            if numbered:
                current = parts.setdefault(numbered["number"], [])
            continue
        heading = HEADING.match(line)
        if heading:
            numbered_heading = NUMBERED_HEADING.match(heading[2].strip())
            if numbered_heading:
                current = parts.setdefault(numbered_heading["number"], [])
                continue
        if stripped == "---":
            continue
        current.append(line)
    return {number: clean(text) for number, text in parts.items()}, clean(general)


def parse_minutes(text: str, source_file: str, folders: Mapping[str, str] | None = None) -> Parsed:
    """The meeting in ``text``; ``folders`` maps folders of the repository to body kinds (the
    product's own mapping, before OS2's usual folder names)."""
    path_parts = source_file.split("/")
    name = path_parts[-1]
    unmapped: list[r.Unmapped] = []

    def miss(field_name: str, value: str, reason: str) -> None:
        unmapped.append(r.Unmapped(source_file, field_name, value, reason))

    facts: dict[str, str] = {}
    title_line = ""
    for line in text.splitlines():
        heading_match = HEADING.match(line)
        if heading_match and len(heading_match[1]) == 1 and not title_line:
            title_line = heading_match[2].strip()
        field_match = FIELD.match(line)
        if field_match:
            key = mapping.fold(field_match["key"])
            if key in ("mødenavn", "tid", "sted", "dato") and key not in facts:
                facts[key] = field_match["value"].strip()
    state = status_block(text.splitlines())

    sections = _split_sections(text)
    lists: dict[str, list[str]] = {"participants": [], "guests": [], "apologies": [], "facilitators": []}
    agenda: list[tuple[str, list[str]]] = []
    listed: list[AgendaLine] = []
    minutes_lines: list[str] = []
    mode = ""
    for heading, lines in sections:
        folded = mapping.fold(heading)
        numbered = NUMBERED_HEADING.match(heading)
        # "Ad 1. …" heads an item's minutes; the meeting's own title never does ("# AD 01.01.2015").
        discussed = None if heading == title_line else AD_HEADING.match(heading)
        target = section_kind(heading)
        if target is not None:
            mode = "list"
            for line in lines:
                if _GUEST_LINE.match(line) or re.match(r"^\s*\w*\s*observers?\s*/\s*gæster\s*$", line, re.I):
                    target = "guests"
                    continue
                lists[target].append(line)
            continue
        if folded.startswith("dagsorden") and "referat" not in folded:
            mode = "agenda"
            listed = listed or agenda_list(lines)
            continue
        if folded in ("mødereferat", "møde referat", "referat", "referat af mødet") or discussed:
            mode = "minutes"
            if discussed:
                minutes_lines.append(f"#### {discussed['number']}. {discussed['title']}")
            minutes_lines.extend(lines)
            continue
        if mode == "agenda" and numbered:
            agenda.append((heading, lines))
            continue
        if mode == "minutes":
            minutes_lines.append(f"#### {heading}")
            minutes_lines.extend(lines)
            continue
        if folded in ("mødefakta", "dagsorden og referat", "status", "") or heading == title_line:
            continue
        if any(line.strip() for line in lines):
            miss("section", heading, "afsnittet kunne ikke placeres; ikke importeret")

    date = mapping.parse_date(facts.get("tid", "") or facts.get("dato", ""))
    if date is None:
        date = mapping.date_from_filename(name)
        if facts.get("tid") and date is not None:
            miss("Tid", facts["tid"], "ingen dato i Tid; filnavnets dato er brugt")
    if date is None:
        miss("Tid", facts.get("tid", ""), "ingen dato i referatet eller dets filnavn; ikke importeret")
        return Parsed(None, unmapped)
    start, end = mapping.parse_time_range(facts.get("tid", ""))

    body_kind = mapping.body_kind_for(source_file, (title_line, facts.get("mødenavn", "")), folders)
    if body_kind is None:
        miss(
            "body",
            "/".join(path_parts[-2:]),
            "kunne ikke afgøre, hvilket organ der holdt mødet (mappe, filnavn eller overskrift)",
        )

    invited = people_in(lists["participants"])
    known = {mapping.fold(person.name) for person in invited}
    apologies = [person.name for person in people_in(lists["apologies"], known)]
    apology_keys = {mapping.fold(name) for name in apologies}
    participants: list[r.Participant] = []
    seen: set[str] = set()
    for kind, people in (("participants", invited), ("guests", people_in(lists["guests"], known))):
        for person in people:
            key = mapping.fold(person.name)
            if key in seen:
                continue
            seen.add(key)
            if key in apology_keys:
                status = "apologies"
            elif person.present is None:
                # A table of participants without a presence column, in minutes: they attended.
                status = "present" if person.tabled and (state.ready or state.approved) else "invited"
            else:
                status = "present" if person.present else "absent"
            participants.append(r.Participant(person.name, person.note, status, guest=kind == "guests"))
    for name_text in apologies:
        if mapping.fold(name_text) not in seen:
            seen.add(mapping.fold(name_text))
            participants.append(r.Participant(name_text, "", "apologies"))

    chair = minute_taker = ""
    for person in people_in(lists["facilitators"], known):
        folded_role = mapping.fold(person.role)
        if "refer" in folded_role:
            minute_taker = person.name
        if any(word in folded_role for word in ("mødeleder", "ordstyrer", "formand", "facilitator")):
            chair = person.name
        elif "refer" not in folded_role:
            miss("Faciliteret af", person.name, "ukendt rolle (forventede Mødeleder eller Referent)")

    items: list[r.ItemRecord] = [
        _item(line.number, line.title, line.description, line.section) for line in listed if not agenda
    ]
    for agenda_heading, lines in agenda:
        group = NUMBERED_HEADING.match(agenda_heading)
        assert group is not None
        if "." in group["number"]:
            items.append(_item(group["number"], group["title"], lines))
        else:
            items.extend(_items_from_agenda(lines, group["number"], group["title"]))
    minutes, general = _minutes_by_number(minutes_lines)
    known = {item.number for item in items}
    attached: list[r.ItemRecord] = []
    used: set[str] = set()
    for item in items:
        text_for_item = minutes.get(item.number, "")
        if text_for_item:
            used.add(item.number)
        attached.append(r.ItemRecord(**{**item.__dict__, "minutes": text_for_item}))
    # Minutes under a group heading (e.g. "1. Formalia") whose items are "1.1", "1.2": the last item.
    for number, text_for_number in minutes.items():
        if number in used or not text_for_number:
            continue
        children = [i for i, item in enumerate(attached) if item.number.startswith(number + ".")]
        if children and number not in known:
            index = children[-1]
            previous = attached[index]
            joined = f"{previous.minutes}\n\n{text_for_number}".strip()
            attached[index] = r.ItemRecord(**{**previous.__dict__, "minutes": joined})
        else:
            general = f"{general}\n\n{text_for_number}".strip()
            miss(
                "minutes",
                number,
                "referat til et punktnummer, der ikke er på dagsordenen; gemt som generelt referat",
            )

    if state.approved:
        status = "minutes_approved"
    elif state.ready:
        status = "minutes_ready"
    else:
        status = "agenda_sent"
    if status == "agenda_sent" and not any(p.status == "present" for p in participants):
        # An agenda sent out before the meeting: nobody is ticked yet, so nobody is absent yet.
        participants = [
            r.Participant(p.name, p.role, "invited", p.guest) if p.status == "absent" else p
            for p in participants
        ]
    approved_on = mapping.parse_date(state.approved_text) if state.approved else None
    place = facts.get("sted", "")
    title = facts.get("mødenavn", "")
    title = _without_parentheses_at_end(title) or _without_date_at_end(title_line)
    record = r.MeetingRecord(
        body_kind=body_kind,
        date=date,
        title=title.strip(),
        start=start,
        end=end,
        location=place,
        status=status,
        approved_on=approved_on,
        participants=tuple(participants),
        chair=chair,
        minute_taker=minute_taker,
        items=tuple(attached),
        minutes_summary=general,
    )
    return Parsed(record, unmapped)
