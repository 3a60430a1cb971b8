"""Apply a scanned governance repository to a product.

The import matches each file to what it created before (by its path in the repository; for records
the application wrote itself, by date and title or body and date), compares the values the file maps
to with the stored ones, and creates or updates only what differs: importing the same repository
twice changes nothing. Everything happens in one transaction; ``dry_run`` computes the same plan and
writes nothing. New rows are bulk-inserted with their history."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from programkontor.core import search, services
from programkontor.governance.models import (
    AgendaAttachment,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
)
from programkontor.governance.repository import mapping
from programkontor.governance.repository import records as r
from programkontor.governance.repository.conversion import (
    MeetingPlan,
    Progress,
    Resolver,
    _decision_data,
    _existing_plan,
    _meeting_data,
    _same_plan,
    decision_fields,
    meeting_plan,
)
from programkontor.governance.repository.fingerprint import decision_digest, meeting_digest
from programkontor.governance.repository.scan import Scan
from programkontor.portfolio.models import Product

if TYPE_CHECKING:
    from programkontor.core.actors import Actor


#: The plan of an import as JSON (the rows by kind with their action, what could not be read, counts).
Plan = dict[str, Any]


@dataclass
class Row:
    data: dict[str, Any]
    action: str  # "created" | "updated" | "unchanged"
    #: What an update changes: the fields (and "agenda_items", "attendance" of a meeting).
    changed: list[str] = field(default_factory=list)


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

    def as_dict(self) -> Plan:
        return {
            "dry_run": self.dry_run,
            "decisions": [
                {**row.data, "action": row.action, "changed": row.changed} for row in self.decisions
            ],
            "meetings": [{**row.data, "action": row.action, "changed": row.changed} for row in self.meetings],
            "unmapped": [item.as_dict() for item in self.unmapped],
            "skipped_templates": self.templates,
            "summary": self.counts(),
        }


def import_scan(
    scan: Scan,
    product: Product,
    *,
    actor: Actor,
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
    actor: Actor,
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
        text = scan.texts.get(path, "")
        if current is None:
            decision = Decision(product=product, **fields)
            decision.full_clean(exclude=["product", "decided_by_body", "co_decided_by_body"])
            decision.source_text, decision.source_digest = text, decision_digest(decision)
            new.append(decision)
            result.decisions.append(Row(data, "created"))
        else:
            probe = copy.copy(current)
            for name, value in fields.items():
                setattr(probe, name, value)
            source = {"source_text": text, "source_digest": decision_digest(probe)}
            changes = {k: v for k, v in fields.items() if getattr(current, k) != v}
            content_changes = {k: v for k, v in changes.items() if k not in ("source_path", "source_fields")}
            if content_changes and not dry_run:
                services.update(
                    current, actor=actor, expected_version=current.version, changes=changes, reason=reason
                )
            elif changes and not dry_run:
                Decision.objects.filter(pk=current.pk).update(**changes)  # only where it came from
            if not dry_run and any(getattr(current, k) != v for k, v in source.items()):
                Decision.objects.filter(pk=current.pk).update(**source)  # the file as it now is
            result.decisions.append(
                Row(data, "updated" if content_changes else "unchanged", sorted(content_changes))
            )
        if progress and (index % 200 == 0 or index == total):
            progress("decisions", index, total)
    if new and not dry_run:
        bulk_create_with_history(
            new, Decision, batch_size=500, default_user=_user(actor), default_change_reason=reason
        )
        search.index_objects(Decision, new)  # bulk_create sends no signals


def _plan_changes(new: MeetingPlan, old: MeetingPlan) -> list[str]:
    """What differs between two plans of a meeting: its fields, its agenda items, its attendance."""
    changed = sorted(
        name
        for name, value in new.fields.items()
        if name not in ("source_path", "source_text", "source_digest") and old.fields.get(name) != value
    )
    if not _same_plan(MeetingPlan(old.fields, new.items, []), MeetingPlan(old.fields, old.items, [])):
        changed.append("agenda_items")
    if not _same_plan(
        MeetingPlan(old.fields, [], new.attendances), MeetingPlan(old.fields, [], old.attendances)
    ):
        changed.append("attendance")
    return changed


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _import_meetings(
    scan: Scan,
    product: Product,
    result: ImportResult,
    *,
    actor: Actor,
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
        source = {"source_text": scan.texts.get(path, ""), "source_digest": meeting_digest(plan)}
        current = by_path.get(path) or by_key.pop((body.pk, record.date), None)
        if current is None:
            created.append((Meeting(body=body, **plan.fields, **source), plan))
            result.meetings.append(Row(data, "created"))
        elif _same_plan(plan, _existing_plan(current)):
            where = {"source_path": path, **source}  # where it came from, and the file as it now is
            if any(getattr(current, k) != v for k, v in where.items()) and not dry_run:
                Meeting.objects.filter(pk=current.pk).update(**where)
            result.meetings.append(Row(data, "unchanged"))
        else:
            plan.fields.update(source)
            replaced.append((current, plan))
            result.meetings.append(Row(data, "updated", _plan_changes(plan, _existing_plan(current))))
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
    linked = [
        AgendaAttachment(item=item, title=title, url=url)
        for item, links in attachments
        for title, url in links
    ]
    if linked:
        bulk_create_with_history(
            linked, AgendaAttachment, batch_size=500, default_user=_user(actor), default_change_reason=reason
        )
    if attendances:
        bulk_create_with_history(
            attendances, Attendance, batch_size=500, default_user=_user(actor), default_change_reason=reason
        )
    # bulk_create sends no signals: index what it created
    search.index_objects(Meeting, meetings)
    search.index_objects(AgendaItem, items)
    search.index_objects(AgendaAttachment, linked)
