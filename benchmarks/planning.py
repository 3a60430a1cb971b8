"""Benchmark of planning's heaviest pages on the large synthetic portfolio plus 40,000 work items.

    python -m benchmarks.planning [--repeat 20] [--scale 1.0] [--items 40000] [--write] [--keep]

(``make bench-apps`` runs it with PROGRAMKONTOR_TESTING=1.) It builds the synthetic portfolio of
``benchmarks.portfolio`` (400 products in 20 programs, 5,000 people, ...) in a throwaway database, makes
the program manager's program one of 40 products, and adds planning data with bulk inserts (no history):
timeboxes (the previous, current and next quarter of every product, and a program timebox per program),
``--items`` work items spread over them, people's hours, roadmap items with dependencies and milestones,
goals, risks. Then it measures, as the secretariat and as the program manager, through Django's test client:

* the MoSCoW board of a product's current timebox and of the big program timebox;
* the program dashboard of the 40-product program;
* the roadmap (server-rendered SVG) of the 40-product program, and its public view;
* the timebox page with "what if the capacity shrinks", the work-item list and ``/api/work-items/``.

Method and figures go to docs/benchmarks-planning.md with ``--write``. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from benchmarks.common import (
    Benchmark,
    Progress,
    Result,
    Size,
    counted,
    insert,
    measure_all,
    page_report,
    peak_mib,
)
from benchmarks.portfolio import Dataset, Sizes, generate, readers

TITLES = [
    "Opgradering", "Sikkerhedsrettelser", "Ny integration", "Bedre søgning", "Rapport til revisionen",
    "Tilgængelighed", "Mørkt tema", "Eksport til CSV", "Digital Post", "Betaling i blanketter",
]  # fmt: skip


@dataclass
class PlanningData:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    program: Any = None
    product_box: Any = None
    program_box: Any = None


def generate_planning(items: int, seed: int, progress: Progress, manager: Any) -> PlanningData:
    from django.db import transaction
    from django.utils import timezone

    from programkontor.planning.models import (
        Goal,
        Milestone,
        PlanningSettings,
        Risk,
        RoadmapDependency,
        RoadmapItem,
        Timebox,
        TimeboxCapacity,
        WorkItem,
    )
    from programkontor.planning.timeline import Quarter
    from programkontor.portfolio.models import Person, Product, Program, RoleAssignment

    rng = random.Random(seed)
    started = time.perf_counter()
    data = PlanningData()
    progress.note("Generating planning data:")
    today = timezone.localdate()
    current = Quarter.of(today)
    with transaction.atomic():
        # The program manager's program gets 40 products (moved from other programs).
        program = Program.objects.get(
            pk=RoleAssignment.objects.get(person__user=manager, role="program_manager").program_id
        )
        products = list(Product.objects.order_by("pk"))
        forty = [p for p in products if p.program_id == program.pk]
        for product in products:
            if len(forty) >= 40:
                break
            if product.program_id != program.pk:
                product.program = program
                forty.append(product)
        Product.objects.filter(pk__in=[p.pk for p in forty]).update(program=program)
        data.program = program
        programs = list(Program.objects.all())
        PlanningSettings.objects.bulk_create([PlanningSettings(program=p) for p in programs])

        boxes = []
        for product in products:
            for shift in (-1, 0, 1):
                quarter = current.shift(shift)
                boxes.append(
                    Timebox(
                        product=product,
                        name=quarter.label,
                        start_date=quarter.start,
                        end_date=quarter.end,
                        capacity_hours=Decimal(rng.choice([200, 300, 420])) if rng.random() < 0.7 else None,
                        is_published=product.is_published,
                    )
                )
        for p in programs:
            boxes.append(
                Timebox(
                    program=p,
                    name=current.label,
                    start_date=current.start,
                    end_date=current.end,
                    capacity_hours=Decimal(2000),
                )
            )
        boxes = insert(Timebox, boxes, progress, "timeboxes")
        by_product: dict[int, list[Any]] = {}
        program_boxes = {}
        for box in boxes:
            if box.product_id:
                by_product.setdefault(box.product_id, []).append(box)
            else:
                program_boxes[box.program_id] = box
        people = list(Person.objects.values_list("pk", flat=True)[:2_000])
        capacities = [
            TimeboxCapacity(timebox=box, person_id=person, hours=Decimal(rng.randint(20, 200)))
            for box in boxes
            if box.capacity_hours is None
            for person in rng.sample(people, 3)
        ]
        insert(TimeboxCapacity, capacities, progress, "people's hours")

        goals = insert(
            Goal,
            [Goal(product=p, title=f"Mål for {p.name}", is_published=p.is_published) for p in products[:200]]
            + [Goal(program=p, title=f"Programmål {p.name}") for p in programs],
            progress,
            "goals",
        )
        goal_of = {g.product_id: g for g in goals if g.product_id}

        # Work items: a fifth of the program's go into its program timebox, the rest into product timeboxes.
        rows = []
        program_product_ids = {p.pk for p in forty}
        for i in range(items):
            product = products[i % len(products)]
            round_ = i // len(products)
            if product.pk in program_product_ids and round_ % 5 == 0:
                box = program_boxes[program.pk]
            else:
                box = by_product[product.pk][round_ % 3]
            status = rng.choice(["proposed", "agreed", "agreed", "in_progress", "done", "done", "dropped"])
            rows.append(
                WorkItem(
                    product=product,
                    timebox=box,
                    timebox_start=box.start_date,
                    title=f"{rng.choice(TITLES)} {i}",
                    description="Beskrivelse af opgaven.",
                    priority=rng.choice(["must", "must", "should", "should", "could", "wont"]),
                    rank=i // len(products) + 1,
                    estimate_hours=Decimal(rng.choice([2, 5, 8, 13, 20, 40])),
                    status=status,
                    goal=goal_of.get(product.pk) if rng.random() < 0.3 else None,
                    tags=[rng.choice(["drift", "sikkerhed", "gdpr", "integration"])],
                    is_published=product.is_published and status != "proposed" and rng.random() < 0.5,
                )
            )
        insert(WorkItem, rows, progress, "work items")

        roadmap = []
        for product in products:
            for k in range(3):
                start = current.shift(rng.randint(-2, 3))
                roadmap.append(
                    RoadmapItem(
                        product=product,
                        title=f"{product.name} leverance {k + 1}",
                        start_quarter=str(start),
                        end_quarter=str(start.shift(rng.randint(0, 2))),
                        status=rng.choice(["planned", "in_progress", "done"]),
                        is_published=product.is_published and rng.random() < 0.6,
                    )
                )
        roadmap = insert(RoadmapItem, roadmap, progress, "roadmap items")
        by_product_items: dict[int, list[Any]] = {}
        for item in roadmap:
            by_product_items.setdefault(item.product_id, []).append(item)
        dependencies = []
        for product in forty:
            mine = by_product_items[product.pk]
            dependencies.append(RoadmapDependency(item=mine[1], depends_on=mine[0]))
            other = by_product_items[rng.choice(forty).pk]
            if other[2].pk != mine[2].pk:
                dependencies.append(RoadmapDependency(item=mine[2], depends_on=other[2]))
        insert(
            RoadmapDependency,
            list({(d.item_id, d.depends_on_id): d for d in dependencies}.values()),
            progress,
            "dependencies",
        )
        stones = [
            Milestone(
                product=item.product,
                roadmap_item=item,
                title=f"{item.title}: milepæl",
                due_date=today + datetime.timedelta(days=rng.randint(-150, 300)),
                status=rng.choice(["planned", "planned", "met", "missed"]),
                is_published=item.is_published,
            )
            for item in roadmap
            if rng.random() < 0.5
        ]
        insert(Milestone, stones, progress, "milestones")
        risks = [
            Risk(
                product=product,
                title=f"Risiko {k} for {product.name}",
                probability=rng.randint(1, 5),
                impact=rng.randint(1, 5),
                status=rng.choice(["open", "mitigating", "accepted", "closed"]),
                review_date=today + datetime.timedelta(days=rng.randint(-60, 120)),
            )
            for product in products
            for k in range(5)
        ]
        insert(Risk, risks, progress, "risks")

    data.product_box = next(box for box in by_product[forty[0].pk] if box.start_date <= today <= box.end_date)
    data.program_box = program_boxes[program.pk]
    data.seconds = time.perf_counter() - started
    data.counts = {
        "timeboxes": len(boxes),
        "work items": items,
        "roadmap items": len(roadmap),
        "milestones": len(stones),
        "risks": len(risks),
        "products in the measured program": len(forty),
    }
    progress.note(f"  generated in {data.seconds:.1f} s")
    return data


def pages(data: PlanningData) -> list[tuple[str, str]]:
    from django.urls import reverse

    slug = data.program.slug
    return [
        (
            f"board: product timebox ({_count(data.product_box)} items)",
            reverse("planning:timebox_board", args=[data.product_box.pk]),
        ),
        (
            f"board: program timebox ({_count(data.program_box)} items)",
            reverse("planning:timebox_board", args=[data.program_box.pk]),
        ),
        ("dashboard (40 products)", reverse("planning:dashboard", args=[slug])),
        ("roadmap SVG (40 products)", reverse("planning:roadmap", args=[slug])),
        ("public roadmap (40 products)", reverse("planning:roadmap_public", args=[slug])),
        (
            "timebox, shrink by 100 h",
            reverse("planning:timebox_detail", args=[data.product_box.pk]) + "?shrink=100",
        ),
        ("work-item list", reverse("planning:workitem_list")),
        ("API /api/work-items/", "/api/work-items/"),
    ]


def _count(timebox: Any) -> int:
    from programkontor.planning.models import WorkItem

    return WorkItem.objects.filter(timebox=timebox).count()


def render(
    results: list[Result],
    dataset: Dataset,
    data: PlanningData,
    database: str,
    repeat: int,
    memory: dict[str, float],
) -> str:
    described = [
        f"Portfolio: {counted(dataset.counts)}.",
        f"Planning: {counted(data.counts)}. Generated in {dataset.seconds + data.seconds:.1f} s.",
    ]
    return page_report(results, database, repeat, described, memory)


DOC_TEMPLATE = """# Benchmarks of planning

