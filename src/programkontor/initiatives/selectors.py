"""Reads of initiatives that the page, the API and the exports share, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Case, IntegerField, QuerySet, Value, When

from programkontor.core import gate
from programkontor.economy.models import TariffSheet
from programkontor.initiatives import arithmetic
from programkontor.initiatives.models import CaseLine, Initiative, Requirement
from programkontor.planning.models import WorkItem
from programkontor.planning.models.base import Priority
from programkontor.portfolio.sizeclass import SizeClass

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


@dataclass(frozen=True)
class BusinessCase:
    """An initiative's business case as the page and the exports show it."""

    initiative: Initiative
    lines: list[CaseLine]
    summary: arithmetic.Summary
    tariff_sheet: TariffSheet | None
    tariff: arithmetic.TariffPerAuthority | None

    @property
    def lines_outside(self) -> list[CaseLine]:
        """Lines whose year lies outside the case's period (its first year or horizon was changed):
        they count for nothing, so the page says so."""
        first, last = self.initiative.first_year, self.initiative.last_year
        return [line for line in self.lines if not first <= line.year <= last]


def visible_initiatives(user: AnyUser) -> QuerySet[Initiative]:
    return gate.restrict(Initiative, user, "view").select_related("product", "program", "owner")


def tariff_sheet_for(initiative: Initiative, user: AnyUser) -> TariffSheet | None:
    """The product's tariff sheet of the case's first year, else the latest before, else the first after."""
    if not initiative.product_id:
        return None
    sheets = gate.restrict(TariffSheet, user, "view").filter(product_id=initiative.product_id)
    return (
        sheets.filter(year__lte=initiative.first_year).order_by("-year").first()
        or sheets.order_by("year").first()
    )


def per_authority(sheet: TariffSheet, size_class: str) -> arithmetic.TariffPerAuthority:
    """What one member authority of ``size_class`` pays: the joining fee once and the annual fee a year."""
    tariff = sheet.as_tariff()
    klass = SizeClass(size_class)
    return arithmetic.TariffPerAuthority(
        joining_fee=tariff.joining_fee[klass].member, annual_fee=tariff.annual_fee[klass].member
    )


def business_case(initiative: Initiative, user: AnyUser) -> BusinessCase:
    """The initiative's lines, its yearly table, NPV, payback and break-even (two or three queries)."""
    lines = list(initiative.lines.all())
    sheet = tariff_sheet_for(initiative, user)
    tariff = per_authority(sheet, initiative.size_class) if sheet is not None else None
    summary = arithmetic.summarise(
        [line.as_line() for line in lines],
        first_year=initiative.first_year,
        horizon=initiative.horizon,
        authorities=initiative.authorities,
        percent=initiative.discount_rate,
        tariff=tariff,
    )
    return BusinessCase(initiative, lines, summary, sheet, tariff)


PRIORITY_ORDER = Case(
    *(When(priority=value, then=Value(index)) for index, value in enumerate(Priority.values)),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class RequirementRow:
    requirement: Requirement
    work_item_visible: bool


def requirements(initiative: Initiative, user: AnyUser) -> list[RequirementRow]:
    """The specification's requirements by priority (MUST first) and number; a linked work item is shown
    only to those who may see it (two queries)."""
    rows = list(initiative.requirements.select_related("work_item").order_by(PRIORITY_ORDER, "number", "pk"))
    linked = {row.work_item_id for row in rows if row.work_item_id}
    visible = (
        set(gate.restrict(WorkItem, user, "view").filter(pk__in=linked).values_list("pk", flat=True))
        if linked
        else set()
    )
    return [RequirementRow(row, row.work_item_id in visible) for row in rows]
