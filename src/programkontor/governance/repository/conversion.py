"""Between a governance repository's records and the application's rows: the fields a record maps
to, the plan of a meeting (items, attendance), and the records written back for a stored decision or
meeting (with the names and fields a public export leaves out)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from programkontor.governance.models import (
    AgendaItemKind,
    Decision,
    DecisionRole,
    DecisionStatus,
    Meeting,
)
from programkontor.governance.repository import mapping
from programkontor.governance.repository import records as r
from programkontor.portfolio.models import Body, BodyKind, Person, Product

KIND_OF_BODY = {
    BodyKind.STEERING: r.STEERING,
    BodyKind.COORDINATION: r.COORDINATION,
    BodyKind.BOARD: r.BOARD,
    BodyKind.INTEREST: r.INTEREST,
    BodyKind.PROJECT: r.PROJECT,
    BodyKind.WORKING: r.WORKING,
    BodyKind.NETWORK: r.NETWORK,
    BodyKind.OTHER: r.OTHER,
}
BODY_OF_KIND = {value: key for key, value in KIND_OF_BODY.items()}


def record_folders(product: Product) -> dict[str, str]:
    """The product's folder mapping (folder → body kind, stored with its repository settings) in the
    parser's terms; kinds no longer known are left out."""
    folders = product.governance_folders if isinstance(product.governance_folders, dict) else {}
    return {
        str(folder): KIND_OF_BODY[BodyKind(kind)]
        for folder, kind in folders.items()
        if kind in BodyKind.values
    }


ROLE_OF_KIND = {
    r.SECRETARIAT: DecisionRole.SECRETARIAT,
    r.GENERAL_ASSEMBLY: DecisionRole.GENERAL_ASSEMBLY,
    r.PROGRAM_MANAGER: DecisionRole.PROGRAM_MANAGER,
    r.PRODUCT_COORDINATOR: DecisionRole.PRODUCT_COORDINATOR,
    r.PRODUCT_OWNER: DecisionRole.PRODUCT_OWNER,
}
KIND_OF_ROLE: dict[str, str] = {str(value): key for key, value in ROLE_OF_KIND.items()}
DECISION_FIELDS = (
    "title",
    "date",
    "record_type",
    "status",
    "decided_by_body_id",
    "co_decided_by_body_id",
    "decided_by_role",
    "context",
    "decision",
    "consequences",
    "implementation",
    "risks",
    "other_sections",
    "basis",
    "source_path",
    "source_fields",
)
MEETING_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "location",
    "video_url",
    "status",
    "chair_id",
    "chair_name",
    "minute_taker_id",
    "minute_taker_name",
    "minutes_summary",
    "minutes_approved_on",
    "source_path",
)

Progress = Callable[[str, int, int], None]


class Resolver:
    """Bodies and people of the product, read once."""

    def __init__(self, product: Product) -> None:
        self.product = product
        self.bodies: dict[str, Body] = {}
        for body in Body.objects.filter(product=product, archived_at__isnull=True).order_by("pk"):
            self.bodies.setdefault(KIND_OF_BODY[BodyKind(body.kind)], body)
        board = Body.objects.filter(kind=BodyKind.BOARD, archived_at__isnull=True).order_by("pk").first()
        if board is not None:
            self.bodies.setdefault(r.BOARD, board)
        self.people: dict[str, list[int]] = defaultdict(list)
        for pk, first, last in Person.objects.filter(archived_at__isnull=True).values_list(
            "pk", "first_name", "last_name"
        ):
            self.people[mapping.fold(f"{first} {last}")].append(pk)
        members: dict[int, set[int]] = defaultdict(set)
        for body in self.bodies.values():
            members[body.pk] = set(body.memberships.values_list("person_id", flat=True))
        self.members = members

    def person(self, name: str, body: Body | None) -> int | None:
        found = self.people.get(mapping.fold(name), [])
        if len(found) == 1:
            return found[0]
        if body is not None:
            in_body = [pk for pk in found if pk in self.members.get(body.pk, set())]
            if len(in_body) == 1:
                return in_body[0]
        return None


