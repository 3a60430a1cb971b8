"""Which mandate applies to an action and whether it is within it (pure rules)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from programkontor.governance.mandates import Action, Basis, Outcome, Terms, covers, evaluate

DAY = datetime.date(2026, 6, 1)


def terms(pk: int = 1, **changes: object) -> Terms:
    values: dict[str, object] = {
        "id": pk,
        "kind": "invoice_approval",
        "holder_body_id": None,
        "holder_role": "product_coordinator",
        "product_id": 10,
        "program_id": None,
        "valid_from": datetime.date(2026, 1, 1),
        "valid_to": datetime.date(2026, 12, 31),
        "limit": Decimal("25000"),
        "basis": Basis.PER_ACTION,
    }
    values.update(changes)
    return Terms(**values)  # type: ignore[arg-type]


def action(**changes: object) -> Action:
    values: dict[str, object] = {
        "kind": "invoice_approval",
        "on": DAY,
        "holder_role": "product_coordinator",
        "product_id": 10,
        "program_id": 5,
        "amount": Decimal("18000"),
    }
    values.update(changes)
    return Action(**values)  # type: ignore[arg-type]


def test_an_invoice_under_the_limit_is_within_the_coordinators_mandate() -> None:
    verdict = evaluate(action(), [terms()])
    assert verdict.outcome == Outcome.WITHIN
    assert verdict.terms is not None and verdict.terms.id == 1
    assert verdict.remaining == Decimal("7000")


def test_an_invoice_over_the_limit_exceeds_it_and_names_the_mandate() -> None:
    verdict = evaluate(action(amount=Decimal("30000")), [terms()])
    assert verdict.outcome == Outcome.EXCEEDS
    assert verdict.terms is not None and verdict.terms.id == 1
    assert verdict.remaining == Decimal("-5000")


def test_no_mandate_when_holder_kind_date_or_product_differ() -> None:
    mandate = terms()
    assert evaluate(action(holder_role="product_owner"), [mandate]).outcome == Outcome.NO_MANDATE
    assert evaluate(action(kind="expenditure"), [mandate]).outcome == Outcome.NO_MANDATE
    assert evaluate(action(on=datetime.date(2027, 1, 1)), [mandate]).outcome == Outcome.NO_MANDATE
    assert evaluate(action(product_id=11), [mandate]).outcome == Outcome.NO_MANDATE
    assert evaluate(action(holder_body_id=3, holder_role=""), [mandate]).outcome == Outcome.NO_MANDATE


def test_a_body_holds_a_mandate_by_id_not_by_role() -> None:
    mandate = terms(holder_body_id=3, holder_role="", kind="prioritisation", limit=None)
    assert covers(mandate, action(kind="prioritisation", holder_body_id=3, holder_role=""))
    assert not covers(mandate, action(kind="prioritisation", holder_body_id=4, holder_role=""))


def test_the_most_specific_scope_wins_over_a_larger_general_mandate() -> None:
    association = terms(2, product_id=None, limit=Decimal("100000"))
    program = terms(3, product_id=None, program_id=5, limit=Decimal("50000"))
    product = terms(4, limit=Decimal("10000"))
    verdict = evaluate(action(amount=Decimal("20000")), [association, program, product])
    assert verdict.terms is not None and verdict.terms.id == 4
    assert verdict.outcome == Outcome.EXCEEDS
    verdict = evaluate(action(amount=Decimal("20000")), [association, program])
    assert verdict.terms is not None and verdict.terms.id == 3
    assert verdict.outcome == Outcome.WITHIN


def test_within_one_scope_the_mandate_with_room_is_chosen() -> None:
    small = terms(5, limit=Decimal("10000"))
    large = terms(6, limit=Decimal("50000"))
    verdict = evaluate(action(amount=Decimal("20000")), [small, large])
    assert verdict.terms is not None and verdict.terms.id == 6 and verdict.within


def test_a_total_limit_counts_what_was_used_before() -> None:
    budget = terms(kind="prioritisation", limit=Decimal("400000"), basis=Basis.TOTAL)
    within = evaluate(
        action(kind="prioritisation", amount=Decimal("50000"), used=Decimal("300000")), [budget]
    )
    assert within.within and within.remaining == Decimal("50000")
    over = evaluate(action(kind="prioritisation", amount=Decimal("150000"), used=Decimal("300000")), [budget])
    assert over.outcome == Outcome.EXCEEDS


def test_no_limit_means_any_amount_is_within() -> None:
    verdict = evaluate(action(amount=Decimal("10000000")), [terms(limit=None)])
    assert verdict.within and verdict.remaining is None


amounts = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)


@given(amounts, st.lists(st.one_of(st.none(), amounts), min_size=1, max_size=5))
def test_within_exactly_when_some_applicable_mandate_in_the_best_scope_has_room(
    amount: Decimal, limits: list[Decimal | None]
) -> None:
    mandates = [terms(i + 1, limit=limit) for i, limit in enumerate(limits)]
    verdict = evaluate(action(amount=amount), mandates)
    has_room = any(limit is None or limit >= amount for limit in limits)
    assert verdict.within == has_room
    assert verdict.terms is not None


@given(amounts, amounts)
def test_raising_the_limit_never_turns_within_into_exceeds(amount: Decimal, limit: Decimal) -> None:
    lower = evaluate(action(amount=amount), [terms(limit=limit)])
    higher = evaluate(action(amount=amount), [terms(limit=limit + 1)])
    assert not (lower.within and not higher.within)
