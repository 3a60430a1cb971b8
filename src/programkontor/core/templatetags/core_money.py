"""``{{ amount|kroner }}`` → ``1.234.567,89 kr.`` (an amount in kroner: a Decimal or an int)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from programkontor.core.money import NO_AMOUNT
from programkontor.core.money import kroner as format_kroner

register = template.Library()


@register.filter
def kroner(amount: Any, form: str = "") -> str:
    """Kroner with two decimals and the unit; ``kroner:"whole"`` in whole kroner (rounded),
    ``kroner:"number"`` without the unit (for a text that writes "kr." itself). No amount: a dash."""
    if amount is None or amount == "":
        return NO_AMOUNT
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        return NO_AMOUNT
    return format_kroner(value, decimals=form != "whole", unit=form != "number")
