"""What every benchmark module shares: the throwaway database, Django, progress on stderr, measuring
pages through Django's test client, the report's common lines and tables, the command line and writing
the results into the module's docs/benchmarks*.md.

A package rather than ``benchmarks/common.py``: ``make bench`` runs every ``benchmarks/*.py`` as a
benchmark. The synthetic portfolio every module builds on is ``benchmarks.portfolio``'s ``generate``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent.parent
HOST = "localhost"
TODAY = datetime.date.today()
END = "<!-- END generated results -->"
SERVER_SIDE_CURSOR = re.compile(
    r'^\s*DECLARE\s+"[^"]+"\s+.*?CURSOR\s+(?:WITH(?:OUT)?\s+HOLD\s+)?FOR\s+', re.I | re.S
)
PAGES_HEADER = "| Page | Reader | Median ms | p90 ms | Queries | Raw SQL ms | Server / SQL | Response KiB |"


# --------------------------------------------------------------------------------------------
# Progress on stderr: a bar on a terminal, plain lines otherwise (CI logs, pipes).


class Progress:
    def __init__(self, stream: Any = sys.stderr) -> None:
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.name = ""
        self.total = 0
        self.done = 0
        self.started = 0.0
        self._last_line = -1

    def start(self, name: str, total: int) -> None:
        self.name, self.total, self.done, self.started, self._last_line = (
            name,
            max(total, 1),
            0,
            time.perf_counter(),
            -1,
        )
        self._draw()

    def advance(self, count: int = 1) -> None:
        self.done = min(self.total, self.done + count)
        self._draw()

    def finish(self, note: str = "") -> None:
        self.done = self.total
        elapsed = time.perf_counter() - self.started
        line = f"  {self.name:<26} {self.total:>7} {note or 'rows'} in {elapsed:5.1f} s"
        if self.tty:
            self.stream.write("\r" + line.ljust(78) + "\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def note(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def _draw(self) -> None:
        fraction = self.done / self.total
        if self.tty:
            filled = int(fraction * 30)
            bar = "#" * filled + "." * (30 - filled)
            self.stream.write(f"\r  {self.name:<26} [{bar}] {self.done:>7}/{self.total}")
            self.stream.flush()
        else:
            quarter = int(fraction * 4)
            if quarter != self._last_line and 0 < quarter < 4 and self.total >= 2000:
                self._last_line = quarter
                self.stream.write(f"  {self.name:<26} {quarter * 25:>3} %\n")
                self.stream.flush()


def insert(model: Any, rows: Sequence[Any], progress: Progress, name: str, batch: int = 1_000) -> list[Any]:
    """Bulk-insert ``rows`` (no history) in batches, with a progress bar named ``name``."""
    progress.start(name, len(rows))
    created: list[Any] = []
    for start in range(0, len(rows), batch):
        created.extend(model.objects.bulk_create(rows[start : start + batch]))
        progress.advance(len(rows[start : start + batch]))
    progress.finish()
    return created


# --------------------------------------------------------------------------------------------
# A fresh database, configured before Django is set up.


@dataclass
class Database:
    description: str
    cleanup: Callable[[], None]


def bench_url(url: str, suffix: str = "") -> tuple[str, str]:
    """The URL of the ``_bench`` twin of DATABASE_URL (``_bench`` + ``suffix``), and its name."""
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        path = Path(parts.path[1:] if parts.path.startswith("//") else parts.path)
        twin = path.with_name(f"{path.stem}_bench{suffix}{path.suffix or '.sqlite3'}")
        return f"sqlite:///{twin}", str(twin)
    name = parts.path.lstrip("/") or "programkontor"
    twin = f"{name}_bench{suffix}"
    return urlunsplit(parts._replace(path=f"/{twin}")), twin


def drop_bench_database(url: str, suffix: str = "") -> None:
    """Drop the PostgreSQL ``_bench`` twin (``_bench`` + ``suffix``) of ``url``, if it exists."""
    import psycopg
    from psycopg import sql

    _twin, name = bench_url(url, suffix)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def prepare_database(keep: bool, progress: Progress, suffix: str = "") -> Database:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        directory = Path(tempfile.mkdtemp(prefix="programkontor-bench-"))
        os.environ["PROGRAMKONTOR_DATA_DIR"] = str(directory)

        def remove_directory() -> None:
            if keep:
                progress.note(f"Kept the benchmark database in {directory}")
            else:
                shutil.rmtree(directory, ignore_errors=True)

        return Database(f"SQLite {_sqlite_version()} (file in a temporary directory)", remove_directory)

    twin_url, name = bench_url(url, suffix)
    if twin_url.startswith("sqlite"):
        for ending in ("", "-wal", "-shm", "-journal"):
            Path(name + ending).unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = twin_url

        def remove_file() -> None:
            if not keep:
                for ending in ("", "-wal", "-shm", "-journal"):
                    Path(name + ending).unlink(missing_ok=True)

        return Database(f"SQLite {_sqlite_version()} ({name})", remove_file)

    import psycopg
    from psycopg import sql

    # Connect to the configured database to create or drop its twin (never touching it).
    drop_bench_database(url, suffix)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    with psycopg.connect(twin_url) as connection:
        version = connection.info.server_version
    os.environ["DATABASE_URL"] = twin_url

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        if keep:
            progress.note(f"Kept the benchmark database {name}")
        else:
            drop_bench_database(url, suffix)

    return Database(f"PostgreSQL {version // 10000}.{version % 10000} (database {name})", drop)


def _sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "programkontor.settings")
    os.environ.setdefault("PROGRAMKONTOR_TESTING", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


# --------------------------------------------------------------------------------------------
# Measuring pages.


@dataclass
class Result:
    page: str
    reader: str
    status: int
    median_ms: float
    p90_ms: float
    queries: int
    sql_median_ms: float
    other_statements: int
    kilobytes: float

    @property
    def ratio(self) -> float:
        return self.median_ms / self.sql_median_ms if self.sql_median_ms else float("nan")


def p90(samples: list[float]) -> float:
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=10, method="inclusive")[8]


def client(user: Any) -> Any:
    """A test client for the benchmark's host, logged in as ``user`` (None: anonymous)."""
    from django.test import Client

    logged_in = Client(HTTP_HOST=HOST)
    if user is not None:
        logged_in.force_login(user)
    return logged_in


