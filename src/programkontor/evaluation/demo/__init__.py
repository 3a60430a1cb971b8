"""Demo data of the evaluation app: self-evaluations, evaluations, level decisions and repository checks
for some of the demo portfolio's products, with dates relative to today so the cycle stays realistic.

* OS2faktor and OS2rollekatalog were raised a level (two evaluations each, two decisions in the log);
  OS2faktor's steering group has a new draft of the self-evaluation open.
* OS2kitos kept level 3; its latest evaluation and self-evaluation are published, and an older
  report was imported from Markdown with a count table that disagrees with its lights.
* OS2kle's last evaluation is nine months old: overdue in the twice-yearly cycle.
* OS2mo has a draft evaluation in progress and a repository check whose findings await a decision.
* OS2forms, OS2sofd and the sandbox project OS2compliance have one evaluation each.

The data are files in ``data/``: the products' stories (``stories.toml``), the Danish texts
(``texts.toml``) and the repositories the checks read (``repository.toml``). Everything goes
through the app's services (history, decisions, product levels). Running it again creates nothing:
a product that has any evaluation or self-evaluation is left alone.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from programkontor.accounts.models import User
from programkontor.evaluation import services
from programkontor.evaluation.demo.stories import run_story, stories
from programkontor.evaluation.models import (
    Catalogue,
    Evaluation,
    Finding,
    Rating,
    RepositoryCheck,
    SelfEvaluation,
    SelfEvaluationAnswer,
)
from programkontor.governance.interfaces import Decision, DecisionKind

__all__ = ["delete_demo", "demo_totals", "load_demo"]

_CREATED_LABELS = {
    "self_evaluations": "selvevalueringer",
    "evaluations": "evalueringer",
    "decisions": "niveaubeslutninger i beslutningsloggen",
    "checks": "repository-tjek",
}


def load_demo(*, stdout: Any = None) -> list[str]:
    """Create what is missing of the evaluation demo; return one Danish line saying what it created."""
    catalogue = services.load_shipped_catalogue()
    actor = User.objects.filter(username="sekretariat").first()
    today = timezone.localdate()
    counts = dict.fromkeys(_CREATED_LABELS, 0)
    for story in stories():
        run_story(story, catalogue, actor, today, counts)
    if not any(counts.values()):
        return ["Evaluering: demodata var allerede indlæst; intet nyt er oprettet."]
    parts = ", ".join(f"{count} {_CREATED_LABELS[key]}" for key, count in counts.items() if count)
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
