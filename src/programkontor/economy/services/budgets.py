"""Budgets and their versions: draft → proposed → approved (by a decision), and then final.

Every write locks the budget version's row (``SELECT ... FOR UPDATE``) and claims its version number
(optimistic locking through ``core.services.update``), so two people editing, proposing or
approving the same version at once cannot both win: the second gets a ``ConflictError`` (or, if the
first approved it, a ``ValidationError``). Editing the lines claims the version too, so an approval
always approves exactly the lines the approver looked at.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from programkontor.core import gate, services
from programkontor.core.services import ConflictError
from programkontor.economy.models import (
    OPEN_STATUSES,
    Account,
    Budget,
    BudgetLine,
    BudgetVersion,
    VersionStatus,
)
from programkontor.economy.models.budgets import APPROVED_IS_FINAL, ONLY_DRAFTS_CHANGE
from programkontor.economy.rules import may_change_economy_of
from programkontor.governance.interfaces import Decision, DecisionKind, DecisionRole
from programkontor.portfolio.models import Body, BodyKind, Product

if TYPE_CHECKING:
    from programkontor.core.actors import Actor, AnyUser

DECIDED = "decided"


def _require_change(actor: Actor, obj: Any) -> None:
    if not gate.allows(actor, "change", obj):
        raise PermissionDenied


def _lock(version: BudgetVersion, expected_version: int) -> BudgetVersion:
    """The version's row, locked for the rest of the transaction; stale → ConflictError."""
    locked = BudgetVersion.objects.select_for_update().select_related("budget").get(pk=version.pk)
    if locked.version != expected_version:
        raise ConflictError(locked)
    return locked


def current_version(budget: Budget) -> BudgetVersion | None:
    """The budget in force: the newest approved version."""
    return budget.versions.filter(status=VersionStatus.APPROVED).order_by("-number").first()


def _approving_bodies(product: Product | None) -> Q:
    """The bodies that approve the budget of ``product``: its steering group (or its program's), or
    the board; the association's budget the board (or the general assembly, a role not a body)."""
    board = Q(kind=BodyKind.BOARD)
    if product is None:
        return board
    steering = Q(kind=BodyKind.STEERING, product_id=product.pk)
    if product.program_id is not None:
        steering |= Q(kind=BodyKind.STEERING, product__isnull=True, program_id=product.program_id)
    return board | steering


def decisions_for(budget: Budget, user: AnyUser) -> Any:
    """Decisions that may approve ``budget``: budget decisions taken by a body that approves it (see
    :func:`_approving_bodies`), about its product, its program or the association."""
    product = budget.product
    if product is None:
        scope = Q(product__isnull=True, program__isnull=True)
    else:
        scope = Q(product=product) | Q(product__isnull=True, program__isnull=True)
        if product.program_id is not None:
            scope |= Q(product__isnull=True, program_id=product.program_id)
    deciders = Q(decided_by_body__in=Body.objects.filter(_approving_bodies(product)))
    if product is None:
        deciders |= Q(decided_by_role=DecisionRole.GENERAL_ASSEMBLY)
    return (
        Decision.objects.restrict(user, "view")
        .filter(scope, deciders, status=DECIDED, kind=DecisionKind.BUDGET)
        .order_by("-date", "-pk")
    )


def _check_decision(decision: Decision, budget: Budget) -> None:
    if decision.status != DECIDED:
        raise ValidationError({"decision": _("Only a decision that has been taken can approve a budget.")})
    if decision.kind != DecisionKind.BUDGET:
        raise ValidationError({"decision": _("Only a budget decision can approve a budget.")})
    product = budget.product
    fits = (
        (decision.product_id is None and decision.program_id is None)
        if product is None
        else (
            decision.product_id == product.pk
            or (decision.product_id is None and decision.program_id in (None, product.program_id))
        )
    )
    if not fits:
        raise ValidationError({"decision": _("The decision concerns another product or program.")})
    if product is None and decision.decided_by_role == DecisionRole.GENERAL_ASSEMBLY:
        return
    body_id = decision.decided_by_body_id
    if body_id is None or not Body.objects.filter(_approving_bodies(product), pk=body_id).exists():
        message = (
            _("The association's budget is approved by the board or the general assembly.")
            if product is None
            else _("A product's budget is approved by its steering group or by the board.")
        )
        raise ValidationError({"decision": message})


