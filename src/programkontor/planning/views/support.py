"""Small reads for planning's detail pages."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import NoReverseMatch

from programkontor.core import gate
from programkontor.planning.models import Priority

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


@dataclass(frozen=True)
class Link:
    obj: Any
    url: str

    def __str__(self) -> str:
        return str(self.obj)


def linked(user: AnyUser, objects: dict[str, Any]) -> dict[str, Link | None]:
    """Related objects the user may see, with their page (if they have one); others are None.

    Objects of other apps (a governance decision) are shown only through their own gate.
    """
    out: dict[str, Link | None] = {}
    for name, obj in objects.items():
        if obj is None or not gate.allows(user, "view", obj):
            out[name] = None
            continue
        try:
            url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
        except NoReverseMatch:
            url = ""
        out[name] = Link(obj, url)
    return out


@dataclass(frozen=True)
class PriorityChange:
    when: datetime.datetime
    who: str
    old: str
    new: str
    reason: str


def priority_changes(item: Any) -> list[PriorityChange]:
    """Every change of the item's priority, newest first: who, from what, to what, and why (one query)."""
    labels = dict(Priority.choices)
    records = list(item.history.select_related("history_user").order_by("history_date", "history_id"))
    changes = []
    previous = None
    for record in records:
        if previous is not None and record.priority != previous.priority:
            user = record.history_user
            changes.append(
                PriorityChange(
                    when=record.history_date,
                    who=(user.get_full_name() or user.get_username()) if user else "—",
                    old=str(labels.get(previous.priority, previous.priority)),
                    new=str(labels.get(record.priority, record.priority)),
                    reason=record.history_change_reason or "",
                )
            )
        previous = record
    return list(reversed(changes))
