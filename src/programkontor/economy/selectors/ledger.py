"""Budget against actual for one owner (a product or the association) and year, per account and month.

A fixed number of queries whatever the number of postings: the budget, its versions, the chosen
version's lines, the actuals summed per account and month in the database (one scan), the manual
forecasts and the accounts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import CharField, IntegerField, QuerySet, Sum
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from programkontor.core.access import access_for
from programkontor.economy import ledger
from programkontor.economy.models import (
    Account,
    Actual,
    AssociationTariff,
    Budget,
    BudgetVersion,
    Forecast,
    TariffSheet,
    VersionStatus,
)
from programkontor.portfolio.models import Product

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


def can_read_economy(user: AnyUser, product: Product | None) -> bool:
    access = access_for(user)
    if access.reads_everything:
        return True
    if product is None:
        return False
    return product.pk in access.products_internal or (
        product.program_id is not None and product.program_id in access.programs_internal
    )


def years_with_data(product: Product | None) -> list[int]:
    """The years ``product`` (None: the association) has a budget or a tariff for (one query): how far
    the year pages step back and forward."""
    budgets = Budget.objects.filter(product=product).order_by().values_list("year", flat=True)
    tariffs = (
        TariffSheet.objects.filter(product=product)
        if product is not None
        else AssociationTariff.objects.all()
    )
    return list(budgets.union(tariffs.order_by().values_list("year", flat=True)))


def posting_month() -> Cast:
    """The month of a posting's date as a number, computed by the database itself.

    ``SUBSTR(CAST(date AS text), 6, 2)`` works the same on SQLite and PostgreSQL (dates as text are
    ``YYYY-MM-DD``); ``ExtractMonth`` would make SQLite call a Python function for every row.
    """
    return Cast(Substr(Cast("date", output_field=CharField()), 6, 2), output_field=IntegerField())


def actuals_by_account_and_month(queryset: QuerySet[Actual]) -> dict[int, list[int]]:
    """``{account id: [total of January, ..., total of December]}`` of the postings in ``queryset``."""
    months: dict[int, list[int]] = {}
    for account_id, month, total in (
        queryset.annotate(month=posting_month())
        .values("account_id", "month")
        .annotate(total=Sum("amount"))
        .values_list("account_id", "month", "total")
        .order_by()
    ):
        months.setdefault(account_id, [0] * 12)[month - 1] += total
    return months


def default_as_of(year: int, today: datetime.date | None = None) -> datetime.date:
    """Today during the year; the last day of a past year; the first day of a future one."""
    today = today or timezone.localdate()
    if today.year == year:
        return today
    return datetime.date(year, 12, 31) if today.year > year else datetime.date(year, 1, 1)


@dataclass
class AccountRow:
    account: Account
    line: ledger.Line
    forecast: Forecast | None = None
    budget_note: str = ""


@dataclass
class Totals:
    """Sums of a group of account rows (income or expenses)."""

    rows: list[AccountRow]

    def _sum(self, name: str) -> int:
        return sum(getattr(row.line, name) for row in self.rows)

    @property
    def budget(self) -> int:
        return self._sum("budget")

    @property
    def actual(self) -> int:
        return self._sum("actual")

    @property
    def budget_to_date(self) -> int:
        return self._sum("budget_to_date")

    @property
    def deviation(self) -> int:
        return self._sum("deviation")

    @property
    def forecast(self) -> int:
        return self._sum("forecast")

    @property
    def forecast_deviation(self) -> int:
        return self._sum("forecast_deviation")

    @property
    def remaining(self) -> int:
        return self._sum("remaining")

    @property
    def deviation_percent(self) -> Any:
        return ledger.deviation_percent(self.deviation, self.budget_to_date)

    def months(self, name: str) -> list[int]:
        months = [0] * 12
        for row in self.rows:
            for index, amount in enumerate(getattr(row.line, name)):
                months[index] += amount
        return months


@dataclass
class Ledger:
    product: Product | None
    year: int
    as_of: datetime.date
    budget: Budget | None
    version: BudgetVersion | None
    versions: list[BudgetVersion] = field(default_factory=list)
    rows: list[AccountRow] = field(default_factory=list)

    @property
    def income(self) -> Totals:
        return Totals([row for row in self.rows if row.account.is_income])

    @property
    def expenses(self) -> Totals:
        return Totals([row for row in self.rows if not row.account.is_income])

    @property
    def months(self) -> list[dict[str, Any]]:
        """Per month: budget and actual of income and expenses."""
        income, expenses = self.income, self.expenses
        columns = {
            "income_budget": income.months("months_budget"),
            "income_actual": income.months("months_actual"),
            "expense_budget": expenses.months("months_budget"),
            "expense_actual": expenses.months("months_actual"),
        }
        return [{"month": m + 1, **{name: values[m] for name, values in columns.items()}} for m in range(12)]

    @property
    def through_month(self) -> int:
        if self.as_of.year < self.year:
            return 0
        return 12 if self.as_of.year > self.year else self.as_of.month


def ledger_for(
    product: Product | None,
    year: int,
    *,
    as_of: datetime.date | None = None,
    version_number: int | None = None,
) -> Ledger:
    as_of = as_of or default_as_of(year)
    budget = Budget.objects.filter(product=product, year=year).first()
    versions = list(budget.versions.select_related("decision").order_by("-number")) if budget else []
    version = None
    if version_number is not None:
        version = next((v for v in versions if v.number == version_number), None)
    if version is None:
        version = next((v for v in versions if v.status == VersionStatus.APPROVED), None) or (
            versions[0] if versions else None
        )
    lines = {line.account_id: line for line in version.lines.all()} if version else {}
    months = actuals_by_account_and_month(
        Actual.objects.filter(product=product, date__gte=datetime.date(year, 1, 1), date__lte=as_of)
    )
    forecasts = {f.account_id: f for f in Forecast.objects.filter(product=product, year=year)}
    rows = []
    for account in (
        Account.objects.filter(product=product).order_by("kind", "number").select_related("product")
    ):
        line = lines.get(account.pk)
        forecast = forecasts.get(account.pk)
        if account.is_archived and line is None and account.pk not in months and forecast is None:
            continue
        rows.append(
            AccountRow(
                account=account,
                line=ledger.line_from_months(
                    key=account.pk,
                    budget=line.amount if line else 0,
                    months=months.get(account.pk, [0] * 12),
                    year=year,
                    as_of=as_of,
                    manual_forecast=forecast.amount if forecast else None,
                ),
                forecast=forecast,
                budget_note=line.note if line else "",
            )
        )
    rows.sort(key=lambda row: (not row.account.is_income, row.account.number))
    return Ledger(product, year, as_of, budget, version, versions, rows)
