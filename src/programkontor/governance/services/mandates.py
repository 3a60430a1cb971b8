"""Which mandate an action rests on, and whether it is within it (used by decisions, invoice approval
and prioritisation)."""

from __future__ import annotations

import datetime
import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from programkontor.core.access import active_on
from programkontor.core.money import kroner
from programkontor.governance import mandates as mandate_rules
from programkontor.governance.models import (
    LimitBasis,
    Mandate,
    MandateHolderRole,
    MandateKind,
)
from programkontor.portfolio.models import (
    Body,
    BodyKind,
    Product,
    Program,
    Role,
    RoleAssignment,
)


@dataclass(frozen=True)
class MandateVerdict:
    outcome: mandate_rules.Outcome
    mandate: Mandate | None
    remaining: Decimal | None
    route_to: Body | None
    message: str

    @property
    def within(self) -> bool:
        return self.outcome == mandate_rules.Outcome.WITHIN


def _kr(amount: Decimal | None) -> str:
    """In a sentence: ``400.000 kr.``, ``1.234,50 kr.`` (øre only when there are any)."""
    return kroner(amount, decimals=None)


def _steering_group(product_id: int) -> Body | None:
    return (
        Body.objects.filter(product_id=product_id, kind=BodyKind.STEERING, archived_at__isnull=True)
        .order_by("pk")
        .first()
    )


