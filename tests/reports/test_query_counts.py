"""SQL query counts of the reports' list (and of a meeting's page with its reports panel): constant in
the number of issued reports, and at most the committed baselines in ``query_baselines.json``.

    UPDATE_QUERY_BASELINES=1 PROGRAMKONTOR_TESTING=1 .venv/bin/pytest tests/reports/test_query_counts.py
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from programkontor.governance.models import Meeting
from tests.conftest import World
from tests.performance.support import (
    Baselines,
    assert_constant_queries,
    baseline_completeness_test,
    baselines_fixture,
)
from tests.reports.factories import stored_report

BASELINE_FILE = Path(__file__).with_name("query_baselines.json")
ROLES = {"secretariat": "alice", "program_manager": "bob"}


def meeting_of(world: World) -> Meeting:
    found = Meeting.objects.filter(body=world.steering).first()
    return found or Meeting.objects.create(
        body=world.steering, starts_at=datetime.datetime(2026, 10, 1, 9, tzinfo=datetime.UTC)
    )


def grower(world: World) -> Callable[[int], None]:
    """Reports of bob's program, each sent to the world's meeting."""
    size = {"n": 0}
    meeting = meeting_of(world)

    def grow(n: int) -> None:
        for i in range(size["n"], n):
            stored_report(world.program, meeting=meeting, n=i)
        size["n"] = n

    return grow


PAGES: dict[str, Callable[[World], str]] = {
    "reports:report_list": lambda w: reverse("reports:report_list"),
    "governance:meeting_detail(reports panel)": lambda w: meeting_of(w).get_absolute_url(),
}
CASES = [(page, role) for page in PAGES for role in ROLES]
BASELINE_KEYS = {f"{page}|{role}" for page, role in CASES} | {f"reports:preview|{role}" for role in ROLES}
baselines = baselines_fixture(BASELINE_FILE, BASELINE_KEYS)


@pytest.mark.parametrize(("page", "role"), CASES)
def test_the_query_count_does_not_grow_with_rows(
    world: World, baselines: Baselines, page: str, role: str
) -> None:
    client = APIClient()
    client.force_login(world[ROLES[role]])
    assert_constant_queries(
        client, PAGES[page](world), grow=grower(world), key=f"{page}|{role}", baselines=baselines
    )


test_every_measured_page_has_a_baseline_and_no_other = baseline_completeness_test(
    BASELINE_FILE, BASELINE_KEYS
)


def product_grower(world: World) -> Callable[[int], None]:
    """Products of bob's program, each with an evaluation (its level and trend are in the report)."""
    from programkontor.evaluation.models import Catalogue
    from tests import factories as f
    from tests.evaluation.factories import evaluation

    size = {"n": 0}
    catalogue = Catalogue.objects.filter(is_current=True).first()

    def grow(n: int) -> None:
        for i in range(size["n"], n):
            product = f.ProductFactory(program=world.program, name=f"Rapportprodukt {i:02}")
            if catalogue is not None:
                evaluation(product, catalogue, evaluated_on=datetime.date(2026, 9, 1))
        size["n"] = n

    return grow


@pytest.mark.parametrize("role", list(ROLES))
def test_the_portfolio_preview_does_not_grow_with_products(
    world: World, baselines: Baselines, role: str
) -> None:
    client = APIClient()
    client.force_login(world[ROLES[role]])
    url = reverse("reports:preview") + f"?program={world.program.slug}&period=2026-Q4"
    assert_constant_queries(
        client, url, grow=product_grower(world), key=f"reports:preview|{role}", baselines=baselines
    )
