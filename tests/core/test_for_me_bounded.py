"""*Til mig* cuts each kind in SQL (``core.registry.DueList``): with more items than a kind shows, the
page shows the first ones in the list's order and the right total, and its query count is the same
with 3 and with 30 items of every kind."""

from __future__ import annotations

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from programkontor.core.registry import PER_CATEGORY, waiting_for
from tests.conftest import World
from tests.core.test_for_me import TODAY, grow
from tests.planning.factories import RiskFactory


def queries(world: World, name: str) -> tuple[int, str]:
    client = APIClient()
    client.force_login(world[name])
    client.get(reverse("core:for_me"))  # the session's first use
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("core:for_me"))
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_the_query_count_is_the_same_with_3_and_30_items_of_every_kind(world: World) -> None:
    grow(world, 0, 3)
    few = {name: queries(world, name) for name in ("alice", "bob")}
    grow(world, 3, 30)
    many = {name: queries(world, name) for name in ("alice", "bob")}
    for name in ("alice", "bob"):
        assert many[name][0] == few[name][0], name
        assert "Vis flere" not in few[name][1]
        assert f"Vis flere ({PER_CATEGORY} af 30 vist)" in many[name][1]  # the risks to review, among others


def test_a_kind_with_more_items_than_shown_counts_them_all_and_shows_the_first(world: World) -> None:
    today = TODAY()
    # 27 risks to review, three of them overdue since different days: those come first.
    for i in range(24):
        RiskFactory(product=world.product, title=f"Risiko {i:02d}", review_date=today + datetime.timedelta(5))
    for days in (1, 9, 4):
        RiskFactory(
            product=world.product, title=f"Forsinket {days}", review_date=today - datetime.timedelta(days)
        )
    risks = next(group for group in waiting_for(world["bob"], today) if group.key == "planning.risks")
    assert risks.total == 27
    assert len(risks.items) == PER_CATEGORY
    titles = [item.title for item in risks.items]
    assert titles[:4] == ["Forsinket 9", "Forsinket 4", "Forsinket 1", "Risiko 00"]
    assert titles[-1] == f"Risiko {PER_CATEGORY - 4:02d}"  # the rest are counted, not shown
    assert [item.overdue for item in risks.items[:4]] == [True, True, True, False]

    _count, html = queries(world, "bob")
    heading = re.search(r"Risici, der skal gennemgås <span[^>]*>\((\d+)\)</span>", html)
    assert heading is not None and heading.group(1) == "27"
    assert f"Vis flere ({PER_CATEGORY} af 27 vist)" in html