def _raw_sql_seconds(statements: list[str], repeat: int) -> list[float]:
    """Re-execute the captured statements on the driver's own cursor, fetching every row."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    samples = []
    for _ in range(repeat):
        cursor = raw.cursor()
        started = time.perf_counter()
        for statement in statements:
            cursor.execute(statement)
            cursor.fetchall()
        samples.append(time.perf_counter() - started)
        cursor.close()
    return samples


def measure(page: str, url: str, reader: str, user: Any, repeat: int) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    browser = client(user)
    for _ in range(2):  # warm up: URL resolver, templates, translations, the connection
        response = browser.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{page} as {reader}: status {response.status_code} for {url}")

    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    statements = [query["sql"] for query in captured.captured_queries]
    # PostgreSQL reads model-choice lists through a server-side cursor: re-run its SELECT.
    reads = [SERVER_SIDE_CURSOR.sub("", s, count=1) for s in statements]
    reads = [s for s in reads if s.lstrip().upper().startswith(("SELECT", "WITH"))]

    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = browser.get(url)
        samples.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{page} as {reader}: status {response.status_code} for {url}")
    sql_samples = _raw_sql_seconds(reads, repeat)
    return Result(
        page=page,
        reader=reader,
        status=response.status_code,
        median_ms=statistics.median(samples) * 1000,
        p90_ms=p90(samples) * 1000,
        queries=len(statements),
        sql_median_ms=statistics.median(sql_samples) * 1000,
        other_statements=len(statements) - len(reads),
        kilobytes=len(response.content) / 1024,
    )


def measure_all(cases: Sequence[tuple[str, str, str, Any]], repeat: int, progress: Progress) -> list[Result]:
    """``measure`` every (page, url, reader, user) in turn, a line on stderr each."""
    width = max((len(page) for page, *_rest in cases), default=0)
    results = []
    for page, url, reader, user in cases:
        result = measure(page, url, reader, user, repeat)
        progress.note(
            f"  {page:<{width}} {reader:<16} median {result.median_ms:8.1f} ms, {result.queries:>2} queries, "
            f"raw SQL {result.sql_median_ms:6.1f} ms, {result.kilobytes:5.0f} KiB"
        )
        results.append(result)
    return results


# --------------------------------------------------------------------------------------------
# Reporting.


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}"


def peak_mib() -> float:
    """The process's peak resident set so far (getrusage maxrss), in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def run_lines(database: str, repeat: int | None = None) -> list[str]:
    """The lines "Run on <when> — <machine>." and "Python …, Django …, <database>", the latter with how
    the pages were requested when ``repeat`` is given."""
    import django

    requests = (
        f"; each request {repeat} times after 2 warm-up requests, through `django.test.Client`, DEBUG off."
        if repeat is not None
        else "."
    )
    return [
        f"Run on {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} — {machine()}.",
        f"Python {platform.python_version()}, Django {django.get_version()}, {database}{requests}",
    ]


def counted(counts: Mapping[str, int]) -> str:
    """The counts as "1,234 things, 56 others"."""
    return ", ".join(f"{count:,} {name}" for name, count in counts.items())


def peak_memory(memory: Mapping[str, float]) -> str:
    """The peak-memory sentence; ``memory`` maps "after generating the data", …, "at the end" to MiB."""
    return (
        "Peak memory (maxrss) of the process: "
        + ", ".join(f"{mib:.0f} MiB {when}" for when, mib in memory.items())
        + "."
    )


