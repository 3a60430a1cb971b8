"""Who may see and change decisions: the scope of the product or program they concern.

Association-level decisions (no product or program) are the secretariat's and the board's.
"""

from __future__ import annotations

from django.db.models import Q

from programkontor.core import gate
from programkontor.core.access import Access
from programkontor.core.gate import EVERYTHING, NOTHING
from programkontor.governance.models import Decision
from programkontor.portfolio.rules import any_of, product_q, program_q


@gate.register(Decision)
def decision_q(access: Access, action: str) -> Q:
    if access.is_secretariat or (access.is_board and action != "change"):
        return EVERYTHING
    holding = "view_internal" if action == "view" else action
    scoped = any_of(
        product_q(access, holding, "product__"),
        program_q(access, holding, "program__"),
    )
    if action == "view":
        return any_of(scoped, Q(is_published=True))
    return scoped if scoped is not NOTHING else NOTHING
