"""Benchmark of the economy on the large synthetic portfolio.

    python -m benchmarks.economy [--repeat 10] [--scale 1.0] [--rows 100000] [--write] [--keep]

(``make bench-apps`` runs it with PROGRAMKONTOR_TESTING=1; pass options with BENCH_ARGS="--write".)

It builds the portfolio benchmark's synthetic portfolio (``benchmarks.portfolio``) in the shared
throwaway database, with the shared page measuring (``benchmarks.common``), then adds the economy —
the standard chart of accounts for every product, a tariff sheet per product, every municipality
taking part in every product, an approved budget per product — and measures what issue 5 names:

* **contributions** for 400 products x 98 municipalities: the calculation of every product (the
  selector and the pure arithmetic), the invoice plan of every product (written with history), the
  contribution page and the ``contributions --format json`` command for one product;
* **the import of 100,000 actual rows** from a CSV file in the Danish format: the full check (what
  ``--dry-run`` does) and the import with history, through the same service as the command line;
* **the quarterly overview** on the large portfolio (the imported rows plus actuals for every product),
  the page as the secretariat, a program manager and the board, and its XLSX export.

It prints a Markdown report; ``--write`` replaces the generated part of docs/benchmarks-economy.md.
Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime
import io
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchmarks.common import (
    Benchmark,
    Progress,
    Result,
    Size,
    counted,
    measure_all,
    peak_memory,
    peak_mib,
    results_table,
    run_lines,
)
from benchmarks.portfolio import Dataset, Sizes, generate, readers

YEAR = datetime.date.today().year


@dataclass
class Timing:
    what: str
    seconds: float
    count: int
    unit: str
    note: str = ""

    @property
    def per_item_ms(self) -> float:
        return self.seconds * 1000 / self.count if self.count else float("nan")


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = call()
    return time.perf_counter() - started, value


# --------------------------------------------------------------------------------------------
# The economy on top of the synthetic portfolio.


def add_economy(dataset: Dataset, progress: Progress, seed: int) -> dict[str, int]:
    from django.db import transaction
    from simple_history.utils import bulk_create_with_history

    from programkontor.accounts.models import User
    from programkontor.economy.models import (
        Account,
        Actual,
        AssociationTariff,
        Budget,
        BudgetLine,
        BudgetVersion,
        TariffSheet,
    )
    from programkontor.economy.services.accounts import seed_charts
    from programkontor.governance.models import Decision
    from programkontor.portfolio.models import Organisation, Participation, Person, Product

    rng = random.Random(seed)
    progress.note("Adding the economy:")
    started = time.perf_counter()
    with transaction.atomic():
        products = list(Product.objects.order_by("pk"))
        municipalities = list(Organisation.objects.filter(kind="municipality").order_by("pk"))
        seed_charts(actor=None, products=products)
        accounts = {(a.product_id, a.number): a for a in Account.objects.filter(product__isnull=False)}

        # Every municipality takes part in every product (some joined this year, a few left).
        taking_part = set(Participation.objects.values_list("product_id", "organisation_id"))
        rows = []
        for product in products:
            for municipality in municipalities:
                if (product.pk, municipality.pk) in taking_part:
                    continue
                joined = datetime.date(
                    rng.choice([2018, 2020, 2022, YEAR]), rng.randint(1, 12), rng.randint(1, 28)
                )
                rows.append(Participation(product=product, organisation=municipality, accession_date=joined))
        progress.start("participations (top-up)", len(rows))
        Participation.objects.bulk_create(rows, batch_size=2_000)
        progress.finish()

        prices = {
            f"{kind}_{size}_{member}": amount * 100
            for kind, table in (
                (
                    "annual",
                    {
                        "small": (23_980, 29_700),
                        "medium": (34_880, 43_200),
                        "large": (45_780, 56_700),
                        "very_large": (56_680, 70_200),
                    },
                ),
                (
                    "joining",
                    {
                        "small": (35_000, 35_000),
                        "medium": (70_000, 70_000),
                        "large": (190_000, 190_000),
                        "very_large": (350_000, 350_000),
                    },
                ),
            )
            for size, pair in table.items()
            for member, amount in zip(("member", "non_member"), pair, strict=True)
        }
        rules = ["monthly_first_day", "monthly_any_day", "none"]
        bulk_create_with_history(
            [
                TariffSheet(
                    product=p,
                    year=YEAR,
                    pro_rata_rule=rng.choice(rules),
                    invoices_per_year=rng.choice([1, 2, 4]),
                    is_published=True,
                    **prices,
                )
                for p in products
            ],
            TariffSheet,
            batch_size=1_000,
        )
        AssociationTariff.objects.create(year=YEAR, membership_fee=2_500_000, secretariat_share_rate=10)

        # An approved budget per product (lines inserted first: the database refuses lines in an
        # approved version), one decision for all of them.
        decision = Decision.objects.create(
            date=datetime.date(YEAR - 1, 12, 1), title="Budgetter", status="decided"
        )
        budgets = Budget.objects.bulk_create([Budget(product=p, year=YEAR) for p in products])
        versions = BudgetVersion.objects.bulk_create([BudgetVersion(budget=b, number=1) for b in budgets])
        lines = [
            BudgetLine(
                budget_version=v,
                account=accounts[(v.budget.product_id, f"{n:05d}")],
                amount=rng.randint(1, 90) * 10_000_00,
            )
            for v in versions
            for n in range(1, 12)
        ]
        BudgetLine.objects.bulk_create(lines, batch_size=2_000)
        from django.utils import timezone

        BudgetVersion.objects.update(status="approved", decision=decision, approved_at=timezone.now())

        # Actuals for every product through the year so far (the big import comes on top).
        actual_rows = []
        until = min(datetime.date.today(), datetime.date(YEAR, 12, 31))
        for product in products:
            for month in range(1, until.month + 1):
                for number in ("00005", "00006", "00008", "00011"):
                    actual_rows.append(
                        Actual(
                            product=product,
                            account=accounts[(product.pk, number)],
                            date=datetime.date(YEAR, month, rng.randint(1, 28)),
                            amount=rng.randint(1_000, 90_000) * 100,
                            document_number=f"S-{product.pk}-{month}-{number}",
                        )
                    )
        progress.start("actuals (all products)", len(actual_rows))
        Actual.objects.bulk_create(actual_rows, batch_size=2_000)
        progress.finish()

        board = User.objects.create_user("bestyrelse")
        person = Person.objects.filter(user__isnull=True).order_by("pk").first()
        from programkontor.portfolio.models import Body, Membership

        Person.objects.filter(pk=person.pk).update(user=board)
        Membership.objects.create(body=Body.objects.get(kind="board"), person=person)
        dataset.users["board"] = board
    progress.note(f"  economy added in {time.perf_counter() - started:.1f} s")
    return {
        "accounts": Account.objects.count(),
        "participations": Participation.objects.count(),
        "tariff sheets": TariffSheet.objects.count(),
        "budget lines": BudgetLine.objects.count(),
        "actuals before the import": Actual.objects.count(),
    }


# --------------------------------------------------------------------------------------------
# Measurements.


def measure_contributions(progress: Progress, timings: list[Timing]) -> None:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from programkontor.economy.selectors.contributions import calculation, calculations
    from programkontor.economy.services.contributions import generate_plan
    from programkontor.portfolio.models import Product

    products = list(Product.objects.order_by("pk"))
    progress.note("Measuring contributions:")
    samples = []
    authorities = 0
    queries = 0
    total = 0
    for product in products:
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            seconds, calc = timed(lambda p=product: calculation(p, YEAR))
        samples.append(seconds)
        total += calc.total
        authorities += len(calc.rows)
        queries = max(queries, len(captured.captured_queries))
    timings.append(
        Timing(
            f"calculation of {len(products)} products ({authorities:,} authority lines)",
            sum(samples),
            len(products),
            "product",
            f"median {statistics.median(samples) * 1000:.1f} ms per product, at most {queries} queries each",
        )
    )
    progress.note(f"  calculation: {sum(samples):.1f} s")

    for invoices in (False, True):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            seconds, found = timed(lambda planned=invoices: calculations(products, YEAR, invoices=planned))
        timings.append(
            Timing(
                f"`calculations()` of all {len(found)} products at once"
                + (", with the invoices already planned" if invoices else ", the sums only"),
                seconds,
                len(found),
                "product",
                f"{len(captured.captured_queries)} queries; the same total",
            )
        )
        assert sum(calc.total for calc in found) == total, "calculations() differs from calculation()"
    progress.note("  calculations(): done")

    seconds = 0.0
    created = 0
    for product in products:
        spent, report = timed(
            lambda p=product: generate_plan(actor=None, product=p, year=YEAR, check_permission=False)
        )
        seconds += spent
        created += report.created
    timings.append(
        Timing(
            f"invoice plan of {len(products)} products, written with history",
            seconds,
            len(products),
            "product",
            f"{created:,} invoices created",
        )
    )
    progress.note(f"  invoice plans: {seconds:.1f} s, {created:,} invoices")

    spent, _report = timed(
        lambda: [generate_plan(actor=None, product=p, year=YEAR, check_permission=False) for p in products]
    )
    timings.append(Timing("invoice plan again (nothing to change)", spent, len(products), "product"))

    from django.core.management import call_command

    product = products[0]
    out = io.StringIO()
    spent, _ = timed(
        lambda: call_command(
            "contributions", "--product", product.slug, "--year", str(YEAR), "--format", "json", stdout=out
        )
    )
    timings.append(
        Timing(
            f"`contributions --format json` for one product ({len(out.getvalue()) / 1024:.0f} KiB)",
            spent,
            1,
            "run",
        )
    )


ACCOUNTS = ["00004", "00005", "00006", "00008", "00009", "00011"]


def actuals_csv(rows: int, product: Any, seed: int) -> bytes:
    rng = random.Random(seed)
    lines = ["Dato;Konto;Beløb;Tekst;Bilagsnummer"]
    until = min(datetime.date.today(), datetime.date(YEAR, 12, 31))
    span = (until - datetime.date(YEAR, 1, 1)).days
    for i in range(rows):
        day = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randint(0, max(0, span)))
        amount = rng.randint(-50_000, 5_000_000)
        kroner, ore = divmod(abs(amount), 100)
        text = f"{'-' if amount < 0 else ''}{kroner:,}".replace(",", ".") + f",{ore:02d}"
        lines.append(f"{day:%d.%m.%Y};{rng.choice(ACCOUNTS)};{text};Postering {i};I-{i:07d}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def measure_import(progress: Progress, timings: list[Timing], rows: int, seed: int) -> dict[str, float]:
    from programkontor.economy.services.actuals import check_file, import_file
    from programkontor.portfolio.models import Product

    product = Product.objects.order_by("pk").first()
    data = actuals_csv(rows, product, seed)
    progress.note(f"Measuring the import of {rows:,} rows ({len(data) / 1024 / 1024:.1f} MiB CSV):")
    before = peak_mib()
    spent, check = timed(lambda: check_file(product=product, data=data, filename="bench.csv"))
    assert check.ok, check.errors[:5]
    timings.append(Timing(f"check of {rows:,} rows (what --dry-run does)", spent, rows, "row"))
    progress.note(f"  check: {spent:.1f} s")
    spent, (staged, _check) = timed(
        lambda: import_file(actor=None, product=product, data=data, filename="bench.csv")
    )
    timings.append(
        Timing(f"import of {rows:,} rows with history", spent, rows, "row", f"{staged.rows_imported:,} saved")
    )
    progress.note(f"  import: {spent:.1f} s")
    spent, again = timed(lambda: check_file(product=product, data=data, filename="bench.csv"))
    timings.append(
        Timing(f"check of the same file again ({len(again.errors):,} duplicates found)", spent, rows, "row")
    )
    return {"before": before, "after": peak_mib()}


def pages(dataset: Dataset) -> list[tuple[str, str, list[tuple[str, Any]]]]:
    from django.urls import reverse

    from programkontor.portfolio.models import Product

    product = Product.objects.filter(program__slug="program-00").order_by("pk").first()
    logged_in = [*readers(dataset)[:2], ("board", dataset.users["board"])]  # no anonymous readers
    quarter = (datetime.date.today().month - 1) // 3 + 1
    return [
        ("quarterly overview", reverse("economy:overview") + f"?year={YEAR}&quarter={quarter}", logged_in),
        (
            "overview as XLSX",
            reverse("economy:overview_xlsx") + f"?year={YEAR}&quarter={quarter}",
            logged_in[:1],
        ),
        (
            "contribution page (98 authorities)",
            reverse("economy:contributions", args=[product.slug, YEAR]),
            logged_in[:2],
        ),
        ("budget against actual", reverse("economy:ledger", args=[product.slug, YEAR]), logged_in[:2]),
        ("API /api/actuals/", "/api/actuals/", logged_in[:2]),
    ]


def render(
    results: list[Result],
    timings: list[Timing],
    counts: dict[str, int],
    dataset: Dataset,
    database: str,
    repeat: int,
    memory: dict[str, float],
) -> str:
    lines = [
        *run_lines(database),
        "",
        f"Portfolio: {counted(dataset.counts)}.",
        f"Economy: {counted(counts)}.",
        "",
        peak_memory(memory),
        "",
        "### Work",
        "",
        "| What | Seconds | Per item | Note |",
        "|---|---:|---:|---|",
    ]
    for timing in timings:
        lines.append(
            f"| {timing.what} | {timing.seconds:.2f} | {timing.per_item_ms:.3f} ms per {timing.unit} | "
            f"{timing.note} |"
        )
    lines += [
        "",
        f"### Pages (each request {repeat} times after 2 warm-up requests, DEBUG off)",
        "",
        *results_table(results, ratio=False, statements=False),
    ]
    return "\n".join(lines) + "\n"


DOC_TEMPLATE = """# Benchmarks of the economy

