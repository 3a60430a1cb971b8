"""Where the time of the evaluation-report import goes, on a kept benchmark database.

    DATABASE_URL=postgres://…/<role>_bench python -m benchmarks.profile_report_import [--reports 1000]
        [--runs 3] [--profile FILE] [--top 40]

Against a database the suite built and kept (``python -m benchmarks.suite.size --os2 10 --keep``), it
renders ``--reports`` fresh reports (another seed than the suite's, so none is already imported) and
imports them exactly as ``benchmarks.suite.imports`` does (``services.import_evaluations`` in batches of
100, every other batch published), each run in a transaction that is rolled back, so the database stays
as it was. It prints reports per second per run (median), and the time split into reading (every
report read without saving: ``read_evaluation_report``) and the rest (writing). ``--profile`` writes a
cProfile of one more run and prints its ``--top`` functions by cumulative and by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from typing import Any

from benchmarks.common import Progress, setup_django

BATCH = 100


#: The tables an import writes, vacuumed after each run (a rolled-back run leaves its rows dead).
TABLES = (
    "evaluation_evaluation",
    "evaluation_historicalevaluation",
    "evaluation_rating",
    "evaluation_historicalrating",
    "core_searchentry",
)


def _import(
    made: list[tuple[int, bytes, bool]], products: dict[int, Any], actor: Any, catalogue: Any
) -> float:
    """Seconds to import ``made`` as the suite does, each batch's deferred foreign-key checks run as its
    commit would run them (``SET CONSTRAINTS ALL IMMEDIATE``), all of it rolled back afterwards."""
    from django.db import connection, transaction

    from programkontor.evaluation import services

    with transaction.atomic():
        started = time.perf_counter()
        for index, start in enumerate(range(0, len(made), BATCH)):
            batch = made[start : start + BATCH]
            services.import_evaluations(
                reports=[(products[product_id], text) for product_id, text, _wrong in batch],
                actor=actor,
                catalogue=catalogue,
                publish=index % 2 == 0,
            )
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
    return seconds


def _read(made: list[tuple[int, bytes, bool]], products: dict[int, Any], catalogue: Any) -> float:
    from programkontor.evaluation import services

    started = time.perf_counter()
    for product_id, text, _wrong in made:
        services.read_evaluation_report(product=products[product_id], data=text, catalogue=catalogue)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", default="", help="write a cProfile of one more run here")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args(argv)
    setup_django()
    from benchmarks.evaluation import reports
    from programkontor.accounts.models import User
    from programkontor.evaluation import services
    from programkontor.portfolio.models import Product

    progress = Progress()
    made = reports(args.reports, args.seed, progress)
    products = {p.pk: p for p in Product.objects.all()}
    actor = User.objects.filter(is_secretariat=True).order_by("pk").first()
    catalogue = services.load_shipped_catalogue()
    _import(made[:BATCH], products, actor, catalogue)  # warm-up: caches, connections
    rates, reads = [], []
    for _run in range(args.runs):
        reads.append(_read(made, products, catalogue))
        seconds = _import(made, products, actor, catalogue)
        rates.append(len(made) / seconds)
        print(f"run: {len(made) / seconds:.0f} reports/s ({seconds * 1000 / len(made):.2f} ms per report)")
    read_ms = statistics.median(reads) * 1000 / len(made)
    total_ms = 1000 / statistics.median(rates)
    print(
        f"median {statistics.median(rates):.0f} reports/s: {total_ms:.2f} ms per report, of which reading "
        f"{read_ms:.2f} ms, writing and the rest {total_ms - read_ms:.2f} ms"
    )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        _import(made, products, actor, catalogue)
        profiler.disable()
        profiler.dump_stats(args.profile)
        stats = pstats.Stats(args.profile, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
