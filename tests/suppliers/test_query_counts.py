"""SQL query counts of the suppliers app's pages and API list: constant in the number of contracts,
invoices and work items (no N+1), and at most the committed baselines in ``query_baselines.json``.

Each page is counted with 5 and with 50 rows, as the secretariat and as the program manager (bob).
Rewrite the baselines on purpose:

    UPDATE_QUERY_BASELINES=1 PROGRAMKONTOR_TESTING=1 .venv/bin/pytest tests/suppliers/test_query_counts.py
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from programkontor.economy.models import ReceivedInvoice
from tests import factories as f
from tests.conftest import World
from tests.economy.factories import accounts_for
from tests.performance.support import (
    Baselines,
    assert_constant_queries,
    baseline_completeness_test,
    baselines_fixture,
)
from tests.planning.factories import WorkItemFactory
from tests.suppliers.factories import ContractFactory, contract_world

BASELINE_FILE = Path(__file__).with_name("query_baselines.json")
ROLES = {"secretariat": "alice", "program_manager": "bob"}


def grower(world: World) -> Callable[[int], None]:
    """Contracts with the world's supplier on new products of bob's program, each with an approved and
    a registered invoice and a delivered work item; the world's contract gets the same."""
    contract = contract_world(world)
    account = accounts_for(world.product)["00008"]
    size = {"n": 0}

    def invoice(target: object, product: object, number: str, status: str) -> None:
        ReceivedInvoice.objects.create(
            product=product,
            supplier=world.supplier,
            supplier_invoice_number=number,
            invoice_date="2026-11-01",
            description="Udvikling",
            account=account,
            amount=10_000_00,
            status=status,
            contract=target,
            checked_by=world["alice"] if status == "approved" else None,
            approved_by=world["bob"] if status == "approved" else None,
        )

    def grow(n: int) -> None:
        for i in range(size["n"], n):
            product = f.ProductFactory(program=world.program)
            other = ContractFactory(
                product=product, supplier=world.supplier, kind=("development", "support")[i % 2]
            )
            for target in (contract, other):
                invoice(target, target.product, f"A-{target.pk}-{i}", "approved")
                invoice(target, target.product, f"R-{target.pk}-{i}", "registered")
                WorkItemFactory(product=target.product, contract=target, title=f"Leverance {i}")
        size["n"] = n

    return grow


PAGES: dict[str, Callable[[World], str]] = {
    "suppliers:contract_list": lambda w: reverse("suppliers:contract_list"),
    "suppliers:contract_detail": lambda w: contract_world(w).get_absolute_url(),
    "portfolio:organisation_detail(supplier panels)": lambda w: w.supplier.get_absolute_url(),
    "api:contract-list": lambda w: reverse("api:contract-list"),
}
CASES = [(page, role) for page in PAGES for role in ROLES]
BASELINE_KEYS = {f"{page}|{role}" for page, role in CASES}
baselines = baselines_fixture(BASELINE_FILE, BASELINE_KEYS)


@pytest.mark.parametrize(("page", "role"), CASES)
def test_the_query_count_does_not_grow_with_rows(
    world: World, baselines: Baselines, page: str, role: str
) -> None:
    client = APIClient()
    client.force_login(world[ROLES[role]])
    grow = grower(world)
    assert_constant_queries(client, PAGES[page](world), grow=grow, key=f"{page}|{role}", baselines=baselines)


test_every_measured_page_has_a_baseline_and_no_other = baseline_completeness_test(
    BASELINE_FILE, BASELINE_KEYS
)
