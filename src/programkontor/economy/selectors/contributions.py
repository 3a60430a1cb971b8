"""The contribution calculation of a product and year, with the facts it rests on and the invoice plan.

Reads: the tariff sheet, the association's tariff, the participations with their organisations,
their population figures, the size-class rule and the invoices already planned — six queries
whatever the number of authorities. :func:`calculations` does the same for many products at once
in seven queries whatever their number: the participations as plain tuples, each organisation, its
figures and its size class once for the whole portfolio. Its sums alone (``invoices=False``) take
six, and are added up from the tuples by ``tariffs.sums`` without a line object per authority.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
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
    """The participations of ``product`` (None: of every product) during ``year``, by authority."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    found = Participation.objects.filter(accession_date__lte=last).filter(
        Q(exit_date__isnull=True) | Q(exit_date__gte=first)
    )
    if product is not None:
        found = found.filter(product=product).select_related("organisation")
    return found.order_by("organisation__name", "accession_date")


def _authority_fields(organisation: Organisation, decision: SizeClassDecision) -> dict[str, Any]:
    """What a ``tariffs.Authority`` says of the organisation (all but its periods)."""
    basis = decision.basis
    return {
        "key": organisation.pk,
        "code": authority_code(organisation),
        "name": organisation.name,
        "is_member": organisation.is_member,
        "size_class": decision.size_class,
        "population": basis.population if basis else None,
        "population_date": basis.date if basis else None,
        "population_exact": basis.exact if basis else True,
        "size_class_reason": decision.reason,
    }


People = list[tuple[Organisation, SizeClassDecision, tariffs.Authority]]


def _decisions(organisations: dict[int, Organisation], year: int) -> dict[int, SizeClassDecision]:
    """Each organisation's size class for ``year`` (two queries: the figures, the rule)."""
    figures: dict[int, list[tuple[datetime.date, int]]] = defaultdict(list)
    if organisations:
        for organisation_id, day, population in PopulationFigure.objects.filter(
            organisation_id__in=list(organisations)
        ).values_list("organisation_id", "date", "population"):
            figures[organisation_id].append((day, population))
    boundaries = SizeClassRule.boundaries_for(year)
    return {
        organisation_id: organisation.size_class_for(year, boundaries, figures[organisation_id])
        for organisation_id, organisation in organisations.items()
    }


def authorities(product: Product | Any, year: int) -> People:
    """Every authority taking part in ``product`` during ``year``, with its size class for the year."""
    periods: dict[int, list[tariffs.Period]] = defaultdict(list)
    organisations: dict[int, Organisation] = {}
    for participation in year_participations(product, year):
        organisations[participation.organisation_id] = participation.organisation
        periods[participation.organisation_id].append(
            tariffs.Period(participation.accession_date, participation.exit_date)
        )
    decisions = _decisions(organisations, year)
    return [
        (
            organisation,
            decisions[key],
            tariffs.Authority(periods=tuple(periods[key]), **_authority_fields(organisation, decisions[key])),
        )
        for key, organisation in organisations.items()
    ]


def portfolio_authorities(product_ids: list[int], year: int) -> dict[int, People]:
    """:func:`authorities` of many products in four queries: the participations as tuples, then
    each organisation, its population figures and its size class once, however many products it is in."""
    periods: dict[int, dict[int, list[tariffs.Period]]] = defaultdict(dict)
    rows = year_participations(None, year).filter(product_id__in=product_ids)
    for product_id, organisation_id, accession, exit_date in rows.values_list(
        "product_id", "organisation_id", "accession_date", "exit_date"
    ):
        periods[product_id].setdefault(organisation_id, []).append(tariffs.Period(accession, exit_date))
    ids = {organisation_id for found in periods.values() for organisation_id in found}
    organisations = {o.pk: o for o in Organisation.objects.filter(pk__in=ids).order_by()} if ids else {}
    decisions = _decisions(organisations, year)
    fields = {
        key: _authority_fields(organisation, decisions[key]) for key, organisation in organisations.items()
    }
    return {
        product_id: [
            (organisations[key], decisions[key], tariffs.Authority(periods=tuple(found), **fields[key]))
            for key, found in by_organisation.items()
        ]
        for product_id, by_organisation in periods.items()
    }


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
    sums: tariffs.Sums = field(default_factory=tariffs.Sums)

    @property
    def share_rate(self) -> Decimal | None:
        if self.sheet is None or not self.sheet.secretariat_share_applies or self.association_tariff is None:
            return None
        return self.association_tariff.secretariat_share_rate

    @property
    def total(self) -> int:
        return self.sums.total

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


