"""What agenda items concern and what decisions changed: links to objects of any app.

The registry is in ``core.registry``: governance registers its decisions; other apps register their
models from their ``AppConfig.ready()``, for example the planning app its work items and the
evaluation app its evaluations::

    from programkontor.core.registry import register_linkable

    register_linkable(
        WorkItem,
        label=_("Work item"),
        candidates=lambda user, product_id, program_id: WorkItem.objects.restrict(user, "view").filter(
            product_id=product_id
        ),
    )

``candidates`` returns what a user may pick for an agenda item or a decision of a product (or
program); shown links are read through the gate (one query per kind of object), so a link to
something the reader may not see shows only as "not visible to you".

Models that point a foreign key at :class:`~programkontor.governance.models.Decision` (a budget
version, a priority change) are found without registering: see :func:`changed_by`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType

from programkontor.core import gate
from programkontor.core.registry import key_of, linkables, registered_linkable

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


@dataclass(frozen=True)
class Resolved:
    row: Any  # the link row (AgendaItemReference or DecisionLink)
    target: Any  # the object, or None when it is gone or not visible to the reader
    kind_label: str


def resolve(user: AnyUser, rows: Iterable[Any]) -> list[Resolved]:
    """The targets of link rows (with ``target_type``/``target_id``) that ``user`` may see.

    One query per kind of target (content types are cached by Django)."""
    rows = list(rows)
    wanted: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        if row.target_type_id and row.target_id:
            wanted[row.target_type_id].add(row.target_id)
    found: dict[tuple[int, int], Any] = {}
    labels: dict[int, str] = {}
    for type_id, ids in wanted.items():
        content_type = ContentType.objects.get_for_id(type_id)
        model = content_type.model_class()
        if model is None:
            continue
        registered = registered_linkable(key_of(model))
        labels[type_id] = str(registered.label if registered else model._meta.verbose_name).capitalize()
        for obj in gate.restrict(model, user, "view").filter(pk__in=ids):
            found[(type_id, obj.pk)] = obj
    return [
        Resolved(row, found.get((row.target_type_id, row.target_id)), labels.get(row.target_type_id, ""))
        for row in rows
    ]


@dataclass(frozen=True)
class ChangedGroup:
    label: str
    objects: list[Any]


def changed_by(user: AnyUser, decision: Any) -> list[ChangedGroup]:
    """Objects of other apps that point a foreign key at ``decision`` and that ``user`` may see.

    One query per such foreign key (a fixed number: it depends on the installed apps, not on rows)."""
    groups = []
    for relation in type(decision)._meta.related_objects:
        model: Any = relation.related_model
        meta = getattr(model, "_meta", None)
        if meta is None or meta.app_label == "governance" or not relation.one_to_many:
            continue
        if model.__name__.startswith("Historical"):
            continue
        field_name = relation.field.name
        rows: list[Any] = list(gate.restrict(model, user, "view").filter(**{field_name: decision})[:50])
        if rows:
            groups.append(ChangedGroup(str(meta.verbose_name_plural).capitalize(), rows))
    return groups


def concern_choices(user: AnyUser, product_id: int | None, program_id: int | None) -> list[tuple[str, Any]]:
    """Grouped choices ``(label, [(value, text), ...])`` for a link form; values are ``app.model:pk``."""
    grouped = []
    for registered in linkables():
        queryset = registered.candidates(user, product_id, program_id)[:200]
        options = [(f"{key_of(registered.model)}:{obj.pk}", str(obj)) for obj in queryset]
        if options:
            grouped.append((str(registered.label), options))
    return grouped


def parse_choice(value: str) -> tuple[ContentType, int] | None:
    key, _sep, pk = value.partition(":")
    registered = registered_linkable(key)
    if registered is None or not pk.isdigit():
        return None
    return ContentType.objects.get_for_model(registered.model), int(pk)