## Method

`python -m benchmarks.economy` (run by `make bench-apps`; `--write` updates this file) builds the portfolio
benchmark's synthetic portfolio (400 products, 98 municipalities, see `docs/benchmarks.md`) in a throwaway
database, adds the economy and measures:

* **Contributions for 400 products x 98 municipalities.** Every municipality is made a participant of every
  product (the portfolio benchmark gives each product 10-50; the rest are topped up, some joining this
  year), every product gets a tariff sheet with OS2's example prices and a random pro-rata rule and number
  of instalments. Measured: the calculation of every product (`economy.selectors.contributions.calculation`:
  six queries, then the pure arithmetic of `economy/tariffs.py`), the invoice plan of every product written
  with history (`generate_plan`, bulk inserts), the same again when nothing changes, the command line's JSON
  for one product, and the contribution page.
* **The import of 100,000 actual rows** (`--rows`): a CSV in the Danish format (semicolons, `1.234,56`,
  `14.03.2025`) checked in full (what `import_actuals --dry-run` does: parse, check every account against
  the chart and every document number against the ledger), imported with history through the service the
  command line and the web page use, and checked again (every row now a duplicate). Peak memory is read
  before and after.
* **The quarterly overview** on that portfolio: an approved budget of 11 lines per product, monthly
  actuals on four accounts of every product plus the 100,000 imported rows, the invoice plans above.
  Measured as the secretariat, a program manager (20 products) and the board, and its XLSX export (a
  summary sheet and one sheet per product), with the page measuring of the portfolio benchmark (server
  time around `django.test.Client.get`, median and 90th percentile, queries, raw SQL time).

The machine is a shared virtual machine; absolute times move by ±30 % between runs. Query counts are stable.
"""


BENCHMARK = Benchmark(
    "economy",
    "benchmarks-economy.md",
    DOC_TEMPLATE,
    __doc__,
    repeat=10,
    sizes=(Size("rows", 100_000, "rows in the imported file"),),
)


def benchmark(args: argparse.Namespace, progress: Progress, database: str) -> str:
    dataset = generate(Sizes.scaled(args.scale), args.seed, progress)
    counts = add_economy(dataset, progress, args.seed)
    memory = {"after generating the data": peak_mib()}
    timings: list[Timing] = []
    measure_contributions(progress, timings)
    imported = measure_import(progress, timings, args.rows, args.seed)
    memory["before the import"], memory["after it"] = imported["before"], imported["after"]
    progress.note("Measuring pages:")
    cases = [(page, url, reader, user) for page, url, who in pages(dataset) for reader, user in who]
    results = measure_all(cases, args.repeat, progress)
    memory["at the end"] = peak_mib()
    return render(results, timings, counts, dataset, database, args.repeat, memory)


def main(argv: list[str] | None = None) -> int:
    return BENCHMARK.main(argv, benchmark)


if __name__ == "__main__":
    sys.exit(main())
