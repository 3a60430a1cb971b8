"""Running one product's story of the evaluation demo (``data/stories.toml``) through the services."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from programkontor.accounts.models import User
from programkontor.core import services as core_services
from programkontor.evaluation import scoring, services
from programkontor.evaluation.cycle import add_months
from programkontor.evaluation.demo.repository import PACKAGE, repository_source
from programkontor.evaluation.formats import report as report_format
from programkontor.evaluation.models import Catalogue, Evaluation, SelfEvaluation
from programkontor.evaluation.repository.checks import run_checks
from programkontor.portfolio.demo.files import Table, read_toml
from programkontor.portfolio.models import Product

SEED = 2026
REASON = "Demodata"
ORDER = ("sandbox", "1", "2", "3")


@dataclass(frozen=True)
class Step:
    months_ago: int
    level: str | None = None  # the decided level; None: the evaluation stays a draft
    published: bool = False


@dataclass(frozen=True)
class Story:
    product: str
    start_level: str  # the product's level before the first demo evaluation
    steps: tuple[Step, ...]
    kind: str = "kept"
    draft_self_evaluation: bool = False
    published_self_evaluation: bool = False
    imported_before: int | None = None  # months ago: an imported report with a wrong count table
    repository: bool = False


def stories() -> list[Story]:
    return [
        Story(**{**entry, "steps": tuple(Step(**step) for step in entry["steps"])})
        for entry in read_toml(PACKAGE, "stories.toml")["stories"]
    ]


def texts() -> Table:
    return read_toml(PACKAGE, "texts.toml")


def _answers(
    catalogue: Catalogue, level: str, rng: random.Random, when: str, repo: str
) -> dict[str, tuple[str, str]]:
    """Answers that hold ``level`` (every requirement up to it yes or not relevant) and less above it."""
    documentation_by_theme = texts()["documentation"]
    target = ORDER.index(level) if level in ORDER else -1
    answers = {}
    for requirement in catalogue.requirements.order_by("order"):
        position = ORDER.index(requirement.level) if requirement.level in ORDER else 0
        if position <= target:
            answer = scoring.NOT_RELEVANT if rng.random() < 0.06 else scoring.YES
        elif position == target + 1:
            answer = rng.choice([scoring.YES, scoring.YES, scoring.NO, scoring.UNKNOWN])
        else:
            answer = rng.choice([scoring.NO, scoring.NO, scoring.UNKNOWN, ""])
        documentation = (
            documentation_by_theme.get(requirement.code[:1], "").format(when=when, repo=repo)
            if answer in (scoring.YES, scoring.NOT_RELEVANT)
            else ""
        )
        answers[requirement.code] = (answer, documentation)
    return answers


def _submitted_self_evaluation(
    product: Product,
    catalogue: Catalogue,
    actor: User | None,
    level: str,
    day: datetime.date,
    rng: random.Random,
) -> SelfEvaluation:
    words = texts()["self_evaluation"]
    draft = services.start_self_evaluation(product=product, actor=actor, catalogue=catalogue)
    repo = (product.repository_urls or [words["repository"].format(slug=product.slug)])[0]
    answers = _answers(catalogue, level, rng, day.strftime("%d.%m.%Y"), repo)
    filled_by = words["filled_by"].format(name=product.name)
    services.save_self_evaluation(
        self_evaluation=draft,
        actor=actor,
        expected_version=draft.version,
        changes={"filled_on": day, "filled_by": filled_by, "git_url": repo},
        answers={code: (answer or None, documentation) for code, (answer, documentation) in answers.items()},
    )
    submitted = services.submit_self_evaluation(
        self_evaluation=draft, actor=actor, expected_version=draft.version
    )
    return submitted


def _adjust(
    evaluation: Evaluation, actor: User | None, level: str, kind: str, rng: random.Random
) -> Evaluation:
    """The secretariat's review of the draft: a few lights above the level become yellow, texts written."""
    words = texts()["evaluation"]
    target = ORDER.index(level) if level in ORDER else -1
    ratings = {}
    for rating in evaluation.ratings.select_related("requirement"):
        position = ORDER.index(rating.requirement.level) if rating.requirement.level in ORDER else 0
        if position > target and rating.light == scoring.GREEN and rng.random() < 0.4:
            ratings[rating.requirement.code] = services.RatingInput(scoring.YELLOW, words["yellow"])
    return services.save_evaluation(
        evaluation=evaluation,
        actor=actor,
        expected_version=evaluation.version,
        changes={
            "summary": words["summaries"][kind],
            "overall_assessment": words["overall_assessment"],
            "recommendations": words["recommendations"],
        },
        ratings=ratings,
    )


