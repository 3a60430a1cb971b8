"""The annual cycle as a wheel: twelve month segments with a dot per date, drawn as server-side SVG."""

from __future__ import annotations

import datetime
import math
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

SIZE = 320
CENTRE = SIZE / 2
OUTER, INNER = 150, 95
KIND_CLASS = {
    "meeting": "pk-wheel-meeting",
    "self_evaluation": "pk-wheel-evaluation",
    "evaluation": "pk-wheel-evaluation",
    "budget": "pk-wheel-budget",
    "general_assembly": "pk-wheel-association",
    "board_meeting": "pk-wheel-association",
}


def _point(angle: float, radius: float) -> tuple[float, float]:
    return CENTRE + radius * math.sin(angle), CENTRE - radius * math.cos(angle)


def cycle_wheel(months: list[Any], today: datetime.date | None) -> SafeString:
    """An SVG wheel: January at the top, clockwise; ``months`` as from ``selectors.year_by_month``."""
    parts = [
        f'<svg class="pk-wheel" viewBox="0 0 {SIZE} {SIZE}" role="img" aria-labelledby="wheel-title">',
        f'<title id="wheel-title">{escape(gettext("Annual cycle"))}</title>',
    ]
    for index, month in enumerate(months):
        start, end = index / 12 * 2 * math.pi, (index + 1) / 12 * 2 * math.pi
        x1, y1 = _point(start, OUTER)
        x2, y2 = _point(end, OUTER)
        x3, y3 = _point(end, INNER)
        x4, y4 = _point(start, INNER)
        css = "pk-wheel-month pk-wheel-current" if today and today.month == month.number else "pk-wheel-month"
        parts.append(
            f'<path class="{css}" d="M{x1:.1f},{y1:.1f} A{OUTER},{OUTER} 0 0 1 {x2:.1f},{y2:.1f} '
            f'L{x3:.1f},{y3:.1f} A{INNER},{INNER} 0 0 0 {x4:.1f},{y4:.1f} Z"><title>{escape(month.name)}: '
            f"{len(month.occurrences)}</title></path>"
        )
        lx, ly = _point((start + end) / 2, INNER - 14)
        parts.append(
            f'<text class="pk-wheel-label" x="{lx:.1f}" y="{ly:.1f}" text-anchor="middle" '
            f'dominant-baseline="middle">{escape(month.name[:3])}</text>'
        )
        shown = month.occurrences[:24]
        for position, occurrence in enumerate(shown):
            days = 31
            fraction = (occurrence.date.day - 0.5) / days
            angle = start + (end - start) * fraction
            radius = OUTER - 10 - (position % 4) * 12
            x, y = _point(angle, radius)
            dot = KIND_CLASS.get(occurrence.kind, "pk-wheel-other")
            parts.append(
                f'<circle class="{dot}" cx="{x:.1f}" cy="{y:.1f}" r="4"><title>'
                f"{occurrence.date:%d.%m}: {escape(occurrence.title)}</title></circle>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