def _aware(day: datetime.date, time: datetime.time | None) -> datetime.datetime:
    return datetime.datetime.combine(day, time or datetime.time(0, 0), tzinfo=timezone.get_current_timezone())


# ------------------------------------------------------------------------------------- decisions


def decision_fields(
    record: r.DecisionRecord, path: str, resolver: Resolver, unmapped: list[r.Unmapped]
) -> dict[str, Any]:
    bodies = [kind for kind in record.decided_by if kind in r.BODY_KINDS]
    roles = [kind for kind in record.decided_by if kind in r.ROLE_KINDS]
    resolved = []
    for kind in bodies:
        body = resolver.bodies.get(kind)
        if body is None:
            unmapped.append(
                r.Unmapped(
                    path,
                    "Beslutningstagere",
                    record.decided_by_text,
                    f"{resolver.product} har intet organ af typen {kind}",
                )
            )
        else:
            resolved.append(body)
    role = ""
    if roles:
        if resolved:
            unmapped.append(
                r.Unmapped(
                    path,
                    "Beslutningstagere",
                    record.decided_by_text,
                    "en rolle ud over et organ; rollen er ikke gemt",
                )
            )
        else:
            role = ROLE_OF_KIND[roles[0]]
    if len(resolved) > 2:
        unmapped.append(
            r.Unmapped(
                path, "Beslutningstagere", record.decided_by_text, "mere end to organer; de to første er gemt"
            )
        )
    source = {
        key: value
        for key, value in (
            ("Status", record.status_text),
            ("Beslutningstagere", record.decided_by_text),
            ("Beslutningstype", record.type_text),
            ("Dato", record.date_text),
        )
        if value
    }
    return {
        "title": record.title[:300],
        "date": record.date,
        "record_type": record.record_type or "",
        "status": record.status or DecisionStatus.PROPOSED,
        "decided_by_body_id": resolved[0].pk if resolved else None,
        "co_decided_by_body_id": resolved[1].pk if len(resolved) > 1 else None,
        "decided_by_role": role,
        "context": record.context,
        "decision": record.decision,
        "consequences": record.consequences,
        "implementation": record.implementation,
        "risks": record.risks,
        "other_sections": record.other_sections,
        "basis": record.basis[:300],
        "source_path": path,
        "source_fields": source,
        **({"kind": record.kind} if record.kind else {}),
    }


def decision_record(decision: Decision, *, public: bool = False) -> r.DecisionRecord:
    """The record of a stored decision; ``public`` leaves out its internal fields (the texts as the
    source file wrote them, so the canonical texts are written)."""
    kinds: list[str] = []
    for body in (decision.decided_by_body, decision.co_decided_by_body):
        if body is not None:
            kinds.append(KIND_OF_BODY[BodyKind(body.kind)])
    if decision.decided_by_role in KIND_OF_ROLE:
        kinds.append(KIND_OF_ROLE[decision.decided_by_role])
    source = {} if public and "source_fields" in decision.internal_fields else decision.source_fields or {}
    return r.DecisionRecord(
        title=decision.title,
        date=decision.date,
        record_type=decision.record_type or None,
        status=decision.status,
        decided_by=tuple(kinds),
        kind=decision.kind,
        context=decision.context,
        decision=decision.decision,
        consequences=decision.consequences,
        implementation=decision.implementation,
        risks=decision.risks,
        other_sections=decision.other_sections,
        basis=decision.basis,
        status_text=source.get("Status", ""),
        decided_by_text=source.get("Beslutningstagere", ""),
        type_text=source.get("Beslutningstype", ""),
        date_text=source.get("Dato", ""),
    )


