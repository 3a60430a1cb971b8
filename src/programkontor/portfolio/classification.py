"""Which combinations of kind, lifecycle stage and OS2 level make sense: pure rules.

* A project lives in the idea or sandbox stage and can hold at most the sandbox level.
* A product is admitted: it is in the product stage (or paused/closed) and holds level 1-3 or none.
* Paused and closed apply to both.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PROJECT_STAGES = {"idea", "sandbox", "paused", "closed"}
PRODUCT_STAGES = {"product", "paused", "closed"}
PROJECT_LEVELS = {"none", "sandbox"}
PRODUCT_LEVELS = {"none", "1", "2", "3"}


def classification_errors(*, kind: str, stage: str, level: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if kind == "project":
        if stage not in PROJECT_STAGES:
            errors.setdefault("stage", []).append(
                str(_("A project is an idea or a sandbox project until it is admitted as a product."))
            )
        if level not in PROJECT_LEVELS:
            errors.setdefault("level", []).append(str(_("A project can hold the sandbox level at most.")))
    elif kind == "product":
        if stage not in PRODUCT_STAGES:
            errors.setdefault("stage", []).append(
                str(_("An admitted product is in the product stage, or paused or closed."))
            )
        if level not in PRODUCT_LEVELS:
            errors.setdefault("level", []).append(
                str(_("A product holds level 1, 2 or 3 (or none yet), not the sandbox level."))
            )
    return errors
