"""Write decision records and minutes in OS2's layout (pure functions; the parser reads them back).

Governance repositories are published, so every text a user wrote is made inert on the way out
(``core/markdown_export``: raw HTML shown as text, only http(s)/mailto links, no Liquid or kramdown
syntax); the scan restores it, so an exported repository imports as it was written.
"""

from __future__ import annotations

import re

from programkontor.core.markdown_export import markdown_line as line
from programkontor.core.markdown_export import markdown_link
from programkontor.core.markdown_export import markdown_text as block
from programkontor.governance.repository import mapping
from programkontor.governance.repository import records as r
from programkontor.governance.repository.parse import SECTION_HEADINGS

DECISIONS_FOLDER = "beslutninger"
MINUTES_FOLDER = "dagsordner-og-referater"


def decision_path(record: r.DecisionRecord) -> str:
    assert record.date is not None
    return f"{DECISIONS_FOLDER}/{record.date:%Y-%m-%d}-{mapping.slugify(record.title)}.md"


def meeting_path(record: r.MeetingRecord, product_name: str) -> str:
    assert record.date is not None
    assert record.body_kind is not None
    product = "".join(part for part in product_name.split() if part)
    return (
        f"{MINUTES_FOLDER}/{mapping.FOLDER_OF[record.body_kind]}/"
        f"{record.date:%Y%m%d}_{product}{mapping.SUFFIX_OF[record.body_kind]}.md"
    )


def render_decision(record: r.DecisionRecord) -> str:
    prefix = {"strategic": "[SDR] ", "operational": "[ODR] "}.get(record.record_type or "", "")
    status_text = record.status_text
    if mapping.normalise_status(status_text) != record.status or not status_text:
        status_text = mapping.STATUS_TEXT.get(record.status or "", status_text)
    makers_text = record.decided_by_text
    # Names the import could not match (a person, an unknown group) stay as they were written.
    if mapping.decided_by(makers_text)[0] != record.decided_by or not makers_text:
        makers_text = mapping.decided_by_text(record.decided_by)
    type_text = record.type_text
    if mapping.record_type_of(None, type_text)[0] != record.record_type or not type_text:
        type_text = mapping.TYPE_TEXT.get(record.record_type or "", "")
    lines = [f"# {prefix}{line(record.title)}", ""]
    assert record.date is not None
    lines.append(f"- **Dato**: {mapping.format_date_like(record.date, record.date_text)}")
    if status_text:
        lines.append(f"- **Status**: {line(status_text)}")
    if makers_text:
        lines.append(f"- **Beslutningstagere**: {line(makers_text)}")
    if type_text:
        lines.append(f"- **Beslutningstype**: {line(type_text)}")
    if record.kind and record.kind != "general":
        lines.append(f"- **Kategori**: {mapping.KIND_TEXT[record.kind]}")
    if record.basis:
        lines.append(f"- **Grundlag**: {line(record.basis)}")
    for name in ("context", "decision", "consequences", "implementation", "risks"):
        text = getattr(record, name)
        if text:
            lines += ["", f"## {SECTION_HEADINGS[name]}", "", block(text)]
    if record.other_sections:
        lines += ["", block(record.other_sections)]
    return "\n".join(lines).rstrip() + "\n"


def _check(ticked: bool) -> str:
    return "[x]" if ticked else "[ ]"


def _who(name: str, role: str) -> str:
    return f"{line(name)} ({line(role)})" if role else line(name)


_SUB_NUMBER = re.compile(r"^\d+(?:\.\d+)+$")


def _item_details(item: r.ItemRecord) -> list[str]:
    lines = []
    if item.owner:
        lines.append(f"**Ansvarlig**: {line(item.owner)}")
    if item.duration_minutes:
        lines.append(f"**Varighed**: {item.duration_minutes} min.")
    if item.description:
        lines += ["", *block(item.description).splitlines()]
    if item.attachments:
        lines += ["", "**Bilag**:"]
        lines += [f"- {markdown_link(a.title, a.url)}" for a in item.attachments]
    return lines


def render_meeting(record: r.MeetingRecord) -> str:
    assert record.date is not None
    ready = record.status in ("minutes_ready", "minutes_approved")
    approved = record.status == "minutes_approved"
    approved_text = "Referat godkendt"
    if approved and record.approved_on is not None:
        approved_text += f" {record.approved_on:%d.%m.%Y}"
    title = line(record.title) or "Møde"
    lines = [
        "## Dagsorden og referat",
        f"# {title} {record.date:%d.%m.%Y}",
        "",
        "**Status**",
        f"- {_check(ready)} Referat klar til godkendelse",
        f"- {_check(approved)} {approved_text}",
        "",
        "## Mødefakta",
        "",
        f"**Mødenavn**: {title}",
        "",
        f"**Tid**: {record.date:%d.%m.%Y} {mapping.format_time_range(record.start, record.end)}".rstrip(),
        "",
        f"**Sted**: {line(record.location)}".rstrip(),
        "",
        "#### Deltagere:",
    ]
    members = [p for p in record.participants if not p.guest and p.status != "apologies"]
    guests = [p for p in record.participants if p.guest and p.status != "apologies"]
    apologies = [p for p in record.participants if p.status == "apologies"]
    for person in members:
        lines.append(f"- {_check(person.status == 'present')} {_who(person.name, person.role)}")
    if guests:
        lines += ["", "#### Gæster:"]
        for person in guests:
            if person.status == "invited":
                lines.append(f"- {_who(person.name, person.role)}")
            else:
                lines.append(f"- {_check(person.status == 'present')} {_who(person.name, person.role)}")
    lines += ["", "#### Afbud:"]
    lines += [f"- {_who(person.name, person.role)}" for person in apologies]
    lines += ["", "#### Faciliteret af:"]
    if record.chair:
        lines.append(f"- [x] {line(record.chair)} (Mødeleder)")
    if record.minute_taker:
        lines.append(f"- [x] {line(record.minute_taker)} (Referent)")
    lines += ["", "## Dagsorden"]
    section = ""
    for index, item in enumerate(record.items, start=1):
        number = line(item.number) or str(index)
        if item.section and _SUB_NUMBER.match(number):
            # Under its heading (``#### 1. Formalia``) as ``- 1.1 Title``, its details indented.
            if item.section != section:
                lines += ["", f"#### {line(item.section)}"]
                section = item.section
            lines.append(f"- {number} {line(item.title)}")
            lines += [f"  {line}" if line else "" for line in _item_details(item)]
            continue
        section = ""
        lines += ["", f"#### {number}{'' if '.' in number else '.'} {line(item.title)}", *_item_details(item)]
    lines += ["", "## Mødereferat", ""]
    if record.minutes_summary:
        lines += [block(record.minutes_summary), ""]
    for index, item in enumerate(record.items, start=1):
        if not item.minutes:
            continue
        number = line(item.number) or str(index)
        heading = f"> #### {number}{'' if '.' in number else '.'} {line(item.title)}"
        lines += [heading, "", block(item.minutes), ""]
    return "\n".join(lines).rstrip() + "\n"
