"""Which query plan PostgreSQL chooses for each list page and list endpoint.

Every list page (an ``ObjectListView``) and every API list route is requested as the secretariat;
the statement that fetches the page's rows (a ``SELECT`` from the list's own table with a
``LIMIT``) is taken from the captured queries and explained (``EXPLAIN (FORMAT JSON)``). A plan
that reads a large table (``pg_class.reltuples`` at least ``LARGE``) with a sequential scan is a
list that scans and sorts the whole table for every page: what the indexes of issue 14 are for.

Used by ``tests/performance/test_list_plans.py`` and, on a benchmark database, by hand.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from programkontor.core.api import GatedViewSet
from programkontor.core.views import ObjectListView

#: Tables with fewer rows are read whole: a sequential scan is the right plan for them.
LARGE = 2_000
#: The smallest page of any list (pages and API).
PAGE = 50


@dataclass(frozen=True)
class ListCase:
    name: str
    url: str
    table: str


def _list_views(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str, type[ObjectListView]]]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _list_views(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters:
            view_class = getattr(pattern.callback, "view_class", None)
            if isinstance(view_class, type) and issubclass(view_class, ObjectListView):
                yield f"{namespace}{pattern.name}", view_class


def list_cases() -> list[ListCase]:
    """Every list page without URL arguments and every API list route, with its table."""
    from programkontor import api_urls

    cases = [
        ListCase(name, reverse(name), view.model._meta.db_table)
        for name, view in _list_views(get_resolver())
        if not name.startswith("api:")
    ]
    for prefix, viewset, basename in api_urls.router.registry:
        if issubclass(viewset, GatedViewSet):
            cases.append(
                ListCase(
                    f"/api/{prefix}/", reverse(f"api:{basename}-list"), viewset.gate_model._meta.db_table
                )
            )
    return sorted(cases, key=lambda case: case.name)


def row_query(statements: list[str], table: str) -> str | None:
    """The statement that reads the page's rows: an ordered SELECT from ``table`` limited to a page
    (50 rows or more: a ``get()`` or ``first()`` on the same table, e.g. for the access, is not it)."""
    head = re.compile(rf'^SELECT .*? FROM "{re.escape(table)}"(?: |$)', re.S)  # noqa: S608 (a pattern)
    for sql in statements:
        limit = re.search(r" ORDER BY .* LIMIT (\d+)(?: OFFSET \d+)?$", sql, re.S)
        if head.match(sql) and limit and int(limit.group(1)) >= PAGE:
            return sql
    return None


def page_statements(client: Any, url: str) -> list[str]:
    """The SQL of one request to ``url`` (after a warm-up request), with nothing taken from the cache
    (``core.unchanged_cache``): every statement the page can make."""
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in captured.captured_queries]


def explain(sql: str, *, analyze: bool = False) -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({'ANALYZE, ' if analyze else ''}FORMAT JSON) {sql}")
        found = cursor.fetchone()[0]
    plan: dict[str, Any] = (json.loads(found) if isinstance(found, str) else found)[0]
    return plan


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", ()):
        yield from _nodes(child)


def table_sizes() -> dict[str, float]:
    """The planner's row count of every table (``ANALYZE`` first)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class"
            " WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace"
        )
        return dict(cursor.fetchall())


def large_seq_scans(plan: dict[str, Any], sizes: dict[str, float], large: int = LARGE) -> list[str]:
    """The large tables the plan reads with a sequential scan."""
    return sorted(
        {
            node["Relation Name"]
            for node in _nodes(plan["Plan"])
            if node["Node Type"] == "Seq Scan" and sizes.get(node["Relation Name"], 0) >= large
        }
    )
