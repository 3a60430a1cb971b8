"""Writes of the evaluation app: keyword-only functions, each in one transaction, history with the actor.

Simple edits use the core services; these functions do what has more to it: importing catalogues
and files (``catalogues``), starting a self-evaluation or an evaluation from what came before,
saving a whole form of answers or lights at once (bumping the version, so a concurrent edit is
refused), submitting (``self_evaluations``, ``evaluations``), deciding a level (which records a
decision in the decision log through ``governance.interfaces`` and sets the product's level), and
recording repository checks (``repository_checks``).
"""

from __future__ import annotations

from programkontor.evaluation.services.catalogues import (
    CatalogueImport,
    catalogue_for_file,
    import_catalogue,
    load_previous_catalogue,
    load_shipped_catalogue,
    set_current_catalogue,
)
from programkontor.evaluation.services.common import (
    PREVIOUS_CATALOGUE,
    SHIPPED_CATALOGUE,
    ImportFailed,
    cell_message,
    checksum,
)
from programkontor.evaluation.services.evaluations import (
    EvaluationImport,
    RatingInput,
    ReportReading,
    apply_finding,
    decide_level,
    decision_roles,
    import_evaluation,
    import_evaluations,
    read_evaluation_report,
    save_evaluation,
    start_evaluation,
)
from programkontor.evaluation.services.repository_checks import record_repository_check
from programkontor.evaluation.services.self_evaluations import (
    AnswerInput,
    SelfEvaluationImport,
    SelfEvaluationReading,
    import_self_evaluation,
    read_self_evaluation,
    save_self_evaluation,
    start_self_evaluation,
    submit_self_evaluation,
)

__all__ = [
    "PREVIOUS_CATALOGUE",
    "SHIPPED_CATALOGUE",
    "AnswerInput",
    "CatalogueImport",
    "EvaluationImport",
    "ImportFailed",
    "RatingInput",
    "ReportReading",
    "SelfEvaluationImport",
    "SelfEvaluationReading",
    "apply_finding",
    "catalogue_for_file",
    "cell_message",
    "checksum",
    "decide_level",
    "decision_roles",
    "import_catalogue",
    "import_evaluation",
    "import_evaluations",
    "import_self_evaluation",
    "load_previous_catalogue",
    "load_shipped_catalogue",
    "read_evaluation_report",
    "read_self_evaluation",
    "record_repository_check",
    "save_evaluation",
    "save_self_evaluation",
    "set_current_catalogue",
    "start_evaluation",
    "start_self_evaluation",
    "submit_self_evaluation",
]