## Method

`python -m benchmarks.planning` (`make bench-apps`; `--write` updates this file) builds the large synthetic
portfolio of `benchmarks.portfolio` (400 products and projects in 20 programs, 5,000 people, 20,000
participations and memberships) in a throwaway database and adds planning data with bulk inserts (no history
rows): the previous, current and next quarter as a timebox of every product and a program timebox per program
(about 1,220 timeboxes), **40,000 work items** spread over them (every fifth work item of the measured program
goes into its program timebox, which makes that board the largest), people's hours, three roadmap items per
product with dependencies and milestones, goals and five risks per product. The program manager's program is
made one of **40 products**.

It measures, as the secretariat (sees everything) and as the program manager (the most complex filters):

* the MoSCoW **board** of a product's current timebox and of the program timebox;
* the **dashboard** of the 40-product program (per product: MUST done, milestones, high risks, the light);
* the **roadmap** of the 40-product program — a server-rendered SVG of 41 lanes — and the public roadmap;
* the timebox page with "what would be dropped if the capacity shrinks by 100 hours", the work-item list
  and `/api/work-items/`.

Server time, queries, raw SQL time, the ratio and memory are measured as in `docs/benchmarks.md` (the same
code). `--items` sets the number of work items, `--scale` the size of the portfolio, `--repeat` the requests.
"""


BENCHMARK = Benchmark(
    "planning",
    "benchmarks-planning.md",
    DOC_TEMPLATE,
    __doc__,
    repeat=20,
    sizes=(Size("items", 40_000, "work items", minimum=100),),
)


def benchmark(args: argparse.Namespace, progress: Progress, database: str) -> str:
    dataset = generate(Sizes.scaled(args.scale), args.seed, progress)
    data = generate_planning(args.items, args.seed, progress, dataset.users["program manager"])
    memory = {"after generating the data": peak_mib()}
    progress.note("Measuring:")
    cases = [
        (page, url, reader, user)
        for page, url in pages(data)
        for reader, user in readers(dataset)[:2]  # the secretariat and the program manager
        if reader == "secretariat" or not page.startswith("public")
    ]
    results = measure_all(cases, args.repeat, progress)
    memory["at the end"] = peak_mib()
    return render(results, dataset, data, database, args.repeat, memory)


def main(argv: list[str] | None = None) -> int:
    return BENCHMARK.main(argv, benchmark)


if __name__ == "__main__":
    sys.exit(main())
