"""Read OS2's governance Markdown: decision records and meeting minutes (pure functions).

Decision record (one file per decision, ``YYYY-MM-DD-slug.md``)::

    # [SDR] Title
    - **Dato**: 2026-08-21            (also ``**Dato:**``, with or without the bullet)
    - **Status**: Accepteret
    - **Beslutningstagere**: Styregruppen
    - **Beslutningstype**: Strategisk
    ## Kontekst / Årsag ... ## Beslutning ... ## Konsekvenser ... ## Effektuering ... ## Risici ...

Minutes are read in :mod:`.minutes` (offered here too), the lines both share in :mod:`.lines`.
"""

from __future__ import annotations

import re

from programkontor.governance.repository import mapping
from programkontor.governance.repository import records as r
from programkontor.governance.repository.lines import FIELD, HEADING, PREFIX, Parsed, clean
from programkontor.governance.repository.minutes import looks_like_minutes, parse_minutes

__all__ = [
    "DECISION_FIELDS",
    "SECTION_FIELDS",
    "SECTION_HEADINGS",
    "Parsed",
    "looks_like_decision",
    "looks_like_minutes",
    "parse_decision",
    "parse_minutes",
]

DECISION_FIELDS = {
    "dato": "date",
    "status": "status",
    "beslutningstagere": "decided_by",
    "truffet af": "decided_by",
    "beslutningstype": "type",
    "kategori": "kind",
    "grundlag": "basis",
}
SECTION_FIELDS = {
    "context": ("kontekst", "årsag", "kontekst/årsag", "kontekst / årsag", "baggrund", "kontekst og årsag"),
    "decision": ("beslutning", "beslutningen", "beskrivelse af beslutningen", "indstilling"),
    "consequences": ("konsekvens", "konsekvenser"),
    "implementation": ("effektuering", "implementering", "gennemførelse", "handleplan"),
    "risks": ("risici", "risiko", "risikovurdering", "risici og afhængigheder"),
}
SECTION_HEADINGS = {
    "context": "Kontekst / Årsag",
    "decision": "Beslutning",
    "consequences": "Konsekvenser",
    "implementation": "Effektuering",
    "risks": "Risici",
}


def _section_field(heading: str) -> str | None:
    folded = mapping.fold(heading).replace(" /", "/").replace("/ ", "/")
    for name, headings in SECTION_FIELDS.items():
        if folded in {h.replace(" /", "/").replace("/ ", "/") for h in headings}:
            return name
    return None


def looks_like_decision(text: str) -> bool:
    head = text.lstrip()[:400]
    return bool(re.search(r"^#\s*\[(SDR|ODR)\]", head, re.M | re.I)) or bool(
        re.search(r"\*\*\s*beslutningstagere", text, re.I)
    )


def parse_decision(text: str, source_file: str) -> Parsed:
    name = source_file.rsplit("/", 1)[-1]
    unmapped: list[r.Unmapped] = []

    def miss(field_name: str, value: str, reason: str) -> None:
        unmapped.append(r.Unmapped(source_file, field_name, value, reason))

    title = ""
    prefix: str | None = None
    fields: dict[str, str] = {}
    sections: dict[str, list[str]] = {}
    others: list[tuple[str, list[str]]] = []
    current: list[str] | None = None
    level = 0
    before_first_section: list[str] = []
    for line in text.splitlines():
        heading = HEADING.match(line)
        if heading and len(heading[1]) == 1 and not title:
            raw = heading[2].strip()
            if match := PREFIX.match(raw):
                prefix, title = match["prefix"].upper(), match["title"].strip()
            else:
                title = raw
            continue
        if heading and len(heading[1]) >= 2:
            target = _section_field(heading[2])
            if target is None and current is not None and len(heading[1]) > level:
                current.append(line)  # a subheading inside a section stays where it stands
                continue
            level = len(heading[1])
            if target is not None and (target not in sections or not clean(sections[target])):
                # A field's section that held only the field bullets gives way to a later one.
                current = sections.setdefault(target, [])
            else:
                current = []
                others.append((heading[0].strip(), current))
            continue
        field_match = FIELD.match(line)
        if field_match:
            key = mapping.fold(field_match["key"])
            if key in DECISION_FIELDS and DECISION_FIELDS[key] not in fields:
                fields[DECISION_FIELDS[key]] = field_match["value"].strip()
                continue
        (current if current is not None else before_first_section).append(line)

    if prefix is not None and prefix not in ("SDR", "ODR"):
        miss("title", f"[{prefix}]", "ukendt præfiks (forventede [SDR] eller [ODR])")
        title = f"[{prefix}] {title}"
    if not title:
        miss("title", "", "ingen overskrift på niveau 1 med beslutningens titel; ikke importeret")
        return Parsed(None, unmapped)

    date = mapping.parse_date(fields.get("date", "")) if fields.get("date") else None
    if fields.get("date") and date is None:
        miss("Dato", fields["date"], "ikke en dato")
    named = mapping.date_from_filename(name)
    if date is not None and named is not None and date != named:
        miss(
            "Dato",
            fields["date"],
            f"Dato ({date:%Y-%m-%d}) og filnavnets dato ({named:%Y-%m-%d}) er forskellige; Dato er brugt",
        )
    if date is None:
        date = named
    if date is None:
        miss("Dato", fields.get("date", ""), "ingen dato i beslutningen eller dens filnavn; ikke importeret")
        return Parsed(None, unmapped)

    status_text = fields.get("status", "")
    status = mapping.normalise_status(status_text)
    if status_text and status is None:
        miss(
            "Status",
            status_text,
            "ukendt status; den oprindelige tekst er gemt, og beslutningen registreret som forslag",
        )
    elif not status_text:
        miss("Status", "", "ingen status; registreret som forslag")

    makers_text = fields.get("decided_by", "")
    makers, leftover = mapping.decided_by(makers_text)
    if leftover:
        miss("Beslutningstagere", makers_text, f"kunne ikke knytte »{leftover}« til et organ eller en rolle")
    elif not makers_text:
        miss("Beslutningstagere", "", "ingen beslutningstagere")

    type_text = fields.get("type", "")
    record_type, problem = mapping.record_type_of(prefix, type_text)
    if problem == "unknown":
        miss("Beslutningstype", type_text, "ukendt beslutningstype")
    elif problem == "conflict":
        miss("Beslutningstype", type_text, f"modsiger overskriftens [{prefix}]; overskriften er brugt")

    kind = None
    if fields.get("kind"):
        kind = mapping.kind_of(fields["kind"])
        if kind is None:
            miss("Kategori", fields["kind"], "ukendt kategori")

    body = {name: clean(lines) for name, lines in sections.items()}
    preamble = clean(before_first_section)
    other_parts = []
    if preamble:
        other_parts.append(preamble)
    for heading_line, lines in others:
        content = clean(lines)
        other_parts.append(f"{heading_line}\n\n{content}" if content else heading_line)
        miss(
            "section",
            heading_line.lstrip("# "),
            "afsnit uden eget felt; gemt under øvrige afsnit",
        )
    record = r.DecisionRecord(
        title=title,
        date=date,
        record_type=record_type,
        status=status,
        decided_by=makers,
        kind=kind,
        context=body.get("context", ""),
        decision=body.get("decision", ""),
        consequences=body.get("consequences", ""),
        implementation=body.get("implementation", ""),
        risks=body.get("risks", ""),
        other_sections="\n\n".join(other_parts),
        basis=fields.get("basis", ""),
        status_text=status_text,
        decided_by_text=makers_text,
        type_text=type_text,
        date_text=fields.get("date", ""),
    )
    return Parsed(record, unmapped)
