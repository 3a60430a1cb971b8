"""SQL query counts of the portfolio's publiccode.yml download: constant in the number of public
contacts and participating organisations (no N+1), at most the baselines in ``query_baselines.json``.

Rewrite the baselines on purpose:

    UPDATE_QUERY_BASELINES=1 PROGRAMKONTOR_TESTING=1 .venv/bin/pytest tests/portfolio/test_query_counts.py
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests import factories as f
from tests.conftest import World
from tests.performance.support import (
    Baselines,
    assert_constant_queries,
    baseline_completeness_test,
    baselines_fixture,
)

BASELINE_FILE = Path(__file__).with_name("query_baselines.json")
ROLES = {"anonymous": None, "secretariat": "alice", "program_manager": "bob"}


def grower(world: World) -> Callable[[int], None]:
    """Public product owners and published participating municipalities on the published product."""
    size = {"n": 0}

    def grow(n: int) -> None:
        for i in range(size["n"], n):
            person = f.PersonFactory(is_public=True, organisation=world.municipality)
            f.RoleAssignmentFactory(person=person, product=world.published_product, role="product_owner")
            municipality = f.MunicipalityFactory(is_published=True, municipality_code=f"9{i:02d}")
            f.ParticipationFactory(product=world.published_product, organisation=municipality)
        size["n"] = n

    return grow


PAGES: dict[str, Callable[[World], str]] = {
    "portfolio:product_publiccode": lambda w: reverse(
        "portfolio:product_publiccode", kwargs={"slug": w.published_product.slug}
    ),
}
CASES = [(page, role) for page in PAGES for role in ROLES]
BASELINE_KEYS = {f"{page}|{role}" for page, role in CASES}
baselines = baselines_fixture(BASELINE_FILE, BASELINE_KEYS)


@pytest.mark.parametrize(("page", "role"), CASES)
def test_the_query_count_does_not_grow_with_rows(
    world: World, baselines: Baselines, page: str, role: str
) -> None:
    client = APIClient()
    if ROLES[role]:
        client.force_login(world[ROLES[role]])
    assert_constant_queries(
        client, PAGES[page](world), grow=grower(world), key=f"{page}|{role}", baselines=baselines
    )


test_every_measured_page_has_a_baseline_and_no_other = baseline_completeness_test(
    BASELINE_FILE, BASELINE_KEYS
)
