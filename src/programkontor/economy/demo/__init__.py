"""The economy's demo data, loaded by ``programkontor demo`` after the demo portfolio.

For the current year: the chart of accounts (the association's and every product's with a cost
element), the association's tariff, tariff sheets with OS2's published example prices, budgets (one
approved by the steering group's decision and published, with a new draft version; one approved; one
draft), a year of actuals imported through the same import as the web page, invoice plans with sent,
paid and overdue invoices, the membership fees, and invoices received in every approval state, with
invoice-approval mandates (governance) for the demo's product coordinator and product owner.

The data are files in ``data/``: ``tariffs.toml``, ``budgets.toml`` and ``invoices.toml``.
Everything is deterministic (a seeded random generator) and created only when missing.
"""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from programkontor.economy import models as economy_models
from programkontor.economy.demo import budgets, tariffs
from programkontor.economy.demo.common import SEED, decision, decision_titles, table, user
from programkontor.economy.demo.invoices import approval_mandate_titles, received_invoices
from programkontor.economy.money import format_dkk
from programkontor.economy.services import accounts as account_services
from programkontor.governance.interfaces import Decision, Mandate
from programkontor.portfolio.models import Body, Participation, Product

__all__ = ["delete_demo", "demo_totals", "load_demo"]

#: What the demo creates, counted before and after it runs.
_CREATED: tuple[tuple[str, type[Model]], ...] = (
    ("Konti", economy_models.Account),
    ("Budgetter", economy_models.Budget),
    ("Posteringer", economy_models.Actual),
    ("Takstblade", economy_models.TariffSheet),
    ("Opkrævninger", economy_models.ContributionInvoice),
    ("Modtagne fakturaer", economy_models.ReceivedInvoice),
)


@transaction.atomic
def load_demo(*, stdout: Any = None) -> list[str]:
    """Create what is missing of the economy's demo data; return one Danish line saying what it created."""
    today = timezone.localdate()
    year = today.year
    rng = random.Random(SEED + year)  # noqa: S311 - demo data, not security
    secretariat = user("sekretariat")
    before = {model: model._default_manager.count() for _label, model in _CREATED}

    # The chart of accounts.
    account_services.seed_chart(actor=secretariat, product=None, check_permission=False)
    products = list(Product.objects.exclude(cost_element="").order_by("name"))
    account_services.seed_charts(actor=secretariat, products=products)

    # The association's tariff and the tariff sheets, decided by the general assembly (via the board).
    board = Body.objects.filter(kind="board").first()
    tariff_decision = decision(table("tariffs")["decision"], year=year, product=None, body=board)
    tariffs.association_tariffs(year, secretariat, tariff_decision)
    tariffs.tariff_sheets(year, secretariat, tariff_decision)

    budgets.product_budgets(year, today, secretariat, rng)
    budgets.association_budget(year, today, secretariat, board, rng)
    budgets.forecast(year, secretariat)
    tariffs.join_this_year(year, secretariat)
    tariffs.invoice_plans(year, today, secretariat, rng)
    received_invoices(year, today)

    new = {model: model._default_manager.count() - count for model, count in before.items()}
    if not any(new.values()):
        return ["Økonomi: demodata var allerede indlæst; intet nyt er oprettet."]
    parts = ", ".join(f"{new[model]} {label.lower()}" for label, model in _CREATED if new[model])
    return [f"Økonomi: oprettet {parts}."]


def demo_totals() -> list[tuple[str, int | str]]:
    """What the demo command's totals show of the economy, counted in the database."""
    year = timezone.localdate().year
    planned = sum(
        economy_models.ContributionInvoice.objects.filter(year=year).values_list("amount", flat=True)
    )
    return [
        ("Konti", economy_models.Account.objects.count()),
        ("Budgetter", economy_models.Budget.objects.count()),
        ("Budgetversioner", economy_models.BudgetVersion.objects.count()),
        ("Posteringer", economy_models.Actual.objects.count()),
        ("Takstblade", economy_models.TariffSheet.objects.count()),
        ("Opkrævninger", economy_models.ContributionInvoice.objects.count()),
        (f"Opkrævet for {year}", format_dkk(planned)),
        ("Modtagne fakturaer", economy_models.ReceivedInvoice.objects.count()),
    ]


ECONOMY_MODELS: tuple[type[Model], ...] = (
    economy_models.ContributionInvoice,
    economy_models.ReceivedInvoice,
    economy_models.Actual,
    economy_models.ActualImport,
    economy_models.Forecast,
    economy_models.BudgetLine,
    economy_models.BudgetVersion,
    economy_models.Budget,
    economy_models.TariffSheet,
    economy_models.AssociationTariff,
    economy_models.Account,
)


@transaction.atomic
def delete_demo() -> None:
    """Delete every row of the economy's tables with its history, and the demo's decisions."""
    for model in ECONOMY_MODELS:
        model._default_manager.all().delete()
        model.history.model.objects.all().delete()  # type: ignore[attr-defined]
    titles = [title.format(year=year) for title in decision_titles() for year in range(2020, 2040)]
    joined = Participation.objects.filter(notes=tariffs.joining_note())
    Participation.history.model.objects.filter(id__in=joined.values("pk")).delete()
    joined.delete()
    mandates = Mandate.objects.filter(title__in=approval_mandate_titles())
    Mandate.history.model.objects.filter(id__in=mandates.values("pk")).delete()
    mandates.delete()
    decisions = Decision.objects.filter(title__in=titles)
    Decision.history.model.objects.filter(id__in=decisions.values("pk")).delete()
    decisions.delete()
