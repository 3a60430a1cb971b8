"""Readable history of a domain object: who changed what, when.

Reads the object's historical records in one query (with their users), diffs each record
against the previous one in memory and resolves foreign keys with one query per related
model, so the cost does not grow with the number of entries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from programkontor.core.models import OreField
from programkontor.core.money import kroner

HIDDEN_FIELDS = frozenset({"version", "updated_at", "created_at", "id"})
ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: str
    kind: str  # "+" created, "~" changed, "-" deleted
    action: str
    reason: str
    changes: tuple[FieldChange, ...]


def _summary(value: object, *, top: bool = True) -> str:
    """A stored structure in words: the top level's ``key: value`` pairs and flat lists in full,
    anything nested as a count of its entries (no raw dictionaries in the history)."""
    if isinstance(value, dict) and top:
        return "; ".join(f"{key}: {_summary(item, top=False)}" for key, item in value.items()) or "—"
    if isinstance(value, list) and not any(isinstance(item, dict | list) for item in value):
        return ", ".join(str(item) for item in value) or "—"
    if isinstance(value, dict | list):
        return str(ngettext("%(count)d entry", "%(count)d entries", len(value)) % {"count": len(value)})
    return str(value)


def _display(field: models.Field[Any, Any] | None, value: Any, related: dict[tuple[type, Any], str]) -> str:
    if value is None or value == "":
        return "—"
    if field is None:
        return str(value)
    if field.is_relation and field.related_model is not None:
        return related.get((field.related_model, value), f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, OreField):
        return kroner(Decimal(value) / 100)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, bytes | memoryview):
        return str(_("a file of %(size)s") % {"size": filesizeformat(len(value))})
    if isinstance(value, dict | list):
        text = _summary(value)
    elif isinstance(value, datetime.datetime):
        return formats.date_format(
            timezone.localtime(value) if timezone.is_aware(value) else value, "d.m.Y H:i"
        )
    elif isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    else:
        text = str(value)
    return text if len(text) <= 200 else text[:199] + "…"


def history_for(instance: models.Model, limit: int = 50) -> list[HistoryEntry]:
    model = type(instance)
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]  # type: ignore[attr-defined]
    )
    hidden = HIDDEN_FIELDS | set(getattr(model, "history_hidden_fields", ()))
    fields = {f.attname: f for f in model._meta.concrete_fields if f.attname not in hidden}
    pairs: list[tuple[Any, Any]] = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        pairs.append((record, previous))

    diffs: list[list[tuple[str, Any, Any]]] = []
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for record, previous in pairs:
        changed: list[tuple[str, Any, Any]] = []
        if previous is not None and record.history_type == "~":
            for change in record.diff_against(previous).changes:
                changed.append((change.field, change.old, change.new))
        elif record.history_type == "+":
            changed = [
                (name, None, getattr(record, name, None)) for name in fields if name not in HIDDEN_FIELDS
            ]
        changed = [
            c
            for c in changed
            if c[0] not in HIDDEN_FIELDS
            and c[0] in fields
            and not (record.history_type == "+" and c[2] in (None, "", []))
        ]
        for name, old, new in changed:
            field = fields[name]
            if field.is_relation and field.related_model is not None:
                wanted[field.related_model].update(v for v in (old, new) if v is not None)
        diffs.append(changed)

    related: dict[tuple[type, Any], str] = {}
    related_model: type[models.Model]
    for related_model, ids in wanted.items():
        for obj in related_model._default_manager.filter(pk__in=ids):
            related[(related_model, obj.pk)] = str(obj)

    entries = []
    for (record, _previous), changed in zip(pairs, diffs, strict=True):
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.get_username()) if user else str(_("system")),
                kind=record.history_type,
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                reason=record.history_change_reason or "",
                changes=tuple(
                    FieldChange(
                        label=capfirst(str(fields[name].verbose_name)),
                        old=_display(fields[name], old, related),
                        new=_display(fields[name], new, related),
                    )
                    for name, old, new in changed
                ),
            )
        )
    return entries


def last_changed_by(instance: models.Model) -> str:
    """The name of whoever last changed ``instance`` ("?" when history does not say)."""
    last = instance.history.select_related("history_user").order_by("-history_date").first()  # type: ignore[attr-defined]
    user = last.history_user if last is not None else None
    return (user.get_full_name() or user.get_username()) if user is not None else "?"
