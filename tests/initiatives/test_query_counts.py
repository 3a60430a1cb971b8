"""SQL query counts of the initiatives pages and API list: constant in the number of initiatives, lines
and requirements (no N+1), and at most the committed baselines in ``query_baselines.json``.

Rewrite the baselines on purpose:

    UPDATE_QUERY_BASELINES=1 PROGRAMKONTOR_TESTING=1 .venv/bin/pytest tests/initiatives/test_query_counts.py
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests import factories as f
from tests.conftest import World
from tests.economy.factories import tariff_sheet
from tests.initiatives.factories import initiative, initiative_world, line, requirement
from tests.performance.support import (
    Baselines,
    assert_constant_queries,
    baseline_completeness_test,
    baselines_fixture,
)
from tests.planning.factories import WorkItemFactory

BASELINE_FILE = Path(__file__).with_name("query_baselines.json")
ROLES = {"secretariat": "alice", "program_manager": "bob"}


def grower(world: World) -> Callable[[int], None]:
    """Initiatives on new products of bob's program; the world's initiative gets a line and a requirement
    linked to a work item per step."""
    case = initiative_world(world)
    tariff_sheet(world.product, 2026)
    size = {"n": 0}

    def grow(n: int) -> None:
        for i in range(size["n"], n):
            initiative(product=f.ProductFactory(program=world.program), title=f"Initiativ {i}")
            line(case, 2027 + i % 5, ("cost", "benefit")[i % 2], 1_000_00 * (i + 1))
            item = WorkItemFactory(product=world.product, timebox=None, title=f"Opgave {i}")
            requirement(case, f"X-{i:03d}", ("must", "should", "could")[i % 3], work_item=item)
        size["n"] = n

    return grow


PAGES: dict[str, Callable[[World], str]] = {
    "initiatives:initiative_list": lambda w: reverse("initiatives:initiative_list"),
    "initiatives:initiative_detail": lambda w: initiative_world(w).get_absolute_url(),
    "initiatives:specification_docx": lambda w: reverse(
        "initiatives:specification_docx", args=[initiative_world(w).pk]
    ),
    "api:initiative-list": lambda w: reverse("api:initiative-list"),
    "api:initiative-detail": lambda w: reverse("api:initiative-detail", args=[initiative_world(w).pk]),
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
