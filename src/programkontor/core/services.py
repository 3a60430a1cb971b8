"""Writes shared by every domain object: create, versioned update, publish, archive, delete.

Each function takes keyword-only arguments, validates the object (``full_clean``), runs in one
transaction and records who did it in the object's history. A stale ``expected_version``
raises :class:`ConflictError` and changes nothing: no edit silently overwrites another.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

_M = TypeVar("_M", bound=models.Model)


class ConflictError(Exception):
    """The object changed after the writer read it (optimistic locking)."""

    def __init__(self, current: models.Model) -> None:
        self.current = current
        super().__init__(f"{type(current).__name__} {current.pk} has changed (now version {current.version})")  # type: ignore[attr-defined]


def _attribute_history(instance: models.Model, actor: Any, reason: str) -> None:
    instance._history_user = actor if getattr(actor, "is_authenticated", False) else None  # type: ignore[attr-defined]
    instance._change_reason = reason or None  # type: ignore[attr-defined]


def _claim_version(instance: models.Model, expected_version: int) -> None:
    """Bump the stored version only if it is still ``expected_version``; else raise ConflictError."""
    manager = type(instance)._default_manager
    claimed = manager.filter(pk=instance.pk, version=expected_version).update(version=expected_version + 1)
    if not claimed:
        raise ConflictError(manager.get(pk=instance.pk))
    instance.version = expected_version + 1  # type: ignore[attr-defined]


@transaction.atomic
def create(model: type[_M], *, actor: Any, fields: Mapping[str, Any], reason: str = "") -> _M:
    instance = model(**fields)
    instance.full_clean()
    _attribute_history(instance, actor, reason)
    instance.save()
    return instance


@transaction.atomic
def update(
    instance: _M, *, actor: Any, expected_version: int, changes: Mapping[str, Any], reason: str = ""
) -> _M:
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.full_clean()
    _claim_version(instance, expected_version)
    _attribute_history(instance, actor, reason)
    instance.save()
    return instance


def set_published(instance: _M, *, actor: Any, expected_version: int, published: bool) -> _M:
    return update(
        instance,
        actor=actor,
        expected_version=expected_version,
        changes={"is_published": published, "published_at": timezone.now() if published else None},
        reason="published" if published else "unpublished",
    )


def set_archived(instance: _M, *, actor: Any, expected_version: int, archived: bool) -> _M:
    return update(
        instance,
        actor=actor,
        expected_version=expected_version,
        changes={"archived_at": timezone.now() if archived else None},
        reason="archived" if archived else "restored",
    )


@transaction.atomic
def delete(
    instance: models.Model, *, actor: Any, expected_version: int | None = None, reason: str = ""
) -> None:
    if expected_version is not None:
        _claim_version(instance, expected_version)
    _attribute_history(instance, actor, reason)
    instance.delete()
