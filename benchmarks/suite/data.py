"""One dataset with everything at once, at a size given in multiples of OS2.

OS2 today is about 40 products and projects in 2 programs; ``os2=10`` is the per-app benchmarks'
portfolio at scale 1 (400 products, 20 programs, 5,000 people, 20,000 participations and memberships)
with 40,000 work items, the governance data of every steering group (about 4,000 decisions), the
economy (every municipality in every product, an approved budget, monthly actuals) and evaluation rows
(evaluations, repository checks with findings, self-evaluations) on top. The 1,000 imported evaluation
reports and the 100,000 imported actuals of the full size are added by ``benchmarks.suite.imports``,
which times them.
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass, field
from typing import Any

from benchmarks.common import TODAY, Progress, insert

#: Products and projects per "one OS2".
OS2_PRODUCTS = 40


@dataclass
class Everything:
    os2: float
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    users: dict[str, Any] = field(default_factory=dict)
    planning: Any = None


def add_evaluation_rows(per_product: int, seed: int, progress: Progress) -> dict[str, int]:
    """Bulk rows (no history) for the evaluation lists: ``per_product`` evaluations, repository checks
    (ten findings each) and submitted self-evaluations of every product, spread over the last years."""
    from django.db import transaction
    from django.utils import timezone

    from programkontor.evaluation.models import Evaluation, Finding, RepositoryCheck, SelfEvaluation
    from programkontor.evaluation.services import load_shipped_catalogue
    from programkontor.portfolio.models import Product

    rng = random.Random(seed)
    catalogue = load_shipped_catalogue()
    products = list(Product.objects.order_by("pk").values_list("pk", "name"))
    now = timezone.now()
    with transaction.atomic():
        evaluations = insert(
            Evaluation,
            [
                Evaluation(
                    product_id=pk,
                    catalogue=catalogue,
                    evaluated_on=TODAY - datetime.timedelta(days=rng.randint(0, 1_500)),
                    evaluator="OS2-sekretariatet",
                    status=rng.choice(["draft", "final", "final"]),
                    is_published=rng.random() < 0.5,
                )
                for pk, _name in products
                for _ in range(per_product)
            ],
            progress,
            "evaluations (bulk)",
        )
        checks = insert(
            RepositoryCheck,
            [
                RepositoryCheck(
                    product_id=pk,
                    source=f"https://github.com/OS2bench/{name.lower()}",
                    commit=f"{rng.getrandbits(160):040x}",
                    checked_at=now - datetime.timedelta(hours=rng.randint(0, 20_000)),
                )
                for pk, name in products
                for _ in range(per_product)
            ],
            progress,
            "repository checks",
        )
        findings = insert(
            Finding,
            [
                Finding(
                    repository_check=check,
                    check_key=f"check-{n}",
                    requirement_code=f"G{n}",
                    light=rng.choice(["green", "yellow", "red"]),
                    summary="Fundet i depotet.",
                    path="README.md",
                )
                for check in checks
                for n in range(10)
            ],
            progress,
            "findings",
        )
        selfs = insert(
            SelfEvaluation,
            [
                SelfEvaluation(
                    product_id=pk,
                    catalogue=catalogue,
                    number=number,
                    status="submitted",
                    submitted_at=now - datetime.timedelta(days=200 * number),
                    filled_by="Produktkoordinator",
                )
                for pk, _name in products
                for number in range(1, max(2, per_product // 2) + 1)
            ],
            progress,
            "self-evaluations",
        )
    return {
        "evaluations (bulk)": len(evaluations),
        "repository checks": len(checks),
        "findings": len(findings),
        "self-evaluations": len(selfs),
    }


def build(os2: float, seed: int, progress: Progress) -> Everything:
    """The portfolio, planning, governance, economy and evaluation rows at ``os2`` times OS2."""
    from django.db import connection

    from benchmarks.economy import add_economy
    from benchmarks.governance import generate_governance
    from benchmarks.planning import generate_planning
    from benchmarks.portfolio import Sizes, generate

    started = time.perf_counter()
    dataset = generate(Sizes.scaled(os2 / 10), seed, progress)
    everything = Everything(os2=os2, users=dataset.users)
    everything.counts.update(dataset.counts)
    everything.planning = generate_planning(
        round(4_000 * os2), seed, progress, dataset.users["program manager"]
    )
    everything.counts.update(everything.planning.counts)
    everything.counts.update(generate_governance(seed, progress))
    everything.counts.update(add_economy(dataset, progress, seed))
    everything.counts.update(add_evaluation_rows(3, seed, progress))
    if connection.vendor == "postgresql":
        # A settled database, as one in use is: vacuumed (or autovacuum would take one of the two
        # cores while the imports are measured) and analysed.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    everything.seconds = time.perf_counter() - started
    progress.note(f"  everything generated in {everything.seconds:.1f} s")
    return everything
