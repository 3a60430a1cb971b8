"""Who may see and change governance: decisions, meetings, mandates and the annual cycle.

Governance data is internal to the people who run a product or program (its writers, its steering
and coordination groups, the program manager), the secretariat and the board. Suppliers get
nothing beyond what is published (as for bodies). The members of a body write its meetings
(agendas, attendance, minutes) and record its decisions; who may *set* a decision to decided is a
narrower rule (:func:`programkontor.governance.services.may_decide`). Association-level rows (no
product or program) are the secretariat's and the board's. Published rows are public; people who
are not public contacts stay anonymous there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from rules.permissions import add_perm
from rules.predicates import predicate

from programkontor.core import gate
from programkontor.core.access import Access, access_for
from programkontor.core.gate import EVERYTHING
from programkontor.governance.models import (
    AgendaAttachment,
    AgendaItem,
    AgendaItemReference,
    Attendance,
    CycleEvent,
    Decision,
    DecisionLink,
    GovernanceRepository,
    Mandate,
    Meeting,
    MeetingStatus,
    RepositorySync,
)
from programkontor.portfolio.rules import any_of, body_q, ids_q, product_q, published_q

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


def scoped_q(access: Access, action: str, prefix: str = "", bodies: tuple[str, ...] = ()) -> Q:
    """Rows hanging on a product or program (``product``/``program`` fields), or on one of ``bodies``.

    ``change``: the product's or program's writers, and members of the named bodies.
    ``view_internal``: their internal readers (no suppliers), and members of the named bodies.
    """
    if access.is_secretariat or (access.is_board and action != "change"):
        return EVERYTHING
    member_of = [ids_q(prefix, f"{field}_id", access.bodies) for field in bodies]
    if action == "change":
        return any_of(
            ids_q(prefix, "product_id", access.products_write),
            ids_q(prefix, "product__program_id", access.programs_write),
            ids_q(prefix, "program_id", access.programs_write),
            *member_of,
        )
    return any_of(
        ids_q(prefix, "product_id", access.products_internal),
        ids_q(prefix, "product__program_id", access.programs_internal),
        ids_q(prefix, "program_id", access.programs_internal),
        *member_of,
    )


def decision_q(access: Access, action: str, prefix: str = "") -> Q:
    holding = "view_internal" if action == "view" else action
    scoped = scoped_q(access, holding, prefix, ("decided_by_body", "co_decided_by_body"))
    if action == "view":
        return any_of(scoped, Q(**{f"{prefix}is_published": True}))
    return scoped


gate.register(Decision)(decision_q)


@gate.register(DecisionLink)
def decision_link_q(access: Access, action: str) -> Q:
    return decision_q(access, action, "decision__")


def meeting_q(access: Access, action: str, prefix: str = "") -> Q:
    """Meetings follow their body; its members may also change them (agendas, minutes)."""
    if action == "change":
        return any_of(body_q(access, "change", f"{prefix}body__"), ids_q(prefix, "body_id", access.bodies))
    internal = body_q(access, "view_internal", f"{prefix}body__")
    if action == "view_internal":
        return internal
    public = Q(
        **{f"{prefix}is_published": True, f"{prefix}status": MeetingStatus.MINUTES_APPROVED}
    ) & published_q(f"{prefix}body__")
    return any_of(internal, public)


gate.register(Meeting)(meeting_q)


@gate.register(AgendaItem)
def agenda_item_q(access: Access, action: str) -> Q:
    return meeting_q(access, action, "meeting__")


@gate.register(AgendaAttachment)
def attachment_q(access: Access, action: str) -> Q:
    return meeting_q(access, action, "item__meeting__")


@gate.register(AgendaItemReference)
def reference_q(access: Access, action: str) -> Q:
    return meeting_q(access, action, "item__meeting__")


@gate.register(Attendance)
def attendance_q(access: Access, action: str) -> Q:
    """Published meetings show attendance by name only for people who are public contacts."""
    if action != "view":
        return meeting_q(access, action, "meeting__")
    internal = meeting_q(access, "view_internal", "meeting__")
    public = meeting_q(access, "view", "meeting__")
    if public is EVERYTHING or internal is EVERYTHING:
        return EVERYTHING
    return any_of(internal, public & Q(person__is_public=True))


@gate.register(Mandate)
def mandate_q(access: Access, action: str) -> Q:
    holding = "view_internal" if action == "view" else action
    if action == "change":
        # Granted by a body: its members and the program manager keep it; a holder cannot widen
        # their own mandate, so the product's coordinators do not change it.
        if access.is_secretariat:
            return EVERYTHING
        return any_of(
            ids_q("", "grantor_body_id", access.bodies),
            ids_q("", "product__program_id", access.programs_write),
            ids_q("", "program_id", access.programs_write),
        )
    else:
        scoped = scoped_q(access, holding, "", ("grantor_body", "holder_body"))
    if action == "view":
        return any_of(scoped, Q(is_published=True))
    return scoped


@gate.register(CycleEvent)
def cycle_event_q(access: Access, action: str) -> Q:
    holding = "view_internal" if action == "view" else action
    scoped = scoped_q(access, holding, "", ("body",))
    if action == "view":
        return any_of(scoped, Q(is_published=True))
    return scoped


# "May create one at all?" — where the new row may hang is checked after it is built (the gate must
# allow changing it, see core.services.create).


@predicate
def writes_governance(user: AnyUser) -> bool:
    access = access_for(user)
    return access.writes_anything or bool(access.bodies)


add_perm("governance.add_decision", writes_governance)
add_perm("governance.add_meeting", writes_governance)
add_perm("governance.add_mandate", writes_governance)
add_perm("governance.add_cycleevent", writes_governance)


@gate.register(GovernanceRepository)
def governance_repository_q(access: Access, action: str) -> Q:
    """A product's repository settings are kept by those who change the product; others see none."""
    return product_q(access, "change", "product__")


@gate.register(RepositorySync)
def repository_sync_q(access: Access, action: str) -> Q:
    """A sync shows what the repository and Programkontor hold, internal or not: its product's writers."""
    return product_q(access, "change", "repository__product__")


@predicate
def writes_products(user: AnyUser) -> bool:
    access = access_for(user)
    return access.is_secretariat or bool(access.products_write or access.programs_write)


add_perm("governance.add_governancerepository", writes_products)
