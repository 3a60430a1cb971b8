"""Every list page and list endpoint reads its page of rows from an index on PostgreSQL (issue 14).

The benchmarks' own generator builds a portfolio at half the benchmark's size (200 products, 2,500
people, about 10,000 participations and memberships, 5,000 work items, 1,500 meetings with their
agenda items and attendances, their decisions, 9,600 actuals, 1,200 evaluations and repository checks
with 12,000 findings, 600 self-evaluations) and the tables are analysed, so the
planner sees realistic row counts, nothing is forced (no planner settings). Then every list page
and every API list is requested as the secretariat (who sees every row) and the statement that
fetches the page's rows is explained: a table of at least ``LARGE_TABLE`` rows read with a
sequential scan fails the test, and so does a list whose own table is large but is not read
through an index. The lists in ``NOT_SERVED`` are ordered by a column of another table, which no
index of theirs can serve; they are the known gaps of issue 14 and are skipped, each with why.

SQLite plans differently and has no ``EXPLAIN (FORMAT JSON)``: the test runs on PostgreSQL only.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from tests.performance.plans import (
    ListCase,
    explain,
    large_seq_scans,
    list_cases,
    page_statements,
    row_query,
    table_sizes,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="query plans are PostgreSQL's: set DATABASE_URL to a PostgreSQL database to run this test",
    ),
]

LARGE_TABLE = 1_000

JOINED_ORDER = "ordered by a joined table's column ({}), which no index on this table can serve"
NOT_SERVED = {
    "/api/contribution-invoices/": JOINED_ORDER.format("the year, then the organisation's name"),
    "economy:contribution_invoice_list": JOINED_ORDER.format("the year, then the organisation's name"),
    "/api/memberships/": JOINED_ORDER.format("the body and role, then the person's last name"),
    "/api/role-assignments/": JOINED_ORDER.format("the role, then the person's last name"),
    "/api/budget-lines/": JOINED_ORDER.format("the budget version, then the account's number"),
    "economy:account_list": JOINED_ORDER.format("the product's name"),
    "evaluation:selfevaluation_list": JOINED_ORDER.format("the product's name, then the number"),
    "/api/self-evaluations/": JOINED_ORDER.format("the product's name, then the number"),
}

#: The tables the generated portfolio makes large (each at least ``LARGE_TABLE`` rows).
LARGE_TABLES = (
    "planning_workitem",
    "economy_actual",
    "governance_decision",
    "governance_meeting",
    "governance_agendaitem",
    "governance_attendance",
    "portfolio_person",
    "portfolio_participation",
    "portfolio_membership",
    "planning_risk",
    "evaluation_evaluation",
    "evaluation_repositorycheck",
    "evaluation_finding",
)

INDEX_PATHS = {"Index Scan", "Index Only Scan", "Bitmap Heap Scan"}


@pytest.fixture
def portfolio() -> Any:
    """The benchmarks' synthetic portfolio at half size, analysed; its secretariat user."""
    from benchmarks.common import Progress
    from benchmarks.economy import add_economy
    from benchmarks.governance import generate_governance
    from benchmarks.planning import generate_planning
    from benchmarks.portfolio import Sizes, generate
    from benchmarks.suite.data import add_evaluation_rows

    progress = Progress(io.StringIO())
    dataset = generate(Sizes.scaled(0.5), 14, progress)
    generate_planning(5_000, 14, progress, dataset.users["program manager"])
    generate_governance(14, progress)
    add_economy(dataset, progress, 14)
    add_evaluation_rows(6, 14, progress)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return dataset


def _index_paths(plan: dict[str, Any], table: str) -> list[str]:
    found: list[str] = []
    nodes = [plan["Plan"]]
    while nodes:
        node = nodes.pop()
        if node.get("Relation Name") == table and node["Node Type"] in INDEX_PATHS:
            found.append(node["Node Type"])
        nodes.extend(node.get("Plans", ()))
    return found


def _problem(client: Client, case: ListCase, rows: dict[str, float]) -> str | None:
    sql = row_query(page_statements(client, case.url), case.table)
    if sql is None:
        return None if rows.get(case.table, 0) < LARGE_TABLE else f"{case.name}: no page query found"
    plan = explain(sql)
    scanned = large_seq_scans(plan, rows, LARGE_TABLE)
    if scanned:
        return f"{case.name}: sequential scan of {', '.join(scanned)}"
    if rows.get(case.table, 0) >= LARGE_TABLE and not _index_paths(plan, case.table):
        return f"{case.name}: {case.table} ({rows[case.table]:.0f} rows) is not read through an index"
    return None


def test_every_list_reads_its_page_through_an_index(portfolio: Any) -> None:
    rows = table_sizes()
    # The dataset is what the test relies on: tables large enough for the planner to care.
    too_small = {table: rows.get(table, 0) for table in LARGE_TABLES if rows.get(table, 0) < LARGE_TABLE}
    assert not too_small, too_small
    client = Client()
    client.force_login(portfolio.users["secretariat"])
    cases = list_cases()
    assert len(cases) > 40, "the walk over the URL patterns and API routes found too few lists"
    problems = [
        problem
        for case in cases
        if case.name not in NOT_SERVED and (problem := _problem(client, case, rows)) is not None
    ]
    assert not problems, "\n".join(problems)


def test_the_known_gaps_are_still_lists() -> None:
    names = {case.name for case in list_cases()}
    assert set(NOT_SERVED) <= names
