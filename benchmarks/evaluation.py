"""Benchmark of the evaluation app: importing 1,000 published evaluation reports, and the heatmap (its
portfolio view: one row per programme over the 400 products; a programme's view: 50 products x 43
requirements a page).

    python -m benchmarks.evaluation [--reports 1000] [--repeat 10] [--scale 1.0] [--write] [--keep]

(``make bench-apps`` runs it with PROGRAMKONTOR_TESTING=1; pass options with BENCH_ARGS.)

It builds the synthetic portfolio of ``benchmarks.portfolio`` (400 products, 5,000 people, ...) in a
throwaway database, renders ``--reports`` evaluation reports in OS2's published layout (random lights,
evidence of realistic length, one in ten with a count-table row that disagrees with its lights), and
imports them through ``services.import_evaluation`` exactly as ``programkontor import_evaluation``
does: parse, recompute the counts, compare with the published tables, save the evaluation and its 43
ratings with their history, one transaction per report. Every product ends up with at least one
final evaluation, so the heatmap's aggregate counts all 400 x 43 latest ratings. The pages are then
measured as in ``benchmarks.portfolio`` (server time, queries, raw SQL time, response size).
``--write`` replaces the generated part of docs/benchmarks-evaluation.md.
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Any

from benchmarks.common import Benchmark, Progress, Size, measure_all, p90, peak_mib
from benchmarks.portfolio import Sizes, generate, readers, render

EVIDENCE = [
    "Se README i repositoriet og styregruppens referat.",
    "Dokumenteret i produktets strategi, vedtaget af styregruppen.",
    "Ingen data i selvevalueringsrapport.",
    "Driftsvejledningen ligger i docs/drift.md; ansvar og finansiering fremgår af aftalen.",
]


@dataclass
class ImportFigures:
    reports: int
    seconds: float
    per_report_ms: list[float]
    parse_ms: list[float]
    mismatching: int
    mismatches_found: int
    kilobytes: float
    ratings: int
    history_rows: int

    @property
    def per_second(self) -> float:
        return self.reports / self.seconds if self.seconds else float("nan")


def reports(count: int, seed: int, progress: Progress) -> list[tuple[int, bytes, bool]]:
    """(product id, Markdown, has a wrong count row) for ``count`` reports spread over every product."""
    from programkontor.evaluation import scoring, services
    from programkontor.evaluation.formats.report import ReportContent, render_report
    from programkontor.portfolio.models import Product

    catalogue = services.load_shipped_catalogue().data()
    products = list(Product.objects.order_by("pk").values_list("pk", "name"))
    rng = random.Random(seed)
    today = datetime.date.today()
    made = []
    progress.start("render reports", count)
    for index in range(count):
        product_id, name = products[index % len(products)]
        lights = {code: rng.choice(scoring.LIGHTS) for code in catalogue.codes}
        text = render_report(
            catalogue,
            ReportContent(
                product_name=name,
                evaluated_on=today
                - datetime.timedelta(days=30 * (index // len(products)) + rng.randint(0, 20)),
                evaluator="OS2-sekretariatet",
                git_url=f"https://github.com/OS2/{name.lower()}",
                summary="Produktet er vurderet ud fra selvevalueringen og dialog med styregruppen.",
                overall="**Styrker:** åben udvikling.\n\n**Forbedringer:** dokumentation af drift.",
                recommendations="- Opdatér selvevalueringen\n- Beskriv driften",
                ratings=lights,
                evidence={code: rng.choice(EVIDENCE) for code in catalogue.codes},
            ),
        )
        wrong = index % 10 == 0
        if wrong:  # a hand-counted table that is off by one
            start = text.index("| Niveau 2 | ")
            end = text.index("\n", start)
            cells = text[start:end].split("|")
            cells[2] = f" {int(cells[2]) + 1} "
            text = text[:start] + "|".join(cells) + text[end:]
        made.append((product_id, text.encode(), wrong))
        progress.advance()
    progress.finish("reports")
    return made


BATCH = 100


def import_all(made: list[tuple[int, bytes, bool]], actor: Any, progress: Progress) -> ImportFigures:
    from programkontor.evaluation import services
    from programkontor.evaluation.formats.report import parse_report, published_mismatches
    from programkontor.evaluation.models import Evaluation, Rating
    from programkontor.portfolio.models import Product

    products = {p.pk: p for p in Product.objects.all()}
    catalogue = services.load_shipped_catalogue()
    data = catalogue.data()
    parse_ms = []
    for _product, text, _wrong in made[:200]:
        started = time.perf_counter()
        parsed = parse_report(text, data)
        published_mismatches(parsed, data)
        parse_ms.append((time.perf_counter() - started) * 1000)
    per_report = []
    mismatches = 0
    progress.start("import reports", len(made))
    started_all = time.perf_counter()
    # In batches of BATCH reports (``services.import_evaluations``), every other batch published, so
    # anonymous readers see some; a report's time is its batch's share.
    for index, start in enumerate(range(0, len(made), BATCH)):
        batch = made[start : start + BATCH]
        started = time.perf_counter()
        results = services.import_evaluations(
            reports=[(products[product_id], text) for product_id, text, _wrong in batch],
            actor=actor,
            catalogue=catalogue,
            publish=index % 2 == 0,
        )
        per_report += [(time.perf_counter() - started) * 1000 / len(batch)] * len(batch)
        mismatches += sum(len(result.mismatches) for result in results)
        for _result in results:
            progress.advance()
    seconds = time.perf_counter() - started_all
    progress.finish("reports")
    return ImportFigures(
        reports=len(made),
        seconds=seconds,
        per_report_ms=per_report,
        parse_ms=parse_ms,
        mismatching=sum(1 for *_rest, wrong in made if wrong),
        mismatches_found=mismatches,
        kilobytes=statistics.mean(len(text) for _p, text, _w in made) / 1024,
        ratings=Rating.objects.count(),
        history_rows=Evaluation.history.count() + Rating.history.count(),
    )


def pages() -> list[tuple[str, str]]:
    from django.urls import reverse

    from programkontor.evaluation.models import Evaluation
    from programkontor.portfolio.models import Program

    # A published evaluation of a published product in the program manager's program: all readers see it.
    shown = (
        Evaluation.objects.filter(
            is_published=True, product__is_published=True, product__program__slug="program-00"
        )
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    program = Program.objects.get(slug="program-00").pk
    return [
        ("heatmap, portfolio view (per programme, 400 products)", reverse("evaluation:portfolio")),
        ("heatmap, portfolio view, one theme", reverse("evaluation:portfolio") + "?theme=governance"),
        ("heatmap, one programme (50 products)", reverse("evaluation:portfolio") + f"?program={program}"),
        ("overdue evaluations", reverse("evaluation:overdue")),
        ("evaluation page", reverse("evaluation:evaluation_detail", args=[shown])),
        ("API /api/evaluations/", "/api/evaluations/"),
    ]


def render_imports(figures: ImportFigures) -> str:
    per = figures.per_report_ms
    return "\n".join(
        [
            "| Import of published evaluation reports | |",
            "|---|---:|",
            f"| reports imported | {figures.reports:,} (average {figures.kilobytes:.1f} KiB of Markdown) |",
            f"| total time | {figures.seconds:.1f} s ({figures.per_second:.0f} reports/s) |",
            f"| per report, median / p90 | {statistics.median(per):.1f} ms / {p90(per):.1f} ms |",
            f"| of which parsing and recounting, median | {statistics.median(figures.parse_ms):.1f} ms |",
            f"| reports with a wrong count-table row / rows reported | "
            f"{figures.mismatching} / {figures.mismatches_found} |",
            f"| ratings stored / history rows written | {figures.ratings:,} / {figures.history_rows:,} |",
            "",
        ]
    )


DOC_TEMPLATE = """# Benchmarks of the evaluation app

