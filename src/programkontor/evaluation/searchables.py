"""What the search finds in evaluation (registered from ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

from programkontor.core.registry import register_searchable
from programkontor.evaluation.models import Evaluation, SelfEvaluation


def register() -> None:
    register_searchable(
        Evaluation,
        label=_("Evaluations"),
        fields=("evaluator", "summary", "overall_assessment", "recommendations", "level_reason", "notes"),
        select_related=("product",),
        order=160,
    )
    register_searchable(
        SelfEvaluation,
        label=_("Self-evaluations"),
        fields=("filled_by", "notes"),
        select_related=("product",),
        order=165,
    )
