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
from programkontor.governance.repository.records import MeetingRecord
from programkontor.governance.repository.render import (
    decision_path,
    meeting_path,
    render_decision,
    render_meeting,
)
from programkontor.governance.repository.restyle import patch_meeting
from programkontor.portfolio.models import Product

ModelT = TypeVar("ModelT", bound=models.Model)


@dataclass
class Export:
    """The paths written, by kind of record (an imported record keeps its own path, whatever it is)."""

    decisions: list[str] = field(default_factory=list)
    meetings: list[str] = field(default_factory=list)
    #: Files changed in the repository since they were imported, and in Programkontor too: not written.
    conflicts: list[str] = field(default_factory=list)

    @property
    def paths(self) -> list[str]:
        return [*self.decisions, *self.meetings]


def export_product(
    product: Product, folder: Path, *, internal: bool = False, only_changed: bool = False
) -> Export:
    """Write the product's decisions and its bodies' minutes below ``folder``; returns the paths written.

    By default only what an anonymous reader may see, read through the gate as anonymous: published
    decisions, approved and published minutes of published bodies, their agenda items and
    attachments, attendance of people who are public contacts, and other people's names left out.
    ``internal`` writes everything (for a private repository). A row imported from a repository goes
    back to the path it came from, so exporting into a checkout of that repository rewrites its files
    in place.

    ``only_changed`` (writing into a working copy of the repository itself) writes only what was made
    or changed in Programkontor: a record imported and not changed since is left as the repository
    has it, and a changed record whose file the repository changed since the import is a conflict,
    listed and not written (fetch the repository's changes first)."""
    written = Export()
    decisions = _readable(Decision, internal).filter(product=product)
    for decision in decisions.select_related("decided_by_body", "co_decided_by_body").order_by("date", "pk"):
        record = decision_record(decision, public=not internal)
        path = decision.source_path or decision_path(record)
        unchanged = bool(decision.source_text) and decision.source_digest == decision_digest(decision)
        if only_changed and _skip(folder, path, decision.source_text, unchanged, written):
            continue
        # imported and not changed since: the file as it was
        text = decision.source_text if internal and unchanged else render_decision(record)
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
        unchanged = bool(meeting.source_text) and meeting.source_digest == meeting_digest(
            _existing_plan(meeting)
        )
        if only_changed and _skip(folder, path, meeting.source_text, unchanged, written):
            continue
        text = (
            meeting.source_text if internal and unchanged else _meeting_text(meeting, path, minutes, internal)
        )
        written.meetings.append(_write(folder, path, text))
    return written


def _meeting_text(meeting: Meeting, path: str, minutes: MeetingRecord, internal: bool) -> str:
    """A changed meeting imported from a file: that file with the changed values patched in, in its own
    style (:func:`.restyle.patch_meeting`), when every change can be placed; else (and for a public
    export, which must not carry the file's internal parts) Programkontor's layout in full."""
    if internal and meeting.source_text:
        patched = patch_meeting(meeting.source_text, path, minutes)
        if patched is not None:
            return patched
    return render_meeting(minutes)


def _skip(folder: Path, path: str, source_text: str, unchanged: bool, written: Export) -> bool:
    """Whether a record is left alone when only changes are written: unchanged since its import, or
    changed here while its file changed in the repository too (then listed as a conflict)."""
    if unchanged:
        return True
    if not source_text:
        return False
    try:
        current = (folder / path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        current = None
    if current is not None and current != source_text:
        written.conflicts.append(path)
        return True
    return False


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
