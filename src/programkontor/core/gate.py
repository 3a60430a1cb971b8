"""The one permission gate.

Every read of a domain object for a user goes through ``Model.objects.restrict(user, action)``:
the web views, the API, the exports and the public pages. Each model registers a *scope*
function (in its app's ``rules.py``) that turns the user's :class:`~programkontor.core.access.Access`
into a ``Q`` filter for an action. A model without a registered scope is invisible to
everyone (deny by default).

Actions:

``view``
    may see the object at all (published objects are visible to anyone);
``view_internal``
    may see its internal fields and history (not granted by publishing);
``change``
    may edit, archive, publish or delete it.

Object checks (``allows``) run the same filter for one primary key, so there is one
source of truth for every decision.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

from django.db import models
from django.db.models import BooleanField, Case, Q, Value, When

from programkontor.core.access import Access, access_for

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser

Action = Literal["view", "view_internal", "change"]
ACTIONS: Final = ("view", "view_internal", "change")

#: A filter that matches every row, and one that matches none (Django short-cuts it: no query).
EVERYTHING: Final = Q()
NOTHING: Final = Q(pk__in=[])

Scope = Callable[[Access, str], Q]
_scopes: dict[type[models.Model], Scope] = {}

_M = TypeVar("_M", bound=models.Model)


def register(model: type[models.Model]) -> Callable[[Scope], Scope]:
    """Register the scope function of ``model``: ``scope(access, action) -> Q``."""

    def decorator(scope: Scope) -> Scope:
        _scopes[model] = scope
        return scope

    return decorator


def scope_q(model: type[models.Model], user: AnyUser | None, action: str) -> Q:
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}; expected one of {ACTIONS}")
    scope = _scopes.get(model)
    if scope is None:
        return NOTHING
    return scope(access_for(user), action)


def access_q(model: type[models.Model], access: Access, action: str) -> Q:
    """``scope_q`` for an access already computed (a scope that follows another model's scope)."""
    scope = _scopes.get(model)
    return NOTHING if scope is None else scope(access, action)


def restrict(model: type[_M], user: AnyUser | None, action: str = "view") -> models.QuerySet[_M]:
    """The rows of ``model`` that ``user`` may ``action``: the gate as a plain function."""
    q = scope_q(model, user, action)
    manager = model._default_manager
    return manager.all() if q is EVERYTHING else manager.filter(q)


class RestrictedQuerySet(models.QuerySet[_M]):
    """A queryset that knows how to shrink itself to what a user may see or change."""

    def restrict(self, user: AnyUser | None, action: str = "view") -> RestrictedQuerySet[_M]:
        q = scope_q(self.model, user, action)
        if q is EVERYTHING:
            return self.all()
        return self.filter(q)


def allows(user: AnyUser | None, action: str, obj: models.Model) -> bool:
    """May ``user`` perform ``action`` on ``obj``? Cached per user object for the request."""
    cache: dict[tuple[Any, ...], bool] | None = getattr(user, "_gate_cache", None) if user else None
    key = (type(obj), action, obj.pk)
    if cache is not None and key in cache:
        return cache[key]
    manager = type(obj)._default_manager
    q = scope_q(type(obj), user, action)
    result = True if q is EVERYTHING else manager.filter(q, pk=obj.pk).exists()
    if user is not None:
        if cache is None:
            cache = {}
            try:
                user._gate_cache = cache  # type: ignore[union-attr]
            except AttributeError:  # pragma: no cover - exotic user objects
                return result
        cache[key] = result
    return result


def permitted_actions(user: AnyUser | None, obj: models.Model) -> frozenset[str]:
    """The actions ``user`` may take on ``obj`` as it is stored now: one query, never cached.

    The write pipeline asks this before and after a write (inside its transaction), so that a
    write can never move an object out of the writer's reach (see ``core.services``).
    """
    model = type(obj)
    flags: dict[str, Any] = {}
    constant: dict[str, bool] = {}
    for action in ACTIONS:
        q = scope_q(model, user, action)
        if q is EVERYTHING or q is NOTHING:
            constant[action] = q is EVERYTHING
        else:
            flags[f"gate_may_{action}"] = Case(
                When(q, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
    allowed = {action for action, value in constant.items() if value}
    if flags:
        rows = model._default_manager.filter(pk=obj.pk).annotate(**flags).values(*flags)
        for row in rows:  # a scope that joins a to-many relation may give several rows: any one counts
            allowed.update(name.removeprefix("gate_may_") for name, value in row.items() if value)
    return frozenset(allowed)


def forget(user: AnyUser | None) -> None:
    """Drop the cached access decisions of ``user`` (after its roles changed)."""
    for attribute in ("_gate_cache", "_programkontor_access"):
        if user is not None and hasattr(user, attribute):
            delattr(user, attribute)


def choices(model: type[_M], user: AnyUser | None, action: str, current: Any = None) -> models.QuerySet[_M]:
    """Rows a form or serializer may offer: those ``user`` may ``action``, plus the current value.

    Keeping the current value lets someone edit an object whose parent they may not change
    (a product coordinator editing a product of someone else's program) without being able to
    move it anywhere else.
    """
    manager = model._default_manager
    q = scope_q(model, user, action)
    if q is EVERYTHING:
        return manager.all()
    current_pk = getattr(current, "pk", current)
    if current_pk is not None:
        q = q | Q(pk=current_pk)
    return manager.filter(q)
