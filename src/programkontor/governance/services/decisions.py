"""Decisions: who may decide, the mandate a decision rests on, saving, superseding and routing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from programkontor.core import services
from programkontor.core.access import access_for, active_on
from programkontor.governance.models import (
    AgendaItem,
    AgendaItemKind,
    Decision,
    DecisionKind,
    DecisionRole,
    DecisionStatus,
    MandateKind,
    Meeting,
    MeetingStatus,
)
from programkontor.governance.services.mandates import MandateVerdict, _steering_group, applicable_mandate
from programkontor.governance.services.meetings import add_agenda_item
from programkontor.portfolio.models import (
    Body,
    BodyKind,
    Membership,
    MembershipRole,
    RoleAssignment,
)

if TYPE_CHECKING:
    from programkontor.core.actors import Actor


def decision_makers_q(decision: Decision) -> Q:
    """Active memberships that may decide for the decision's bodies (chairs and members, not secretaries)."""
    bodies = [pk for pk in (decision.decided_by_body_id, decision.co_decided_by_body_id) if pk]
    return Q(body_id__in=bodies, role__in=[MembershipRole.CHAIR, MembershipRole.MEMBER])


def may_decide(user: Actor, decision: Decision) -> bool:
    """May ``user`` set ``decision`` to decided? Only those who decide it:

    * for a body: its chairs and members (active on the day), also of the body it decided jointly with;
    * for a role: the secretariat for the secretariat; the program's manager; the product's
      coordinator or owner. The general assembly is recorded by the secretariat.
    """
    access = access_for(user)
    if decision.decided_by_body_id:
        if access.person_id is None:
            return False
        return (
            Membership.objects.filter(decision_makers_q(decision), active_on(timezone.localdate()))
            .filter(person_id=access.person_id, body__archived_at__isnull=True)
            .exists()
        )
    role = decision.decided_by_role
    if role in (DecisionRole.SECRETARIAT, DecisionRole.GENERAL_ASSEMBLY):
        return access.is_secretariat
    product = decision.product
    program_id = decision.program_id or (product.program_id if product is not None else None)
    if role == DecisionRole.PROGRAM_MANAGER:
        return program_id is not None and program_id in access.programs_write
    if role in (DecisionRole.PRODUCT_COORDINATOR, DecisionRole.PRODUCT_OWNER):
        if not decision.product_id or access.person_id is None:
            return False
        return RoleAssignment.objects.filter(
            active_on(timezone.localdate()),
            product_id=decision.product_id,
            person_id=access.person_id,
            role=role,
        ).exists()
    return False


MANDATE_KIND_OF_DECISION = {
    "prioritisation": MandateKind.PRIORITISATION,
    "budget": MandateKind.EXPENDITURE,
}


def check_decision(user: Actor, decision: Decision, *, previous_status: str | None) -> None:
    """Rules for a decision a user records: who may decide, and the mandate it rests on.

    Raises ``ValidationError`` with a message naming what to do instead.
    """
    becomes_decided = decision.status == DecisionStatus.DECIDED and previous_status != DecisionStatus.DECIDED
    if not becomes_decided:
        return
    if not (decision.decided_by_body_id or decision.decided_by_role):
        raise ValidationError(
            {"status": _("Name the body or role that decides before setting it to decided.")}
        )
    if not may_decide(user, decision):
        raise ValidationError(
            {
                "status": _(
                    "Only those who decide (the body's members, or the role named) can set it to decided."
                )
            }
        )
    verdict = mandate_for_decision(decision)
    if verdict is None:
        return
    if not verdict.within:
        raise ValidationError({"status": verdict.message})
    if decision.mandate_id is None and verdict.mandate is not None:
        decision.mandate = verdict.mandate


def mandate_for_decision(decision: Decision) -> MandateVerdict | None:
    """The mandate check for a decision taken on delegated authority (a mandate named, or an amount
    of a kind that needs one). ``None`` when no mandate is involved."""
    mandate = decision.mandate
    kind = mandate.kind if mandate is not None else MANDATE_KIND_OF_DECISION.get(decision.kind)
    if kind is None or (decision.mandate_id is None and decision.amount is None):
        return None
    holder_body = decision.decided_by_body
    holder_role = "" if holder_body else decision.decided_by_role
    if holder_body is not None and holder_body.kind == BodyKind.BOARD:
        return None  # the board holds the association's own authority
    if holder_body is not None and decision.mandate_id is None and holder_body.kind == BodyKind.STEERING:
        return None  # a steering group decides for its product on its own authority
    product = decision.product
    return applicable_mandate(
        product=product,
        program=decision.program,
        holder_body=holder_body,
        holder_role=holder_role,
        kind=kind,
        amount=decision.amount,
        on=decision.date,
    )


