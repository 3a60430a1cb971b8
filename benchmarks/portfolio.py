"""Benchmark of the portfolio's busiest reads on a large synthetic portfolio.

    python -m benchmarks.portfolio [--repeat 30] [--scale 1.0] [--write] [--keep] [--profile overview]

(``make bench-apps`` runs it with PROGRAMKONTOR_TESTING=1; pass options with BENCH_ARGS="--write".)

It builds a fresh, throwaway database — an SQLite file in a temporary directory, or, when
DATABASE_URL is set, a separate database whose name ends in ``_bench`` — migrates it, fills it
with bulk inserts (no history rows), then measures each page as each kind of reader through
Django's test client:

* server time: ``time.perf_counter`` around ``client.get`` (median and 90th percentile);
* the number of SQL queries (``CaptureQueriesContext``);
* raw SQL time: the captured statements re-executed on the driver's own cursor, fetching every
  row, as often as the page was requested (median) — the part of the server time the database
  could at best account for. ``server / SQL`` is the ratio of the medians.

It prints a Markdown table; ``--write`` replaces the generated part of docs/benchmarks-portfolio.md.
Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import pstats
import random
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from benchmarks.common import (
    TODAY,
    Benchmark,
    Progress,
    Result,
    client,
    counted,
    insert,
    measure_all,
    page_report,
    peak_mib,
)

# --------------------------------------------------------------------------------------------
# The synthetic portfolio.


@dataclass
class Sizes:
    programs: int = 20
    products: int = 400
    municipalities: int = 98
    regions: int = 5
    other_organisations: int = 295  # besides the regions: 300 organisations that are not municipalities
    people: int = 5_000
    participations_and_memberships: int = 20_000

    @classmethod
    def scaled(cls, factor: float) -> Sizes:
        base = cls()
        return cls(
            programs=max(2, round(base.programs * factor)),
            products=max(4, round(base.products * factor)),
            municipalities=base.municipalities,
            regions=base.regions,
            other_organisations=max(10, round(base.other_organisations * factor)),
            people=max(50, round(base.people * factor)),
            participations_and_memberships=max(100, round(base.participations_and_memberships * factor)),
        )


@dataclass
class Dataset:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    users: dict[str, Any] = field(default_factory=dict)


REGIONS = [
    "Region Hovedstaden",
    "Region Sjælland",
    "Region Syddanmark",
    "Region Midtjylland",
    "Region Nordjylland",
]
WORDS = [
    *("borger", "sag", "data", "digital", "kommune", "platform", "integration", "selvbetjening"),
    *("journal", "ydelse", "tilsyn", "plan", "rapport", "skole", "dagtilbud", "beskæftigelse"),
    *("økonomi", "identitet", "adgang", "arkiv", "byggeri", "miljø", "teknik"),
]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def generate(sizes: Sizes, seed: int, progress: Progress) -> Dataset:
    from django.db import transaction

    from programkontor.accounts.models import User
    from programkontor.portfolio.models import (
        Body,
        Membership,
        Organisation,
        Participation,
        Person,
        PopulationFigure,
        Product,
        Program,
        RoleAssignment,
    )

    rng = random.Random(seed)
    started = time.perf_counter()
    dataset = Dataset()
    progress.note("Generating the synthetic portfolio:")

    with transaction.atomic():
        # Organisations: regions, municipalities (with population figures), everything else.
        regions = insert(
            Organisation,
            [
                Organisation(name=name, slug=f"region-{i}", kind="region", is_member=True, is_published=True)
                for i, name in enumerate(REGIONS[: sizes.regions])
            ],
            progress,
            "regions",
        )
        municipalities = insert(
            Organisation,
            [
                Organisation(
                    name=f"Benchrup {i:02d} Kommune",
                    slug=f"benchrup-{i:02d}",
                    kind="municipality",
                    municipality_code=f"{101 + i * 8:03d}",
                    region=regions[i % len(regions)],
                    is_member=rng.random() < 0.9,
                    is_published=rng.random() < 0.8,
                    website=f"https://benchrup{i:02d}.example",
                    description=_text(rng, 30),
                )
                for i in range(sizes.municipalities)
            ],
            progress,
            "municipalities",
        )
        kinds = ["supplier"] * 40 + ["partner"] * 33 + ["state"] * 15 + ["association"] * 12
        others = insert(
            Organisation,
            [
                Organisation(
                    name=f"Organisation {i:03d} ({kind})",
                    slug=f"organisation-{i:03d}",
                    kind=kind,
                    cvr=f"{30_000_000 + i:08d}" if kind == "supplier" else "",
                    is_published=rng.random() < 0.5,
                    description=_text(rng, 20),
                )
                for i, kind in ((i, kinds[i % len(kinds)]) for i in range(sizes.other_organisations))
            ],
            progress,
            "other organisations",
        )
        suppliers = [o for o in others if o.kind == "supplier"]
        organisations = regions + municipalities + others
        insert(
            PopulationFigure,
            [
                PopulationFigure(
                    organisation=municipality,
                    date=datetime.date(year, 1, 1),
                    population=rng.randint(5_000, 650_000),
                    source="Danmarks Statistik (syntetisk)",
                )
                for municipality in municipalities
                for year in (TODAY.year - 2, TODAY.year - 1, TODAY.year)
            ],
            progress,
            "population figures",
        )

        # Programs and products (valid kind/stage/level combinations).
        programs = insert(
            Program,
            [
                Program(
                    name=f"Program {i:02d}",
                    slug=f"program-{i:02d}",
                    summary=_text(rng, 10),
                    description=_text(rng, 80),
                    is_published=rng.random() < 0.7,
                )
                for i in range(sizes.programs)
            ],
            progress,
            "programs",
        )
        product_rows = []
        for i in range(sizes.products):
            if rng.random() < 0.6:
                kind, stage = "product", rng.choice(["product"] * 6 + ["paused", "closed"])
                level = rng.choice(["none", "1", "2", "2", "3"])
            else:
                kind, stage = "project", rng.choice(["idea", "sandbox", "sandbox", "paused"])
                level = rng.choice(["none", "sandbox"])
            product_rows.append(
                Product(
                    program=programs[i % len(programs)] if i < sizes.products * 0.95 else None,
                    name=f"OS2bench{i:03d}",
                    slug=f"os2bench{i:03d}",
                    kind=kind,
                    stage=stage,
                    level=level,
                    summary=_text(rng, 12),
                    description="\n\n".join(_text(rng, 40) for _ in range(3)),
                    goals=_text(rng, 30),
                    repository_urls=[f"https://github.com/OS2bench/os2bench{i:03d}"],
                    cost_element=f"XG-{i:05d}",
                    notes=_text(rng, 15),
                    is_published=rng.random() < 0.6,
                )
            )
        products = insert(Product, product_rows, progress, "products")

        # People, and the logins used for measuring.
        people = insert(
            Person,
            [
                Person(
                    first_name=f"Fornavn{i}",
                    last_name=f"Efternavn{i % 1_000:03d}",
                    title=rng.choice(["Projektleder", "Arkitekt", "Konsulent", "Chef", "Udvikler", ""]),
                    organisation=rng.choice(municipalities)
                    if rng.random() < 0.7
                    else rng.choice(organisations),
                    email=f"person{i}@bench.example",
                    phone=f"+45 {rng.randint(20_000_000, 99_999_999)}",
                    is_public=rng.random() < 0.1,
                )
                for i in range(sizes.people)
            ],
            progress,
            "people",
        )
        # No passwords (unusable): the benchmark logs them in with force_login.
        secretariat = User.objects.create_user("sekretariat", is_secretariat=True)
        manager = User.objects.create_user("programleder")
        Person.objects.filter(pk=people[0].pk).update(user=secretariat)
        Person.objects.filter(pk=people[1].pk).update(user=manager)
        dataset.users = {"secretariat": secretariat, "program manager": manager}

        pool = people[2:]  # everyone but the two logins' own persons, whose roles must stay as chosen

        # Participations: each product has 10-50 municipalities (a few leave), some other authorities.
        participation_rows = []
        for product in products:
            members = rng.sample(municipalities, rng.randint(10, min(50, len(municipalities))))
            members += rng.sample(regions + others[:40], rng.randint(0, 2))
            for organisation in members:
                accession = datetime.date(rng.randint(2016, TODAY.year), rng.randint(1, 12), 1)
                leaves = rng.random() < 0.1
                participation_rows.append(
                    Participation(
                        product=product,
                        organisation=organisation,
                        accession_date=accession,
                        exit_date=accession + datetime.timedelta(days=rng.randint(200, 2_000))
                        if leaves
                        else None,
                        notes=_text(rng, 6) if rng.random() < 0.2 else "",
                    )
                )
        insert(Participation, participation_rows, progress, "participations")

        # Bodies: the board, a coordination group per program, a steering group per product, interest groups.
        body_rows = [Body(kind="board", name="Bestyrelsen", is_published=True)]
        body_rows += [
            Body(
                kind="coordination",
                name=f"Koordinationsgruppe {p.name}",
                program=p,
                is_published=p.is_published,
            )
            for p in programs
        ]
        body_rows += [
            Body(kind="steering", name=f"Styregruppe {p.name}", product=p, is_published=rng.random() < 0.5)
            for p in products
        ]
        body_rows += [
            Body(
                kind="interest",
                name=f"Interessegruppe {i:03d}",
                product=rng.choice(products),
                is_published=True,
            )
            for i in range(max(1, sizes.products // 4))
        ]
        bodies = insert(Body, body_rows, progress, "bodies")

        target = sizes.participations_and_memberships - len(participation_rows)
        seats: dict[int, set[int]] = {body.pk: set() for body in bodies}
        membership_rows = []
        sizes_by_kind = {"board": (9, 9), "coordination": (10, 20), "steering": (8, 16), "interest": (15, 35)}
        interest_groups = [body for body in bodies if body.kind == "interest"]

        def seat(body: Any) -> None:
            person = rng.choice(pool)
            if person.pk in seats[body.pk]:
                return
            seats[body.pk].add(person.pk)
            taken = len(seats[body.pk])
            membership_rows.append(
                Membership(
                    body=body,
                    person=person,
                    role="chair" if taken == 1 else "secretary" if taken == 2 else "member",
                    represents=person.organisation if person.organisation in municipalities else None,
                    start_date=datetime.date(rng.randint(2015, 2023), 1, 1),
                    end_date=datetime.date(2024, 6, 30) if rng.random() < 0.1 else None,
                )
            )

        for body in bodies:
            for _ in range(rng.randint(*sizes_by_kind[body.kind])):
                seat(body)
        while len(membership_rows) < target:  # top up the interest groups until the total is reached
            seat(rng.choice(interest_groups))
        insert(Membership, membership_rows, progress, "memberships")

        # Roles: a program manager per program (the "programleder" login manages the first one),
        # coordinators, owners, community managers and supplier contacts on products.
        role_rows = [
            RoleAssignment(
                person=people[1] if i == 0 else rng.choice(pool), role="program_manager", program=p
            )
            for i, p in enumerate(programs)
        ]
        role_rows += [
            RoleAssignment(
                person=rng.choice(pool),
                role="program_manager",
                program=p,
                start_date=datetime.date(2018, 1, 1),
                end_date=datetime.date(2021, 12, 31),
            )
            for p in programs[::4]
        ]
        for product in products:
            role_rows.append(
                RoleAssignment(person=rng.choice(pool), role="product_coordinator", product=product)
            )
            if rng.random() < 0.7:
                role_rows.append(
                    RoleAssignment(person=rng.choice(pool), role="product_owner", product=product)
                )
            if rng.random() < 0.3:
                role_rows.append(
                    RoleAssignment(person=rng.choice(pool), role="community_manager", product=product)
                )
            for supplier in rng.sample(suppliers, rng.randint(0, 2)) if suppliers else []:
                role_rows.append(
                    RoleAssignment(
                        person=rng.choice(pool),
                        role="supplier_contact",
                        product=product,
                        organisation=supplier,
                    )
                )
        insert(RoleAssignment, role_rows, progress, "role assignments")

    dataset.seconds = time.perf_counter() - started
    dataset.counts = {
        "programs": len(programs),
        "products and projects": len(products),
        "municipalities": len(municipalities),
        "other organisations": len(regions) + len(others),
        "population figures": PopulationFigure.objects.count(),
        "people": len(people),
        "participations": len(participation_rows),
        "bodies": len(bodies),
        "memberships": len(membership_rows),
        "role assignments": len(role_rows),
    }
    progress.note(f"  generated in {dataset.seconds:.1f} s")
    return dataset


# --------------------------------------------------------------------------------------------
# The pages and readers.


def pages() -> list[tuple[str, str]]:
    from django.urls import reverse

    return [
        ("overview (all products)", reverse("portfolio:overview")),
        ("overview, filtered by stage", reverse("portfolio:overview") + "?stage=product"),
        ("API /api/products/", "/api/products/"),
        ("API /api/organisations/", "/api/organisations/"),
    ]


def readers(dataset: Dataset) -> list[tuple[str, Any]]:
    return [
        ("secretariat", dataset.users["secretariat"]),
        ("program manager", dataset.users["program manager"]),
        ("anonymous", None),
    ]


def profile(page_name: str, dataset: Dataset, reader_name: str, repeat: int) -> str:
    """cProfile of one page as one reader: the functions with the most cumulative time."""
    url = dict(pages()).get(page_name, page_name)
    user = dict(readers(dataset))[reader_name]
    browser = client(user)
    browser.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        browser.get(url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# Reporting.


def render(
    results: list[Result], dataset: Dataset, database: str, repeat: int, memory: dict[str, float]
) -> str:
    described = [f"Dataset: {counted(dataset.counts)}. Generated in {dataset.seconds:.1f} s."]
    return page_report(results, database, repeat, described, memory)


DOC_TEMPLATE = """# Benchmarks of the portfolio