def results_table(results: Iterable[Result], *, ratio: bool = True, statements: bool = True) -> list[str]:
    """The pages table. ``ratio``: the "Server / SQL" column; ``statements``: "(n not SELECT)" after the
    query count. The economy's table is recorded without the column, governance's without the note."""
    lines = [
        PAGES_HEADER if ratio else PAGES_HEADER.replace(" Server / SQL |", ""),
        "|---|---|---:|---:|---:|---:|---:|---:|" if ratio else "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        queries = f"{r.queries}"
        if statements and r.other_statements:
            queries += f" ({r.other_statements} not SELECT)"
        cells = [r.page, r.reader, f"{r.median_ms:.1f}", f"{r.p90_ms:.1f}", queries, f"{r.sql_median_ms:.1f}"]
        if ratio:
            cells.append(f"{r.ratio:.1f}")
        cells.append(f"{r.kilobytes:.0f}")
        lines.append(f"| {' | '.join(cells)} |")
    return lines


def page_report(
    results: Iterable[Result],
    database: str,
    repeat: int,
    described: Sequence[str],
    memory: Mapping[str, float],
) -> str:
    """The report of a benchmark of pages: run, ``described`` data, peak memory, the pages table."""
    lines = [
        *run_lines(database, repeat),
        "",
        *described,
        "",
        peak_memory(memory),
        "",
        *results_table(results),
    ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# One benchmark module: its command line, its run and its document.


@dataclass(frozen=True)
class Size:
    """A benchmark's own ``--<name> N`` option for how much data it makes (at least ``minimum``)."""

    name: str
    default: int
    help: str
    minimum: int = 1


@dataclass(frozen=True)
class Benchmark:
    """``python -m benchmarks.<name>``, whose results go between markers into ``docs/<document>``.

    ``template`` is the document's text up to its results, used when the document does not exist yet;
    ``description`` is the module's docstring; ``repeat`` the default of ``--repeat``.
    """

    name: str
    document: str
    template: str
    description: str
    repeat: int
    sizes: tuple[Size, ...] = ()

    @property
    def path(self) -> Path:
        return ROOT / "docs" / self.document

    @property
    def begin(self) -> str:
        return f"<!-- BEGIN generated results: python -m benchmarks.{self.name} --write -->"

    def parser(self) -> argparse.ArgumentParser:
        """The options every benchmark has and its ``sizes``; a module may add more, then ``parse``."""
        parser = argparse.ArgumentParser(
            prog=f"python -m benchmarks.{self.name}", description=self.description.split("\n\n")[0]
        )
        parser.add_argument(
            "--repeat",
            type=int,
            default=self.repeat,
            help=f"requests per page and reader (default {self.repeat})",
        )
        parser.add_argument(
            "--scale", type=float, default=1.0, help="multiply the synthetic portfolio's size (default 1)"
        )
        parser.add_argument("--seed", type=int, default=2024, help="random seed of the data (default 2024)")
        parser.add_argument(
            "--write", action="store_true", help=f"update the results in {self.path.relative_to(ROOT)}"
        )
        parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
        for size in self.sizes:
            parser.add_argument(
                f"--{size.name}", type=int, default=size.default, help=f"{size.help} (default {size.default})"
            )
        return parser

    def parse(self, parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
        args = parser.parse_args(argv)
        for option, minimum in [("repeat", 1), *((size.name, size.minimum) for size in self.sizes)]:
            if getattr(args, option) < minimum:
                parser.error(f"--{option} must be at least {minimum}")
        return args

    def main(
        self, argv: list[str] | None, body: Callable[[argparse.Namespace, Progress, str], str | None]
    ) -> int:
        """Parse the command line (the shared options and ``sizes``), then ``run``."""
        return self.run(self.parse(self.parser(), argv), body)

    def run(
        self, args: argparse.Namespace, body: Callable[[argparse.Namespace, Progress, str], str | None]
    ) -> int:
        """A fresh database and Django, then ``body(args, progress, database)``: its report goes to
        stdout and, with ``--write``, into the document (None: nothing to report). The database goes."""
        progress = Progress()
        database = prepare_database(args.keep, progress)
        try:
            progress.note(f"Database: {database.description}; migrating …")
            setup_django()
            report = body(args, progress, database.description)
            if report is not None:
                sys.stdout.write("\n" + report)
                if args.write:
                    self.write(report)
                    progress.note(f"Updated {self.path.relative_to(ROOT)}")
            return 0
        finally:
            database.cleanup()

    def write(self, report: str) -> None:
        """Replace what stands between the document's markers with ``report``."""
        text = self.path.read_text(encoding="utf-8") if self.path.exists() else self.template
        if self.begin not in text or END not in text:
            text = text.rstrip("\n") + f"\n\n## Results\n\n{self.begin}\n{END}\n"
        head, rest = text.split(self.begin, 1)
        _old, tail = rest.split(END, 1)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(f"{head}{self.begin}\n{report}{END}{tail}", encoding="utf-8")
