"""Template helpers of planning: the words of ``planning.wording`` as filters, and two layout helpers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from programkontor.planning import wording

register = template.Library()

for _words in (
    wording.hours,
    wording.percent,
    wording.warning_text,
    wording.warning_heading,
    wording.light_label,
    wording.reason_text,
    wording.risk_level_label,
    wording.fit_text,
):
    register.filter(_words.__name__, _words)


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.filter
def width_percent(value: Any) -> int:
    """A share as a whole percentage for widths (0-100)."""
    if value is None:
        return 0
    return max(0, min(100, round(Decimal(value))))
