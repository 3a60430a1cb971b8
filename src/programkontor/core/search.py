"""Search everything a user may see: the registry of searchable models and the index they feed.

Each app registers its searchable models from ``AppConfig.ready()`` with :func:`register_searchable`:
the model, the label of its group on the results page and the fields whose text is searched. Core
keeps one table, :class:`~programkontor.core.models.SearchEntry` (kind, object id, title, address,
text, internal text), current on every write: ``post_save`` and ``post_delete`` of every registered
model write its entry in the writer's transaction (an archived object leaves the index). Writes
that bypass the signals (``bulk_create``, ``QuerySet.update``) call :func:`index_objects` or
:func:`reindex` themselves; ``programkontor reindex_search`` rebuilds the whole index.

Fields named in the model's ``internal_fields`` go to the internal text, which only users allowed
``view_internal`` match and see. Reading is in :mod:`programkontor.core.search_query`; every hit
passes the model's scope in the gate there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, cast

from django.db import connection, models
from django.db.models.signals import post_delete, post_save
from django.utils.functional import Promise

from programkontor.core.models import SearchEntry
from programkontor.core.registry import key_of

#: Objects indexed per batch by :func:`reindex` (and read per query by :func:`index_objects`).
BATCH = 500

#: A group's heading: a lazy translation.
Label = str | Promise


class _Addressed(Protocol):
    pk: int

    def get_absolute_url(self) -> str: ...


@dataclass(frozen=True)
class Searchable:
    key: str
    model: type[models.Model]
    label: Label
    fields: tuple[str, ...]
    select_related: tuple[str, ...]
    order: int

    def indexed(self) -> models.QuerySet[models.Model]:
        """The rows that belong in the index: all but archived ones."""
        rows = self.model._default_manager.select_related(*self.select_related).order_by("pk")
        if any(field.name == "archived_at" for field in self.model._meta.get_fields()):
            rows = rows.filter(archived_at__isnull=True)
        return rows


_searchables: dict[str, Searchable] = {}


def register_searchable(
    model: type[models.Model],
    *,
    label: Label,
    fields: Sequence[str],
    select_related: Sequence[str] = (),
    order: int = 100,
) -> None:
    """Make ``model`` searchable: ``fields`` are its own text fields (internal ones are recognised by
    the model's ``internal_fields``); ``select_related`` what its title and address read."""
    key = key_of(model)
    _searchables[key] = Searchable(key, model, label, tuple(fields), tuple(select_related), order)
    post_save.connect(_saved, sender=model, dispatch_uid=f"search-index-{key}", weak=False)
    post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-unindex-{key}", weak=False)


def searchables() -> list[Searchable]:
    return sorted(_searchables.values(), key=lambda searchable: (searchable.order, searchable.key))


def searchable(key: str) -> Searchable | None:
    return _searchables.get(key)


def _text(obj: models.Model, names: Iterable[str]) -> str:
    return "\n".join(str(value) for name in names if (value := getattr(obj, name, "")))


def entry_for(registered: Searchable, obj: models.Model) -> SearchEntry:
    internal = set(getattr(obj, "internal_fields", ()))  # a person's contact data is internal or not
    return SearchEntry(
        kind=registered.key,
        object_id=obj.pk,
        title=str(obj)[:500],
        url=cast(_Addressed, obj).get_absolute_url()[:500],
        body=_text(obj, (name for name in registered.fields if name not in internal)),
        internal=_text(obj, (name for name in registered.fields if name in internal)),
    )


def _write(registered: Searchable, rows: Iterable[models.Model]) -> int:
    """Write the entries of ``rows`` (all indexed ones) in one statement; returns how many."""
    entries = [entry_for(registered, obj) for obj in rows]
    if entries:
        SearchEntry.objects.bulk_create(
            entries,
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=["title", "url", "body", "internal"],
        )
    return len(entries)


def index_objects(model: type[models.Model], objects: Iterable[models.Model | int]) -> None:
    """Index (or drop from the index) these objects of ``model`` as they are stored now.

    The hook for writes that send no signals (``bulk_create``, ``bulk_update``, ``update``)."""
    registered = _searchables.get(key_of(model))
    if registered is None:
        return
    pks = [obj if isinstance(obj, int) else int(obj.pk) for obj in objects]
    for start in range(0, len(pks), BATCH):
        chunk = pks[start : start + BATCH]
        rows = list(registered.indexed().filter(pk__in=chunk))
        _write(registered, rows)
        gone = set(chunk) - {row.pk for row in rows}
        if gone:
            SearchEntry.objects.filter(kind=registered.key, object_id__in=gone).delete()


def _in_hand(registered: Searchable, obj: models.Model) -> bool:
    """Has ``obj`` loaded every relation its entry reads (``select_related``)?"""
    for name in registered.select_related:
        field = registered.model._meta.get_field(name) if "__" not in name else None
        if not isinstance(field, models.ForeignKey) or not field.is_cached(obj):
            return False
    return True


def index_created(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """Index objects of ``model`` just inserted without signals (``bulk_create``) in one statement,
    from the objects in hand - the entries :func:`index_objects` would write after reading them
    back - when each holds the relations its entry reads; else as :func:`index_objects`."""
    registered = _searchables.get(key_of(model))
    if registered is None:
        return
    if not all(_in_hand(registered, obj) for obj in objects):
        index_objects(model, objects)
        return
    _write(registered, [obj for obj in objects if getattr(obj, "archived_at", None) is None])


def reindex(
    keys: Sequence[str] | None = None, progress: Callable[[int, int, str], None] | None = None
) -> int:
    """Rebuild the entries of the registered models (``keys``, or all): drops what no longer exists,
    writes the rest in batches; ``progress(done, total, label)`` after each. Returns how many."""
    chosen = [registered for registered in searchables() if keys is None or registered.key in keys]
    total = sum(registered.indexed().count() for registered in chosen)
    done = 0
    for registered in chosen:
        indexed = registered.indexed()
        SearchEntry.objects.filter(kind=registered.key).exclude(object_id__in=indexed.values("pk")).delete()
        last = 0
        while True:
            batch = list(indexed.filter(pk__gt=last)[:BATCH])
            if not batch:
                break
            done += _write(registered, batch)
            last = batch[-1].pk
            if progress is not None:
                progress(done, total, str(registered.label))
    if keys is None:
        SearchEntry.objects.exclude(kind__in=list(_searchables)).delete()
    return done


def fill_if_empty(**kwargs: object) -> None:
    """After ``migrate`` (``post_migrate``): an empty index of a database with searchable objects is
    filled, so that an upgrade to the search needs no step of its own. Skipped while a searchable
    model's table is missing (a partial migration)."""
    tables = set(connection.introspection.table_names())
    needed = {SearchEntry._meta.db_table} | {registered.model._meta.db_table for registered in searchables()}
    if needed <= tables and not SearchEntry.objects.exists():
        reindex()


def _saved(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: object) -> None:
    if raw:  # loaddata: the objects' relations may not be there yet; reindex_search afterwards
        return
    registered = _searchables[key_of(sender)]
    if getattr(instance, "archived_at", None) is not None:
        SearchEntry.objects.filter(kind=registered.key, object_id=instance.pk).delete()
    else:
        _write(registered, [instance])


def _deleted(sender: type[models.Model], instance: models.Model, **kwargs: object) -> None:
    SearchEntry.objects.filter(kind=key_of(sender), object_id=instance.pk).delete()
