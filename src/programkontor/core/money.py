"""Kroner the Danish way, for every app: ``1.234.567,89 kr.``, and amounts as whole øre typed by a person
(``parse_amount``). No Django here.

One formatter, whatever the page's language (an amount in kroner is Danish): thousands grouped
with ``.``, decimals after ``,``, the unit ``kr.`` after a space, a minus sign in front, and a dash
for no amount. Rounding is half away from zero, as a person rounds an invoice. The economy keeps
its amounts as whole øre (``economy.money``) and formats them here too; ``core_money``'s
``|kroner`` filter is this function in templates.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NO_AMOUNT = "—"
_ORE = Decimal("0.01")
_KRONE = Decimal(1)


def kroner(amount: Decimal | int | None, *, decimals: bool | None = True, unit: bool = True) -> str:
    """``Decimal("1234567.891")`` → ``1.234.567,89 kr.``; None → ``—``.

    ``decimals``: True, always two (øre); False, whole kroner (``1.234.568 kr.``); None, two unless
    the amount is whole kroner (``400.000 kr.``, ``1.234,50 kr.``) — the form of a sentence.
    ``unit=False`` leaves out `` kr.`` (axis labels, or a text that writes the unit itself).
    """
    if amount is None:
        return NO_AMOUNT
    value = Decimal(amount)
    if decimals is False or (decimals is None and value == value.to_integral_value()):
        value, places = value.quantize(_KRONE, rounding=ROUND_HALF_UP), 0
    else:
        value, places = value.quantize(_ORE, rounding=ROUND_HALF_UP), 2
    sign = "-" if value < 0 else ""
    grouped = f"{abs(value):,.{places}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{sign}{grouped} kr." if unit else f"{sign}{grouped}"


# --------------------------------------------------------------------------------------------
# Whole øre (1 krone = 100 øre): what the apps store.

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


def format_number(ore: int, *, decimals: bool = True) -> str:
    """``123456750`` → ``1.234.567,50`` (without the unit)."""
    return kroner(ore_to_decimal(ore), decimals=decimals, unit=False)


def format_dkk(ore: int, *, decimals: bool = True) -> str:
    """``123456750`` → ``1.234.567,50 kr.``"""
    return kroner(ore_to_decimal(ore), decimals=decimals)
