"""Which mandate applies to an action, and whether the action is within it (pure rules, no Django).

A mandate is what a body has delegated to another body or to a role: for example, the coordination
group may prioritise within a budget of 200,000 kr, the product coordinator may approve invoices up
to 20,000 kr each. An action is done by a holder (a body or a role), is of a kind, may cost an
amount, and happens on a date, for a product (which belongs to a program) or the association.

A mandate *applies* when its holder and kind match, it is in force on the date, and its scope covers
the action: the same product, the product's program, or the whole association. Among those that
apply, the most specific scope wins (product before program before association); within a scope,
the one with room for the amount, then the largest limit. The verdict says which mandate applies and
whether the action is within it; the caller refuses the action or routes it to the mandate's grantor.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Basis(StrEnum):
    PER_ACTION = "per_action"  # each action up to the limit (an invoice of at most N kr)
    TOTAL = "total"  # all actions together while the mandate is in force (a budget of N kr)


class Outcome(StrEnum):
    WITHIN = "within"
    EXCEEDS = "exceeds"
    NO_MANDATE = "no_mandate"


@dataclass(frozen=True)
class Terms:
    id: int
    kind: str
    holder_body_id: int | None
    holder_role: str
    product_id: int | None
    program_id: int | None
    valid_from: datetime.date
    valid_to: datetime.date | None
    limit: Decimal | None  # None: no amount limit
    basis: Basis = Basis.PER_ACTION
    grantor_body_id: int | None = None

    def in_force(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def scope_rank(self) -> int:
        """0 for a product's mandate, 1 for a program's, 2 for the association's (lower is more specific)."""
        return 0 if self.product_id else 1 if self.program_id else 2


@dataclass(frozen=True)
class Action:
    kind: str
    on: datetime.date
    holder_body_id: int | None = None
    holder_role: str = ""
    product_id: int | None = None
    program_id: int | None = None  # the product's program, or the program the action is for
    amount: Decimal | None = None
    used: Decimal = Decimal(0)  # what was already spent under a TOTAL mandate


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    terms: Terms | None
    remaining: Decimal | None = None  # room left under the limit after this action (None: unlimited)

    @property
    def within(self) -> bool:
        return self.outcome == Outcome.WITHIN


def covers(terms: Terms, action: Action) -> bool:
    """Does ``terms`` apply to ``action`` at all (holder, kind, date, scope)?"""
    if terms.kind != action.kind or not terms.in_force(action.on):
        return False
    if action.holder_body_id is not None:
        if terms.holder_body_id != action.holder_body_id:
            return False
    elif (
        not action.holder_role or terms.holder_body_id is not None or terms.holder_role != action.holder_role
    ):
        return False
    if terms.product_id is not None:
        return terms.product_id == action.product_id
    if terms.program_id is not None:
        return terms.program_id == action.program_id
    return True


def room(terms: Terms, action: Action) -> Decimal | None:
    """What is left of the limit after the action (negative: over the limit); None without a limit."""
    if terms.limit is None:
        return None
    spent = (action.amount or Decimal(0)) + (action.used if terms.basis == Basis.TOTAL else Decimal(0))
    return terms.limit - spent


def evaluate(action: Action, mandates: Iterable[Terms]) -> Verdict:
    """Which of ``mandates`` applies to ``action``, and whether the action is within it."""
    applicable = [terms for terms in mandates if covers(terms, action)]
    if not applicable:
        return Verdict(Outcome.NO_MANDATE, None)
    best_rank = min(terms.scope_rank for terms in applicable)
    candidates = [terms for terms in applicable if terms.scope_rank == best_rank]

    def preference(terms: Terms) -> tuple[int, Decimal, int]:
        left = room(terms, action)
        fits = left is None or left >= 0
        size = Decimal("Infinity") if left is None else left
        return (0 if fits else 1, -size, terms.id)

    chosen = min(candidates, key=preference)
    left = room(chosen, action)
    outcome = Outcome.WITHIN if left is None or left >= 0 else Outcome.EXCEEDS
    return Verdict(outcome, chosen, left)
