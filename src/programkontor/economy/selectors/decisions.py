"""The decisions that economy pages name (a budget version's approval, a tariff sheet's decision),
each read through the governance gate: a decision the reader may not open is not loaded at all, so a
page can say that one exists but never shows its title."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch

from programkontor.governance.interfaces import Decision

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


def visible_decision(user: AnyUser, lookup: str = "decision") -> Prefetch[Any]:
    """Prefetch ``lookup`` (a foreign key to a decision) with only the decisions ``user`` may view;
    for the others the attribute is None while its ``_id`` stays set (one query for all rows)."""
    return Prefetch(lookup, queryset=Decision.objects.restrict(user, "view"))