## Method

`python -m benchmarks.evaluation` (`make bench-apps`; `--write` updates this file) builds the synthetic
portfolio of `benchmarks.portfolio` (400 products and projects, 5,000 people, 20,000 participations and
memberships) in a throwaway database, installs OS2's catalogue (43 requirements), and then:

* **Import of 1,000 evaluation reports.** Renders `--reports` reports in OS2's published layout (random
  lights, realistic evidence; every tenth with a hand-counted table row that is off by one) and imports
  them one by one with `services.import_evaluation` — what `programkontor import_evaluation` runs: parse the
  Markdown strictly, recompute the counts, compare them with the published count tables, then save the
  evaluation and its 43 ratings with their history in one transaction. The reports are spread over the 400
  products (two or three each), so every product has a final evaluation afterwards. "Parsing and
  recounting" is the same work without the database, measured on 200 of the reports.
* **Pages.** Measured like `benchmarks.portfolio`: wall-clock server time through `django.test.Client`
  (median and 90th percentile of `--repeat` requests after two warm-up requests), the number of queries,
  the raw SQL time of those queries and the response size — as the secretariat, a program manager (20
  products of one program) and an anonymous visitor (published products with published evaluations).

Absolute times vary by ±30 % between runs on the shared machine; query counts and sizes are stable.
"""


BENCHMARK = Benchmark(
    "evaluation",
    "benchmarks-evaluation.md",
    DOC_TEMPLATE,
    __doc__,
    repeat=10,
    sizes=(Size("reports", 1000, "evaluation reports to import"),),
)


def benchmark(args: argparse.Namespace, progress: Progress, database: str) -> str:
    dataset = generate(Sizes.scaled(args.scale), args.seed, progress)
    memory = {"after generating the data": peak_mib()}
    made = reports(args.reports, args.seed, progress)
    figures = import_all(made, dataset.users["secretariat"], progress)
    imported = peak_mib()
    progress.note(
        f"  imported {figures.reports} reports in {figures.seconds:.1f} s "
        f"(median {statistics.median(figures.per_report_ms):.1f} ms per report)"
    )
    dataset.counts["evaluations (imported)"] = figures.reports
    dataset.counts["ratings"] = figures.ratings
    progress.note("Measuring:")
    cases = [
        (page, url, reader, user)
        for page, url in pages()
        for reader, user in readers(dataset)
        if not (page == "overdue evaluations" and user is None)  # for logged-in users only
    ]
    results = measure_all(cases, args.repeat, progress)
    memory["at the end"] = peak_mib()
    table = render(results, dataset, database, args.repeat, memory)
    return (
        render_imports(figures)
        + "\n"
        + table
        + f"\nPeak memory after importing the reports: {imported:.0f} MiB.\n"
    )


def main(argv: list[str] | None = None) -> int:
    return BENCHMARK.main(argv, benchmark)


if __name__ == "__main__":
    sys.exit(main())
