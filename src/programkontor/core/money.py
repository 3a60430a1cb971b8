"""Kroner the Danish way, for every app: ``1.234.567,89 kr.``. No Django here.

One formatter, whatever the page's language (an amount in kroner is Danish): thousands grouped
with ``.``, decimals after ``,``, the unit ``kr.`` after a space, a minus sign in front, and a dash
for no amount. Rounding is half away from zero, as a person rounds an invoice. The economy keeps
its amounts as whole øre (``economy.money``) and formats them here too; ``core_money``'s
``|kroner`` filter is this function in templates.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

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
