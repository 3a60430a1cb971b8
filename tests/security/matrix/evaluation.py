"""Rows for the evaluation app: catalogues, self-evaluations, evaluations, repository checks.

The self-evaluations and evaluations hang on the private product OS2alpha (program Velfærd): its
coordinator (carol), program manager (bob) and steering group (dave) write the self-evaluation; only
the secretariat (alice) writes evaluations; the board (frank) reads; the supplier (erin) reads the
product but not its governance data.
"""

from __future__ import annotations

import datetime
from typing import Any

from programkontor.evaluation import scoring, services
from programkontor.evaluation.repository.checks import CheckResult, Finding
from tests.evaluation import factories as ef
from tests.security.matrix import LOGGED_IN, SECRETARIAT_ONLY, Row, everyone

READ_PRODUCT = "A:missing S:ok B:ok G:missing C:ok D:ok E:ok F:ok M:missing"
READ_GOVERNANCE = "A:missing S:ok B:ok G:missing C:ok D:ok E:missing F:ok M:missing"
WRITE_SELF_EVALUATION = "A:login S:ok B:ok G:missing C:ok D:ok E:missing F:denied M:missing"
START_SELF_EVALUATION = "A:login S:ok B:ok G:missing C:ok D:ok E:denied F:denied M:missing"
SECRETARIAT_ON_PRODUCT = "A:login S:ok B:denied G:missing C:denied D:denied E:denied F:denied M:missing"
SECRETARIAT_ON_GOVERNANCE = "A:login S:ok B:denied G:missing C:denied D:denied E:missing F:denied M:missing"
CHECK_REPOSITORY = "A:login S:ok B:ok G:missing C:ok D:denied E:denied F:denied M:missing"
CHANGE_CHECK = "A:login S:ok B:ok G:missing C:ok D:denied E:missing F:denied M:missing"


def catalogue(w: Any) -> Any:
    return services.load_shipped_catalogue()


def draft_self_evaluation(w: Any) -> dict[str, Any]:
    return {"pk": services.start_self_evaluation(product=w.product, actor=None, catalogue=catalogue(w)).pk}


def submitted_self_evaluation(w: Any) -> dict[str, Any]:
    return {"pk": ef.self_evaluation(w.product, catalogue(w)).pk}


def draft_evaluation(w: Any) -> Any:
    return services.start_evaluation(product=w.product, actor=None, catalogue=catalogue(w))


def evaluation(w: Any) -> dict[str, Any]:
    return {"pk": draft_evaluation(w).pk}


def repository_check(w: Any) -> Any:
    result = CheckResult(
        source="https://github.com/OS2/os2alpha.git",
        commit="a" * 40,
        branch="main",
        checked_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        findings=[Finding("licence", "F2", scoring.GREEN, "LICENSE: MPL-2.0", "LICENSE", "a" * 40)],
    )
    return services.record_repository_check(product=w.product, result=result, actor=None)


def finding(w: Any) -> dict[str, Any]:
    found = repository_check(w).findings.get()
    return {"pk": draft_evaluation(w).pk, "finding": found.pk}


def product(w: Any) -> dict[str, Any]:
    return {"parent": w.product.slug}


WEB: dict[str, Row] = {
    "evaluation:portfolio": Row(outcomes=everyone("ok")),
    "evaluation:overdue": Row(outcomes=LOGGED_IN),
    "evaluation:product_history": Row(lambda w: {"slug": w.product.slug}, READ_PRODUCT),
    "evaluation:catalogue_list": Row(outcomes=everyone("ok")),
    "evaluation:catalogue_import": Row(outcomes=SECRETARIAT_ONLY),
    "evaluation:catalogue_detail": Row(lambda w: {"pk": catalogue(w).pk}, everyone("ok")),
    "evaluation:catalogue_current": Row(lambda w: {"pk": catalogue(w).pk}, SECRETARIAT_ONLY),
    "evaluation:selfevaluation_list": Row(outcomes=everyone("ok")),
    "evaluation:selfevaluation_add": Row(product, START_SELF_EVALUATION),
    "evaluation:selfevaluation_import": Row(product, START_SELF_EVALUATION),
    "evaluation:selfevaluation_detail": Row(draft_self_evaluation, READ_GOVERNANCE),
    "evaluation:selfevaluation_edit": Row(draft_self_evaluation, WRITE_SELF_EVALUATION),
    "evaluation:selfevaluation_submit": Row(draft_self_evaluation, WRITE_SELF_EVALUATION),
    "evaluation:selfevaluation_publish": Row(submitted_self_evaluation, WRITE_SELF_EVALUATION),
    "evaluation:selfevaluation_delete": Row(draft_self_evaluation, WRITE_SELF_EVALUATION),
    "evaluation:selfevaluation_markdown": Row(submitted_self_evaluation, READ_GOVERNANCE),
    "evaluation:selfevaluation_json": Row(submitted_self_evaluation, READ_GOVERNANCE),
    "evaluation:evaluation_list": Row(outcomes=everyone("ok")),
    "evaluation:evaluation_add": Row(product, SECRETARIAT_ON_PRODUCT),
    "evaluation:evaluation_import": Row(product, SECRETARIAT_ON_PRODUCT),
    # The review step of an upload: the file waits in the uploader's own session, so a token that is not
    # there is not found for those who may import; the others are denied first (tests/evaluation/
    # test_import_review.py walks the allowed path).
    "evaluation:import_review": Row(
        lambda w: {"parent": w.product.slug, "token": "not-waiting"},
        "A:login S:missing B:missing G:missing C:missing D:missing E:denied F:denied M:missing",
    ),
    "evaluation:evaluation_detail": Row(evaluation, READ_GOVERNANCE),
    "evaluation:evaluation_edit": Row(evaluation, SECRETARIAT_ON_GOVERNANCE),
    "evaluation:evaluation_level": Row(evaluation, SECRETARIAT_ON_GOVERNANCE),
    "evaluation:evaluation_publish": Row(evaluation, SECRETARIAT_ON_GOVERNANCE),
    "evaluation:evaluation_delete": Row(evaluation, SECRETARIAT_ON_GOVERNANCE),
    "evaluation:evaluation_finding": Row(finding, SECRETARIAT_ON_GOVERNANCE),
    "evaluation:evaluation_markdown": Row(evaluation, READ_GOVERNANCE),
    "evaluation:evaluation_pdf": Row(evaluation, READ_GOVERNANCE),
    "evaluation:repositorycheck_add": Row(product, CHECK_REPOSITORY),
    "evaluation:repositorycheck_detail": Row(lambda w: {"pk": repository_check(w).pk}, READ_GOVERNANCE),
}


