"""The quarterly economy overview across the portfolio: per product budget, actual, forecast and
contributions, with the deviations above a threshold flagged.

Everything is summed in the database and read through the gate (the economy's internal scope), in
six queries whatever the size of the portfolio: the budget lines in force, the actuals summed per
account and month in one scan, those accounts, the manual forecasts, the contributions, the products.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import IntegerField, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from programkontor.economy import ledger
from programkontor.economy.models import (
    Account,
    Actual,
    BudgetLine,
    BudgetVersion,
    ContributionInvoice,
    Forecast,
    InvoiceStatus,
    VersionStatus,
)
from programkontor.economy.selectors.ledger import actuals_by_account_and_month
from programkontor.portfolio.models import Product

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser

DEFAULT_THRESHOLD = Decimal("10")


@dataclass
class Figures:
    """Budget against actual of one kind (income or expenses), summed over accounts."""

    budget: int = 0
    budget_to_date: int = 0
    actual: int = 0
    forecast: int = 0

    @property
    def deviation(self) -> int:
        return self.actual - self.budget_to_date

    @property
    def deviation_percent(self) -> Decimal | None:
        return ledger.deviation_percent(self.deviation, self.budget_to_date)

    @property
    def forecast_deviation(self) -> int:
        return self.forecast - self.budget

    def add(self, line: ledger.Line) -> None:
        self.budget += line.budget
        self.budget_to_date += line.budget_to_date
        self.actual += line.actual
        self.forecast += line.forecast


@dataclass
class ProductRow:
    product: Product | None
    expenses: Figures = field(default_factory=Figures)
    income: Figures = field(default_factory=Figures)
    accounts: list[tuple[int, str, ledger.Line]] = field(default_factory=list)  # (account id, kind, line)
    invoiced: int = 0
    paid: int = 0
    overdue: int = 0
    has_approved_budget: bool = False
    flagged: bool = False

    @property
    def name(self) -> str:
        from programkontor.economy.models.common import owner_label

        return owner_label(self.product)


@dataclass
class Overview:
    year: int
    quarter: int
    as_of: datetime.date
    threshold: Decimal
    rows: list[ProductRow]
    months_budget: list[int]
    months_actual: list[int]

    @property
    def total(self) -> ProductRow:
        total = ProductRow(product=None, has_approved_budget=True)
        for row in self.rows:
            for kind in ("expenses", "income"):
                mine, theirs = getattr(total, kind), getattr(row, kind)
                mine.budget += theirs.budget
                mine.budget_to_date += theirs.budget_to_date
                mine.actual += theirs.actual
                mine.forecast += theirs.forecast
            total.invoiced += row.invoiced
            total.paid += row.paid
            total.overdue += row.overdue
        return total

    @property
    def flagged(self) -> list[ProductRow]:
        return [row for row in self.rows if row.flagged]


def as_of_for(year: int, quarter: int, today: datetime.date | None = None) -> datetime.date:
    """The end of the quarter, or today while the quarter is running."""
    today = today or timezone.localdate()
    end = ledger.quarter_end(year, quarter)
    start = datetime.date(year, quarter * 3 - 2, 1)
    return today if start <= today < end else end


def overview(
    user: AnyUser,
    year: int,
    quarter: int,
    threshold: Decimal = DEFAULT_THRESHOLD,
    *,
    today: datetime.date | None = None,
) -> Overview:
    today = today or timezone.localdate()
    as_of = as_of_for(year, quarter, today)
    in_force = (
        BudgetVersion.objects.filter(budget=OuterRef("budget_version__budget"), status=VersionStatus.APPROVED)
        .order_by()
        .values("budget")
        .annotate(newest=Max("number"))
        .values("newest")
    )
    budgets: dict[tuple[int | None, int], int] = {}
    kinds: dict[int, str] = {}
    months_budget = [0] * 12
    months_actual = [0] * 12
    for product_id, account_id, kind, amount in (
        BudgetLine.objects.restrict(user, "view_internal")
        .filter(budget_version__budget__year=year, budget_version__status=VersionStatus.APPROVED)
        .filter(budget_version__number=Subquery(in_force, output_field=IntegerField()))
        .values_list("budget_version__budget__product_id", "account_id", "account__kind", "amount")
    ):
        budgets[(product_id, account_id)] = amount
        kinds[account_id] = kind

    # One scan of the postings, summed per account and month (an account belongs to one owner).
    actuals: dict[tuple[int | None, int], int] = {}
    by_account = actuals_by_account_and_month(
        Actual.objects.restrict(user, "view").filter(date__gte=datetime.date(year, 1, 1), date__lte=as_of)
    )
    for account_id, product_id, kind in Account.objects.filter(pk__in=list(by_account)).values_list(
        "pk", "product_id", "kind"
    ):
        months = by_account[account_id]
        actuals[(product_id, account_id)] = sum(months)
        kinds[account_id] = kind
        if kind == "expense":
            for index, amount in enumerate(months):
                months_actual[index] += amount

    forecasts: dict[tuple[int | None, int], int] = {
        (product_id, account_id): amount
        for product_id, account_id, amount in Forecast.objects.restrict(user, "view")
        .filter(year=year)
        .values_list("product_id", "account_id", "amount")
    }

    contributions: dict[int | None, dict[str, int]] = {}
    overdue_day = min(today, as_of)
    for product_id, invoiced, paid, overdue in (
        ContributionInvoice.objects.restrict(user, "view_internal")
        .filter(year=year)
        .values("product_id")
        .annotate(
            invoiced=Coalesce(
                Sum(
                    "amount",
                    filter=Q(status__in=[InvoiceStatus.SENT, InvoiceStatus.PAID], sent_on__lte=as_of),
                ),
                0,
            ),
            paid=Coalesce(Sum("amount", filter=Q(status=InvoiceStatus.PAID, paid_on__lte=as_of)), 0),
            overdue=Coalesce(Sum("amount", filter=Q(status=InvoiceStatus.SENT, due_date__lt=overdue_day)), 0),
        )
        .values_list("product_id", "invoiced", "paid", "overdue")
        .order_by()
    ):
        contributions[product_id] = {"invoiced": invoiced, "paid": paid, "overdue": overdue}

    owners = {owner for owner, _account in budgets} | {owner for owner, _a in actuals} | set(contributions)
    products = {p.pk: p for p in Product.objects.filter(pk__in=[o for o in owners if o is not None])}
    approved_owners = {owner for owner, _account in budgets}
    rows: dict[int | None, ProductRow] = {
        owner: ProductRow(
            product=products.get(owner) if owner else None, has_approved_budget=owner in approved_owners
        )
        for owner in owners
        if owner is None or owner in products
    }
    for owner, account_id in sorted(
        set(budgets) | set(actuals) | {key for key in forecasts if key in budgets or key in actuals},
        key=lambda k: (k[0] or 0, k[1]),
    ):
        row = rows.get(owner)
        if row is None:
            continue
        kind = kinds.get(account_id, "expense")
        budget = budgets.get((owner, account_id), 0)
        actual = actuals.get((owner, account_id), 0)
        line = ledger.line_from_months(
            key=account_id,
            budget=budget,
            months=[actual] + [0] * 11,
            year=year,
            as_of=as_of,
            manual_forecast=forecasts.get((owner, account_id)),
        )
        row.accounts.append((account_id, kind, line))
        (row.income if kind == "income" else row.expenses).add(line)
        if kind == "expense":
            for index, amount in enumerate(line.months_budget):
                months_budget[index] += amount
    for owner, figures in contributions.items():
        if owner in rows:
            rows[owner].invoiced = figures["invoiced"]
            rows[owner].paid = figures["paid"]
            rows[owner].overdue = figures["overdue"]
    for row in rows.values():
        row.flagged = ledger.exceeds(row.expenses.deviation, row.expenses.budget_to_date, threshold) or (
            ledger.exceeds(row.income.deviation, row.income.budget_to_date, threshold)
        )
    ordered = sorted(rows.values(), key=lambda r: (r.product is not None, r.name.lower()))
    return Overview(year, quarter, as_of, threshold, ordered, months_budget, months_actual)
