"""Money as whole øre: parsing, Danish formatting (core's kroner formatter), exact division and allocation.
No Django here.

Every amount in the economy app is an ``int`` of øre (1 krone = 100 øre). Nothing is ever a float:
division rounds explicitly (half away from zero, like a person rounding an invoice), and splitting
an amount into parts uses a largest-remainder allocation so the parts always add up to the whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from programkontor.core.money import (
    ORE_PER_KRONE,
    AmountError,
    decimal_to_ore,
    format_dkk,
    format_number,
    ore_to_decimal,
    parse_amount,
)

__all__ = [
    "ORE_PER_KRONE",
    "AmountError",
    "allocate",
    "decimal_to_ore",
    "divide",
    "format_dkk",
    "format_number",
    "ore_to_decimal",
    "parse_amount",
    "percent_of",
    "share",
]

# Parsing (Danish "1.234,56" and ISO "1234.56") and formatting live in core, for every app.


# --------------------------------------------------------------------------------------------
# Exact arithmetic.


def divide(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded to the nearest integer, halves away from zero."""
    if denominator == 0:
        raise ZeroDivisionError("divide by zero")
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    quotient, remainder = divmod(abs(numerator), denominator)
    if 2 * remainder >= denominator:
        quotient += 1
    return quotient if numerator >= 0 else -quotient


def share(amount: int, numerator: int, denominator: int) -> int:
    """``amount x numerator / denominator``, rounded half away from zero (e.g. 7/12 of a fee)."""
    return divide(amount * numerator, denominator)


def percent_of(amount: int, rate: Decimal) -> int:
    """``rate`` per cent of ``amount`` øre, rounded half away from zero (rate is exact, e.g. 10.25)."""
    numerator, denominator = rate.as_integer_ratio()
    return divide(amount * numerator, denominator * 100)


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` øre in proportion to ``weights`` so that the parts add up to ``total`` exactly.

    The largest-remainder method (Hamilton): every part first gets the whole øre of its exact
    quota ``total x weight / sum(weights)`` (rounded towards zero), then the øre left over go,
    one each, to the parts with the largest remainders; ties go to the earlier part. So no part
    is ever more than one øre from its exact quota, parts of zero weight get nothing, and the sum
    is always ``total`` — rounding neither creates nor loses an øre. A negative total is split as
    its absolute value and negated.
    """
    if any(weight < 0 for weight in weights):
        raise ValueError("Weights cannot be negative")
    weight_sum = sum(weights)
    if not weights:
        if total:
            raise ValueError("Cannot allocate an amount over no parts")
        return []
    if weight_sum == 0:
        if total:
            raise ValueError("Cannot allocate an amount over parts that all weigh nothing")
        return [0] * len(weights)
    sign = -1 if total < 0 else 1
    magnitude = abs(total)
    parts: list[int] = []
    remainders: list[tuple[int, int]] = []
    for index, weight in enumerate(weights):
        quota, remainder = divmod(magnitude * weight, weight_sum)
        parts.append(quota)
        remainders.append((remainder, index))
    left = magnitude - sum(parts)
    for _remainder, index in sorted(remainders, key=lambda item: (-item[0], item[1]))[:left]:
        parts[index] += 1
    return [sign * part for part in parts]
