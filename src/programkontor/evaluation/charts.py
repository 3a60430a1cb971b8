"""Pie charts of traffic-light counts (for pages and PDFs), as core chart data. No Django here.

The colours are presentation attributes, not CSS classes: the PDF report draws the same pies without
the pages' stylesheet.
"""

from __future__ import annotations

from collections.abc import Mapping

from programkontor.core import charts as c
from programkontor.evaluation import scoring

#: The lights' colours on pages: OS2's hues, the yellow and gray darkened enough to stand out on white.
COLOURS = {
    scoring.GREEN: "#008000",
    scoring.YELLOW: "#E6C300",
    scoring.RED: "#D40000",
    scoring.GRAY: "#808080",
}
SIZE = 120
RADIUS = 56
#: The white edge between slices.
EDGE, EDGE_WIDTH = "#ffffff", "1"


def pie(row: Mapping[str, int], title: str, labels: Mapping[str, str]) -> c.Chart:
    """A pie of the lights in ``row`` (largest first, each in its own colour), with a text alternative."""
    order = scoring.pie_order(row)
    slices = [(light, count) for light, count in order if count > 0]
    total = sum(count for _light, count in slices)
    description = ", ".join(
        f"{labels[light]} {count} ({scoring.percent(count, total)} %)" for light, count in order
    )
    centre = SIZE / 2
    shapes: list[c.Shape]
    if total == 0:
        shapes = [c.Circle(cx=centre, cy=centre, r=RADIUS, fill="none", stroke="#bbbbbb", stroke_width="2")]
    elif len(slices) == 1:
        shapes = [
            c.Circle(
                cx=centre,
                cy=centre,
                r=RADIUS,
                fill=COLOURS[slices[0][0]],
                stroke=EDGE,
                stroke_width=EDGE_WIDTH,
            )
        ]
    else:
        angles = c.pie_angles([count for _light, count in slices])
        shapes = [
            c.Path(
                d=c.sector_path(centre, centre, RADIUS, start, end),
                fill=COLOURS[light],
                stroke=EDGE,
                stroke_width=EDGE_WIDTH,
            )
            for (light, _count), (start, end) in zip(slices, angles, strict=True)
        ]
    return c.Chart(
        width=SIZE,
        height=SIZE,
        title=title,
        description=description,
        css="pk-ev-pie",
        sized=True,
        shapes=tuple(shapes),
    )
