"""Demo data of the evaluation app: self-evaluations, evaluations, level decisions and repository checks
for some of the demo portfolio's products, with dates relative to today so the cycle stays realistic.

* OS2faktor and OS2rollekatalog were raised a level (two evaluations each, two decisions in the log);
  OS2faktor's steering group has a new draft of the self-evaluation open.
* OS2kitos kept level 3; its latest evaluation and self-evaluation are published, and an older
  report was imported from Markdown with a count table that disagrees with its lights.
* OS2kle's last evaluation is nine months old: overdue in the twice-yearly cycle.
* OS2mo has a draft evaluation in progress and a repository check whose findings await a decision.
* OS2forms, OS2sofd and the sandbox project OS2compliance have one evaluation each.

Everything goes through the app's services (history, decisions, product levels). Running it again
creates nothing: a product that has any evaluation or self-evaluation is left alone.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from programkontor.core import services as core_services
from programkontor.evaluation import scoring, services
from programkontor.evaluation.cycle import add_months
from programkontor.evaluation.formats import report as report_format
from programkontor.evaluation.models import (
    Catalogue,
    Evaluation,
    Finding,
    Rating,
    RepositoryCheck,
    SelfEvaluation,
    SelfEvaluationAnswer,
)
from programkontor.evaluation.repository.checks import run_checks
from programkontor.evaluation.repository.sources import Branch, Commit, MemorySource
from programkontor.governance.interfaces import Decision, DecisionKind
from programkontor.portfolio.models import Product

SEED = 2026
REASON = "Demodata"
ORDER = ("sandbox", "1", "2", "3")

DOCUMENTATION = {
    "R": "Beskrevet i produktets business case og i styregruppens referat fra {when}.",
    "F": "Se README og dokumentationen i {repo}.",
    "S": "Koblingen til OS2's strategi er beskrevet i produktets strategi ({when}).",
    "G": "Dokumenteret i styregruppens og bestyrelsens referater ({when}).",
}
SUMMARIES = {
    "raised": (
        "Produktet er modnet siden sidste evaluering: dokumentation og governance er på plads, og "
        "styregruppen arbejder efter en godkendt strategi."
    ),
    "kept": "Produktet lever fortsat op til kravene på sit niveau. Enkelte punkter bør følges op.",
    "behind": "Produktet opfylder grundkravene, men mangler dokumentation på flere punkter på næste niveau.",
}
RECOMMENDATIONS = (
    "- Opdatér selvevalueringen før næste evaluering.\n"
    "- Dokumentér driftsopsætningen.\n"
    "- Lav en plan for de gule krav."
)


@dataclass(frozen=True)
class Step:
    months_ago: int
    level: str | None  # the decided level; None: the evaluation stays a draft
    published: bool = False


@dataclass(frozen=True)
class Story:
    slug: str
    start_level: str  # the product's level before the first demo evaluation
    steps: tuple[Step, ...]
    kind: str = "kept"
    draft_self_evaluation: bool = False
    published_self_evaluation: bool = False
    imported_before: int | None = None  # months ago: an imported report with a wrong count table
    repository: bool = False


STORIES = (
    Story("os2faktor", "1", (Step(11, "1"), Step(4, "2", True)), "raised", draft_self_evaluation=True),
    Story("os2rollekatalog", "2", (Step(12, "2", True), Step(3, "3", True)), "raised", repository=True),
    Story(
        "os2kitos",
        "3",
        (Step(8, "3"), Step(2, "3", True)),
        "kept",
        published_self_evaluation=True,
        imported_before=14,
    ),
    Story("os2kle", "1", (Step(9, "1"),), "behind"),
    Story("os2mo", "2", (Step(5, "2"), Step(0, None)), "kept", repository=True),
    Story("os2forms", "2", (Step(5, "2"),), "kept"),
    Story("os2sofd", "1", (Step(2, "1"),), "behind"),
    Story("os2compliance", "sandbox", (Step(1, "sandbox"),), "kept"),
)


def _answers(
    catalogue: Catalogue, level: str, rng: random.Random, when: str, repo: str
) -> dict[str, tuple[str, str]]:
    """Answers that hold ``level`` (every requirement up to it yes or not relevant) and less above it."""
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
            DOCUMENTATION.get(requirement.code[:1], "").format(when=when, repo=repo)
            if answer in (scoring.YES, scoring.NOT_RELEVANT)
            else ""
        )
        answers[requirement.code] = (answer, documentation)
    return answers


def _submitted_self_evaluation(
    product: Product, catalogue: Catalogue, actor: Any, level: str, day: datetime.date, rng: random.Random
) -> SelfEvaluation:
    draft = services.start_self_evaluation(product=product, actor=actor, catalogue=catalogue)
    repo = (product.repository_urls or [f"https://github.com/OS2/{product.slug}"])[0]
    answers = _answers(catalogue, level, rng, day.strftime("%d.%m.%Y"), repo)
    services.save_self_evaluation(
        self_evaluation=draft,
        actor=actor,
        expected_version=draft.version,
        changes={"filled_on": day, "filled_by": f"Styregruppen for {product.name}", "git_url": repo},
        answers={code: (answer or None, documentation) for code, (answer, documentation) in answers.items()},
    )
    submitted = services.submit_self_evaluation(
        self_evaluation=draft, actor=actor, expected_version=draft.version
    )
    return submitted


def _adjust(evaluation: Evaluation, actor: Any, level: str, kind: str, rng: random.Random) -> Evaluation:
    """The secretariat's review of the draft: a few lights above the level become yellow, texts written."""
    target = ORDER.index(level) if level in ORDER else -1
    ratings = {}
    for rating in evaluation.ratings.select_related("requirement"):
        position = ORDER.index(rating.requirement.level) if rating.requirement.level in ORDER else 0
        if position > target and rating.light == scoring.GREEN and rng.random() < 0.4:
            ratings[rating.requirement.code] = services.RatingInput(
                scoring.YELLOW, "Delvist dokumenteret; mangler en beskrivelse af ansvar og opfølgning."
            )
    return services.save_evaluation(
        evaluation=evaluation,
        actor=actor,
        expected_version=evaluation.version,
        changes={
            "summary": SUMMARIES[kind],
            "overall_assessment": (
                "**Styrker:** aktivt fællesskab og åben udvikling.\n\n"
                "**Forbedringer:** dokumentationen af drift og implementering."
            ),
            "recommendations": RECOMMENDATIONS,
        },
        ratings=ratings,
    )