def _copy_lines(actor: Actor, source: BudgetVersion | None, target: BudgetVersion) -> None:
    if source is None:
        return
    for line in source.lines.select_related("account").filter(account__archived_at__isnull=True):
        services.create(
            BudgetLine,
            actor=actor,
            fields={
                "budget_version": target,
                "account": line.account,
                "amount": line.amount,
                "note": line.note,
            },
        )


@transaction.atomic
def create_budget(
    *, actor: Actor, product: Product | None, year: int, notes: str = "", copy_previous_year: bool = False
) -> Budget:
    """A new budget with a first draft (lines copied from last year's budget in force, if asked)."""
    if not may_change_economy_of(actor, product):
        raise PermissionDenied
    budget = services.create(Budget, actor=actor, fields={"product": product, "year": year, "notes": notes})
    source = None
    if copy_previous_year:
        previous = Budget.objects.filter(product=product, year=year - 1).first()
        source = current_version(previous) if previous else None
    version = services.create(
        BudgetVersion,
        actor=actor,
        fields={
            "budget": budget,
            "number": 1,
            "based_on": source,
            "note": _("Based on the approved budget for %(year)s.") % {"year": year - 1} if source else "",
        },
    )
    _copy_lines(actor, source, version)
    return budget


@transaction.atomic
def create_version(
    *, actor: Actor, budget: Budget, based_on: BudgetVersion | None = None, note: str = ""
) -> BudgetVersion:
    """A new draft of ``budget`` with the lines of ``based_on`` (default: the budget in force)."""
    locked = Budget.objects.select_for_update().get(pk=budget.pk)
    _require_change(actor, locked)
    if locked.versions.filter(status__in=OPEN_STATUSES).exists():
        raise ValidationError(
            _("The budget already has a version that is not approved. Finish or remove it first.")
        )
    if based_on is not None and based_on.budget_id != locked.pk:
        raise ValidationError({"based_on": _("Choose a version of the same budget.")})
    source = based_on or current_version(locked)
    number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = services.create(
        BudgetVersion,
        actor=actor,
        fields={"budget": locked, "number": number, "based_on": source, "note": note},
    )
    _copy_lines(actor, source, version)
    return version


@transaction.atomic
def save_lines(
    *,
    actor: Actor,
    version: BudgetVersion,
    expected_version: int,
    amounts: Mapping[int, int | None],
    notes: Mapping[int, str] | None = None,
    reason: str = "",
) -> BudgetVersion:
    """Set the draft's amount per account id (None or a missing account: no line)."""
    locked = _lock(version, expected_version)
    _require_change(actor, locked)
    if locked.status != VersionStatus.DRAFT:
        raise ValidationError(APPROVED_IS_FINAL if locked.is_approved else ONLY_DRAFTS_CHANGE)
    notes = notes or {}
    accounts = {
        a.pk: a for a in Account.objects.filter(Q(product_id=locked.budget.product_id), pk__in=list(amounts))
    }
    unknown = set(amounts) - set(accounts)
    if unknown:
        raise ValidationError(_("Some accounts are not in this budget's chart of accounts."))
    # Claim the version first: a stale editor changes nothing.
    services.update(
        locked, actor=actor, expected_version=expected_version, changes={}, reason=reason or "lines"
    )
    existing = {line.account_id: line for line in locked.lines.all()}
    for account_id, amount in amounts.items():
        line = existing.get(account_id)
        note = notes.get(account_id, line.note if line else "")
        if amount is None:
            if line is not None:
                services.delete(line, actor=actor)
        elif line is None:
            services.create(
                BudgetLine,
                actor=actor,
                fields={
                    "budget_version": locked,
                    "account": accounts[account_id],
                    "amount": amount,
                    "note": note,
                },
            )
        elif line.amount != amount or line.note != note:
            services.update(
                line, actor=actor, expected_version=line.version, changes={"amount": amount, "note": note}
            )
    return locked


def _transition(
    *,
    actor: Actor,
    version: BudgetVersion,
    expected_version: int,
    allowed_from: tuple[str, ...],
    changes: dict[str, Any],
    reason: str,
) -> BudgetVersion:
    locked = _lock(version, expected_version)
    _require_change(actor, locked)
    if locked.status not in allowed_from:
        if locked.is_approved:
            raise ValidationError(APPROVED_IS_FINAL)
        raise ValidationError(
            _("The version is %(status)s.") % {"status": locked.get_status_display().lower()}
        )
    return services.update(
        locked, actor=actor, expected_version=expected_version, changes=changes, reason=reason
    )


