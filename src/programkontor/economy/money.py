"""Money as whole øre: parsing, Danish formatting (core's kroner formatter), exact division and allocation.
No Django here.

Every amount in the economy app is an ``int`` of øre (1 krone = 100 øre). Nothing is ever a float:
division rounds explicitly (half away from zero, like a person rounding an invoice), and splitting
an amount into parts uses a largest-remainder allocation so the parts always add up to the whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from programkontor.core.money import kroner

ORE_PER_KRONE = 100


class AmountError(ValueError):
    """The text is not an amount. ``code`` says why (for translated messages)."""

    def __init__(self, code: str, value: str) -> None:
        self.code = code
        self.value = value
        super().__init__(f"{code}: {value!r}")


# --------------------------------------------------------------------------------------------
# Parsing: Danish "1.234,56" and ISO "1234.56" (and a few forms finance systems export).

_SPACES = re.compile(r"[\s\u00a0\u202f']")
_DANISH_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$")
_ENGLISH_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+\.\d{1,2}$")
_DANISH_DECIMAL = re.compile(r"^\d+,\d{1,2}$")
_ISO_DECIMAL = re.compile(r"^\d+\.\d{1,2}$")
_INTEGER = re.compile(r"^\d+$")
_CURRENCY = re.compile(r"(?i)^(dkk|kr\.?)\s*|\s*(dkk|kr\.?)$")


def parse_amount(text: str) -> int:
    """The amount in ``text`` as øre.

    Accepted: ``1234``, ``1234,56`` and ``1.234,56`` (Danish), ``1234.56`` (ISO),
    ``1,234.56`` (grouped with commas only together with decimals),
    spaces as thousands separators, a leading ``-``/``+`` or a trailing ``-`` (as some finance
    systems write credits), and ``kr.``/``DKK``. At most two decimals. A lone ``.`` followed by
    exactly three digits (``1.234``) is a Danish thousands separator: an ISO decimal never has
    three decimals here, so the reading is unambiguous. ``1,234`` is refused (three decimals).
    """
    raw = text
    value = _CURRENCY.sub("", text.strip())
    value = _SPACES.sub("", value)
    if not value:
        raise AmountError("empty", raw)
    negative = False
    if value.endswith("-") and not value.startswith(("-", "+")):
        negative, value = True, value[:-1]
    elif value[0] in "+-":
        negative, value = value[0] == "-", value[1:]
    if value.startswith("(") and value.endswith(")"):
        negative, value = True, value[1:-1]

    if _INTEGER.match(value):
        whole, fraction = value, ""
    elif _DANISH_GROUPED.match(value):
        whole, _, fraction = value.partition(",")
        whole = whole.replace(".", "")
    elif _ENGLISH_GROUPED.match(value):
        whole, _, fraction = value.partition(".")
        whole = whole.replace(",", "")
    elif _DANISH_DECIMAL.match(value):
        whole, _, fraction = value.partition(",")
    elif _ISO_DECIMAL.match(value):
        whole, _, fraction = value.partition(".")
    else:
        if re.match(r"^\d+[.,]\d{3,}$", value):
            raise AmountError("too_many_decimals", raw)
        raise AmountError("invalid", raw)
    ore = int(whole) * ORE_PER_KRONE + int(fraction.ljust(2, "0") or "0")
    return -ore if negative else ore


def decimal_to_ore(value: Decimal | int) -> int:
    """An exact Decimal (or int) of kroner as øre; more than two decimals is an error."""
    try:
        scaled = Decimal(value) * ORE_PER_KRONE
    except InvalidOperation as exc:  # pragma: no cover - Decimal(value) of a Decimal/int
        raise AmountError("invalid", str(value)) from exc
    if scaled != scaled.to_integral_value():
        raise AmountError("too_many_decimals", str(value))
    return int(scaled)


def ore_to_decimal(ore: int) -> Decimal:
    """Øre as an exact Decimal of kroner with two decimals."""
    return (Decimal(ore) / ORE_PER_KRONE).quantize(Decimal("0.01"))


# --------------------------------------------------------------------------------------------
# Formatting the Danish way.


# Øre are formatted by core's one kroner formatter (whole kroner are rounded half away from zero).


def format_number(ore: int, *, decimals: bool = True) -> str:
    """``123456750`` → ``1.234.567,50`` (without the unit)."""
    return kroner(ore_to_decimal(ore), decimals=decimals, unit=False)


def format_dkk(ore: int, *, decimals: bool = True) -> str:
    """``123456750`` → ``1.234.567,50 kr.``"""
    return kroner(ore_to_decimal(ore), decimals=decimals)


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
