"""Evaluation data for tests, made through the app's services (so history and versions are real)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from programkontor.core import services as core_services
from programkontor.evaluation import scoring, services
from programkontor.evaluation.models import Catalogue, Evaluation, SelfEvaluation


def all_codes(catalogue: Catalogue) -> list[str]:
    return list(catalogue.requirements.order_by("order").values_list("code", flat=True))


def self_evaluation(
    product: Any,
    catalogue: Catalogue,
    *,
    answers: Mapping[str, str | None] | None = None,
    default: str | None = scoring.YES,
    submitted: bool = True,
    actor: Any = None,
    documentation: str = "Se README.",
) -> SelfEvaluation:
    """A self-evaluation of ``product``: every requirement ``default`` unless ``answers`` says otherwise."""
    draft = services.start_self_evaluation(product=product, actor=actor, catalogue=catalogue)
    given = dict.fromkeys(all_codes(catalogue), default)
    given.update(answers or {})
    services.save_self_evaluation(
        self_evaluation=draft,
        actor=actor,
        expected_version=draft.version,
        answers={code: (answer, documentation if answer else "") for code, answer in given.items()},
    )
    if submitted:
        services.submit_self_evaluation(self_evaluation=draft, actor=actor, expected_version=draft.version)
    draft.refresh_from_db()
    return draft


def evaluation(
    product: Any,
    catalogue: Catalogue,
    *,
    lights: Mapping[str, str] | None = None,
    default: str = scoring.GREEN,
    level: str | None = None,
    published: bool = False,
    evaluated_on: datetime.date | None = None,
    actor: Any = None,
) -> Evaluation:
    """An evaluation of ``product``; with ``level`` the level is decided (a decision, final)."""
    made = services.start_evaluation(
        product=product,
        actor=actor,
        catalogue=catalogue,
        use_latest_self_evaluation=False,
        evaluated_on=evaluated_on,
    )
    given = dict.fromkeys(all_codes(catalogue), default)
    given.update(lights or {})
    services.save_evaluation(
        evaluation=made,
        actor=actor,
        expected_version=made.version,
        changes={"summary": "Et resumé."},
        ratings={code: services.RatingInput(light, f"Grundlag for {code}") for code, light in given.items()},
    )
    if level is not None:
        services.decide_level(
            evaluation=made, actor=actor, expected_version=made.version, level=level, reason="Fordi."
        )
    made.refresh_from_db()
    if published:
        core_services.set_published(made, actor=actor, expected_version=made.version, published=True)
        made.refresh_from_db()
    return made