def applicable_mandate(
    *,
    product: Product | None,
    kind: str,
    on: datetime.date,
    holder_body: Body | None = None,
    holder_role: str = "",
    amount: Decimal | None = None,
    program: Program | None = None,
    used: Decimal = Decimal(0),
) -> MandateVerdict:
    """Which mandate applies to an action, and whether the action is within it.

    ``product`` (or ``program`` for a program-level action, or neither for the association) and the
    holder — a body (``holder_body``) or a role (``holder_role``: ``product_coordinator``,
    ``program_manager``, ...) — who wants to act; ``kind`` is a :class:`MandateKind` value; ``amount``
    the action's cost in kroner (``None``: no amount); ``on`` the day; ``used`` what was already spent
    under a mandate whose limit applies in total. Not gated: the caller has already read the product
    through the gate. Two queries.
    """
    if holder_body is None and not holder_role:
        raise ValueError("Name the holder: holder_body or holder_role.")
    program_id = product.program_id if product is not None else (program.pk if program else None)
    candidates = Mandate.objects.filter(kind=kind, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    candidates = (
        candidates.filter(holder_body=holder_body)
        if holder_body is not None
        else candidates.filter(holder_role=holder_role, holder_body__isnull=True)
    )
    scope = Q(product__isnull=True, program__isnull=True)
    if product is not None:
        scope |= Q(product=product)
    if program_id is not None:
        scope |= Q(program_id=program_id)
    mandates = {m.pk: m for m in candidates.filter(scope).select_related("grantor_body")}
    action = mandate_rules.Action(
        kind=kind,
        on=on,
        holder_body_id=holder_body.pk if holder_body is not None else None,
        holder_role="" if holder_body is not None else holder_role,
        product_id=product.pk if product is not None else None,
        program_id=program_id,
        amount=amount,
        used=used,
    )
    verdict = mandate_rules.evaluate(action, [m.as_terms() for m in mandates.values()])
    mandate = mandates.get(verdict.terms.id) if verdict.terms else None
    holder = (
        str(holder_body) if holder_body is not None else str(dict(Role.choices).get(holder_role, holder_role))
    )
    kind_label = str(dict(MandateKind.choices).get(kind, kind))
    route_to: Body | None = None
    if verdict.within and mandate is not None:
        if mandate.limit_amount is None:
            message = _("Within the mandate “%(mandate)s” (no amount limit).") % {"mandate": mandate}
        else:
            message = _("Within the mandate “%(mandate)s”: limit %(limit)s, %(left)s left after this.") % {
                "mandate": mandate,
                "limit": _kr(mandate.limit_amount),
                "left": _kr(verdict.remaining),
            }
    else:
        route_to = (mandate.grantor_body if mandate is not None else None) or (
            _steering_group(product.pk) if product is not None else None
        )
        where = (
            _(" Route it to %(body)s for decision.") % {"body": route_to}
            if route_to is not None
            else _(" Route it to the body that decides.")
        )
        if mandate is not None:
            message = (
                _("%(amount)s exceeds the mandate “%(mandate)s” (limit %(limit)s).")
                % {"amount": _kr(amount), "mandate": mandate, "limit": _kr(mandate.limit_amount)}
                + where
            )
        else:
            message = (
                _("%(holder)s has no mandate to “%(kind)s” here.") % {"holder": holder, "kind": kind_label}
                + where
            )
    return MandateVerdict(verdict.outcome, mandate, verdict.remaining, route_to, str(message))


def applicable_mandate_with_use(
    ask: dict[str, Any], *, used_under: Callable[[Mandate], Decimal], lock: bool
) -> tuple[MandateVerdict, Decimal | None]:
    """:func:`applicable_mandate` for ``ask``, counting what a mandate in force *in total* has used.

    ``used_under(mandate)`` says what was already spent under it. With ``lock`` the mandate's row is
    locked first, so two actions under the same total cannot both take the last of it. When another
    mandate fits better once the use is known, that one is asked for instead. Returns the verdict and
    the use it was judged with (``None`` when no total applies).
    """
    verdict = applicable_mandate(**ask)
    used: Decimal | None = None
    tried: set[int] = set()
    while verdict.mandate is not None and verdict.mandate.limit_basis == LimitBasis.TOTAL:
        mandate = verdict.mandate
        if mandate.pk in tried:
            break
        tried.add(mandate.pk)
        if lock:
            list(Mandate.objects.select_for_update().filter(pk=mandate.pk).values_list("pk"))
        used = used_under(mandate)
        verdict = applicable_mandate(**ask, used=used)
        if verdict.mandate is not None and verdict.mandate.pk == mandate.pk:
            break
        used = None
    return verdict, used


def require_mandate(**kwargs: Any) -> MandateVerdict:
    """Like :func:`applicable_mandate`, but refuses an action outside any mandate (``PermissionDenied``)."""
    verdict = applicable_mandate(**kwargs)
    if not verdict.within:
        raise PermissionDenied(verdict.message)
    return verdict


@dataclass(frozen=True)
class MandateHolder:
    """Whom a person acts as when an action asks for a mandate: one of their roles, or a body."""

    role: str = ""
    body: Body | None = None
    #: Decides on its own authority (needs no mandate; one it holds still sets its limit).
    own_authority: bool = False

    @property
    def label(self) -> str:
        if self.body is not None:
            return str(self.body)
        return str(dict(MandateHolderRole.choices).get(self.role, self.role))


#: The order in which a person's roles are asked (the product's own roles first).
ROLE_ORDER = (Role.PRODUCT_COORDINATOR, Role.PRODUCT_OWNER, Role.PROGRAM_MANAGER)


def role_holders(
    person_id: int, *, product: Product | None, program_id: int | None, on: datetime.date
) -> list[MandateHolder]:
    """The roles ``person_id`` holds on ``on``: product coordinator and product owner of ``product``,
    program manager of the program ``program_id``, in :data:`ROLE_ORDER`. One query (none without
    a product or program)."""
    wanted: list[Q] = []
    if product is not None:
        wanted.append(Q(product_id=product.pk, role__in=[Role.PRODUCT_COORDINATOR, Role.PRODUCT_OWNER]))
    if program_id is not None:
        wanted.append(Q(program_id=program_id, role=Role.PROGRAM_MANAGER))
    if not wanted:
        return []
    either = functools.reduce(operator.or_, wanted)
    assignments = RoleAssignment.objects.filter(active_on(on), either, person_id=person_id)
    roles = set(assignments.values_list("role", flat=True))
    return [MandateHolder(role=role) for role in ROLE_ORDER if role in roles]


def holder_verdict(
    holder: MandateHolder,
    *,
    kind: str,
    product: Product | None,
    program: Program | None = None,
    amount: Decimal | None,
    on: datetime.date,
    used_under: Callable[[Mandate], Decimal],
    lock: bool,
) -> tuple[MandateVerdict, Decimal | None]:
    """:func:`applicable_mandate_with_use` for one holder's action of ``kind``: the verdict and, under
    a mandate that applies in total, what it has used."""
    ask: dict[str, Any] = {
        "product": product,
        "program": program,
        "kind": kind,
        "amount": amount,
        "on": on,
        "holder_body": holder.body,
        "holder_role": holder.role,
    }
    return applicable_mandate_with_use(ask, used_under=used_under, lock=lock)
