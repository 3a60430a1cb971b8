"""Benchmark of governance: importing a large governance repository, and the "due in the next 30 days"
list and governance's busiest pages on the large synthetic portfolio.

    python -m benchmarks.governance [--repeat 20] [--scale 1.0] [--decisions 2000] [--meetings 1000] [--write]

It builds the portfolio benchmark's synthetic portfolio (``benchmarks.portfolio``) in the shared
throwaway database and measures with the shared helpers (``benchmarks.common``). It adds governance
data to every product (meetings, decisions, mandates, annual-cycle events; bulk-inserted without
history), writes a synthetic governance repository in OS2's Markdown layout to a temporary folder and
imports it with ``import_governance``. ``--write`` replaces the generated part of
docs/benchmarks-governance.md. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.common import (
    TODAY,
    Benchmark,
    Progress,
    Result,
    Size,
    counted,
    insert,
    measure_all,
    peak_mib,
    results_table,
    run_lines,
)
from benchmarks.portfolio import Sizes, generate, readers

# --------------------------------------------------------------------------------------------
# Governance data on the synthetic portfolio.


def generate_governance(seed: int, progress: Progress) -> dict[str, int]:
    from django.db import transaction
    from django.utils import timezone

    from programkontor.governance.models import AgendaItem, Attendance, CycleEvent, Decision, Mandate, Meeting
    from programkontor.portfolio.models import Body, Membership

    rng = random.Random(seed)
    tz = timezone.get_current_timezone()
    progress.note("Generating governance data on the portfolio:")
    with transaction.atomic():
        bodies = list(Body.objects.filter(kind__in=["steering", "coordination"]).select_related("product"))
        members: dict[int, list[int]] = {}
        for body_id, person_id in Membership.objects.filter(body__in=bodies).values_list(
            "body_id", "person_id"
        ):
            members.setdefault(body_id, []).append(person_id)
        meetings = []
        for body in bodies:
            for offset in range(-150, 60, 30):  # about seven meetings a body: five past, two coming
                day = TODAY + datetime.timedelta(days=offset + rng.randint(-5, 5))
                past = day < TODAY
                meetings.append(
                    Meeting(
                        body=body,
                        title=f"Møde i {body.name}",
                        starts_at=datetime.datetime.combine(day, datetime.time(13), tzinfo=tz),
                        status=rng.choice(["minutes_approved"] * 3 + ["minutes_ready", "agenda_sent"])
                        if past
                        else rng.choice(["draft_agenda", "agenda_sent"]),
                        location="Virtuelt",
                        is_published=False,
                    )
                )
        meetings = insert(Meeting, meetings, progress, "meetings")
        items, attendances = [], []
        for meeting in meetings:
            for position in range(1, 5):
                items.append(
                    AgendaItem(
                        meeting=meeting, position=position, title=f"Punkt {position}", minutes="Referat."
                    )
                )
            for person_id in members.get(meeting.body_id, [])[:8]:
                attendances.append(Attendance(meeting=meeting, person_id=person_id, status="present"))
        insert(AgendaItem, items, progress, "agenda items")
        insert(Attendance, attendances, progress, "attendances")
        steering = [b for b in bodies if b.kind == "steering" and b.product_id]
        decisions = [
            Decision(
                product_id=body.product_id,
                decided_by_body=body,
                title=f"Beslutning {i} for {body.name}",
                date=TODAY - datetime.timedelta(days=rng.randint(0, 700)),
                record_type=rng.choice(["strategic", "operational"]),
                kind=rng.choice(["general"] * 6 + ["level_change", "budget", "prioritisation"]),
                status=rng.choice(["decided"] * 6 + ["proposed", "ratification_pending", "rejected"]),
                ratification_due=TODAY + datetime.timedelta(days=rng.randint(-10, 40)),
                is_published=rng.random() < 0.4,
                context="Baggrund for beslutningen.",
            )
            for body in steering
            for i in range(10)
        ]
        insert(Decision, decisions, progress, "decisions")
        mandates = [
            Mandate(
                title=f"Mandat {i} for {body.name}",
                kind=rng.choice(["prioritisation", "invoice_approval", "expenditure"]),
                grantor_body=body,
                holder_role="product_coordinator",
                product_id=body.product_id,
                limit_amount=Decimal(rng.choice([20000, 50000, 400000])),
                valid_from=TODAY - datetime.timedelta(days=300),
                valid_to=TODAY + datetime.timedelta(days=rng.randint(1, 400)),
            )
            for body in steering
            for i in range(2)
        ]
        insert(Mandate, mandates, progress, "mandates")
        events = [
            CycleEvent(
                title=f"Selvevaluering {body.product.name}",
                kind="self_evaluation",
                product_id=body.product_id,
                months=[3, 9],
                day=1,
                valid_from=datetime.date(TODAY.year - 1, 1, 1),
            )
            for body in steering
        ] + [
            CycleEvent(
                title=f"Møder i {body.name}",
                kind="meeting",
                body=body,
                product_id=body.product_id,
                program_id=body.program_id,
                ordinal=1,
                weekday=3,
                valid_from=datetime.date(TODAY.year - 1, 1, 1),
            )
            for body in bodies
        ]
        insert(CycleEvent, events, progress, "annual-cycle events")
    return {
        "meetings": len(meetings),
        "agenda items": len(items),
        "attendances": len(attendances),
        "decisions": len(decisions),
        "mandates": len(mandates),
        "annual-cycle events": len(events),
    }


# --------------------------------------------------------------------------------------------
# A synthetic governance repository.


def write_repository(folder: Path, decisions: int, meetings: int, seed: int, names: list[str]) -> None:
    from programkontor.governance.repository import records as r
    from programkontor.governance.repository.render import (
        decision_path,
        meeting_path,
        render_decision,
        render_meeting,
    )

    rng = random.Random(seed)
    statuses = [
        "Accepteret",
        "Besluttet. (Ratificeret på styregruppemødet)",
        "Godkendt på styregruppemødet den 7. maj",
        "Forslag",
        "Udkast",
        "Afvist",
        "Afventer ratificering",
    ]
    makers = ["Styregruppen", "Koordinationsgruppen", "Styregruppen-Koordinationgruppen", "OS2-bestyrelsen"]
    start = datetime.date(2015, 1, 1)
    for i in range(decisions):
        record = r.DecisionRecord(
            title=f"Beslutning nummer {i} om {rng.choice(['drift', 'udvikling', 'økonomi', 'leverandør'])}",
            date=start + datetime.timedelta(days=i % 4000),
            record_type=rng.choice(["strategic", "operational"]),
            status=None,
            decided_by=(),
            context="Baggrunden for beslutningen. " * rng.randint(2, 10),
            decision="Det besluttes at gå videre. " * rng.randint(1, 5),
            consequences="- Positivt: mere stabil drift\n- Negativt: flere udgifter",
            implementation="1. Planlæg\n2. Gennemfør",
            risks="Tidsplanen kan skride.",
            status_text=rng.choice(statuses),
            decided_by_text=rng.choice(makers),
        )
        text = render_decision(record)
        path = folder / decision_path(record).replace(".md", f"-{i}.md")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for i in range(meetings):
        kind = "steering_group" if i % 2 == 0 else "coordination_group"
        participants = tuple(
            r.Participant(rng.choice(names), "", rng.choice(["present", "present", "absent", "apologies"]))
            for _ in range(rng.randint(4, 10))
        )
        unique = {p.name: p for p in participants}
        items = tuple(
            r.ItemRecord(
                number=f"2.{n}",
                title=f"Punkt {n}",
                description="Oplæg ved produktkoordinatoren.",
                minutes="Drøftet og godkendt." if n % 2 else "",
            )
            for n in range(1, rng.randint(3, 8))
        )
        record = r.MeetingRecord(
            body_kind=kind,
            date=start + datetime.timedelta(days=7 * i),
            title="Styregruppemøde" if kind == "steering_group" else "Koordinationsgruppemøde",
            start=datetime.time(13),
            end=datetime.time(14, 30),
            location="Virtuel",
            status=rng.choice(["minutes_approved", "minutes_approved", "minutes_ready"]),
            participants=tuple(unique.values()),
            chair=next(iter(unique)),
            minute_taker=list(unique)[-1],
            items=items,
        )
        path = folder / meeting_path(record, "OS2bench000")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_meeting(record), encoding="utf-8")
    (folder / "beslutninger" / "skabelon.md").write_text(
        "# [SDR] Titel\n\n- **Dato**: YYYY-MM-DD\n", encoding="utf-8"
    )


@dataclass
class ImportRun:
    name: str
    seconds: float
    queries: int
    created: int
    updated: int
    unchanged: int
    unmapped: int


def run_import(folder: Path, slug: str, name: str, *extra: str) -> ImportRun:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    out = io.StringIO()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        call_command(
            "import_governance",
            str(folder),
            "--product",
            slug,
            "--format",
            "json",
            *extra,
            stdout=out,
            stderr=io.StringIO(),
        )
        seconds = time.perf_counter() - started
    result = json.loads(out.getvalue())
    tally = {"created": 0, "updated": 0, "unchanged": 0}
    for row in result["decisions"] + result["meetings"]:
        tally[row["action"]] += 1
    return ImportRun(
        name,
        seconds,
        len(queries),
        tally["created"],
        tally["updated"],
        tally["unchanged"],
        len(result["unmapped"]),
    )


def benchmark_import(
    decisions: int, meetings: int, seed: int, progress: Progress
) -> tuple[list[ImportRun], float, int]:
    from programkontor.portfolio.models import Body, Membership, Person, Product

    product = Product.objects.order_by("pk").first()
    assert product is not None
    if not Body.objects.filter(product=product, kind="coordination").exists():
        Body.objects.create(
            product=product, kind="coordination", name=f"Koordinationsgruppen for {product.name}"
        )
    steering = Body.objects.filter(product=product, kind="steering").first()
    people = list(Person.objects.filter(pk__in=Membership.objects.filter(body=steering).values("person_id")))
    names = [person.full_name for person in people] or ["Anne Holm"]
    names += ["Ukendt Person", "Gæst Gæstesen"]
    folder = Path(tempfile.mkdtemp(prefix="programkontor-governance-repo-"))
    try:
        progress.note(f"Writing a governance repository with {decisions} decisions and {meetings} meetings …")
        started = time.perf_counter()
        write_repository(folder, decisions, meetings, seed, names)
        written = time.perf_counter() - started
        files = sum(1 for _ in folder.rglob("*.md"))
        progress.note(f"  {files} files in {written:.1f} s; importing …")
        runs = [
            run_import(folder, product.slug, "dry run (nothing saved)", "--dry-run"),
            run_import(folder, product.slug, "first import"),
            run_import(folder, product.slug, "re-import (idempotent)"),
        ]
        for run in runs:
            progress.note(f"  {run.name:<26} {run.seconds:6.1f} s, {run.queries} queries")
        return runs, peak_mib(), files
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --------------------------------------------------------------------------------------------
# The due list and the pages.


def measure_due(dataset: Any, repeat: int) -> list[tuple[str, str, float, float, int, int]]:
    """The due list as a function (its own cost) for the logged-in readers."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from programkontor.accounts.models import User
    from programkontor.core.registry import due_for

    rows = []
    for reader, user in readers(dataset):
        if user is None:
            continue
        samples, total, queries = [], 0, 0
        for index in range(repeat + 1):
            fresh = User.objects.get(pk=user.pk)  # no cached access between runs
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                groups = due_for(fresh, timezone.localdate())
                elapsed = time.perf_counter() - started
            if index:
                samples.append(elapsed)
            total = sum(group.total for group in groups)
            queries = len(captured)
        rows.append(
            (
                "due_for() — next 30 days",
                reader,
                statistics.median(samples) * 1000,
                max(samples) * 1000,
                queries,
                total,
            )
        )
    return rows


