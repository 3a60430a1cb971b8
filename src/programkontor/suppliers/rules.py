"""Who may see and change supplier contracts: the scopes behind ``restrict(user, action)``.

A contract hangs on a product or a program, and that object's people decide:

* **change**: the product's or program's writers — the secretariat, the program manager, the product
  coordinator or owner (``product_q``/``program_q`` with ``change``);
* **view_internal** (the value, the SLA, the documents, the notes): everyone who reads the product or
  program internally — its writers, the steering and coordination groups, the board;
* **view**: those, and the supplier's own active contacts on the product (they read what concerns
  their contracts, not the internal terms).

Contracts are never published. Creating one at all needs the right to write some product or program.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone
from rules.permissions import add_perm
from rules.predicates import predicate

from programkontor.core import gate
from programkontor.core.access import Access, access_for, active_on
from programkontor.core.gate import EVERYTHING, NOTHING
from programkontor.portfolio.models import Role, RoleAssignment
from programkontor.portfolio.rules import any_of, target_candidates, target_change_q, target_internal_q
from programkontor.suppliers.models import Contract

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


def supplier_contact_q(access: Access, prefix: str = "") -> Q:
    """Contracts of the supplier the user is an active contact for, on that product."""
    if not (access.products_supplier and access.person_id):
        return NOTHING
    suppliers = RoleAssignment.objects.filter(
        active_on(timezone.localdate()), person_id=access.person_id, role=Role.SUPPLIER_CONTACT
    ).values("organisation_id")
    return Q(
        **{f"{prefix}product_id__in": sorted(access.products_supplier), f"{prefix}supplier_id__in": suppliers}
    )


@gate.register(Contract)
def contract_q(access: Access, action: str, prefix: str = "") -> Q:
    if access.is_secretariat or (access.is_board and action != "change"):
        return EVERYTHING
    if action == "change":
        return target_change_q(access, prefix)
    internal = target_internal_q(access, prefix)
    if action == "view_internal":
        return internal
    return any_of(internal, supplier_contact_q(access, prefix))


def contract_candidates(user: AnyUser, product_id: int | None, program_id: int | None) -> QuerySet[Contract]:
    """The contracts an agenda item or a decision of a product (or program) can point at."""
    return target_candidates(Contract, user, product_id, program_id)


@predicate
def writes_contracts(user: AnyUser) -> bool:
    access = access_for(user)
    return access.is_secretariat or bool(access.programs_write or access.products_write)


add_perm("suppliers.add_contract", writes_contracts)
