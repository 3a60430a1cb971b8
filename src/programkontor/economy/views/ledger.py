"""Budget against actual for a product (or the association) and year, and the manual forecasts."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from programkontor.core.views import DeleteView
from programkontor.economy import charts
from programkontor.economy.forms import ForecastForm
from programkontor.economy.labels import FORECAST_METHODS
from programkontor.economy.models import Forecast
from programkontor.economy.rules import may_change_economy_of
from programkontor.economy.selectors.ledger import can_read_economy, ledger_for
from programkontor.economy.urls_helpers import contributions_url, ledger_url, year_links
from programkontor.economy.views.common import OwnerFormView
from programkontor.portfolio.models import Product


class LedgerView(TemplateView):
    """Per account: budget, actual, budget to date, deviation and forecast; per month; as a chart."""

    template_name = "economy/ledger.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        product = None
        if "slug" in kwargs:
            product = get_object_or_404(
                Product.objects.restrict(user, "view").select_related("program"), slug=kwargs["slug"]
            )
        if not can_read_economy(user, product):
            raise Http404
        year = kwargs["year"]
        if not 2000 <= year <= 2100:
            raise Http404
        as_of = None
        if self.request.GET.get("as_of"):
            try:
                as_of = datetime.date.fromisoformat(self.request.GET["as_of"])
            except ValueError as exc:
                raise Http404 from exc
        version = self.request.GET.get("version", "")
        found = ledger_for(
            product, year, as_of=as_of, version_number=int(version) if version.isdigit() else None
        )
        expenses = found.expenses
        context.update(
            product=product,
            year=year,
            ledger=found,
            income=found.income,
            expenses=expenses,
            result_budget=found.income.budget - expenses.budget,
            result_actual=found.income.actual - expenses.actual,
            result_forecast=found.income.forecast - expenses.forecast,
            can_change=may_change_economy_of(user, product),
            forecast_methods=FORECAST_METHODS,
            **year_links(ledger_url, product, year),
            contributions_url=contributions_url(product, year),
            chart=charts.cumulative(
                chart_id="ledger-expenses",
                title=_("Expenses %(year)s, cumulative: budget and actual") % {"year": year},
                months_budget=expenses.months("months_budget"),
                months_actual=expenses.months("months_actual"),
                through_month=found.through_month,
                budget_label=_("Budget"),
                actual_label=_("Actual"),
            ),
        )
        return context


class ForecastAddView(OwnerFormView):
    model = Forecast
    form_class = ForecastForm
    add_permission = "economy.add_forecast"

    def new_instance(self) -> Any:
        year = self.request.GET.get("year", "")
        return Forecast(product=self.owner, year=int(year) if year.isdigit() else timezone.localdate().year)

    def get_initial(self) -> dict[str, Any]:
        account = self.request.GET.get("account", "")
        return {"account": int(account)} if account.isdigit() else {}

    def create(self, fields: dict[str, Any]) -> Any:
        year = self.request.GET.get("year", "")
        fields["year"] = int(year) if year.isdigit() else timezone.localdate().year
        return super().create(fields)

    def success_url(self, saved: Any) -> str:
        return ledger_url(saved.product, saved.year)


class ForecastEditView(OwnerFormView):
    model = Forecast
    form_class = ForecastForm

    def success_url(self, saved: Any) -> str:
        return ledger_url(saved.product, saved.year)


class ForecastDeleteView(DeleteView):
    model = Forecast

    def perform(self, *, version: int, reason: str) -> str:
        super().perform(version=version, reason=reason)
        return ledger_url(self.object.product, self.object.year)
