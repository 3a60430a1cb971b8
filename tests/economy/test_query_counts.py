"""SQL query counts of the economy's pages and API lists: equal with 5 and 50 rows (no N+1), and at
most the committed baselines in ``query_baselines.json`` (key ``"<page>|<role>"``).

    UPDATE_QUERY_BASELINES=1 PROGRAMKONTOR_TESTING=1 .venv/bin/pytest tests/economy/test_query_counts.py

rewrites the baselines on purpose. The rows grow under the program manager's (bob's) program, so his
scoped pages grow as much as the secretariat's: products with an approved budget, actuals, a forecast,
a tariff sheet, contribution invoices and invoices received; authorities taking part in OS2alpha
(for its contribution page); accounts of OS2alpha (for its budget against actual); uploaded files and
association tariffs (for their API lists).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient
from simple_history.utils import bulk_create_with_history

from programkontor.economy.models import (
    Account,
    Actual,
    ActualImport,
    AssociationTariff,
    Budget,
    BudgetLine,
    BudgetVersion,
    ContributionInvoice,
    Forecast,
    ReceivedInvoice,
    TariffSheet,
)
from programkontor.economy.services import accounts as account_services
from programkontor.portfolio.models import Participation, PopulationFigure
from tests import factories as f
from tests.conftest import World
from tests.economy.factories import YEAR, decision, economy_of, tariff_fields
from tests.performance.support import (
    Baselines,
    assert_constant_queries,
    baseline_completeness_test,
    baselines_fixture,
)

BASELINE_FILE = Path(__file__).with_name("query_baselines.json")
ROLES = {"secretariat": "alice", "program_manager": "bob"}


@dataclass
class Economy:
    world: World
    size: int = 0

    def grow_to(self, size: int) -> None:
        """Add rows in bulk (with history), ``size - self.size`` of each kind."""
        world = self.world
        alice = world["alice"]
        new = range(self.size, size)
        if not new:
            return
        products = [f.ProductFactory(program=world.program, is_published=i % 2 == 0) for i in new]
        account_services.seed_charts(actor=alice, products=products)
        accounts = {(a.product_id, a.number): a for a in Account.objects.filter(product__in=products)}
        the_decision = decision(title=f"Budgetter godkendt {size}")
        budgets = bulk(Budget, [Budget(product=p, year=YEAR) for p in products])
        versions = bulk(BudgetVersion, [BudgetVersion(budget=b, number=1) for b in budgets])
        bulk(
            BudgetLine,
            [
                BudgetLine(budget_version=v, account=accounts[(v.budget.product_id, number)], amount=amount)
                for v in versions
                for number, amount in (("00002", 10_000_00), ("00005", 5_000_00))
            ],
        )
        # Approved after the lines went in (the database refuses lines in an approved version).
        BudgetVersion.objects.filter(pk__in=[v.pk for v in versions]).update(
            status="approved", decision=the_decision, approved_at=timezone.now(), is_published=True
        )
        municipalities = [f.MunicipalityFactory(is_member=i % 3 != 0) for i in new]
        bulk(
            PopulationFigure,
            [
                PopulationFigure(
                    organisation=m, date=datetime.date(YEAR - 1, 1, 1), population=5_000 + 3_000 * i
                )
                for i, m in zip(new, municipalities, strict=True)
            ],
        )
        bulk(
            Participation,
            [
                Participation(
                    product=world.product,
                    organisation=m,
                    accession_date=datetime.date(YEAR - 2 + i % 3, 1, 1 + i % 28),
                )
                for i, m in zip(new, municipalities, strict=True)
            ],
        )
        extra = world._economy.accounts["00008"]
        rows = list(zip(new, products, municipalities, strict=True))
        bulk(
            Actual,
            [
                Actual(
                    product=p,
                    account=accounts[(p.pk, "00005")],
                    date=datetime.date(YEAR, 1 + i % 12, 1),
                    amount=1_000_00 + i,
                    document_number=f"Q-{i}",
                )
                for i, p, _m in rows
            ]
            + [
                Actual(
                    product=world.product,
                    account=extra,
                    date=datetime.date(YEAR, 1 + i % 12, 2),
                    amount=100 + i,
                    document_number=f"QA-{i}",
                )
                for i, _p, _m in rows
            ],
        )
        bulk(
            Forecast,
            [
                Forecast(product=p, year=YEAR, account=accounts[(p.pk, "00008")], amount=i)
                for i, p, _m in rows
            ],
        )
        bulk(TariffSheet, [TariffSheet(product=p, year=YEAR, **tariff_fields()) for p in products])
        bulk(
            ContributionInvoice,
            [
                ContributionInvoice(
                    product=p,
                    year=YEAR,
                    organisation=m,
                    kind="annual_fee",
                    account=accounts[(p.pk, "00002")],
                    amount=1_000_00 + i,
                    planned_on=datetime.date(YEAR, 1, 1),
                    status=["planned", "sent", "paid"][i % 3],
                    sent_on=datetime.date(YEAR, 1, 5) if i % 3 else None,
                    due_date=datetime.date(YEAR, 2, 4) if i % 3 else None,
                    paid_on=datetime.date(YEAR, 2, 1) if i % 3 == 2 else None,
                )
                for i, p, m in rows
            ],
        )
        bulk(
            ReceivedInvoice,
            [
                ReceivedInvoice(
                    product=p,
                    supplier=world.supplier,
                    supplier_invoice_number=f"Q-{i}",
                    invoice_date=datetime.date(YEAR, 3, 1),
                    description="Udvikling",
                    account=accounts[(p.pk, "00008")],
                    amount=1_000_00,
                    registered_by=alice,
                )
                for i, p, _m in rows
            ],
        )
        bulk(
            ActualImport,
            [
                ActualImport(
                    product=p, filename=f"q{i}.csv", content=b"x", sha256="0" * 64, uploaded_by=alice
                )
                for i, p, _m in rows
            ],
        )
        bulk(
            AssociationTariff,
            [AssociationTariff(year=2040 + i, membership_fee=1, is_published=True) for i in new],
        )
        bulk(
            Account,
            [
                Account(product=world.product, number=f"{20000 + i:05d}", name=f"Ekstra {i}", kind="expense")
                for i in new
            ],
        )
        self.size = size


def bulk(model: Any, rows: list[Any]) -> list[Any]:
    return bulk_create_with_history(rows, model)  # type: ignore[no-any-return]


@pytest.fixture
def economy(world: World) -> Economy:
    economy_of(world)
    return Economy(world=world)


def web(name: str, *args: Any, query: str = "") -> Callable[[Economy], str]:
    return lambda e: reverse(name, args=args) + query


def api_list(basename: str) -> Callable[[Economy], str]:
    return lambda e: reverse(f"api:{basename}-list")


PAGES: dict[str, Callable[[Economy], str]] = {
    # The pages the issue names
    "economy:overview": web("economy:overview", query=f"?year={YEAR}&quarter=4"),
    "economy:contributions": lambda e: reverse("economy:contributions", args=[e.world.product.slug, YEAR]),
    "economy:ledger": lambda e: reverse("economy:ledger", args=[e.world.product.slug, YEAR]),
    "economy:home": web("economy:home"),
    # Lists
    "economy:account_list": web("economy:account_list"),
    "economy:budget_list": web("economy:budget_list"),
    "economy:actual_list": web("economy:actual_list"),
    "economy:tariff_list": web("economy:tariff_list"),
    "economy:contribution_invoice_list": web("economy:contribution_invoice_list"),
    "economy:received_invoice_list": web("economy:received_invoice_list"),
    # API lists
    "api:account-list": api_list("account"),
    "api:budget-list": api_list("budget"),
    "api:budgetversion-list": api_list("budgetversion"),
    "api:budgetline-list": api_list("budgetline"),
    "api:actual-list": api_list("actual"),
    "api:actualimport-list": api_list("actualimport"),
    "api:forecast-list": api_list("forecast"),
    "api:tariffsheet-list": api_list("tariffsheet"),
    "api:associationtariff-list": api_list("associationtariff"),
    "api:contributioninvoice-list": api_list("contributioninvoice"),
    "api:receivedinvoice-list": api_list("receivedinvoice"),
}
BASELINE_KEYS = {f"{page}|{role}" for page in PAGES for role in ROLES}


baselines = baselines_fixture(BASELINE_FILE, BASELINE_KEYS)


@pytest.mark.parametrize("role", sorted(ROLES))
@pytest.mark.parametrize("page", list(PAGES))
def test_the_query_count_does_not_grow_with_rows(
    economy: Economy, baselines: Baselines, page: str, role: str
) -> None:
    client = APIClient()
    client.force_login(economy.world[ROLES[role]])
    url = PAGES[page](economy)
    assert_constant_queries(client, url, grow=economy.grow_to, key=f"{page}|{role}", baselines=baselines)


test_every_measured_page_has_a_baseline_and_no_other = baseline_completeness_test(
    BASELINE_FILE, BASELINE_KEYS
)
