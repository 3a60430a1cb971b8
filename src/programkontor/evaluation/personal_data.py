"""Where evaluations keep personal data: who filled in a self-evaluation and who evaluated, as names."""

from __future__ import annotations

from programkontor.core import personal_data as pd


def register() -> None:
    from programkontor.evaluation.models import Evaluation, SelfEvaluation

    pd.register_personal_data(
        SelfEvaluation,
        select=pd.linked("submitted_by__person__pk"),
        mentions=("filled_by",),
        fields=("product_id", "number", "filled_by", "filled_on", "submitted_at"),
        erase={"filled_by": pd.redact},
    )
    pd.register_personal_data(
        Evaluation,
        mentions=("evaluator",),
        fields=("product_id", "evaluated_on", "evaluator"),
        erase={"evaluator": pd.redact},
    )
