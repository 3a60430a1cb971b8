"""The economy's front page, the quarterly overview across the portfolio and its XLSX export."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from programkontor.core.access import access_for
from programkontor.core.xlsx import XLSX_TYPE, WorkbookWriter
from programkontor.economy import charts, ledger
from programkontor.economy.filters import awaiting_me
from programkontor.economy.labels import FORECAST_METHODS
from programkontor.economy.models import (
    OPEN_STATUSES,
    Account,
    BudgetVersion,
    ContributionInvoice,
    ReceivedInvoice,
    TariffSheet,
    VersionStatus,
    overdue_q,
)
from programkontor.economy.rules import has_economy, may_check_invoices
from programkontor.economy.selectors.overview import DEFAULT_THRESHOLD, Overview, overview
from programkontor.economy.views.common import year_param
from programkontor.economy.xlsx import Money, append

CHART_ROWS = 15


class EconomyHomeView(TemplateView):
    """What the user can reach in the economy, and what waits for them; published budgets for everyone."""

    template_name = "economy/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        access = access_for(user)
        year = timezone.localdate().year
        context["year"] = year
        context["published_versions"] = list(
            BudgetVersion.objects.restrict(user, "view")
            .filter(is_published=True, status=VersionStatus.APPROVED, budget__year__gte=year - 1)
            .select_related("budget__product")
            .order_by("-budget__year", "budget__product__name", "-number")[:50]
        )
        context["published_tariffs"] = list(
            TariffSheet.objects.restrict(user, "view")
            .filter(is_published=True, year__gte=year - 1)
            .select_related("product")
            .order_by("-year", "product__name")[:50]
        )
        context["reads_economy"] = has_economy(access)
        if not user.is_authenticated:
            return context
        invoices = ReceivedInvoice.objects.restrict(user, "view_internal")
        context["awaiting_invoices"] = list(
            awaiting_me(invoices, user, may_check=may_check_invoices(user))
            .select_related("supplier", "product")
            .order_by("invoice_date")[:20]
        )
        context["open_versions"] = list(
            BudgetVersion.objects.restrict(user, "change")
            .filter(status__in=OPEN_STATUSES)
            .select_related("budget__product")
            .order_by("-budget__year", "budget__product__name")[:20]
        )
        context["overdue"] = list(
            ContributionInvoice.objects.restrict(user, "view")
            .filter(overdue_q(timezone.localdate()))
            .select_related("organisation", "product")
            .order_by("due_date")[:20]
        )
        context["own_organisation"] = access.organisation_id is not None
        return context


def overview_params(request: HttpRequest) -> tuple[int, int, Decimal]:
    today = timezone.localdate()
    year = year_param(request)
    quarter_text = request.GET.get("quarter", "")
    default_quarter = ledger.quarter_of(today) if year == today.year else 4
    if quarter_text and quarter_text not in ("1", "2", "3", "4"):
        raise Http404
    quarter = int(quarter_text) if quarter_text else default_quarter
    try:
        threshold = Decimal(request.GET.get("threshold", "") or DEFAULT_THRESHOLD).quantize(Decimal("0.1"))
    except InvalidOperation as exc:
        raise Http404 from exc
    if not Decimal(0) <= threshold <= Decimal(1000):
        raise Http404
    return year, quarter, threshold


#: Products per page of the quarterly overview.
ROWS_PER_PAGE = 50


class OverviewView(LoginRequiredMixin, TemplateView):
    """Per product (those whose economy the user reads): budget, actual, forecast, contributions."""

    template_name = "economy/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year, quarter, threshold = overview_params(self.request)
        found = overview(self.request.user, year, quarter, threshold)
        context.update(overview=found, year=year, quarter=quarter, threshold=threshold, total=found.total)
        # A page of products at a time; the totals and the charts are for every product.
        page = Paginator(found.rows, ROWS_PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(rows=page.object_list, page_obj=page, is_paginated=page.has_other_pages())
        context["years"] = range(timezone.localdate().year + 1, timezone.localdate().year - 6, -1)
        context["chart_cumulative"] = charts.cumulative(
            chart_id="overview-months",
            title=_("Expenses across the portfolio %(year)s, cumulative") % {"year": year},
            months_budget=found.months_budget,
            months_actual=found.months_actual,
            through_month=found.as_of.month if found.as_of.year == year else 12,
            budget_label=_("Budget"),
            actual_label=_("Actual"),
        )
        largest = sorted(
            (row for row in found.rows if row.expenses.budget or row.expenses.actual),
            key=lambda row: -abs(row.expenses.deviation),
        )[:CHART_ROWS]
        context["chart_deviations"] = charts.comparison(
            chart_id="overview-deviations",
            title=_("Largest deviations in expenses to %(date)s")
            % {"date": found.as_of.strftime("%d.%m.%Y")},
            bars=[
                charts.Bar(row.name, row.expenses.budget_to_date, row.expenses.actual, row.flagged)
                for row in largest
            ],
            budget_label=_("Budget to date"),
            actual_label=_("Actual to date"),
        )
        return context


class OverviewXlsxView(LoginRequiredMixin, View):
    """The overview as a workbook: a summary sheet and one sheet per product (values only)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        year, quarter, threshold = overview_params(request)
        found = overview(request.user, year, quarter, threshold)
        content = overview_workbook(found)
        response = HttpResponse(content, content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="oekonomi-{year}-k{quarter}.xlsx"'
        return response


def overview_workbook(found: Overview) -> bytes:
    accounts: dict[int, Any] = {
        a["pk"]: a
        for a in Account.objects.filter(
            pk__in={account_id for row in found.rows for account_id, _kind, _line in row.accounts}
        ).values("pk", "number", "name")
    }
    writer = WorkbookWriter()
    summary = writer.sheet(_("All products"), widths=(32, 16, 16, 16, 16, 10, 16, 16, 16, 16, 16, 10))
    heading = _("Economy overview %(year)s, quarter %(quarter)s, to %(date)s") % {
        "year": found.year,
        "quarter": found.quarter,
        "date": found.as_of.strftime("%d.%m.%Y"),
    }
    append(summary, [heading], bold=True)
    append(summary, [_("Deviations above %(threshold)s %% are flagged.") % {"threshold": found.threshold}])
    append(summary, [])
    columns = [
        _("Product"),
        _("Expenses, budget for the year"),
        _("Expenses, budget to date"),
        _("Expenses, actual to date"),
        _("Deviation"),
        _("Deviation %"),
        _("Expenses, forecast for the year"),
        _("Income, budget for the year"),
        _("Income, actual to date"),
        _("Contributions invoiced"),
        _("Contributions paid"),
        _("Flagged"),
    ]
    append(summary, columns, bold=True)

    def figures(row: Any) -> list[Any]:
        return [
            Money(row.expenses.budget),
            Money(row.expenses.budget_to_date),
            Money(row.expenses.actual),
            Money(row.expenses.deviation),
            row.expenses.deviation_percent,
            Money(row.expenses.forecast),
            Money(row.income.budget),
            Money(row.income.actual),
            Money(row.invoiced),
            Money(row.paid),
        ]

    for row in found.rows:
        append(summary, [row.name, *figures(row), _("Yes") if row.flagged else _("No")])
    append(summary, [_("Total"), *figures(found.total), ""], bold=True)

    for row in found.rows:
        sheet = writer.sheet(row.name, widths=(10, 36, 12, 16, 16, 16, 16, 16, 14))
        append(sheet, [row.name], bold=True)
        append(sheet, [heading])
        append(sheet, [])
        append(
            sheet,
            [
                _("Account"),
                _("Name"),
                _("Kind"),
                _("Budget for the year"),
                _("Budget to date"),
                _("Actual to date"),
                _("Deviation"),
                _("Forecast for the year"),
                _("Forecast method"),
            ],
            bold=True,
        )
        for account_id, kind, line in sorted(
            row.accounts, key=lambda a: (a[1] != "income", accounts.get(a[0], {}).get("number", ""))
        ):
            account = accounts.get(account_id, {"number": "", "name": ""})
            append(
                sheet,
                [
                    account["number"],
                    account["name"],
                    _("Income") if kind == "income" else _("Expense"),
                    Money(line.budget),
                    Money(line.budget_to_date),
                    Money(line.actual),
                    Money(line.deviation),
                    Money(line.forecast),
                    str(FORECAST_METHODS.get(line.forecast_method, line.forecast_method)),
                ],
            )
        append(sheet, [])
        append(sheet, [_("Contributions invoiced"), "", "", Money(row.invoiced)])
        append(sheet, [_("Contributions paid"), "", "", Money(row.paid)])
        append(sheet, [_("Contributions overdue"), "", "", Money(row.overdue)])
    return writer.save()
