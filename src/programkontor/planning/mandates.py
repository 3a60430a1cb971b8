"""Which governance mandate a MoSCoW prioritisation rests on, and whether it is within it.

Who may move work items at all is planning's rule (``rules.may_prioritise``: the writers, and the
members of the body that agrees the timebox's priorities, ``Timebox.mandate_body``). How much money
they may commit that way is governance's: a ``prioritisation`` mandate
(``governance.interfaces.applicable_mandate``), e.g. "the coordination group prioritises within a
development budget of 400.000 kr.".

* **What commits money.** A work item *commits* its estimated cost while it is in MUST, SHOULD or
  COULD of a timebox, is agreed (not proposed, not dropped) and not archived. A prioritisation needs a
  mandate when it raises what is committed: it brings a costed item into MUST/SHOULD/COULD of a
  timebox (from WON'T, from the backlog or another timebox, or by agreeing a proposal), or raises the
  estimated cost of committed work. Moving committed work between MUST, SHOULD and COULD, to WON'T,
  or work without an estimated cost, commits nothing new and needs no mandate (as in governance, a
  decision without an amount needs none). A proposal commits nothing until it is agreed.
* **Who acts.** The actor acts for the timebox's ``mandate_body`` when they are a member of it, and in
  their roles on the product or program (product coordinator, product owner, program manager). Each
  is asked in turn; the prioritisation is within when one of them has a mandate with room for it.
* **The amount** is the item's estimated cost. Under a mandate whose limit applies in total, what is
  used is the estimated cost of the other committed work in the mandate's scope (its product, its
  program's products and the program, or everything) in timeboxes that overlap its validity.
* **Own authority.** A steering group (and the board) decides its product's priorities on its own
  authority, and the secretariat acts as the association's administration: they need no mandate,
  but a mandate held by them that applies sets their limit like anyone else's.
* **A decision.** A priority that rests on a decided decision (the work item's ``decision``, of kind
  prioritisation or budget) needs no mandate: the decision is the authority. That is the way on for
  work refused here: route it to the body the verdict names, and record its decision on the item.

Outside every mandate the prioritisation is refused (:class:`OutsideMandate`, a ``PermissionDenied``)
with the verdict's message: which mandate, its limit, and the body to route it to for a decision.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from programkontor.core.access import access_for
from programkontor.governance.interfaces import (
    Decision,
    DecisionStatus,
    LimitBasis,
    Mandate,
    MandateHolder,
    MandateHolderRole,
    MandateKind,
    MandateVerdict,
    Outcome,
    holder_verdict,
    role_holders,
)
from programkontor.planning.models import Priority, Timebox, WorkItem, WorkStatus
from programkontor.portfolio.models import Body, BodyKind, Product, Program

if TYPE_CHECKING:
    from programkontor.core.actors import Actor, AnyUser

#: The priorities that commit an item's estimated cost.
COMMITTED = frozenset({Priority.MUST.value, Priority.SHOULD.value, Priority.COULD.value})
#: Statuses of work that commits nothing (yet, or any more).
NOT_COMMITTING = frozenset({WorkStatus.PROPOSED.value, WorkStatus.DROPPED.value})
#: The fields whose change may commit money.
STATE_FIELDS = ("timebox", "priority", "status", "estimated_cost", "archived_at", "decision")
#: Decisions a priority may rest on instead of a mandate.
DECIDING_KINDS = ("prioritisation", "budget")
#: Bodies that decide on their own authority (a mandate they hold still limits them).
OWN_AUTHORITY_BODIES = (BodyKind.STEERING, BodyKind.BOARD)


class OutsideMandate(PermissionDenied):
    """The prioritisation is outside every mandate the actor holds; the message says which and why."""

    def __init__(self, check: PriorityCheck) -> None:
        super().__init__(check.message)
        self.check = check


def committed_q(prefix: str = "") -> Q:
    """Work items that commit their estimated cost (see the module's docstring)."""
    return Q(
        **{
            f"{prefix}timebox__isnull": False,
            f"{prefix}priority__in": sorted(COMMITTED),
            f"{prefix}archived_at__isnull": True,
            f"{prefix}estimated_cost__isnull": False,
        }
    ) & ~Q(**{f"{prefix}status__in": sorted(NOT_COMMITTING)})


@dataclass(frozen=True)
class State:
    """What decides a work item's commitment: before or after a change."""

    timebox_id: int | None
    priority: str
    status: str
    cost: Decimal | None
    archived: bool = False
    decision_id: int | None = None

    @property
    def commitment(self) -> Decimal:
        if (
            self.timebox_id
            and self.priority in COMMITTED
            and self.status not in NOT_COMMITTING
            and not self.archived
        ):
            return Decimal(self.cost or 0)
        return Decimal(0)


def raises_commitment(before: State | None, after: State) -> bool:
    """Does going from ``before`` (None: a new item) to ``after`` commit more money?"""
    if after.commitment <= 0:
        return False
    if before is None or before.timebox_id != after.timebox_id:
        return True
    return after.commitment > before.commitment


@dataclass(frozen=True)
class PriorityCheck:
    """The mandate check of one prioritisation (or, on the board, of prioritising in the timebox)."""

    holder: MandateHolder | None  # None: the actor prioritises for no body or role here
    verdict: MandateVerdict | None  # None: on the holder's own authority, no mandate applies
    amount: Decimal | None  # the item's estimated cost (None on the board)
    used: Decimal | None  # under a mandate that applies in total: what other committed work uses

    @property
    def within(self) -> bool:
        return self.verdict.within if self.verdict is not None else self.holder is not None

    @property
    def mandate(self) -> Mandate | None:
        return self.verdict.mandate if self.verdict is not None else None

    @property
    def own_authority(self) -> bool:
        return self.verdict is None and self.holder is not None

    @property
    def in_total(self) -> bool:
        mandate = self.mandate
        return mandate is not None and mandate.limit_basis == LimitBasis.TOTAL

    @property
    def left(self) -> Decimal | None:
        """Room left of a limit applying in total, before this action (negative: over it)."""
        mandate = self.mandate
        if not self.in_total or mandate is None or mandate.limit_amount is None:
            return None
        return mandate.limit_amount - (self.used or Decimal(0))

    @property
    def over(self) -> Decimal | None:
        """How much committed work exceeds a limit applying in total (None: it does not)."""
        left = self.left
        return -left if left is not None and left < 0 else None

    @property
    def route_to(self) -> Body | None:
        return self.verdict.route_to if self.verdict is not None else None

    @property
    def message(self) -> str:
        if self.verdict is not None:
            return self.verdict.message
        if self.holder is None:  # pragma: no cover - a check without a holder has a verdict
            return ""
        if self.holder.role == MandateHolderRole.SECRETARIAT:
            return str(
                _("The secretariat prioritises as the association's administration: no mandate limits it.")
            )
        return str(
            _("%(holder)s prioritises on its own authority: no mandate limits it.")
            % {"holder": self.holder.label}
        )


def committed_under(mandate: Mandate, *, exclude: int | None = None) -> Decimal:
    """The estimated cost of the committed work a mandate's total covers (one query)."""
    items = WorkItem.objects.filter(committed_q(), timebox__end_date__gte=mandate.valid_from)
    if mandate.valid_to is not None:
        items = items.filter(timebox__start_date__lte=mandate.valid_to)
    if mandate.product_id is not None:
        items = items.filter(product_id=mandate.product_id)
    elif mandate.program_id is not None:
        items = items.filter(Q(program_id=mandate.program_id) | Q(product__program_id=mandate.program_id))
    if exclude is not None:
        items = items.exclude(pk=exclude)
    return Decimal(items.aggregate(total=Sum("estimated_cost"))["total"] or 0)


def holders_of(
    user: Actor,
    *,
    timebox: Timebox,
    product: Product | None,
    program: Program | None,
    on: datetime.date,
) -> list[MandateHolder]:
    """Whom ``user`` prioritises as in ``timebox``: the secretariat, the timebox's mandate body (when a
    member), and their roles on the product or program. One query (the roles)."""
    access = access_for(user)
    holders: list[MandateHolder] = []
    if access.is_secretariat:
        holders.append(MandateHolder(role=MandateHolderRole.SECRETARIAT, own_authority=True))
    body = timebox.mandate_body if timebox.mandate_body_id else None
    if body is not None and body.pk in access.bodies:
        holders.append(MandateHolder(body=body, own_authority=body.kind in OWN_AUTHORITY_BODIES))
    if access.person_id is None:
        return holders
    program_id = product.program_id if product is not None else (program.pk if program else None)
    return holders + role_holders(access.person_id, product=product, program_id=program_id, on=on)


def _verdict(
    holder: MandateHolder,
    *,
    product: Product | None,
    program: Program | None,
    amount: Decimal | None,
    on: datetime.date,
    exclude: int | None,
    lock: bool,
) -> tuple[MandateVerdict, Decimal | None]:
    """The verdict for one holder; under a mandate that applies in total, with what it has used."""
    return holder_verdict(
        holder,
        kind=MandateKind.PRIORITISATION,
        product=product,
        program=program,
        amount=amount,
        on=on,
        used_under=lambda mandate: committed_under(mandate, exclude=exclude),
        lock=lock,
    )


def _best(
    holders: list[MandateHolder],
    *,
    product: Product | None,
    program: Program | None,
    amount: Decimal | None,
    on: datetime.date,
    exclude: int | None,
    lock: bool,
) -> PriorityCheck:
    """Within a mandate first, then own authority, then a mandate exceeded, then no mandate."""
    ranked: list[tuple[int, int, PriorityCheck]] = []
    for order, holder in enumerate(holders):
        verdict, used = _verdict(
            holder, product=product, program=program, amount=amount, on=on, exclude=exclude, lock=lock
        )
        if verdict.within:
            return PriorityCheck(holder, verdict, amount, used)
        if verdict.outcome == Outcome.NO_MANDATE and holder.own_authority:
            ranked.append((1, order, PriorityCheck(holder, None, amount, None)))
        else:
            rank = 2 if verdict.outcome == Outcome.EXCEEDS else 3
            ranked.append((rank, order, PriorityCheck(holder, verdict, amount, used)))
    return min(ranked, key=lambda row: (row[0], row[1]))[2]


def _nobody(amount: Decimal | None) -> PriorityCheck:
    message = _("You prioritise for no body or role that holds a mandate to prioritise here.")
    return PriorityCheck(
        None, MandateVerdict(Outcome.NO_MANDATE, None, None, None, str(message)), amount, None
    )


def _state(values: Mapping[str, Any]) -> State:
    timebox = values.get("timebox")
    decision = values.get("decision")
    cost = values.get("estimated_cost")
    return State(
        timebox_id=getattr(timebox, "pk", timebox),
        priority=str(values.get("priority") or WorkItem._meta.get_field("priority").get_default()),
        status=str(values.get("status") or WorkItem._meta.get_field("status").get_default()),
        cost=Decimal(cost) if cost is not None else None,
        archived=values.get("archived_at") is not None,
        decision_id=getattr(decision, "pk", decision),
    )


def _current(item: WorkItem | None, changes: Mapping[str, Any], name: str) -> Any:
    """The value of ``name`` after the change: changed, or as the item has it (None for a new item)."""
    if name in changes:
        return changes[name]
    return getattr(item, name) if item is not None else None


def require_prioritisation_mandate(
    *, actor: Actor, item: WorkItem | None, changes: Mapping[str, Any], on: datetime.date | None = None
) -> PriorityCheck | None:
    """Before writing ``changes`` to ``item`` (None: creating an item with ``changes`` as its fields):
    refuse with :class:`OutsideMandate` a prioritisation that commits money outside every mandate.

    Returns the check that allowed it, or None when nothing new is committed or a decision carries
    it. Call inside the write's transaction: a mandate whose limit applies in total is locked while
    its use is counted.
    """
    on = on or timezone.localdate()
    before: State | None = None
    stored: dict[str, Any] = {}
    if item is not None and item.pk:
        stored = dict(
            WorkItem.objects.filter(pk=item.pk)
            .values("timebox", "priority", "status", "estimated_cost", "archived_at", "decision")
            .first()
            or {}
        )
        before = _state(stored)
    merged = {**stored, **{name: value for name, value in changes.items() if name in STATE_FIELDS}}
    after = _state(merged)
    if after.timebox_id is None or not raises_commitment(before, after):
        return None
    if (
        after.decision_id is not None
        and Decision.objects.filter(
            pk=after.decision_id, status=DecisionStatus.DECIDED, kind__in=DECIDING_KINDS
        ).exists()
    ):
        return None
    timebox = Timebox.objects.select_related("mandate_body").get(pk=after.timebox_id)
    product = _current(item, changes, "product")
    program = _current(item, changes, "program")
    holders = holders_of(actor, timebox=timebox, product=product, program=program, on=on)
    amount = after.cost
    if not holders:
        check = _nobody(amount)
    else:
        exclude = item.pk if item is not None else None
        check = _best(
            holders, product=product, program=program, amount=amount, on=on, exclude=exclude, lock=True
        )
    if not check.within:
        raise OutsideMandate(check)
    return check


def board_mandate(user: AnyUser, timebox: Timebox, *, may_prioritise: bool) -> PriorityCheck | None:
    """The mandate prioritising in ``timebox`` rests on, for the board: as ``user`` would act when they
    may prioritise there, otherwise as the timebox's mandate body. None when there is no one to ask.

    A fixed number of queries (the roles, two per holder, one for a total's use).
    """
    on = timezone.localdate()
    product = timebox.product if timebox.product_id else None
    program = timebox.program if timebox.program_id else None
    holders = (
        holders_of(user, timebox=timebox, product=product, program=program, on=on) if may_prioritise else []
    )
    body = timebox.mandate_body if timebox.mandate_body_id else None
    if not holders and body is not None:
        holders = [MandateHolder(body=body, own_authority=body.kind in OWN_AUTHORITY_BODIES)]
    if not holders:
        return None
    return _best(holders, product=product, program=program, amount=None, on=on, exclude=None, lock=False)