@transaction.atomic
def propose(*, actor: Actor, version: BudgetVersion, expected_version: int) -> BudgetVersion:
    if not version.lines.exists():
        raise ValidationError(_("Add the budget lines before proposing the budget."))
    return _transition(
        actor=actor,
        version=version,
        expected_version=expected_version,
        allowed_from=(VersionStatus.DRAFT,),
        changes={"status": VersionStatus.PROPOSED},
        reason="proposed",
    )


@transaction.atomic
def withdraw(*, actor: Actor, version: BudgetVersion, expected_version: int) -> BudgetVersion:
    return _transition(
        actor=actor,
        version=version,
        expected_version=expected_version,
        allowed_from=(VersionStatus.PROPOSED,),
        changes={"status": VersionStatus.DRAFT},
        reason="withdrawn",
    )


@transaction.atomic
def approve(
    *, actor: Actor, version: BudgetVersion, expected_version: int, decision: Decision
) -> BudgetVersion:
    """Record that ``decision`` approved the proposed ``version``; from now on it is final."""
    locked = _lock(version, expected_version)
    _check_decision(decision, locked.budget)
    return _transition(
        actor=actor,
        version=locked,
        expected_version=expected_version,
        allowed_from=(VersionStatus.PROPOSED,),
        changes={
            "status": VersionStatus.APPROVED,
            "decision": decision,
            "approved_at": timezone.now(),
            "approved_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
        reason="approved",
    )


@transaction.atomic
def set_published(
    *, actor: Actor, version: BudgetVersion, expected_version: int, published: bool
) -> BudgetVersion:
    locked = _lock(version, expected_version)
    _require_change(actor, locked)
    if published and not locked.is_approved:
        raise ValidationError(_("Only an approved budget version can be published."))
    return services.set_published(locked, actor=actor, expected_version=expected_version, published=published)


@transaction.atomic
def delete_version(*, actor: Actor, version: BudgetVersion, expected_version: int) -> None:
    """Remove a version that was never approved (an approved one stays for ever)."""
    locked = _lock(version, expected_version)
    _require_change(actor, locked)
    if locked.is_approved:
        raise ValidationError(APPROVED_IS_FINAL)
    budget = locked.budget
    services.delete(locked, actor=actor, expected_version=expected_version)
    if not budget.versions.exists():
        services.delete(budget, actor=actor)


@transaction.atomic
def delete_budget(*, actor: Actor, budget: Budget, expected_version: int) -> None:
    locked = Budget.objects.select_for_update().get(pk=budget.pk)
    _require_change(actor, locked)
    if locked.versions.filter(status=VersionStatus.APPROVED).exists():
        raise ValidationError(_("A budget with an approved version cannot be removed."))
    services.delete(locked, actor=actor, expected_version=expected_version)


def _lock_draft_of(actor: Actor, version: BudgetVersion) -> BudgetVersion:
    """Lock the line's version, require a draft the actor may change, and claim the version's number,
    so a concurrent approval (which names the version the approver saw) fails."""
    locked = BudgetVersion.objects.select_for_update().select_related("budget").get(pk=version.pk)
    _require_change(actor, locked)
    if locked.status != VersionStatus.DRAFT:
        raise ValidationError(APPROVED_IS_FINAL if locked.is_approved else ONLY_DRAFTS_CHANGE)
    services.update(locked, actor=actor, expected_version=locked.version, changes={}, reason="lines")
    return locked


@transaction.atomic
def add_line(
    *, actor: Actor, version: BudgetVersion, account: Account, amount: int, note: str = ""
) -> BudgetLine:
    locked = _lock_draft_of(actor, version)
    return services.create(
        BudgetLine,
        actor=actor,
        fields={"budget_version": locked, "account": account, "amount": amount, "note": note},
    )


@transaction.atomic
def change_line(
    *, actor: Actor, line: BudgetLine, expected_version: int, changes: Mapping[str, Any]
) -> BudgetLine:
    _lock_draft_of(actor, line.budget_version)
    allowed = {name: value for name, value in changes.items() if name in ("amount", "note", "account")}
    return services.update(line, actor=actor, expected_version=expected_version, changes=allowed)


@transaction.atomic
def remove_line(*, actor: Actor, line: BudgetLine, expected_version: int) -> None:
    _lock_draft_of(actor, line.budget_version)
    services.delete(line, actor=actor, expected_version=expected_version)
