"""The work-item list costs the same however many items there are (issue 14): it counts exactly up
to 1,000 items and says "more than 1,000" beyond, paging by previous and next; its filter form
reads the timeboxes' and goals' names as tuples, never the rows."""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programkontor.core.pagination import EXACT_UP_TO
from programkontor.planning.models import WorkItem
from tests.planning.conftest import text

URL = reverse("planning:workitem_list")


def add_items(world: Any, pw: Any, number: int, priority: str = "could") -> None:
    WorkItem.objects.bulk_create(
        WorkItem(
            product=world.product,
            timebox=pw.timebox,
            title=f"Masseopgave {index:04d}",
            priority=priority,
            status="agreed",
            rank=index + 10,
        )
        for index in range(number)
    )


def count_line(page: str) -> str:
    found = re.search(r'<p id="result-count">(.*?)</p>', page)
    assert found, page
    return found.group(1)


def test_a_list_of_more_than_1000_items_says_so_and_pages_by_next(world: Any, pw: Any, client: Any) -> None:
    add_items(world, pw, EXACT_UP_TO + 1)
    total = WorkItem.objects.filter(archived_at__isnull=True).count()
    client.force_login(world["alice"])
    with CaptureQueriesContext(connection) as captured:
        page = text(client.get(URL))
    assert count_line(page) == "Mere end 1.000 opgaver"
    # The count reads at most 1,001 rows, whatever the table's size.
    counts = [
        q["sql"]
        for q in captured.captured_queries
        if "COUNT(" in q["sql"] and "planning_workitem" in q["sql"]
    ]
    assert len(counts) == 1 and re.search(rf"LIMIT {EXACT_UP_TO + 1}\b", counts[0]), counts
    assert '<span class="pagination-number">Side 1</span>' in page
    assert "?page=2" in page and "Næste" in page
    # The last page is reached by its number and has no next page; one past it is not found.
    last = -(-total // 50)
    end = text(client.get(f"{URL}?page={last}"))
    assert f'<span class="pagination-number">Side {last}</span>' in end
    assert "Næste" not in end and "Forrige" in end
    assert client.get(f"{URL}?page={last + 1}").status_code == 404


def test_a_filtered_list_of_up_to_1000_items_is_counted_exactly(world: Any, pw: Any, client: Any) -> None:
    add_items(world, pw, EXACT_UP_TO + 1)
    add_items(world, pw, 3, priority="must")
    musts = WorkItem.objects.filter(priority="must", archived_at__isnull=True).count()
    client.force_login(world["alice"])
    page = text(client.get(f"{URL}?priority=must"))
    assert musts >= 3
    assert count_line(page) == f"{musts} opgaver"
    assert "Mere end" not in page


def test_the_filter_offers_timeboxes_and_goals_by_name_without_reading_their_rows(
    world: Any, pw: Any, client: Any
) -> None:
    client.force_login(world["alice"])
    with CaptureQueriesContext(connection) as captured:
        page = text(client.get(URL))
    assert f'<option value="{pw.timebox.pk}">K-alpha ({world.product.name})</option>' in page
    assert str(pw.timebox) == f"K-alpha ({world.product.name})"  # the same label as everywhere else
    assert f'<option value="{pw.goal.pk}">{pw.goal.title}</option>' in page
    options = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith(('SELECT "planning_timebox"."id"', 'SELECT "planning_goal"."id"'))
        and "ORDER BY" in q["sql"]
        and " IN (" not in q["sql"]
    ]
    assert len(options) == 2, options
    for sql in options:  # the names (and the timebox's product's and program's), not the rows
        assert '"description"' not in sql and '"notes"' not in sql, sql
