"""Import rates: evaluation reports per second, and the actuals import against PostgreSQL's ``COPY``.

* **Evaluation reports**: ``100 x os2`` reports in OS2's published layout (``benchmarks.evaluation``'s
  generator) imported in batches of 100 through ``services.import_evaluations`` (``import_evaluation``,
  what the command line and the import page run, is one report of it): reports per second.
* **Actuals**: ``10,000 x os2`` rows of a CSV in the finance system's Danish format imported through
  ``services.actuals.import_file`` (check, then save with history). The baseline is PostgreSQL's
  ``COPY`` of the same rows - the same columns and values, parsed beforehand, no checks - into the
  actuals table and, for the figure "with history", into its history table as well, inside a
  transaction that is rolled back. The process's peak resident set before and after the import shows
  whether memory stays flat in the number of rows.
"""

from __future__ import annotations

import datetime
import threading
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.common import Progress


def rss_mib(pid: int | str = "self") -> float:
    """The resident set of a process now (``VmRSS``), in MiB; 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


class Sampler(threading.Thread):
    """The highest resident set of this process while it runs, sampled every 50 ms."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = rss_mib()
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.05):
            self.peak = max(self.peak, rss_mib())

    def stop(self) -> float:
        self.done.set()
        self.join()
        return max(self.peak, rss_mib())


@dataclass
class Imports:
    reports: int = 0
    report_seconds: float = 0.0
    rows: int = 0
    import_seconds: float = 0.0
    copy_seconds: float = 0.0
    copy_history_seconds: float = 0.0
    memory_growth_mib: float = 0.0

    @property
    def reports_per_second(self) -> float:
        return self.reports / self.report_seconds if self.report_seconds else 0.0

    @property
    def copy_ratio(self) -> float:
        """The import's time over ``COPY`` of the same rows and their history rows."""
        return self.import_seconds / self.copy_history_seconds if self.copy_history_seconds else float("inf")


def import_reports(count: int, everything: Any, seed: int, progress: Progress, figures: Imports) -> None:
    from benchmarks.evaluation import import_all, reports

    made = reports(count, seed, progress)
    result = import_all(made, everything.users["secretariat"], progress)
    figures.reports, figures.report_seconds = result.reports, result.seconds


def _rows(data: bytes, product: Any) -> list[tuple[datetime.date, str, int, str, str]]:
    """The CSV's rows as (date, account number, øre, text, document number): what ``COPY`` gets."""
    rows = []
    for line in data.decode("utf-8").splitlines()[1:]:
        day, account, amount, text, document = line.split(";")
        value = Decimal(amount.replace(".", "").replace(",", "."))
        rows.append(
            (datetime.datetime.strptime(day, "%d.%m.%Y").date(), account, int(value * 100), text, document)
        )
    return rows


def _copy_seconds(product: Any, rows: list[tuple[datetime.date, str, int, str, str]], history: bool) -> float:
    """``COPY`` the rows (and with ``history`` one history row each) in a transaction, rolled back."""
    from django.db import connection, transaction
    from django.utils import timezone
    from psycopg import sql

    from programkontor.economy.models import Account, Actual

    accounts = dict(Account.objects.filter(product=product).values_list("number", "pk"))
    now = timezone.now()
    values = ["product_id", "account_id", "date", "amount", "text", "document_number"]
    columns = ["created_at", "updated_at", "version", *values]
    history_columns = ["id", "version", *values, "history_date", "history_type", "history_change_reason"]
    seconds = 0.0
    with transaction.atomic():
        cursor = connection.cursor().cursor
        started = time.perf_counter()
        with cursor.copy(
            sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(Actual._meta.db_table), sql.SQL(", ").join(map(sql.Identifier, columns))
            )
        ) as copy:
            for day, account, amount, text, document in rows:
                copy.write_row((now, now, 1, product.pk, accounts[account], day, amount, text, document))
        if history:
            cursor.execute(
                sql.SQL("SELECT id FROM {} WHERE product_id = %s AND created_at = %s ORDER BY id").format(
                    sql.Identifier(Actual._meta.db_table)
                ),
                (product.pk, now),
            )
            ids = [row[0] for row in cursor.fetchall()]
            with cursor.copy(
                sql.SQL("COPY {} ({}) FROM STDIN").format(
                    sql.Identifier(Actual.history.model._meta.db_table),
                    sql.SQL(", ").join(map(sql.Identifier, history_columns)),
                )
            ) as copy:
                for pk, (day, account, amount, text, document) in zip(ids, rows, strict=True):
                    copy.write_row(
                        (pk, 1, product.pk, accounts[account], day, amount, text, document, now, "+", None)
                    )
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds


def import_actuals(rows: int, seed: int, progress: Progress, figures: Imports) -> None:
    from django.db import connection

    from benchmarks.economy import actuals_csv
    from programkontor.economy.services.actuals import import_file
    from programkontor.portfolio.models import Product

    product = Product.objects.order_by("pk").first()
    data = actuals_csv(rows, product, seed)
    parsed = _rows(data, product)
    if connection.vendor == "postgresql":
        figures.copy_seconds = min(_copy_seconds(product, parsed, history=False) for _ in range(2))
        figures.copy_history_seconds = min(_copy_seconds(product, parsed, history=True) for _ in range(2))
        progress.note(
            f"  COPY of {rows:,} rows: {figures.copy_seconds:.2f} s, with history "
            f"{figures.copy_history_seconds:.2f} s"
        )
    del parsed
    before = rss_mib()
    sampler = Sampler()
    sampler.start()
    started = time.perf_counter()
    staged, _check = import_file(actor=None, product=product, data=data, filename="bench.csv")
    figures.import_seconds = time.perf_counter() - started
    figures.memory_growth_mib = sampler.stop() - before
    figures.rows = staged.rows_imported if staged else 0
    progress.note(f"  import of {figures.rows:,} actuals: {figures.import_seconds:.1f} s")