## Method

`make bench-apps` (or `python -m benchmarks.portfolio`, with `--write` to update this file) builds a large
synthetic portfolio in a throwaway database — an SQLite file in a temporary directory, or, when
`DATABASE_URL` is set, a separate database named like the configured one plus `_bench` — and measures the
busiest reads as three kinds of reader: the secretariat (sees everything), a program manager (the most
complex permission filter) and an anonymous visitor (published objects only).

* **Dataset:** 20 programs, 400 products and projects, 98 municipalities in 5 regions, 295 other
  organisations (suppliers, partners, state bodies, associations), 5,000 people, about 12,500
  participations and 7,500 body memberships (20,000 together), one steering group per product, role
  assignments on every program and product. Rows are bulk-inserted without history. `--scale` multiplies
  the sizes (the 98 municipalities stay), `--seed` changes the random data.
* **Server time:** wall-clock time around `django.test.Client.get` — the whole Django stack (middleware,
  session, permission gate, queries, template or serializer) but no network and no WSGI server. Median and
  90th percentile over `--repeat` requests (default 30) after two warm-up requests. DEBUG is off.
* **Queries:** the number of SQL statements one request issues (`CaptureQueriesContext`). It must not grow
  with the number of rows; compare a run with `--scale 0.25`.
* **Raw SQL:** the captured statements re-executed on the database driver's own cursor, fetching all rows,
  as many times as the page was requested (median). `Server / SQL` is the ratio of the two medians: a high
  ratio means the time goes to Python (building model objects, templates, serializers), not the database.
