"""What planning's demo parts share: its data files, the products and people it plans for, and
the way rows are created (validated, in bulk, with history) and counted."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from programkontor.core import search
from programkontor.portfolio.demo.files import Table, read_csv, read_toml
from programkontor.portfolio.models import Body, Person, Product, Program, RoleAssignment

PACKAGE = "programkontor.planning.demo"
CHANGE_REASON = "Demodata"
#: The target of a row that belongs to the program, not to one of its products.
PROGRAM = "program"
#: The tables whose rows name a target.
TARGET_TABLES = ("work_items.csv", "roadmap.csv", "milestones.csv", "risks.csv")


def settings() -> Table:
    """``planning.toml``: visions, goals, capacity, plans and texts."""
    return read_toml(PACKAGE, "planning.toml")


def rows(name: str) -> list[dict[str, str]]:
    return read_csv(PACKAGE, name)


def yes(value: str) -> bool:
    return value == "yes"


def target_slugs() -> list[str]:
    """Every product the demo plans for, in the order they are first named."""
    data = settings()
    targets = [entry["target"] for key in ("visions", "goals") for entry in data[key]]
    targets += [row["target"] for name in TARGET_TABLES for row in rows(name)]
    return [slug for slug in dict.fromkeys(targets) if slug != PROGRAM]


@dataclass
class Counts:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, label: str, n: int) -> None:
        self.created[label] = self.created.get(label, 0) + n


@dataclass
class Context:
    today: datetime.date
    products: dict[str, Product]
    program: Program
    coordinators: dict[str, Person]
    suppliers: dict[str, Any]  # product slug -> (person, organisation)
    coordination: dict[str, Body]
    counts: Counts

    def has(self, key: str) -> bool:
        """Whether the target ``key`` (the program or a product's slug) exists."""
        return key == PROGRAM or key in self.products

    def target(self, key: str) -> dict[str, Any]:
        if key == PROGRAM:
            return {"program": self.program, "product": None}
        return {"product": self.products[key], "program": None}

    def target_ids(self, key: str) -> tuple[int | None, int | None]:
        """(product id, program id) of the target ``key``."""
        target = self.target(key)
        return getattr(target["product"], "pk", None), getattr(target["program"], "pk", None)


def make_context(products: dict[str, Product], program: Program) -> Context:
    today = timezone.localdate()
    coordinators: dict[str, Person] = {}
    suppliers: dict[str, Any] = {}
    for assignment in RoleAssignment.objects.filter(
        product__in=list(products.values()),
        role__in=["product_coordinator", "supplier_contact"],
        end_date__isnull=True,
    ).select_related("person", "organisation", "product"):
        slug = assignment.product.slug if assignment.product else ""
        if assignment.role == "product_coordinator":
            coordinators.setdefault(slug, assignment.person)
        else:
            suppliers.setdefault(slug, (assignment.person, assignment.organisation))
    coordination = {
        body.product.slug: body
        for body in Body.objects.filter(
            product__in=list(products.values()), kind="coordination"
        ).select_related("product")
        if body.product
    }
    return Context(today, products, program, coordinators, suppliers, coordination, Counts())


def insert(model: type[Any], new: Sequence[Any], counts: Counts, label: str) -> list[Any]:
    """Validate ``new`` rows and create them in bulk, each with its history record."""
    if not new:
        return []
    for row in new:
        row.full_clean()
    created = bulk_create_with_history(list(new), model, default_change_reason=CHANGE_REASON)
    search.index_objects(model, created)  # bulk_create sends no signals
    counts.add(label, len(created))
    return list(created)


def published(flag: bool) -> dict[str, Any]:
    return {"is_published": flag, "published_at": timezone.now() if flag else None}
