"""Writes shared by every domain object: create, versioned update, publish, archive, delete.

Each function takes keyword-only arguments, validates the object (``full_clean``), runs in one
transaction and records who did it in the object's history. A stale ``expected_version``
raises :class:`ConflictError` and changes nothing: no edit silently overwrites another.

The gate is checked against the object *after* the write as well as before: a user's write may
never move an object out of their reach (a coordinator turning their product's steering group
into the association's board would afterwards read everything). An update keeps every action
the writer had on the object (``change``, ``view_internal``, ``view``); a create must produce an
object the writer may ``change`` — or, for writes granted by a narrower right (a proposal, a
supplier's status report), at least the action the caller names. Otherwise
:class:`WriteRefused` is raised inside the transaction and nothing is saved. Writes without a
signed-in actor (the demo, migrations) are the system's own and are not gated here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programkontor.core import bulk, gate
from programkontor.core.search import index_created

if TYPE_CHECKING:
    from programkontor.core.actors import Actor

_M = TypeVar("_M", bound=models.Model)


class ConflictError(Exception):
    """The object changed after the writer read it (optimistic locking)."""

    def __init__(self, current: models.Model) -> None:
        self.current = current
        super().__init__(f"{type(current).__name__} {current.pk} has changed (now version {current.version})")  # type: ignore[attr-defined]


class WriteRefused(PermissionDenied):
    """The write would put the object outside what the writer may do with it; nothing was saved."""


def _gated_actor(actor: Actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def _refuse(instance: models.Model, lost: str) -> WriteRefused:
    messages = {
        "change": _("You may not make this change: afterwards you could no longer change %(name)s."),
        "view_internal": _("You may not make this change: afterwards you could no longer see %(name)s."),
        "view": _("You may not make this change: afterwards you could no longer see %(name)s."),
    }
    return WriteRefused(messages[lost] % {"name": instance})


def _keep_reach(instance: models.Model, actor: Actor, before: frozenset[str]) -> None:
    """Raise :class:`WriteRefused` if the stored ``instance`` lost an action ``actor`` had on it."""
    after = gate.permitted_actions(actor, instance)
    for action in gate.ACTIONS:
        if action in before and action not in after:
            raise _refuse(instance, action)


def _attribute_history(instance: models.Model, actor: Actor, reason: str) -> None:
    instance._history_user = actor if getattr(actor, "is_authenticated", False) else None  # type: ignore[attr-defined]
    instance._change_reason = reason or None  # type: ignore[attr-defined]


def claim_version(instance: models.Model, expected_version: int) -> None:
    """Bump the stored version only if it is still ``expected_version``; else raise ConflictError."""
    manager = type(instance)._default_manager
    claimed = manager.filter(pk=instance.pk, version=expected_version).update(version=expected_version + 1)
    if not claimed:
        raise ConflictError(manager.get(pk=instance.pk))
    instance.version = expected_version + 1  # type: ignore[attr-defined]


@transaction.atomic
def create_many(
    model: type[_M],
    *,
    actor: Actor,
    rows: Sequence[Mapping[str, Any]],
    reason: str = "",
    held: Sequence[str] = (),
    creator_may: gate.Action = "change",
) -> list[_M]:
    """Create many rows at once: each validated as ``create`` validates it (``full_clean``: lengths,
    choices, required fields, the model's ``clean``), inserted in one statement, their "+" history
    rows written by the database from what was stored (``core.bulk.record_created``: the rows
    ``create`` writes, with the actor and ``reason``), the gate checked on all of them in one query,
    their search entries written in one statement from the objects in hand.
    ``held``: foreign keys the caller holds the stored objects of (not looked up again per row)."""
    instances = [model(**fields) for fields in rows]
    for instance in instances:
        instance.full_clean(exclude=held)
    if not instances:
        return instances
    user = actor if _gated_actor(actor) else None
    model._default_manager.bulk_create(instances, batch_size=2_000)
    created = model._default_manager.filter(pk__in=[instance.pk for instance in instances])
    bulk.record_created(created, user=user, reason=reason or None)
    scope = gate.scope_q(model, actor, creator_may) if _gated_actor(actor) else gate.EVERYTHING
    if scope is not gate.EVERYTHING:  # a writer who may not act on every row: one query for all
        allowed = set(created.filter(scope).values_list("pk", flat=True))
        refused = [instance for instance in instances if instance.pk not in allowed]
        if refused:
            raise _refuse(refused[0], creator_may)
    index_created(model, instances)
    return instances


@transaction.atomic
def create(
    model: type[_M],
    *,
    actor: Actor,
    fields: Mapping[str, Any],
    reason: str = "",
    creator_may: gate.Action = "change",
) -> _M:
    """Create a row. ``creator_may``: what the actor must be allowed on the new row."""
    instance = model(**fields)
    instance.full_clean()
    _attribute_history(instance, actor, reason)
    instance.save()
    if _gated_actor(actor) and creator_may not in gate.permitted_actions(actor, instance):
        raise _refuse(instance, creator_may)
    return instance


@transaction.atomic
def update(
    instance: _M, *, actor: Actor, expected_version: int, changes: Mapping[str, Any], reason: str = ""
) -> _M:
    gated = _gated_actor(actor)
    before = gate.permitted_actions(actor, instance) if gated else frozenset()
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.full_clean()
    claim_version(instance, expected_version)
    _attribute_history(instance, actor, reason)
    instance.save()
    if gated:
        _keep_reach(instance, actor, before)
    return instance


def set_published(instance: _M, *, actor: Actor, expected_version: int, published: bool) -> _M:
    return update(
        instance,
        actor=actor,
        expected_version=expected_version,
        changes={"is_published": published, "published_at": timezone.now() if published else None},
        reason="published" if published else "unpublished",
    )


def set_archived(instance: _M, *, actor: Actor, expected_version: int, archived: bool) -> _M:
    return update(
        instance,
        actor=actor,
        expected_version=expected_version,
        changes={"archived_at": timezone.now() if archived else None},
        reason="archived" if archived else "restored",
    )


@transaction.atomic
def delete(
    instance: models.Model, *, actor: Actor, expected_version: int | None = None, reason: str = ""
) -> None:
    if expected_version is not None:
        claim_version(instance, expected_version)
    _attribute_history(instance, actor, reason)
    instance.delete()
