"""SQL query counts of the evaluation pages and API lists: they must not grow with the number of rows,
and must not exceed the committed baselines in ``query_baselines.json`` (see tests/performance/support.py).

    UPDATE_QUERY_BASELINES=1 PROGRAMKONTOR_TESTING=1 .venv/bin/pytest tests/evaluation/test_query_counts.py

Rows are inserted in bulk (no history) on products of bob's program, so that the program manager's
scoped pages grow as much as the secretariat's.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from programkontor.evaluation import scoring, services
from programkontor.evaluation.models import (
    Catalogue,
    Evaluation,
    Finding,
    Rating,
    RepositoryCheck,
    Requirement,
    SelfEvaluation,
    SelfEvaluationAnswer,
    Theme,
)
from tests import factories as f
from tests.conftest import World
from tests.performance.support import (
    Baselines,
    assert_constant_queries,
    baseline_completeness_test,
    baselines_fixture,
)

BASELINE_FILE = Path(__file__).with_name("query_baselines.json")
ROLES = {"secretariat": "alice", "program_manager": "bob"}
LIGHTS = scoring.LIGHTS


@dataclass
class Data:
    world: World
    catalogue: Catalogue
    focus: Evaluation  # the evaluation whose page grows with findings and earlier evaluations
    size: int = 0
    requirements: list[Requirement] = field(default_factory=list)

    def evaluation(
        self, product: Any, index: int, *, status: str = "final", months_ago: int = 1
    ) -> Evaluation:
        evaluation = Evaluation.objects.create(
            product=product,
            catalogue=self.catalogue,
            status=status,
            evaluated_on=timezone.localdate() - datetime.timedelta(days=30 * months_ago + index),
            evaluator="Bench",
            summary="Et resumé",
            decided_level="1" if status == "final" else "",
            is_published=index % 2 == 0,
        )
        Rating.objects.bulk_create(
            [
                Rating(
                    evaluation=evaluation,
                    requirement=r,
                    light=LIGHTS[(index + i) % 4],
                    evidence=f"Grundlag {i}",
                )
                for i, r in enumerate(self.requirements)
            ]
        )
        return evaluation

    def grow_to(self, size: int) -> None:
        world = self.world
        check = RepositoryCheck.objects.filter(product=world.product).first()
        for i in range(self.size, size):
            product = f.ProductFactory(program=world.program, is_published=i % 2 == 0)
            self.evaluation(product, i, months_ago=1 + i % 12)
            self.evaluation(world.product, i, months_ago=2 + i)
            self_evaluation = SelfEvaluation.objects.create(
                product=product,
                catalogue=self.catalogue,
                number=1,
                status="submitted",
                submitted_at=timezone.now(),
            )
            SelfEvaluationAnswer.objects.bulk_create(
                [
                    SelfEvaluationAnswer(self_evaluation=self_evaluation, requirement=r, answer="yes")
                    for r in self.requirements
                ]
            )
            other = Catalogue.objects.create(
                standard=f"standard-{i}",
                name=f"Standard {i}",
                standard_version="1.0",
                levels=[{"key": "a", "label": "A"}],
            )
            theme = Theme.objects.create(catalogue=other, key="t", name="Tema")
            Requirement.objects.create(catalogue=other, theme=theme, code="T1", level="a", title="Krav")
            run = RepositoryCheck.objects.create(
                product=product,
                source=f"https://github.com/OS2/p{i}",
                commit="a" * 40,
                checked_at=timezone.now(),
            )
            Finding.objects.create(
                repository_check=run,
                check_key="licence",
                requirement_code="F2",
                light="green",
                summary="MPL-2.0",
            )
            if check is not None:
                Finding.objects.create(
                    repository_check=check,
                    check_key="readme",
                    requirement_code=self.requirements[i % len(self.requirements)].code,
                    light=LIGHTS[i % 4],
                    summary=f"Fund nummer {i}",
                    path="README.md",
                    commit="b" * 40,
                )
        self.size = size


@pytest.fixture
def data(world: World) -> Data:
    catalogue = services.load_shipped_catalogue()
    requirements = list(catalogue.requirements.order_by("order"))
    RepositoryCheck.objects.create(
        product=world.product,
        source="https://github.com/OS2/os2alpha",
        commit="c" * 40,
        checked_at=timezone.now(),
    )
    focus = services.start_evaluation(product=world.product, actor=None, catalogue=catalogue)
    return Data(world=world, catalogue=catalogue, focus=focus, requirements=requirements)


def web(name: str, **kwargs: Any) -> Callable[[Data], str]:
    return lambda d: reverse(name, kwargs=kwargs or None)


def api_list(basename: str) -> Callable[[Data], str]:
    return lambda d: reverse(f"api:{basename}-list")


PAGES: dict[str, Callable[[Data], str]] = {
    # Lists and the portfolio views
    "evaluation:portfolio": web("evaluation:portfolio"),
    "evaluation:portfolio(theme)": lambda d: (
        reverse("evaluation:portfolio") + "?theme=governance&program=velfaerd"
    ),
    "evaluation:overdue": web("evaluation:overdue"),
    "evaluation:evaluation_list": web("evaluation:evaluation_list"),
    "evaluation:selfevaluation_list": web("evaluation:selfevaluation_list"),
    "evaluation:catalogue_list": web("evaluation:catalogue_list"),
    # The evaluation pages
    "evaluation:evaluation_detail": lambda d: d.focus.get_absolute_url(),
    "evaluation:product_history": lambda d: reverse(
        "evaluation:product_history", args=[d.world.product.slug]
    ),
    # API lists
    "api:evaluation-list": api_list("evaluation"),
    "api:selfevaluation-list": api_list("selfevaluation"),
    "api:catalogue-list": api_list("catalogue"),
    "api:repositorycheck-list": api_list("repositorycheck"),
}
BASELINE_KEYS = {f"{page}|{role}" for page in PAGES for role in ROLES}


baselines = baselines_fixture(BASELINE_FILE, BASELINE_KEYS)


@pytest.mark.parametrize("role", sorted(ROLES))
@pytest.mark.parametrize("page", list(PAGES))
def test_the_query_count_does_not_grow_with_rows(
    data: Data, baselines: Baselines, page: str, role: str
) -> None:
    client = APIClient()
    client.force_login(data.world[ROLES[role]])
    assert_constant_queries(
        client, PAGES[page](data), grow=data.grow_to, key=f"{page}|{role}", baselines=baselines
    )


test_every_measured_page_has_a_baseline_and_no_other = baseline_completeness_test(
    BASELINE_FILE, BASELINE_KEYS
)
