"""The heatmap's portfolio view counts the lights through indexes on PostgreSQL (issue 14).

Its aggregate reads, for every product, its latest final evaluation and that evaluation's lights:
the latest evaluation must come from the top of ``evaluation_latest_final`` (product, status,
evaluated_on descending, id descending: no sort per product), and the lights from an index of
``evaluation_rating`` (``rating_lights`` holds evaluation, requirement and light, so the count can
be read from the index alone), never from a sequential scan of the ratings. (The evaluations'
table, one row per evaluation, may still be hashed whole to find each rating's program.) The portfolio is the
benchmarks' own at half size (``tests/performance/test_list_plans.py``), with a light for every
requirement of every final evaluation, analysed; nothing is forced.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from programkontor.evaluation.models import Evaluation, Rating, Requirement
from tests.performance.plans import explain, large_seq_scans, page_statements, table_sizes
from tests.performance.test_list_plans import LARGE_TABLE, portfolio  # noqa: F401 (the fixture)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="query plans are PostgreSQL's: set DATABASE_URL to a PostgreSQL database to run this test",
    ),
]

LIGHTS = ("green", "yellow", "red", "gray")


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", ()):
        yield from _nodes(child)


def _rate_every_final_evaluation() -> int:
    finals = list(Evaluation.objects.filter(status="final").values_list("pk", "catalogue_id"))
    requirements = {
        catalogue: list(Requirement.objects.filter(catalogue_id=catalogue).values_list("pk", flat=True))
        for catalogue in {catalogue for _pk, catalogue in finals}
    }
    lights = itertools.cycle(LIGHTS)
    created = Rating.objects.bulk_create(
        (
            Rating(evaluation_id=pk, requirement_id=requirement, light=next(lights))
            for pk, catalogue in finals
            for requirement in requirements[catalogue]
        ),
        batch_size=5_000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return len(created)


def test_the_portfolio_view_counts_the_latest_lights_through_indexes(portfolio: Any) -> None:  # noqa: F811
    assert _rate_every_final_evaluation() >= LARGE_TABLE
    rows = table_sizes()
    client = Client()
    client.force_login(portfolio.users["secretariat"])
    statements = page_statements(client, reverse("evaluation:portfolio"))
    counting = [sql for sql in statements if 'FROM "evaluation_rating"' in sql and "COUNT(" in sql]
    assert len(counting) == 1, statements
    plan = explain(counting[0])
    # The ratings (43 per evaluation) are never read whole. The evaluations themselves (one row per
    # evaluation, two a year per product) may be hashed whole to find each rating's product: the
    # planner's choice at this size, not the part that grows with the ratings.
    assert "evaluation_rating" not in large_seq_scans(plan, rows, LARGE_TABLE)
    nodes = list(_nodes(plan["Plan"]))
    ratings = [node for node in nodes if node.get("Relation Name") == "evaluation_rating"]
    assert ratings and all(node["Node Type"] in {"Index Scan", "Index Only Scan"} for node in ratings), (
        ratings
    )
    # Each product's latest final evaluation: the first entry of evaluation_latest_final, no sort.
    latest = [
        (parent["Node Type"], child["Node Type"])
        for parent in nodes
        for child in parent.get("Plans", ())
        if child.get("Index Name") == "evaluation_latest_final"
    ]
    assert latest, [node["Node Type"] for node in nodes]
    assert all(parent not in {"Sort", "Incremental Sort"} for parent, _child in latest), latest


def test_an_evaluations_ratings_are_read_through_an_index_without_one_of_their_own(
    portfolio: Any,  # noqa: F811
) -> None:
    # ``Rating.evaluation`` has no index of its own (an import writes 43 ratings per report): the
    # unique constraint and ``rating_lights`` both begin with it, for the evaluation's page and for
    # deleting an evaluation's ratings with it.
    assert _rate_every_final_evaluation() >= LARGE_TABLE
    evaluation = Evaluation.objects.filter(status="final").order_by("pk").first()
    assert evaluation is not None
    sql, params = Rating.objects.filter(evaluation=evaluation).query.sql_with_params()
    nodes = list(_nodes(explain(connection.ops.compose_sql(sql, params))["Plan"]))
    scans = {node["Node Type"] for node in nodes if node.get("Relation Name") == "evaluation_rating"}
    assert scans and "Seq Scan" not in scans, scans
    used = {node.get("Index Name") for node in nodes}
    assert used & {"evaluation_rating_requirement_unique", "rating_lights"}, used
