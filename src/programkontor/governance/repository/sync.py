"""Apply a scanned governance repository to a product, and export a product to the same layout.

The import matches each file to what it created before (by its path in the repository; for records
the application wrote itself, by date and title or body and date), compares the values the file maps
to with the stored ones, and creates or updates only what differs: importing the same repository
twice changes nothing. Everything happens in one transaction; ``dry_run`` computes the same plan and
writes nothing. New rows are bulk-inserted with their history.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from programkontor.core import gate, services
from programkontor.governance.models import (
    AgendaAttachment,
    AgendaItem,
    AgendaItemKind,
    Attendance,
    Decision,
    DecisionRole,
    DecisionStatus,
    Meeting,
)
from programkontor.governance.repository import mapping
from programkontor.governance.repository import records as r
from programkontor.governance.repository.render import (
    decision_path,
    meeting_path,
    render_decision,
    render_meeting,
)
from programkontor.governance.repository.scan import Scan
from programkontor.portfolio.models import Body, BodyKind, Person, Product

ModelT = TypeVar("ModelT", bound=models.Model)

KIND_OF_BODY = {
    BodyKind.STEERING: r.STEERING,
    BodyKind.COORDINATION: r.COORDINATION,
    BodyKind.BOARD: r.BOARD,
    BodyKind.INTEREST: r.INTEREST,
}
BODY_OF_KIND = {value: key for key, value in KIND_OF_BODY.items()}
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


@dataclass
class Row:
    data: dict[str, Any]
    action: str  # "created" | "updated" | "unchanged"


@dataclass
class ImportResult:
    decisions: list[Row] = field(default_factory=list)
    meetings: list[Row] = field(default_factory=list)
    unmapped: list[r.Unmapped] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)
    dry_run: bool = False

    def counts(self) -> dict[str, dict[str, int]]:
        result: dict[str, dict[str, int]] = {}
        for name, rows in (("decisions", self.decisions), ("meetings", self.meetings)):
            tally = {"created": 0, "updated": 0, "unchanged": 0}
            for row in rows:
                tally[row.action] += 1
            result[name] = tally
        return result

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "decisions": [{**row.data, "action": row.action} for row in self.decisions],
            "meetings": [{**row.data, "action": row.action} for row in self.meetings],
            "unmapped": [item.as_dict() for item in self.unmapped],
            "skipped_templates": self.templates,
            "summary": self.counts(),
        }


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


# --------------------------------------------------------------------------------------- import


def import_scan(
    scan: Scan,
    product: Product,
    *,
    actor: Any,
    dry_run: bool = False,
    progress: Progress | None = None,
    source: str = "",
) -> ImportResult:
    result = ImportResult(unmapped=list(scan.unmapped), templates=list(scan.templates), dry_run=dry_run)
    reason = f"imported from {source}"[:250] if source else "imported from a governance repository"
    with transaction.atomic():
        _import_decisions(
            scan, product, result, actor=actor, dry_run=dry_run, progress=progress, reason=reason
        )
        _import_meetings(
            scan, product, result, actor=actor, dry_run=dry_run, progress=progress, reason=reason
        )
        if dry_run:
            transaction.set_rollback(True)
    return result


def _import_decisions(
    scan: Scan,
    product: Product,
    result: ImportResult,
    *,
    actor: Any,
    dry_run: bool,
    progress: Progress | None,
    reason: str,
) -> None:
    resolver = Resolver(product)
    existing = list(Decision.objects.filter(product=product))
    by_path = {d.source_path: d for d in existing if d.source_path}
    by_key: dict[tuple[Any, str], Decision] = {
        (d.date, mapping.fold(d.title)): d for d in existing if not d.source_path
    }
    new: list[Decision] = []
    total = len(scan.decisions)
    for index, (path, record) in enumerate(scan.decisions, start=1):
        fields = decision_fields(record, path, resolver, result.unmapped)
        current = by_path.get(path) or by_key.pop((record.date, mapping.fold(record.title)), None)
        data = _decision_data(record, path)
        if current is None:
            decision = Decision(product=product, **fields)
            decision.full_clean(exclude=["product", "decided_by_body", "co_decided_by_body"])
            new.append(decision)
            result.decisions.append(Row(data, "created"))
        else:
            changes = {k: v for k, v in fields.items() if getattr(current, k) != v}
            content_changes = {k: v for k, v in changes.items() if k not in ("source_path", "source_fields")}
            if content_changes and not dry_run:
                services.update(
                    current, actor=actor, expected_version=current.version, changes=changes, reason=reason
                )
            elif changes and not dry_run:
                Decision.objects.filter(pk=current.pk).update(**changes)  # only where it came from
            result.decisions.append(Row(data, "updated" if content_changes else "unchanged"))
        if progress and (index % 200 == 0 or index == total):
            progress("decisions", index, total)
    if new and not dry_run:
        bulk_create_with_history(
            new, Decision, batch_size=500, default_user=_user(actor), default_change_reason=reason
        )


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _import_meetings(
    scan: Scan,
    product: Product,
    result: ImportResult,
    *,
    actor: Any,
    dry_run: bool,
    progress: Progress | None,
    reason: str,
) -> None:
    resolver = Resolver(product)
    bodies = {body.pk: body for body in resolver.bodies.values()}
    existing = list(
        Meeting.objects.filter(body_id__in=list(bodies))
        .prefetch_related("agenda_items__attachments", "attendances")
        .order_by("starts_at")
    )
    by_path = {m.source_path: m for m in existing if m.source_path}
    by_key: dict[tuple[int, Any], Meeting] = {
        (m.body_id, timezone.localdate(m.starts_at)): m for m in existing if not m.source_path
    }
    created: list[tuple[Meeting, MeetingPlan]] = []
    replaced: list[tuple[Meeting, MeetingPlan]] = []
    total = len(scan.meetings)
    for index, (path, record) in enumerate(scan.meetings, start=1):
        body = resolver.bodies.get(record.body_kind or "")
        if body is None:
            result.unmapped.append(
                r.Unmapped(
                    path,
                    "body",
                    record.body_kind or "",
                    f"{product} har ikke et sådant organ; referatet er ikke importeret",
                )
            )
            continue
        plan = meeting_plan(record, path, body, resolver, result.unmapped)
        data = _meeting_data(record, path)
        current = by_path.get(path) or by_key.pop((body.pk, record.date), None)
        if current is None:
            created.append((Meeting(body=body, **plan.fields), plan))
            result.meetings.append(Row(data, "created"))
        elif _same_plan(plan, _existing_plan(current)):
            if current.source_path != path and not dry_run:
                Meeting.objects.filter(pk=current.pk).update(source_path=path)  # only where it came from
            result.meetings.append(Row(data, "unchanged"))
        else:
            replaced.append((current, plan))
            result.meetings.append(Row(data, "updated"))
        if progress and (index % 200 == 0 or index == total):
            progress("meetings", index, total)
    if dry_run:
        return
    for meeting, plan in replaced:
        services.update(
            meeting, actor=actor, expected_version=meeting.version, changes=plan.fields, reason=reason
        )
        meeting.agenda_items.all().delete()
        meeting.attendances.all().delete()
    meetings = [meeting for meeting, _plan in created]
    for meeting in meetings:
        meeting.full_clean(exclude=["body", "chair", "minute_taker"])
    if meetings:
        bulk_create_with_history(
            meetings, Meeting, batch_size=500, default_user=_user(actor), default_change_reason=reason
        )
    children = [(meeting, plan) for meeting, plan in [*created, *replaced]]
    items: list[AgendaItem] = []
    attachments: list[tuple[AgendaItem, list[tuple[str, str]]]] = []
    attendances: list[Attendance] = []
    for meeting, plan in children:
        for values in plan.items:
            item = AgendaItem(meeting=meeting, **{k: v for k, v in values.items() if k != "attachments"})
            items.append(item)
            if values["attachments"]:
                attachments.append((item, values["attachments"]))
        attendances += [Attendance(meeting=meeting, **values) for values in plan.attendances]
    if items:
        bulk_create_with_history(
            items, AgendaItem, batch_size=500, default_user=_user(actor), default_change_reason=reason
        )
    if attachments:
        bulk_create_with_history(
            [
                AgendaAttachment(item=item, title=title, url=url)
                for item, links in attachments
                for title, url in links
            ],
            AgendaAttachment,
            batch_size=500,
            default_user=_user(actor),
            default_change_reason=reason,
        )
    if attendances:
        bulk_create_with_history(
            attendances, Attendance, batch_size=500, default_user=_user(actor), default_change_reason=reason
        )


# --------------------------------------------------------------------------------------- export


@dataclass
class Export:
    """The paths written, by kind of record (an imported record keeps its own path, whatever it is)."""

    decisions: list[str] = field(default_factory=list)
    meetings: list[str] = field(default_factory=list)

    @property
    def paths(self) -> list[str]:
        return [*self.decisions, *self.meetings]


def export_product(product: Product, folder: Path, *, internal: bool = False) -> Export:
    """Write the product's decisions and its bodies' minutes below ``folder``; returns the paths written.

    By default only what an anonymous reader may see, read through the gate as anonymous: published
    decisions, approved and published minutes of published bodies, their agenda items and
    attachments, attendance of people who are public contacts, and other people's names left out.
    ``internal`` writes everything (for a private repository). A row imported from a repository goes
    back to the path it came from, so exporting into a checkout of that repository rewrites its files
    in place."""
    written = Export()
    decisions = _readable(Decision, internal).filter(product=product)
    for decision in decisions.select_related("decided_by_body", "co_decided_by_body").order_by("date", "pk"):
        record = decision_record(decision, public=not internal)
        path = decision.source_path or decision_path(record)
        written.decisions.append(_write(folder, path, render_decision(record)))
    meetings = (
        _readable(Meeting, internal)
        .filter(body__product=product)
        .select_related("body", "chair", "minute_taker")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                _readable(AgendaItem, internal).select_related("owner"),
            ),
            Prefetch("agenda_items__attachments", _readable(AgendaAttachment, internal)),
            Prefetch("attendances", _readable(Attendance, internal).select_related("person")),
        )
        .order_by("starts_at", "pk")
    )
    for meeting in meetings:
        minutes = meeting_record(meeting, public=not internal)
        path = meeting.source_path or meeting_path(minutes, product.name)
        written.meetings.append(_write(folder, path, render_meeting(minutes)))
    return written


def _readable(model: type[ModelT], internal: bool) -> QuerySet[ModelT]:
    """``model``'s rows the export may write: all of them (internal), or what anonymous readers see."""
    if internal:
        return model._default_manager.all()
    return gate.restrict(model, None, "view")


def _write(folder: Path, relative: str, text: str) -> str:
    target = (folder / relative).resolve()
    if not target.is_relative_to(folder.resolve()):
        raise ValueError(f"{relative} is outside the export folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return relative