def _imported_report(
    product: Product, catalogue: Catalogue, actor: User | None, day: datetime.date, rng: random.Random
) -> Evaluation:
    words = texts()["imported_report"]
    data = catalogue.data()
    answers = _answers(catalogue, "2", rng, day.strftime("%d.%m.%Y"), "")
    lights = {code: scoring.light_for_answer(answer or None) for code, (answer, _doc) in answers.items()}
    text = report_format.render_report(
        data,
        report_format.ReportContent(
            product_name=product.name,
            evaluated_on=day,
            evaluator=words["evaluator"],
            git_url=words["repository"].format(slug=product.slug),
            summary=words["summary"],
            overall="",
            recommendations="",
            ratings=lights,
            evidence={code: doc or report_format.NO_DATA for code, (_a, doc) in answers.items()},
        ),
    )
    # The published table was counted by hand, and one row is off by one.
    row = "| Niveau 2 | "
    start = text.index(row)
    end = text.index("\n", start)
    cells = text[start:end].split("|")
    cells[2] = f" {int(cells[2]) + 1} "
    text = text[:start] + "|".join(cells) + text[end:]
    return services.import_evaluation(
        product=product, data=text.encode(), actor=actor, catalogue=catalogue
    ).evaluation


def run_story(
    story: Story, catalogue: Catalogue, actor: User | None, today: datetime.date, counts: dict[str, int]
) -> None:
    """The product's evaluations, self-evaluations, level decisions and repository check, unless it
    has an evaluation or a self-evaluation already."""
    product = Product.objects.filter(slug=story.product).first()
    if product is None or product.evaluations.exists() or product.self_evaluations.exists():
        return
    rng = random.Random(f"{SEED}-{story.product}")  # noqa: S311 - demo data
    if product.level != story.start_level:
        core_services.update(
            product,
            actor=actor,
            expected_version=product.version,
            changes={"level": story.start_level},
            reason=REASON,
        )
    if story.imported_before is not None:
        _imported_report(product, catalogue, actor, add_months(today, -story.imported_before), rng)
        counts["evaluations"] += 1
    reasons = texts()["decision"]
    for step in story.steps:
        day = add_months(today, -step.months_ago)
        level = step.level or product.level
        self_evaluation = _submitted_self_evaluation(
            product, catalogue, actor, level, day - datetime.timedelta(days=14), rng
        )
        counts["self_evaluations"] += 1
        evaluation = services.start_evaluation(
            product=product,
            actor=actor,
            self_evaluation=self_evaluation,
            catalogue=catalogue,
            evaluated_on=day,
        )
        evaluation = _adjust(evaluation, actor, level, story.kind, rng)
        counts["evaluations"] += 1
        if step.level is not None:
            product.refresh_from_db()
            raised = ORDER.index(step.level) > ORDER.index(product.level) if product.level in ORDER else True
            services.decide_level(
                evaluation=evaluation,
                actor=actor,
                expected_version=evaluation.version,
                level=step.level,
                reason=reasons["raised"] if raised else reasons["kept"],
                decided_on=day + datetime.timedelta(days=7),
            )
            counts["decisions"] += 1
            if step.published:
                evaluation.refresh_from_db()
                core_services.set_published(
                    evaluation, actor=actor, expected_version=evaluation.version, published=True
                )
        product.refresh_from_db()
    if story.published_self_evaluation:
        latest = product.self_evaluations.order_by("-number").first()
        if latest is not None:
            core_services.set_published(latest, actor=actor, expected_version=latest.version, published=True)
    if story.draft_self_evaluation:
        services.start_self_evaluation(product=product, actor=actor, catalogue=catalogue)
        counts["self_evaluations"] += 1
    if story.repository:
        with translation.override(settings.LANGUAGE_CODE):  # the findings are stored as users read them
            result = run_checks(repository_source(product, today), translate=gettext)
        services.record_repository_check(product=product, result=result, actor=actor)
        counts["checks"] += 1
