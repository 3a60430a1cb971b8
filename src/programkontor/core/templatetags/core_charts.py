"""``{% chart drawing %}`` draws a core ``Chart``; ``|coord`` writes a coordinate for SVG."""

from __future__ import annotations

from typing import Any

from django import template

from programkontor.core import charts

register = template.Library()

#: The template that draws every chart (apps' inclusion tags use it too).
CHART_TEMPLATE = "core/charts/chart.html"


@register.inclusion_tag(CHART_TEMPLATE)
def chart(drawing: charts.Chart | None) -> dict[str, Any]:
    """The chart as an ``<svg role="img">`` (nothing for None)."""
    return {"chart": drawing}


@register.filter
def coord(value: charts.Number) -> str:
    """A number as SVG wants it, whatever the page's language: ``12.5``, never ``12,5``."""
    return charts.number(value)
