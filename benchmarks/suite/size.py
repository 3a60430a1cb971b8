"""One size of the suite in its own process and database: ``python -m benchmarks.suite.size --os2 10``.

Builds everything at ``--os2`` times OS2 (``benchmarks.suite.data``), measures every list page against
its hand-written SQL (``benchmarks.suite.lists``), the imports (``benchmarks.suite.imports``), the
portfolio's contributions against SQL (``benchmarks.suite.computations``) and, with
``--load SECONDS``, the load run over the ten slowest pages (``benchmarks.suite.load``); writes the
figures as JSON to ``--json``. ``python -m benchmarks.suite`` runs it once per size and judges them.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from benchmarks.common import Progress, prepare_database, setup_django


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.suite.size", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--os2", type=float, required=True, help="size in multiples of OS2 (10: 400 products)"
    )
    parser.add_argument("--json", type=Path, required=True, help="where the figures go")
    parser.add_argument("--repeat", type=int, default=15, help="requests per page (default 15)")
    parser.add_argument("--load", type=float, default=0, help="seconds of each load run (0: none)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument(
        "--suffix", default="", help="the database is DATABASE_URL's name + _bench + this (default none)"
    )
    args = parser.parse_args(argv)

    progress = Progress()
    database = prepare_database(args.keep, progress, args.suffix)
    try:
        from django.db import connection

        progress.note(f"Size {args.os2:g}x OS2 - database: {database.description}; migrating …")
        setup_django()
        if connection.vendor != "postgresql":
            raise SystemExit("The suite runs on PostgreSQL: set DATABASE_URL to a PostgreSQL database.")
        from benchmarks.suite import computations, data, imports, lists, load

        everything = data.build(args.os2, args.seed, progress)
        figures = imports.Imports()
        progress.note("Imports:")
        imports.import_reports(round(100 * args.os2), everything, args.seed, progress, figures)
        imports.import_actuals(round(10_000 * args.os2), args.seed, progress, figures)
        if connection.vendor == "postgresql":
            # VACUUM as well: after the imports' inserts autovacuum would otherwise take one of the
            # two cores while some of the pages are measured (and only at the big size).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
        everything.counts.update(
            {"evaluation reports imported": figures.reports, "actuals imported": figures.rows}
        )
        progress.note("Pages:")
        pages = []
        for case in lists.CASES:
            measured = lists.measure(case, everything, args.repeat)
            progress.note(
                f"  {case.name:<42} {measured.median_ms:8.1f} ms, {measured.queries:>2} queries, "
                f"SQL {measured.sql_ms:6.2f} ms, ratio {measured.ratio:6.1f}"
            )
            pages.append(measured)
        progress.note("Computations:")
        found = computations.contributions(args.repeat)
        progress.note(
            f"  {found.name:<42} {found.median_ms:8.1f} ms, {found.queries:>2} queries, "
            f"SQL {found.sql_ms:6.2f} ms, ratio {found.ratio:6.1f}"
        )
        loaded = None
        if args.load:
            heaviest = sorted(pages, key=lambda page: page.median_ms, reverse=True)[:10]
            loaded = load.load_run(everything, [page.url for page in heaviest], args.load, progress)
        result = {
            "os2": args.os2,
            "suffix": args.suffix,
            "database": database.description,
            "counts": everything.counts,
            "generated_seconds": everything.seconds,
            "pages": [asdict(page) for page in pages],
            "imports": asdict(figures),
            "computations": [asdict(found)],
            "load": None
            if loaded is None
            else {
                "workers": loaded.workers,
                "pages": loaded.pages,
                "worker_rss_mib": loaded.worker_rss_mib,
                "runs": [
                    {
                        "clients": run.clients,
                        "seconds": run.seconds,
                        "requests": len(run.latencies),
                        "throughput": run.throughput,
                        "p50": run.percentile(50),
                        "p95": run.percentile(95),
                        "p99": run.percentile(99),
                        "errors": run.errors,
                    }
                    for run in loaded.runs
                ],
            },
        }
        args.json.write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
        return 0
    finally:
        database.cleanup()


if __name__ == "__main__":
    sys.exit(main())
