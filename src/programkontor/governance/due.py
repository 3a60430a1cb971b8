"""What is due in the next 30 days: a small registry of providers, shown on the home page.

Each provider is a function ``(user, today, until) -> list[DueItem]`` that reads through the gate
with a fixed number of queries. Governance registers meetings, minutes awaiting approval, decisions
awaiting ratification, expiring mandates and the annual cycle's deadlines. The evaluation app adds
overdue evaluations by registering its own provider from its ``AppConfig.ready()``::

    from programkontor.governance.due import DueItem, register_due_provider

    def overdue_evaluations(user, today, until):
        rows = Evaluation.objects.restrict(user, "view_internal").filter(due__lt=today, submitted=False)
        return [DueItem(date=e.due, category="evaluation", title=str(e), url=e.get_absolute_url(),
                        context=e.product.name, overdue=True) for e in rows.select_related("product")[:100]]

    register_due_provider("evaluation.overdue", overdue_evaluations, label=_("Overdue evaluations"), order=40)
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DUE_DAYS = 30
PER_CATEGORY = 25  # rows shown per category; the count tells how many there are


@dataclass(frozen=True)
class DueItem:
    date: datetime.date | None
    category: str  # the provider's key
    title: str
    url: str
    context: str = ""  # product, program or body
    overdue: bool = False
    note: str = ""


Provider = Callable[[Any, datetime.date, datetime.date], list[DueItem]]


@dataclass(frozen=True)
class Registered:
    key: str
    provider: Provider
    label: Any
    order: int


@dataclass
class DueGroup:
    key: str
    label: str
    items: list[DueItem] = field(default_factory=list)
    total: int = 0


_providers: dict[str, Registered] = {}


def register_due_provider(key: str, provider: Provider, *, label: Any, order: int = 100) -> None:
    """Add (or replace) a provider of due items under ``key``."""
    _providers[key] = Registered(key, provider, label, order)


def providers() -> list[Registered]:
    return sorted(_providers.values(), key=lambda registered: (registered.order, registered.key))


def due_for(user: Any, today: datetime.date, days: int = DUE_DAYS, prefix: str = "") -> list[DueGroup]:
    """The user's due items by category (overdue first, then by date), without empty categories.

    ``prefix`` limits the providers to those whose key starts with it (``"governance."``)."""
    until = today + datetime.timedelta(days=days)
    groups = []
    for registered in providers():
        if not registered.key.startswith(prefix):
            continue
        items = registered.provider(user, today, until)
        if not items:
            continue
        items.sort(key=lambda item: (not item.overdue, item.date or datetime.date.max, item.title))
        groups.append(DueGroup(registered.key, str(registered.label), items[:PER_CATEGORY], len(items)))
    return groups
