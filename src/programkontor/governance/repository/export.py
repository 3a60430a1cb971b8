"""Export a product's decisions and minutes to a governance repository's layout: only what anonymous
readers may see, or everything (``internal``, for a private repository)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from django.db import models
from django.db.models import Prefetch, QuerySet

from programkontor.core import gate
from programkontor.governance.models import (
    AgendaAttachment,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
)
from programkontor.governance.repository.conversion import _existing_plan, decision_record, meeting_record
from programkontor.governance.repository.fingerprint import decision_digest, meeting_digest
from programkontor.governance.repository.render import (
    decision_path,
    meeting_path,
    render_decision,
    render_meeting,
)
from programkontor.portfolio.models import Product

ModelT = TypeVar("ModelT", bound=models.Model)


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
        if internal and decision.source_text and decision.source_digest == decision_digest(decision):
            text = decision.source_text  # imported and not changed since: the file as it was
        else:
            text = render_decision(record)
        written.decisions.append(_write(folder, path, text))
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
        if (
            internal
            and meeting.source_text
            and meeting.source_digest == meeting_digest(_existing_plan(meeting))
        ):
            text = meeting.source_text  # imported and not changed since: the file as it was
        else:
            text = render_meeting(minutes)
        written.meetings.append(_write(folder, path, text))
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
    target.write_bytes(text.encode("utf-8"))
    return relative
