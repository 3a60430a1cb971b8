"""Shared machinery of the query-count tests: count a page's queries with few and many rows,
compare with committed baselines. Each app's query-count test module defines its pages, a way to
grow its data, and its own baseline file, and calls :func:`assert_constant_queries`.

    UPDATE_QUERY_BASELINES=1 PROGRAMKONTOR_TESTING=1 .venv/bin/pytest tests/performance tests/<app>

rewrites the baselines on purpose.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

UPDATE = os.environ.get("UPDATE_QUERY_BASELINES") == "1"
FEW, MANY = 5, 50


class Baselines:
    """The committed query counts of one app's pages (``"<page>|<role>" -> count``)."""

    def __init__(self, path: Path, keys: set[str]) -> None:
        self.path = path
        self.keys = keys
        self.committed: dict[str, int] = json.loads(path.read_text()) if path.exists() else {}
        self.measured: dict[str, int] = {}

    def save(self) -> None:
        """Merge what this process measured into the file; several pytest-xdist workers may write,
        so the file is locked while it is read and rewritten."""
        with self.path.open("a+") as file:
            fcntl.flock(file, fcntl.LOCK_EX)
            file.seek(0)
            text = file.read()
            current: dict[str, int] = json.loads(text) if text.strip() else {}
            # Keep only pages that are still measured, then add what this process measured.
            current = {key: value for key, value in current.items() if key in self.keys}
            current.update(self.measured)
            file.seek(0)
            file.truncate()
            file.write(json.dumps(dict(sorted(current.items())), indent=2) + "\n")


def count(client: APIClient, url: str) -> tuple[CaptureQueriesContext, int]:
    """The queries of one request to ``url``, and the size of the page it returned."""
    client.get(url)  # warm-up: process-wide caches (content types, templates) are filled once
    cache.clear()  # but what is kept while its data is unchanged (core.unchanged_cache) is computed again
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return queries, len(response.content)


def shape(sql: str) -> str:
    """The query with its literal values blanked, to group repeats of the same query."""
    return re.sub(r"\b\d+\b|'[^']*'", "?", sql)[:300]


def growth_report(few: CaptureQueriesContext, many: CaptureQueriesContext) -> str:
    before = Counter(shape(q["sql"]) for q in few.captured_queries)
    after = Counter(shape(q["sql"]) for q in many.captured_queries)
    grown = [(n - before.get(sql, 0), sql) for sql, n in after.items() if n > before.get(sql, 0)]
    lines = [f"  +{extra}x {sql}" for extra, sql in sorted(grown, reverse=True)[:5]]
    return "\n".join(["Queries that repeat with the number of rows:", *lines])


def assert_constant_queries(
    client: APIClient, url: str, *, grow: Callable[[int], None], key: str, baselines: Baselines
) -> None:
    """Count ``url`` with FEW and with MANY rows (``grow(n)`` makes n rows): the counts must be equal,
    the page must show more, and the count must not exceed the committed baseline."""
    grow(FEW)
    few, few_size = count(client, url)
    grow(MANY)
    many, many_size = count(client, url)

    assert many_size > few_size, f"{key} shows no more with {MANY} rows than with {FEW}"
    assert len(many) == len(few), (
        f"{key}: {len(few)} queries with {FEW} rows but {len(many)} with {MANY} rows (N+1).\n"
        + growth_report(few, many)
    )
    baselines.measured[key] = len(many)
    if UPDATE:
        return
    baseline = baselines.committed.get(key)
    assert baseline is not None, (
        f"No query baseline for {key!r} ({len(many)} queries). Record it on purpose with "
        f"UPDATE_QUERY_BASELINES=1 and commit {baselines.path.name}."
    )
    assert len(many) <= baseline, (
        f"{key} now makes {len(many)} queries; the baseline is {baseline}.\n"
        + "\n".join(f"  {q['sql'][:200]}" for q in many.captured_queries)
        + f"\nIf the extra queries are deliberate, update the baseline with UPDATE_QUERY_BASELINES=1 "
        f"and commit {baselines.path.name}."
    )


def baselines_fixture(path: Path, keys: set[str]) -> Callable[[], Iterator[Baselines]]:
    """A session fixture with one app's committed baselines; writes them back when asked to update."""

    @pytest.fixture(scope="session")
    def baselines() -> Iterator[Baselines]:
        found = Baselines(path, keys)
        yield found
        if UPDATE and found.measured:
            found.save()

    return baselines


def baseline_completeness_test(path: Path, keys: set[str]) -> Callable[[], None]:
    """A test that every measured page has a committed baseline, and that no stale one is left behind."""

    @pytest.mark.skipif(UPDATE, reason="the baselines are being rewritten")
    def test_every_measured_page_has_a_baseline_and_no_other() -> None:
        assert set(Baselines(path, keys).committed) == keys

    return test_every_measured_page_has_a_baseline_and_no_other