def _repository_source(product: Product, today: datetime.date) -> MemorySource:
    """A realistic repository in memory, so the demo's findings come from the real checks."""
    now = datetime.datetime.combine(today, datetime.time(12), tzinfo=datetime.UTC)
    rng = random.Random(product.slug)  # noqa: S311 - demo data, not security
    history = [
        Commit(
            f"{rng.getrandbits(160):040x}",
            now - datetime.timedelta(days=3 + 9 * i),
            f"Udvikler {i % 4}",
            f"Ændring {i}",
            1 + i % 5,
        )
        for i in range(60)
    ]
    readme = f"# {product.name}\n\n## Formål\n\n{product.summary}\n\nFejl og ønsker: https://github.com/OS2/{product.slug}/issues\n"
    contents = {
        "LICENSE": "Mozilla Public License Version 2.0\n==================================\n",
        "README.md": readme,
        "Dockerfile": "FROM eclipse-temurin:21\n",
        "docs/CONTRIBUTING.md": "# Bidrag\n\nVi følger Google Java Style.\n",
        ".editorconfig": "root = true\n",
    }
    if product.slug == "os2rollekatalog":
        contents["SECURITY.md"] = "# Sikkerhed\n\nSkriv til sikkerhed@os2.dk.example.\n"
        contents["publiccode.yml"] = (
            "publiccodeYmlVersion: '0.4'\nname: OS2rollekatalog\nurl: https://github.com/OS2/os2rollekatalog\n"
            "platforms: [web]\ncategories: [identity-management]\n"
            "developmentStatus: stable\nsoftwareType: standalone/web\n"
            "description:\n  da:\n    shortDescription: Roller og rettigheder fra ét sted.\n"
            "    longDescription: >\n      "
            + "Rollekataloget samler roller og rettigheder til kommunens fagsystemer. "
            * 3
            + "\n"
            "    features: [Rolleopslag, Attestering]\n"
            "legal:\n  license: MPL-2.0\n"
            "maintenance:\n  type: contract\n  contractors: [{name: Fjordbyte ApS}]\n"
            "localisation:\n  localisationReady: false\n  availableLanguages: [da]\n"
        )
    branches = [Branch("main", history[0].sha, history[0].when)]
    if product.slug == "os2mo":
        branches.append(
            Branch(
                "release/2.x",
                f"{rng.getrandbits(160):040x}",
                now - datetime.timedelta(days=20),
                24,
                now - datetime.timedelta(days=300),
                now - datetime.timedelta(days=20),
            )
        )
    return MemorySource(
        label=f"https://github.com/OS2/{product.slug}.git",
        contents=contents,
        history=history,
        branch_list=branches,
        head=history[0].sha,
        remote=f"https://github.com/OS2/{product.slug}.git",
    )