def new_catalogue(w: Any) -> dict[str, Any]:
    return {
        "standard": "tilgaengelighed",
        "name": "Tilgængelighed",
        "version": "1.0",
        "levels": [{"key": "a", "label": "A"}],
        "themes": [{"key": "t", "name": "Tema"}],
        "requirements": [{"id": "T1", "theme": "t", "level": "a", "title": "Krav"}],
    }


API_SECRETARIAT = SECRETARIAT_ONLY
API: dict[tuple[str, str], Row] = {
    ("api:catalogue-list", "get"): Row(outcomes=everyone("ok"), api=True),
    ("api:catalogue-list", "post"): Row(outcomes=API_SECRETARIAT, api=True, data=new_catalogue),
    ("api:catalogue-detail", "get"): Row(lambda w: {"pk": catalogue(w).pk}, everyone("ok"), api=True),
    ("api:catalogue-detail", "patch"): Row(
        lambda w: {"pk": catalogue(w).pk}, API_SECRETARIAT, api=True, data=lambda w: {"description": "Ny"}
    ),
    ("api:catalogue-detail", "delete"): Row(lambda w: {"pk": catalogue(w).pk}, API_SECRETARIAT, api=True),
    ("api:selfevaluation-list", "get"): Row(outcomes=everyone("ok"), api=True),
    ("api:selfevaluation-list", "post"): Row(
        outcomes="A:login S:ok B:ok G:invalid C:ok D:ok E:denied F:denied M:denied",
        api=True,
        data=lambda w: {"product": w.product.pk},
    ),
    ("api:selfevaluation-detail", "get"): Row(draft_self_evaluation, READ_GOVERNANCE, api=True),
    ("api:selfevaluation-detail", "patch"): Row(
        draft_self_evaluation, WRITE_SELF_EVALUATION, api=True, data=lambda w: {"filled_by": "Ny"}
    ),
    ("api:selfevaluation-detail", "delete"): Row(draft_self_evaluation, WRITE_SELF_EVALUATION, api=True),
    ("api:evaluation-list", "get"): Row(outcomes=everyone("ok"), api=True),
    ("api:evaluation-list", "post"): Row(
        outcomes="A:login S:ok B:denied G:denied C:denied D:denied E:denied F:denied M:denied",
        api=True,
        data=lambda w: {"product": w.product.pk},
    ),
    ("api:evaluation-detail", "get"): Row(evaluation, READ_GOVERNANCE, api=True),
    ("api:evaluation-detail", "patch"): Row(
        evaluation, SECRETARIAT_ON_GOVERNANCE, api=True, data=lambda w: {"summary": "Ny"}
    ),
    ("api:evaluation-detail", "delete"): Row(evaluation, SECRETARIAT_ON_GOVERNANCE, api=True),
    ("api:repositorycheck-list", "get"): Row(outcomes=everyone("ok"), api=True),
    ("api:repositorycheck-list", "post"): Row(
        # The URL is not one of the product's repositories: refused before anything is cloned.
        outcomes="A:login S:invalid B:invalid G:invalid C:invalid D:denied E:denied F:denied M:denied",
        api=True,
        data=lambda w: {"product": w.product.pk, "repository_url": "https://example.org/os2alpha.git"},
    ),
    ("api:repositorycheck-detail", "get"): Row(
        lambda w: {"pk": repository_check(w).pk}, READ_GOVERNANCE, api=True
    ),
    ("api:repositorycheck-detail", "patch"): Row(
        lambda w: {"pk": repository_check(w).pk}, CHANGE_CHECK, api=True, data=lambda w: {}
    ),
    ("api:repositorycheck-detail", "delete"): Row(
        lambda w: {"pk": repository_check(w).pk}, CHANGE_CHECK, api=True
    ),
}