def _decision_data(record: r.DecisionRecord, path: str) -> dict[str, Any]:
    return {
        "date": record.date.isoformat() if record.date else None,
        "title": record.title,
        "record_type": record.record_type,
        "status": record.status,
        "decided_by": list(record.decided_by),
        "source_file": path,
    }


# -------------------------------------------------------------------------------------- meetings


@dataclass
class MeetingPlan:
    fields: dict[str, Any]
    items: list[dict[str, Any]]  # each with "attachments": [(title, url)]
    attendances: list[dict[str, Any]]


def meeting_plan(
    record: r.MeetingRecord, path: str, body: Body, resolver: Resolver, unmapped: list[r.Unmapped]
) -> MeetingPlan:
    assert record.date is not None
    starts = _aware(record.date, record.start)
    ends = (
        _aware(record.date, record.end) if record.end and record.start and record.end > record.start else None
    )
    location, video = record.location, ""
    if location.startswith(("http://", "https://")):
        location, video = "", location

    def person(name: str, what: str) -> int | None:
        if not name:
            return None
        pk = resolver.person(name, body)
        if pk is None:
            unmapped.append(
                r.Unmapped(
                    path, what, name, "ingen (entydig) person med dette navn; navnet er gemt som tekst"
                )
            )
        return pk

    chair = person(record.chair, "Mødeleder")
    minute_taker = person(record.minute_taker, "Referent")

    fields = {
        "title": record.title[:200],
        "starts_at": starts,
        "ends_at": ends,
        "location": location[:200],
        "video_url": video,
        "status": record.status,
        "chair_id": chair,
        "chair_name": "" if chair else record.chair[:200],
        "minute_taker_id": minute_taker,
        "minute_taker_name": "" if minute_taker else record.minute_taker[:200],
        "minutes_summary": record.minutes_summary,
        "minutes_approved_on": record.approved_on if record.status == "minutes_approved" else None,
        "source_path": path,
    }
    items = []
    for position, item in enumerate(record.items, start=1):
        owner = resolver.person(item.owner, body) if item.owner else None
        if item.owner and owner is None:
            unmapped.append(
                r.Unmapped(
                    path,
                    "Ansvarlig",
                    item.owner,
                    "ingen (entydig) person med dette navn; navnet er gemt som tekst",
                )
            )
        folded = mapping.fold(item.title)
        kind = (
            AgendaItemKind.APPROVAL_OF_MINUTES
            if folded.startswith("godkendelse af referat")
            else AgendaItemKind.STANDARD
        )
        items.append(
            {
                "position": position,
                "section": item.section[:300],
                "number": item.number[:20],
                "title": item.title[:300],
                "kind": kind,
                "description": item.description,
                "owner_id": owner,
                "owner_name": "" if owner else item.owner[:200],
                "duration_minutes": item.duration_minutes,
                "minutes": item.minutes,
                "attachments": [(a.title[:200], a.url) for a in item.attachments],
            }
        )
    attendances = []
    seen: set[int] = set()
    for participant in record.participants:
        pk = resolver.person(participant.name, body)
        if pk is not None and pk in seen:
            pk = None
        if pk is not None:
            seen.add(pk)
        attendances.append(
            {
                "person_id": pk,
                "name": "" if pk else participant.name[:200],
                "status": participant.status,
                "is_guest": participant.guest,
                "note": participant.role[:200],
            }
        )
    return MeetingPlan(fields, items, attendances)


def _existing_plan(meeting: Meeting) -> MeetingPlan:
    fields = {name: getattr(meeting, name) for name in MEETING_FIELDS}
    items = [
        {
            "position": item.position,
            "section": item.section,
            "number": item.number,
            "title": item.title,
            "kind": item.kind,
            "description": item.description,
            "owner_id": item.owner_id,
            "owner_name": item.owner_name,
            "duration_minutes": item.duration_minutes,
            "minutes": item.minutes,
            "attachments": [(a.title, a.url) for a in item.attachments.all()],
        }
        for item in meeting.agenda_items.all()
    ]
    attendances = [
        {"person_id": a.person_id, "name": a.name, "status": a.status, "is_guest": a.is_guest, "note": a.note}
        for a in meeting.attendances.all()
    ]
    return MeetingPlan(fields, items, attendances)


