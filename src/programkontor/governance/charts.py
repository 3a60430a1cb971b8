"""The annual cycle as a wheel: twelve month segments with a dot per date, as core chart data."""

from __future__ import annotations

import datetime
import math
from typing import Any

from django.utils.translation import gettext

from programkontor.core import charts as c

SIZE = 320
CENTRE = SIZE / 2
OUTER, INNER = 150, 95
#: Dots shown per month at most (four rings of six).
DOTS_PER_MONTH = 24
KIND_CLASS = {
    "meeting": "pk-wheel-meeting",
    "self_evaluation": "pk-wheel-evaluation",
    "evaluation": "pk-wheel-evaluation",
    "budget": "pk-wheel-budget",
    "general_assembly": "pk-wheel-association",
    "board_meeting": "pk-wheel-association",
}


def _point(angle: float, radius: float) -> tuple[float, float]:
    x, y = c.polar(CENTRE, CENTRE, radius, angle)
    return round(x, 1), round(y, 1)


def cycle_wheel(months: list[Any], today: datetime.date | None) -> c.Chart:
    """January at the top, clockwise; ``months`` as from ``selectors.year_by_month``."""
    shapes: list[c.Shape] = []
    for index, month in enumerate(months):
        start, end = index / 12 * 2 * math.pi, (index + 1) / 12 * 2 * math.pi
        current = today is not None and today.month == month.number
        shapes.append(
            c.Path(
                css="pk-wheel-month pk-wheel-current" if current else "pk-wheel-month",
                d=c.sector_path(CENTRE, CENTRE, OUTER, start, end, inner=INNER),
                tooltip=f"{month.name}: {len(month.occurrences)}",
            )
        )
        label_x, label_y = _point((start + end) / 2, INNER - 14)
        shapes.append(
            c.Text(
                css="pk-wheel-label",
                x=label_x,
                y=label_y,
                anchor="middle",
                baseline="middle",
                text=month.name[:3],
            )
        )
        for position, occurrence in enumerate(month.occurrences[:DOTS_PER_MONTH]):
            angle = start + (end - start) * (occurrence.date.day - 0.5) / 31
            x, y = _point(angle, OUTER - 10 - (position % 4) * 12)
            shapes.append(
                c.Circle(
                    css=KIND_CLASS.get(occurrence.kind, "pk-wheel-other"),
                    cx=x,
                    cy=y,
                    r=4,
                    tooltip=f"{occurrence.date:%d.%m}: {occurrence.title}",
                )
            )
    return c.Chart(
        width=SIZE,
        height=SIZE,
        title=gettext("Annual cycle"),
        chart_id="wheel",
        css="pk-wheel",
        shapes=tuple(shapes),
    )