def pages() -> list[tuple[str, str]]:
    from django.urls import reverse

    return [
        ("home page with the due list", reverse("portfolio:overview") + "?stage=product"),
        ("governance overview", reverse("governance:index")),
        ("decision log", reverse("governance:decision_list")),
        ("meetings", reverse("governance:meeting_list") + "?when=upcoming"),
        ("annual cycle", reverse("governance:cycle")),
        ("published log", reverse("governance:public_log")),
        ("API /api/decisions/", "/api/decisions/"),
    ]


# --------------------------------------------------------------------------------------------
# Reporting.


def render(
    results: list[Result],
    due: list[tuple[str, str, float, float, int, int]],
    runs: list[ImportRun],
    files: int,
    counts: dict[str, int],
    database: str,
    repeat: int,
    memory: dict[str, float],
) -> str:
    lines = [
        *run_lines(database),
        "",
        f"Governance data added to the synthetic portfolio: {counted(counts)}.",
        "",
        f"### Importing a governance repository ({files:,} Markdown files)",
        "",
        "| Run | Seconds | Queries | Created | Updated | Unchanged | Unmapped notes |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        lines.append(
            f"| {run.name} | {run.seconds:.1f} | {run.queries:,} | {run.created:,} | {run.updated:,} "
            f"| {run.unchanged:,} | {run.unmapped:,} |"
        )
    lines += [
        "",
        f"Peak memory (maxrss) of the process after the imports: {memory['import']:.0f} MiB.",
        "",
        "### The due list",
        "",
        "| What | Reader | Median ms | Max ms | Queries | Items due |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for what, reader, median, worst, queries, total in due:
        lines.append(f"| {what} | {reader} | {median:.1f} | {worst:.1f} | {queries} | {total:,} |")
    lines += [
        "",
        f"### Pages (each request {repeat} times after 2 warm-up requests, `django.test.Client`, DEBUG off)",
        "",
        *results_table(results, statements=False),
        "",
        f"Peak memory (maxrss) at the end: {memory['end']:.0f} MiB.",
    ]
    return "\n".join(lines) + "\n"


DOC_TEMPLATE = """# Benchmarks: governance

## Method

`python -m benchmarks.governance` (`make bench-apps`; `--write` updates this file) builds the portfolio
benchmark's synthetic portfolio in a throwaway database (see `docs/benchmarks.md`) and adds governance
data to it: about seven meetings per steering and coordination group (five past, two coming) with four
agenda items and up to eight attendances each, ten decisions and two mandates per product, and the
annual cycle's events (self-evaluations in March and September, the groups' monthly meetings).

* **Import:** a synthetic governance repository in OS2's layout — `--decisions` decision records
  (default 2,000: `[SDR]`/`[ODR]`, free-text statuses and decision makers, five sections each) and
  `--meetings` minutes (default 1,000: steering and coordination group, 4-10 participants, agenda and
  minutes) plus a template — is written to a temporary folder and imported into the portfolio's first
  product with `import_governance --format json`: a dry run, the first import (bulk inserts with history),
  and a re-import of the unchanged repository (which must change nothing). Wall-clock seconds and the
  number of SQL statements.
* **Due list:** `core.registry.due_for(user, today)` — what the home page shows — for the secretariat
  (sees the whole portfolio) and a program manager, with a fresh user object each time (the access is
  computed anew), median and maximum over `--repeat` runs, and the number of queries.
* **Pages:** governance's busiest pages through `django.test.Client` with the portfolio benchmark's
  `measure` (server time, queries, raw SQL time), as the secretariat, a program manager and an anonymous
  visitor.
"""


BENCHMARK = Benchmark(
    "governance",
    "benchmarks-governance.md",
    DOC_TEMPLATE,
    __doc__,
    repeat=20,
    sizes=(
        Size("decisions", 2000, "decision records in the repository", minimum=0),
        Size("meetings", 1000, "meeting minutes in the repository", minimum=0),
    ),
)


def benchmark(args: argparse.Namespace, progress: Progress, database: str) -> str:
    dataset = generate(Sizes.scaled(args.scale), args.seed, progress)
    counts = generate_governance(args.seed, progress)
    runs, import_memory, files = benchmark_import(args.decisions, args.meetings, args.seed, progress)
    progress.note("Measuring the due list:")
    due = measure_due(dataset, args.repeat)
    for what, reader, median, _worst, queries, total in due:
        progress.note(f"  {what:<28} {reader:<16} median {median:7.1f} ms, {queries} queries, {total} items")
    progress.note("Measuring pages:")
    cases = [(page, url, reader, user) for page, url in pages() for reader, user in readers(dataset)]
    results = measure_all(cases, args.repeat, progress)
    memory = {"import": import_memory, "end": peak_mib()}
    return render(results, due, runs, files, counts, database, args.repeat, memory)


def main(argv: list[str] | None = None) -> int:
    return BENCHMARK.main(argv, benchmark)


if __name__ == "__main__":
    sys.exit(main())