def _invoices(product_ids: list[int], year: int) -> dict[int, list[ContributionInvoice]]:
    found: dict[int, list[ContributionInvoice]] = defaultdict(list)
    for invoice in (
        ContributionInvoice.objects.filter(
            product_id__in=product_ids,
            year=year,
            kind__in=[ContributionKind.ANNUAL_FEE, ContributionKind.JOINING_FEE],
        )
        .select_related("organisation", "account")
        .order_by("organisation__name", "kind", "instalment")
    ):
        if invoice.product_id is not None:  # (always: the filter names products)
            found[invoice.product_id].append(invoice)
    return found


def _calculate(found: Calculation, people: People) -> Calculation:
    """Fill ``found`` (its sheet, association tariff and invoices read) from the authorities."""
    assert found.sheet is not None
    result = tariffs.calculate(found.sheet.as_tariff(), [authority for _o, _d, authority in people])
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
    found.result, found.rows, found.plan, found.sums = result, rows, plan, tariffs.Sums.of(result)
    rate = found.share_rate
    if rate is not None and rows:
        for row, part in zip(
            rows, tariffs.share_per_line([row.contribution.total for row in rows], rate), strict=True
        ):
            row.secretariat_share = part
    return found


def calculation(product: Product, year: int) -> Calculation:
    """The contributions of ``product`` for ``year`` (no calculation without a tariff sheet)."""
    sheet = TariffSheet.objects.filter(product=product, year=year).select_related("decision").first()
    association_tariff = AssociationTariff.objects.filter(year=year).first()
    found = Calculation(product=product, year=year, sheet=sheet, association_tariff=association_tariff)
    found.invoices = _invoices([product.pk], year)[product.pk]
    if sheet is None:
        return found
    return _calculate(found, authorities(product, year))


def portfolio_sums(sheets: dict[int, TariffSheet], year: int) -> dict[int, tariffs.Sums]:
    """The sums of each product with a sheet in ``sheets`` (by product), in four queries: the
    participations as tuples, the organisations, their population figures and the size-class rule."""
    rows = list(
        year_participations(None, year)
        .filter(product_id__in=list(sheets))
        .order_by()
        .values_list("product_id", "organisation_id", "accession_date", "exit_date")
    )
    ids = {organisation_id for _product, organisation_id, _accession, _exit in rows}
    organisations = {o.pk: o for o in Organisation.objects.filter(pk__in=ids).order_by()} if ids else {}
    decisions = _decisions(organisations, year)
    classes = {key: (decisions[key].size_class, o.is_member) for key, o in organisations.items()}
    return tariffs.sums({key: sheet.as_tariff() for key, sheet in sheets.items()}, classes, rows)


def calculations(products: Iterable[Product], year: int, *, invoices: bool = True) -> list[Calculation]:
    """:func:`calculation` of each of ``products``, in their order, in seven queries however many.

    Without ``invoices`` the sums only, in six: ``sums`` (so ``total`` and ``secretariat_share``)
    with neither the rows nor the invoices and their plan (``result`` is None, ``rows``, ``plan`` and
    ``invoices`` stay empty) — the same sums, added up from plain tuples, for the whole portfolio."""
    products = list(products)
    ids = [product.pk for product in products]
    found_sheets = TariffSheet.objects.filter(product_id__in=ids, year=year)
    if invoices:  # (the decision behind a sheet is shown with its lines; the sums need none)
        found_sheets = found_sheets.select_related("decision")
    sheets = {sheet.product_id: sheet for sheet in found_sheets}
    association_tariff = AssociationTariff.objects.filter(year=year).first()
    planned = _invoices(ids, year) if invoices else {}
    people = portfolio_authorities(list(sheets), year) if sheets and invoices else {}
    summed = portfolio_sums(sheets, year) if sheets and not invoices else {}
    found = []
    for product in products:
        calc = Calculation(
            product=product, year=year, sheet=sheets.get(product.pk), association_tariff=association_tariff
        )
        calc.invoices = planned.get(product.pk, [])
        if calc.sheet is not None and invoices:
            _calculate(calc, people.get(product.pk, []))
        elif calc.sheet is not None:
            calc.sums = summed[product.pk]
        found.append(calc)
    return found
