"""Evaluation: requirement catalogues, self-evaluations, evaluations, levels and repository checks."""

from programkontor.evaluation.models.catalogues import Catalogue, Requirement, Theme
from programkontor.evaluation.models.evaluations import (
    Evaluation,
    EvaluationSource,
    EvaluationStatus,
    Light,
    Rating,
)
from programkontor.evaluation.models.repository import Finding, FindingStatus, RepositoryCheck
from programkontor.evaluation.models.self_evaluations import (
    Answer,
    SelfEvaluation,
    SelfEvaluationAnswer,
    SelfEvaluationStatus,
    Source,
)

__all__ = [
    "Answer",
    "Catalogue",
    "Evaluation",
    "EvaluationSource",
    "EvaluationStatus",
    "Finding",
    "FindingStatus",
    "Light",
    "Rating",
    "RepositoryCheck",
    "Requirement",
    "SelfEvaluation",
    "SelfEvaluationAnswer",
    "SelfEvaluationStatus",
    "Source",
    "Theme",
]