def _same_plan(a: MeetingPlan, b: MeetingPlan) -> bool:
    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        return (row["is_guest"], row["person_id"] or 0, row["name"], row["status"], row["note"])

    def fields(plan: MeetingPlan) -> dict[str, Any]:
        return {k: v for k, v in plan.fields.items() if k != "source_path"}

    return (
        fields(a) == fields(b)
        and [{k: v for k, v in i.items() if k not in ("position", "number")} for i in a.items]
        == [{k: v for k, v in i.items() if k not in ("position", "number")} for i in b.items]
        and sorted(map(key, a.attendances)) == sorted(map(key, b.attendances))
    )


def meeting_record(meeting: Meeting, *, public: bool = False) -> r.MeetingRecord:
    """The record of a stored meeting (with its agenda items, attachments and attendance as fetched).

    ``public`` writes a person's name only where a reader of published minutes may see it: attendees,
    the chair, the minute-taker and item owners only when they are public contacts (the models'
    ``internal_fields``; names kept as text, for people who are not in the database, are internal).
    The chair, minute-taker and owners are the linked person, else the name as the import wrote it.
    Which meetings and items are written is the caller's choice (the gate, see :func:`export_product`).
    """
    start = timezone.localtime(meeting.starts_at)
    end = timezone.localtime(meeting.ends_at) if meeting.ends_at else None
    hidden = set(meeting.internal_fields) if public else set()
    participants = tuple(
        r.Participant(a.person.full_name if a.person is not None else a.name, a.note, a.status, a.is_guest)
        for a in meeting.attendances.all()
        # Published minutes name only attendees who are public contacts (as the Attendance gate does).
        if not public or (a.person is not None and a.person.is_public)
    )
    items = tuple(
        r.ItemRecord(
            number=item.number,
            title=item.title,
            description=item.description,
            owner=_name(item.owner, item.owner_name, "owner", item.internal_fields if public else ()),
            duration_minutes=item.duration_minutes,
            minutes=item.minutes,
            attachments=tuple(r.Attachment(a.title, a.url) for a in item.attachments.all()),
            section=item.section,
        )
        for item in meeting.agenda_items.all()
    )
    status = meeting.status if meeting.status in r.MEETING_STATUSES else "agenda_sent"
    return r.MeetingRecord(
        body_kind=KIND_OF_BODY[BodyKind(meeting.body.kind)],
        date=start.date(),
        title=meeting.title or str(meeting.body),
        start=start.time() if (start.hour, start.minute) != (0, 0) else None,
        end=end.time() if end else None,
        location=meeting.video_url or meeting.location,
        status=status,
        approved_on=meeting.minutes_approved_on,
        participants=participants,
        chair=_name(meeting.chair, meeting.chair_name, "chair", hidden),
        minute_taker=_name(meeting.minute_taker, meeting.minute_taker_name, "minute_taker", hidden),
        items=items,
        minutes_summary=meeting.minutes_summary,
    )


def _name(person: Person | None, text: str, field_name: str, hidden: Iterable[str]) -> str:
    """The linked person's name, else the name kept as text; "" where the field is hidden."""
    hidden = set(hidden)
    if person is not None:
        return "" if field_name in hidden else person.full_name
    return "" if f"{field_name}_name" in hidden else text


def _meeting_data(record: r.MeetingRecord, path: str) -> dict[str, Any]:
    return {
        "date": record.date.isoformat() if record.date else None,
        "body": record.body_kind,
        "title": record.title,
        "present": record.count("present"),
        "absent": record.count("absent"),
        "apologies": record.count("apologies"),
        "minutes_approved": record.status == "minutes_approved",
        "source_file": path,
    }
