"""SQL query counts of the secretariat's publishing page: they must not grow with the number of
built sites, and must not exceed the committed baselines in ``query_baselines.json``.

    UPDATE_QUERY_BASELINES=1 PROGRAMKONTOR_TESTING=1 .venv/bin/pytest tests/publishing/test_query_counts.py
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from programkontor.core.models import Job
from tests.conftest import World
from tests.performance.support import (
    Baselines,
    assert_constant_queries,
    baseline_completeness_test,
    baselines_fixture,
)

BASELINE_FILE = Path(__file__).with_name("query_baselines.json")
BASELINE_KEYS = {"publishing:publish|secretariat"}

baselines = baselines_fixture(BASELINE_FILE, BASELINE_KEYS)


def test_the_publishing_page_does_not_grow_with_the_built_sites(world: World, baselines: Baselines) -> None:
    client = APIClient()
    client.force_login(world["alice"])
    made = 0

    def grow(size: int) -> None:
        nonlocal made
        for i in range(made, size):
            owner = world["alice"] if i % 2 else world["frank"]
            Job.objects.create(
                kind="publishing.site",
                title=f"Site {i}",
                owner=owner,
                status="done",
                arguments={"format": "html"},
            )
        made = size

    assert_constant_queries(
        client,
        reverse("publishing:publish"),
        grow=grow,
        key="publishing:publish|secretariat",
        baselines=baselines,
    )


test_every_measured_page_has_a_baseline_and_no_other = baseline_completeness_test(
    BASELINE_FILE, BASELINE_KEYS
)

pytestmark = pytest.mark.django_db