@transaction.atomic
def save_decision(
    *,
    actor: Actor,
    fields: Mapping[str, Any],
    instance: Decision | None = None,
    expected_version: int | None = None,
) -> Decision:
    """Create or change a decision with the decision rules; a decided one that supersedes another
    marks that one superseded (recorded in its history)."""
    previous = instance.status if instance is not None else None
    candidate = instance if instance is not None else Decision()
    for name, value in fields.items():
        setattr(candidate, name, value)
    candidate.clean()  # derives the product or program from the deciding body
    check_decision(actor, candidate, previous_status=previous)
    fields = {
        **fields,
        "mandate": candidate.mandate,
        "product": candidate.product,
        "program": candidate.program,
        "decided_by_body": candidate.decided_by_body,
    }
    if instance is None:
        saved = services.create(Decision, actor=actor, fields=fields)
    else:
        saved = services.update(
            instance, actor=actor, expected_version=expected_version or -1, changes=fields
        )
    _supersede(saved, actor)
    apply_decided_level(saved, actor)
    return saved


def apply_decided_level(decision: Decision, actor: Actor) -> None:
    """A decided level change moves its product to the level decided (the one way a level moves)."""
    if decision.status != DecisionStatus.DECIDED or decision.kind != DecisionKind.LEVEL_CHANGE:
        return
    product = decision.product
    if product is None or not decision.level_to or product.level == decision.level_to:
        return
    services.update(
        product,
        actor=actor,
        expected_version=product.version,
        changes={"level": decision.level_to},
        reason=_("level decided: %(title)s") % {"title": decision.title},
    )


def _supersede(decision: Decision, actor: Actor) -> None:
    old = decision.supersedes
    if decision.status != DecisionStatus.DECIDED or old is None or old.status == DecisionStatus.SUPERSEDED:
        return
    services.update(
        old,
        actor=actor,
        expected_version=old.version,
        changes={"status": DecisionStatus.SUPERSEDED},
        reason=_("superseded by %(title)s") % {"title": decision.title},
    )


@dataclass(frozen=True)
class Routed:
    """A decision sent on: the body that now decides it, and the agenda item of that body's next
    meeting it was put on (None when no meeting of the body has an agenda still being drafted)."""

    decision: Decision
    agenda_item: AgendaItem | None


def next_open_meeting(body: Body) -> Meeting | None:
    """The body's next meeting whose agenda is still a draft: a matter added there reaches the
    members with the agenda."""
    return (
        Meeting.objects.filter(body=body, starts_at__gt=timezone.now(), status=MeetingStatus.DRAFT_AGENDA)
        .order_by("starts_at")
        .first()
    )


@transaction.atomic
def route_for_decision(decision: Decision, *, actor: Actor, expected_version: int) -> Routed:
    """Send a decision that exceeds its mandate to the body that granted it (or the steering group),
    and put it on the agenda of that body's next meeting as a matter for decision."""
    verdict = mandate_for_decision(decision)
    target = verdict.route_to if verdict is not None else None
    if target is None and decision.product_id:
        target = _steering_group(decision.product_id)
    if target is None:
        raise ValidationError(_("There is no body to route this decision to. Choose the body by hand."))
    changes: dict[str, object] = {
        "decided_by_body": target,
        "decided_by_role": "",
        "co_decided_by_body": None,
        "status": DecisionStatus.PROPOSED,
        "mandate": None,
    }
    meeting = next_open_meeting(target)
    item = None
    if meeting is not None:
        item = add_agenda_item(
            actor=actor,
            meeting=meeting,
            fields={
                "title": decision.title,
                "kind": AgendaItemKind.DECISION,
                "description": _("Sent on for decision by %(body)s, whose mandate does not cover it.")
                % {"body": decision.decided_by_body or decision.decided_by_role_label},
            },
        )
        changes.update(meeting=meeting, agenda_item=item)
    routed = services.update(
        decision,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        reason=_("routed to %(body)s") % {"body": target},
    )
    return Routed(decision=routed, agenda_item=item)
