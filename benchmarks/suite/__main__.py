"""The benchmark that can fail (issue 14): ``python -m benchmarks.suite [--quick] [--write]``.

``make bench`` runs it at 10x and 1x OS2 (400 and 40 products) with a 60-second load run;
``make bench-quick`` (``--quick``) at 3x and 1x with fewer requests, fewer imported rows and
20-second load runs. Each size runs in its own process and database (``benchmarks.suite.size``); the
load run goes against the biggest. The report is a Markdown table per part and one summary line; the
exit status is 1 when a target of ``benchmarks.suite.targets`` is missed. ``--write`` puts the report
into docs/benchmarks.md. PostgreSQL only (``DATABASE_URL``): its ``COPY`` is a baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import END, ROOT, drop_bench_database
from benchmarks.suite import report, targets
from benchmarks.suite.growth import ROUNDS

DOCUMENT = ROOT / "docs" / "benchmarks.md"
#: The small size's database: DATABASE_URL's name + ``_bench`` + this (the big one's has no suffix).
SMALL = "_small"
BEGIN = "<!-- BEGIN generated results: python -m benchmarks.suite --write -->"


def _run(module: str, out: Path, *arguments: str) -> dict[str, object]:
    """``python -m benchmarks.suite.<module> --json <out> <arguments>`` in its own process; its figures."""
    command = [sys.executable, "-m", f"benchmarks.suite.{module}", "--json", str(out), *arguments]
    subprocess.run(command, check=True, env=os.environ.copy())  # noqa: S603 (our own module)
    return dict(json.loads(out.read_text(encoding="utf-8")))


def _size(os2: float, folder: Path, repeat: int, load: float, label: str) -> dict[str, object]:
    """One size (``label``: big or small) in its own process and database, kept for the growth's
    alternating run; its figures in ``size-<label>.json``."""
    suffix = SMALL if label == "small" else ""
    return _run(
        "size", folder / f"size-{label}.json", "--os2", f"{os2:g}", "--repeat", str(repeat),
        "--load", f"{load:g}", "--keep", "--suffix", suffix,
    )  # fmt: skip


def _growth(folder: Path, rounds: int) -> dict[str, object]:
    """Every page of both sizes requested in turn in one process (``benchmarks.suite.growth``)."""
    return _run(
        "growth", folder / "growth.json", "--big", str(folder / "size-big.json"),
        "--small", str(folder / "size-small.json"), "--rounds", str(rounds),
    )  # fmt: skip


def write(text: str) -> None:
    document = DOCUMENT.read_text(encoding="utf-8")
    if BEGIN not in document:
        document = document.rstrip("\n") + f"\n\n## Last results\n\n{BEGIN}\n{END}\n"
    head, rest = document.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    DOCUMENT.write_text(f"{head}{BEGIN}\n{text}{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.suite", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3x and 1x OS2, 20-second load runs")
    parser.add_argument(
        "--sizes", help="the two sizes in multiples of OS2, big first (default 10,1; quick 3,1)"
    )
    parser.add_argument("--repeat", type=int, help="requests per page (default 15; quick 7)")
    parser.add_argument("--load", type=float, help="seconds of each load run (default 60; quick 20; 0: none)")
    parser.add_argument(
        "--write", action="store_true", help=f"put the report into {DOCUMENT.relative_to(ROOT)}"
    )
    parser.add_argument("--keep", action="store_true", help="keep the benchmark databases")
    args = parser.parse_args(argv)
    big, small = (float(size) for size in (args.sizes or ("3,1" if args.quick else "10,1")).split(","))
    repeat = args.repeat or (7 if args.quick else 15)
    load = args.load if args.load is not None else (20 if args.quick else 60)
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.stderr.write("The suite runs on PostgreSQL: set DATABASE_URL (its _bench twin is used).\n")
        return 2

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="programkontor-suite-") as folder:
        try:
            small_figures = _size(small, Path(folder), repeat, 0, "small")
            big_figures = _size(big, Path(folder), repeat, load, "big")
            big_figures["growth"] = _growth(Path(folder), 5 if args.quick else ROUNDS)
        finally:
            if not args.keep:
                for suffix in (SMALL, ""):
                    drop_bench_database(os.environ["DATABASE_URL"], suffix)
    missed = targets.misses(big_figures, small_figures)
    minutes = (time.perf_counter() - started) / 60
    text = report.render(big_figures, small_figures, missed)
    line = report.summary(big_figures, small_figures, missed, minutes)
    sys.stdout.write("\n" + text)
    if args.write:
        write(f"{text}`{line}`\n")
        sys.stderr.write(f"Updated {DOCUMENT.relative_to(ROOT)}\n")
    sys.stdout.write(line + "\n")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
