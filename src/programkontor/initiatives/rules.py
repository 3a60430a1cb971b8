"""Who may see and change initiatives: the scopes behind ``restrict(user, action)``.

An initiative hangs on a product or a program, and that object's people decide, as for contracts:

* **change**: the product's or program's writers — the secretariat, the program manager, the product
  coordinator or owner;
* **view** and **view_internal**: everyone who reads the product or program internally — its writers,
  the steering and coordination groups, the board. Suppliers see nothing: a business case and a
  specification being prepared for a tender are internal.

Lines and requirements take their initiative's scope. Initiatives are never published.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from rules.permissions import add_perm
from rules.predicates import predicate

from programkontor.core import gate
from programkontor.core.access import Access, access_for
from programkontor.core.gate import EVERYTHING
from programkontor.initiatives.models import CaseLine, Initiative, Requirement
from programkontor.portfolio.rules import target_candidates, target_change_q, target_internal_q

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


def initiative_q(access: Access, action: str, prefix: str = "") -> Q:
    if access.is_secretariat or (access.is_board and action != "change"):
        return EVERYTHING
    if action == "change":
        return target_change_q(access, prefix)
    return target_internal_q(access, prefix)


def on_initiative_q(access: Access, action: str) -> Q:
    """Lines and requirements: their initiative's scope."""
    return initiative_q(access, action, "initiative__")


gate.register(Initiative)(initiative_q)
gate.register(CaseLine)(on_initiative_q)
gate.register(Requirement)(on_initiative_q)


def initiative_candidates(
    user: AnyUser, product_id: int | None, program_id: int | None
) -> QuerySet[Initiative]:
    """The initiatives an agenda item or a decision of a product (or program) can point at."""
    return target_candidates(Initiative, user, product_id, program_id)


@predicate
def writes_initiatives(user: AnyUser) -> bool:
    access = access_for(user)
    return access.is_secretariat or bool(access.programs_write or access.products_write)


add_perm("initiatives.add_initiative", writes_initiatives)
add_perm("initiatives.add_caseline", writes_initiatives)
add_perm("initiatives.add_requirement", writes_initiatives)