def _imported_report(
    product: Product, catalogue: Catalogue, actor: Any, day: datetime.date, rng: random.Random
) -> Evaluation:
    data = catalogue.data()
    answers = _answers(catalogue, "2", rng, day.strftime("%d.%m.%Y"), "")
    lights = {code: scoring.light_for_answer(answer or None) for code, (answer, _doc) in answers.items()}
    text = report_format.render_report(
        data,
        report_format.ReportContent(
            product_name=product.name,
            evaluated_on=day,
            evaluator="OS2-sekretariatet",
            git_url=f"https://github.com/OS2/{product.slug}",
            summary="Evalueringen er lavet før Programkontor og importeret fra den offentliggjorte rapport.",
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


def _run_story(
    story: Story, catalogue: Catalogue, actor: Any, today: datetime.date, counts: dict[str, int]
) -> None:
    product = Product.objects.filter(slug=story.slug).first()
    if product is None or product.evaluations.exists() or product.self_evaluations.exists():
        return
    rng = random.Random(f"{SEED}-{story.slug}")  # noqa: S311 - demo data
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
                reason=(
                    "Alle krav op til niveauet er opfyldt eller ikke relevante, og styregruppen har "
                    "dokumenteret forbedringerne."
                    if raised
                    else "Kravene til niveauet er fortsat opfyldt."
                ),
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
        result = run_checks(_repository_source(product, today))
        services.record_repository_check(product=product, result=result, actor=actor)
        counts["checks"] += 1


def load_demo(*, stdout: Any = None) -> list[str]:
    """Create what is missing of the evaluation demo; return one Danish line saying what it created."""
    catalogue = services.load_shipped_catalogue()
    actor = get_user_model()._default_manager.filter(username="sekretariat").first()
    today = timezone.localdate()
    counts = {"self_evaluations": 0, "evaluations": 0, "decisions": 0, "checks": 0}
    for story in STORIES:
        _run_story(story, catalogue, actor, today, counts)
    if not any(counts.values()):
        return ["Evaluering: demodata var allerede indlæst; intet nyt er oprettet."]
    labels = {
        "self_evaluations": "selvevalueringer",
        "evaluations": "evalueringer",
        "decisions": "niveaubeslutninger i beslutningsloggen",
        "checks": "repository-tjek",
    }
    parts = ", ".join(f"{count} {labels[key]}" for key, count in counts.items() if count)
    return [f"Evaluering: oprettet {parts} (kravkatalog: {catalogue})."]


def demo_totals() -> list[tuple[str, int]]:
    """What the demo command's totals show of evaluation, counted in the database."""
    return [
        ("Kravkataloger", Catalogue.objects.count()),
        ("Selvevalueringer", SelfEvaluation.objects.count()),
        ("Evalueringer", Evaluation.objects.count()),
        ("Repository-tjek", RepositoryCheck.objects.count()),
    ]


def delete_demo() -> None:
    """Delete the app's self-evaluations, evaluations, repository checks and their history, and the
    level decisions the evaluations recorded. The installed catalogues stay."""

    decision_ids = list(
        Evaluation.objects.exclude(decision__isnull=True).values_list("decision_id", flat=True)
    )
    models: tuple[type[Any], ...] = (
        Finding,
        Rating,
        Evaluation,
        RepositoryCheck,
        SelfEvaluationAnswer,
        SelfEvaluation,
    )
    Evaluation.objects.update(self_evaluation=None)
    Rating.objects.all().delete()
    Finding.objects.all().delete()
    Evaluation.objects.all().delete()
    RepositoryCheck.objects.all().delete()
    SelfEvaluationAnswer.objects.all().delete()
    SelfEvaluation.objects.all().delete()
    for model in models:
        model.history.all().delete()
    Decision.objects.filter(pk__in=decision_ids, kind=DecisionKind.LEVEL_CHANGE).delete()
    Decision.history.filter(id__in=decision_ids).delete()