* **Memory:** the process's peak resident set (`getrusage` maxrss), after generating the data and at the end.
* `--profile overview` prints a cProfile of a page instead (`--profile-reader` picks the reader; a URL
  works too), for finding out where the time goes.

The machine is a shared virtual machine with two cores; other work on it moves absolute times by ±30 %
between runs. Query counts, response sizes and the ratios are stable.
"""


BENCHMARK = Benchmark("portfolio", "benchmarks-portfolio.md", DOC_TEMPLATE, __doc__, repeat=30)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = BENCHMARK.parser()
    parser.add_argument(
        "--profile", metavar="PAGE", help="print a cProfile of PAGE (a page name above, or a URL)"
    )
    parser.add_argument("--profile-reader", default="secretariat", help="reader for --profile")
    return BENCHMARK.parse(parser, argv)


def benchmark(args: argparse.Namespace, progress: Progress, database: str) -> str | None:
    dataset = generate(Sizes.scaled(args.scale), args.seed, progress)
    memory = {"after generating the data": peak_mib()}
    if args.profile:
        page = "overview (all products)" if args.profile == "overview" else args.profile
        sys.stdout.write(profile(page, dataset, args.profile_reader, args.repeat))
        return None
    progress.note("Measuring:")
    cases = [(page, url, reader, user) for page, url in pages() for reader, user in readers(dataset)]
    results = measure_all(cases, args.repeat, progress)
    memory["at the end"] = peak_mib()
    return render(results, dataset, database, args.repeat, memory)


def main(argv: list[str] | None = None) -> int:
    return BENCHMARK.run(parse_args(argv), benchmark)


if __name__ == "__main__":
    sys.exit(main())
