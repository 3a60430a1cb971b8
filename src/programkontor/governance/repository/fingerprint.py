"""What an import stored from a file, as one digest (pure but for reading the rows given): while a
decision or meeting still has the digest it was imported with, nothing was changed in Programkontor,
and an export writes the imported file back as it was, byte for byte."""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import TYPE_CHECKING

from programkontor.governance.repository.conversion import DECISION_FIELDS, MeetingPlan

if TYPE_CHECKING:
    from programkontor.governance.models import Decision

#: The decision's fields an export renders (where it came from is not content).
DECISION_CONTENT = (*(name for name in DECISION_FIELDS if name != "source_path"), "kind")


def _plain(value: object) -> object:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in sorted(value.items())}
    return value if value is None or isinstance(value, bool | int | float | str) else str(value)


def digest(value: object) -> str:
    text = json.dumps(_plain(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decision_digest(decision: Decision) -> str:
    """The digest of a decision's content (the instance, saved or not)."""
    return digest({name: getattr(decision, name) for name in DECISION_CONTENT})


def meeting_digest(plan: MeetingPlan) -> str:
    """The digest of a meeting's content: its fields, agenda items in order and attendance in any order."""
    fields = {key: value for key, value in plan.fields.items() if key != "source_path"}
    items = [{key: value for key, value in item.items() if key != "position"} for item in plan.items]
    attendance: list[str] = sorted(
        json.dumps(_plain(row), ensure_ascii=False, sort_keys=True) for row in plan.attendances
    )
    return digest({"fields": fields, "items": items, "attendance": attendance})
