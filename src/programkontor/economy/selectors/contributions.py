"""The contribution calculation of a product and year, with the facts it rests on and the invoice plan.

Reads: the tariff sheet, the association's tariff, the participations with their organisations,
their population figures, the size-class rule and the invoices already planned — six queries
whatever the number of authorities.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q

from programkontor.economy import tariffs
from programkontor.economy.models import AssociationTariff, ContributionInvoice, ContributionKind, TariffSheet
from programkontor.portfolio.models import (
    Organisation,
    Participation,
    PopulationFigure,
    Product,
    SizeClassRule,
)
from programkontor.portfolio.models.organisations import SizeClassDecision


def authority_code(organisation: Organisation) -> str:
    return organisation.municipality_code or organisation.cvr or ""


def year_participations(product: Product | Any, year: int) -> Any:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        Participation.objects.filter(product=product, accession_date__lte=last)
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gte=first))
        .select_related("organisation")
        .order_by("organisation__name", "accession_date")
    )


def authorities(
    product: Product | Any, year: int
) -> list[tuple[Organisation, SizeClassDecision, tariffs.Authority]]:
    """Every authority taking part in ``product`` during ``year``, with its size class for the year."""
    periods: dict[int, list[tariffs.Period]] = defaultdict(list)
    organisations: dict[int, Organisation] = {}
    for participation in year_participations(product, year):
        organisations[participation.organisation_id] = participation.organisation
        periods[participation.organisation_id].append(
            tariffs.Period(participation.accession_date, participation.exit_date)
        )
    figures: dict[int, list[tuple[datetime.date, int]]] = defaultdict(list)
    if organisations:
        for organisation_id, day, population in PopulationFigure.objects.filter(
            organisation_id__in=list(organisations)
        ).values_list("organisation_id", "date", "population"):
            figures[organisation_id].append((day, population))
    boundaries = SizeClassRule.boundaries_for(year)
    found = []
    for organisation_id, organisation in organisations.items():
        decision = organisation.size_class_for(year, boundaries, figures[organisation_id])
        basis = decision.basis
        found.append(
            (
                organisation,
                decision,
                tariffs.Authority(
                    key=organisation_id,
                    code=authority_code(organisation),
                    name=organisation.name,
                    is_member=organisation.is_member,
                    size_class=decision.size_class,
                    periods=tuple(periods[organisation_id]),
                    population=basis.population if basis else None,
                    population_date=basis.date if basis else None,
                    population_exact=basis.exact if basis else True,
                    size_class_reason=decision.reason,
                ),
            )
        )
    return found


@dataclass
class AuthorityRow:
    organisation: Organisation
    decision: SizeClassDecision
    contribution: tariffs.Contribution
    secretariat_share: int = 0
    plan: list[tariffs.PlanLine] = field(default_factory=list)
    invoices: list[ContributionInvoice] = field(default_factory=list)

    @property
    def invoiced(self) -> int:
        return sum(invoice.amount for invoice in self.invoices if invoice.status != "planned")

    @property
    def planned_differs(self) -> bool:
        """Does the invoice plan on record differ from today's calculation?"""
        recorded = sorted((i.kind, i.instalment, i.amount) for i in self.invoices)
        calculated = sorted((str(p.kind), p.instalment, p.amount) for p in self.plan)
        return recorded != calculated


@dataclass
class Calculation:
    product: Product
    year: int
    sheet: TariffSheet | None
    association_tariff: AssociationTariff | None
    result: tariffs.ContributionResult | None = None
    rows: list[AuthorityRow] = field(default_factory=list)
    plan: list[tariffs.PlanLine] = field(default_factory=list)
    invoices: list[ContributionInvoice] = field(default_factory=list)

    @property
    def share_rate(self) -> Decimal | None:
        if self.sheet is None or not self.sheet.secretariat_share_applies or self.association_tariff is None:
            return None
        return self.association_tariff.secretariat_share_rate

    @property
    def total(self) -> int:
        return self.result.total if self.result else 0

    @property
    def secretariat_share(self) -> int:
        rate = self.share_rate
        return tariffs.secretariat_share(self.total, rate) if rate is not None else 0

    @property
    def plan_total(self) -> int:
        return sum(line.amount for line in self.plan)

    @property
    def problems(self) -> list[AuthorityRow]:
        return [row for row in self.rows if row.contribution.problem is not None]

    def invoice_totals(self, today: datetime.date) -> dict[str, int]:
        totals = dict.fromkeys(("planned", "sent", "paid", "overdue"), 0)
        for invoice in self.invoices:
            totals[invoice.current_status(today)] += invoice.amount
        return totals

    @property
    def plan_differs(self) -> bool:
        return any(row.planned_differs for row in self.rows) or any(
            invoice.organisation_id not in {row.organisation.pk for row in self.rows}
            for invoice in self.invoices
        )


def calculation(product: Product, year: int) -> Calculation:
    """The contributions of ``product`` for ``year`` (no calculation without a tariff sheet)."""
    sheet = TariffSheet.objects.filter(product=product, year=year).select_related("decision").first()
    association_tariff = AssociationTariff.objects.filter(year=year).first()
    found = Calculation(product=product, year=year, sheet=sheet, association_tariff=association_tariff)
    found.invoices = list(
        ContributionInvoice.objects.filter(
            product=product, year=year, kind__in=[ContributionKind.ANNUAL_FEE, ContributionKind.JOINING_FEE]
        )
        .select_related("organisation", "account")
        .order_by("organisation__name", "kind", "instalment")
    )
    if sheet is None:
        return found
    people = authorities(product, year)
    result = tariffs.calculate(sheet.as_tariff(), [authority for _o, _d, authority in people])
    plan = tariffs.invoice_plan(result)
    by_key = {line.authority.key: line for line in result.lines}
    plan_by_key: dict[Any, list[tariffs.PlanLine]] = defaultdict(list)
    for plan_line in plan:
        plan_by_key[plan_line.authority_key].append(plan_line)
    invoices_by_org: dict[int, list[ContributionInvoice]] = defaultdict(list)
    for invoice in found.invoices:
        invoices_by_org[invoice.organisation_id].append(invoice)
    rows = [
        AuthorityRow(
            organisation,
            decision,
            by_key[organisation.pk],
            0,
            plan_by_key[organisation.pk],
            invoices_by_org[organisation.pk],
        )
        for organisation, decision, _authority in people
        if organisation.pk in by_key
    ]
    found.result, found.rows, found.plan = result, rows, plan
    rate = found.share_rate
    if rate is not None and rows:
        for row, part in zip(
            rows, tariffs.share_per_line([row.contribution.total for row in rows], rate), strict=True
        ):
            row.secretariat_share = part
    return found
