"""Initiatives for tests, and the initiative of the shared test world."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from programkontor.core import services
from programkontor.initiatives.models import CaseLine, Initiative, Requirement


def initiative(product: Any = None, program: Any = None, **fields: Any) -> Initiative:
    values: dict[str, Any] = {
        "title": "Selvbetjening til borgere",
        "product": product,
        "program": program,
        "first_year": 2027,
        "horizon": 5,
        "discount_rate": Decimal(4),
        "authorities": 10,
        "size_class": "medium",
        "risks": "For få kommuner tilslutter sig.",
        "assumptions": "Ti kommuner fra start.",
        **fields,
    }
    return services.create(Initiative, actor=None, fields=values)


def line(initiative: Initiative, year: int, kind: str, amount: int, **fields: Any) -> CaseLine:
    values = {
        "initiative": initiative,
        "year": year,
        "kind": kind,
        "amount": amount,
        "text": f"{kind} {year}",
    }
    return services.create(CaseLine, actor=None, fields={**values, **fields})


def requirement(initiative: Initiative, number: str, priority: str = "must", **fields: Any) -> Requirement:
    values = {"initiative": initiative, "number": number, "priority": priority, "text": f"Krav {number}"}
    return services.create(Requirement, actor=None, fields={**values, **fields})


def initiative_world(w: Any) -> Initiative:
    """An initiative on OS2alpha with a business case and two requirements, made once per test."""
    existing = getattr(w, "_initiative", None)
    if existing is not None:
        return existing  # type: ignore[no-any-return]
    made = initiative(product=w.product)
    line(made, 2027, "cost", 100_000_000)
    line(made, 2028, "benefit", 5_000_000, recurrence="recurring", basis="per_authority")
    requirement(made, "K-01", "must", text="Login med MitID")
    requirement(made, "K-02", "could", text="Mørkt tema")
    w._initiative = made
    return made
