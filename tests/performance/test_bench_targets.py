"""The benchmark's verdict (``benchmarks.suite.targets.misses``): a missed target is named, a met one is not.

The suite itself needs PostgreSQL and minutes of data generation (``make bench``); its judgement of
the figures is plain Python and is checked here on figures shaped like a run's JSON.
"""

from __future__ import annotations

from typing import Any

from benchmarks.suite import report, targets


def figures(**changes: Any) -> dict[str, Any]:
    run: dict[str, Any] = {
        "os2": 10,
        "database": "PostgreSQL",
        "pages": [{"name": "API /api/products/", "median_ms": 20.0, "queries": 7, "sql_ms": 1.0}],
        "imports": {
            "reports": 1000,
            "report_seconds": 1.5,
            "rows": 100_000,
            "import_seconds": 5.0,
            "copy_seconds": 2.0,
            "copy_history_seconds": 2.5,
            "memory_growth_mib": 2,
        },
        "computations": [
            {
                "name": "contributions of every product (400 products)",
                "median_ms": 400.0,
                "queries": 6,
                "sql_ms": 100.0,
                "products": 400,
                "lines": 39_000,
            }
        ],
        "load": None,
    }
    run.update(changes)
    return run


def test_a_run_within_every_target_misses_nothing() -> None:
    assert targets.misses(figures(), figures(os2=1)) == []


def test_contributions_slower_than_five_times_their_sql_or_a_second_are_missed() -> None:
    slow = figures(
        computations=[
            {**figures()["computations"][0], "median_ms": 1200.0, "sql_ms": 200.0},
        ]
    )
    assert targets.misses(slow, None) == [
        "contributions of every product (400 products): 6.0x its SQL (limit 5x)",
        "contributions of every product (400 products): 1200 ms (limit 1000 ms)",
    ]


def test_slow_imports_and_growing_pages_are_missed() -> None:
    small = figures(os2=1)
    big = figures(
        pages=[{"name": "API /api/products/", "median_ms": 60.0, "queries": 16, "sql_ms": 1.0}],
        imports={**figures()["imports"], "report_seconds": 4.0, "import_seconds": 9.0},
    )
    assert targets.misses(big, small) == [
        "API /api/products/: 16 queries (limit 15)",
        "API /api/products/: grew 3.00x (limit 1.3x)",
        "evaluation import: 250 reports/s (target 500)",
        "actuals import: 3.6x COPY with history (target 3x)",
    ]


def test_the_report_shows_the_contributions_against_their_target() -> None:
    text = report.render(figures(counts={}, generated_seconds=1), figures(os2=1, counts={}), [])
    assert (
        "| contributions of every product (400 products), 39,000 authority lines | 400.0 | 6 | 100.00 | 4.0 |"
        in text
    )


def _page(median_ms: float) -> dict[str, Any]:
    return {"name": "API /api/products/", "median_ms": median_ms, "queries": 7, "sql_ms": 20.0}


def test_growth_is_judged_on_the_alternating_measurement_when_there_is_one() -> None:
    # The host ran at half speed while the big size's own run measured the page: twice the time in
    # the runs, the same when both sizes were requested in turn - the data added nothing.
    alternating = {"API /api/products/": {"big_ms": 21.0, "small_ms": 20.0, "growth": 1.05}}
    slow_host = figures(pages=[_page(40.0)], growth=alternating)
    assert targets.misses(slow_host, figures(os2=1, pages=[_page(20.0)])) == []
    # Requested in turn, the page took 1.5 times as long at the big size: it grew.
    grown = {"API /api/products/": {"big_ms": 30.0, "small_ms": 20.0, "growth": 1.5}}
    assert targets.misses(
        figures(pages=[_page(20.0)], growth=grown), figures(os2=1, pages=[_page(20.0)])
    ) == ["API /api/products/: grew 1.50x (limit 1.3x)"]
    text = report.render(
        figures(counts={}, generated_seconds=1, pages=[_page(40.0)], growth=alternating),
        figures(os2=1, counts={}, pages=[_page(20.0)]),
        [],
    )
    assert "| 1.05 (<= 1.3) | 2.00 |" in text
