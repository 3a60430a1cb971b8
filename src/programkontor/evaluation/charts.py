"""Server-side SVG pie charts of traffic-light counts (for pages and PDFs; no JavaScript)."""

from __future__ import annotations

import math
from collections.abc import Mapping

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

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


def _point(angle: float) -> tuple[float, float]:
    centre = SIZE / 2
    return centre + RADIUS * math.cos(angle), centre + RADIUS * math.sin(angle)


def pie_svg(row: Mapping[str, int], title: str, labels: Mapping[str, str]) -> SafeString:
    """A pie of the lights in ``row`` (largest first, each in its own colour), with a text alternative."""
    slices = [(light, count) for light, count in scoring.pie_order(row) if count > 0]
    total = sum(count for _light, count in slices)
    description = ", ".join(
        f"{labels[light]} {count} ({scoring.percent(count, total)} %)"
        for light, count in scoring.pie_order(row)
    )
    parts: list[str] = []
    centre = SIZE / 2
    if total == 0:
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="{}" fill="none" stroke="#bbbbbb" stroke-width="2"></circle>',
                centre,
                centre,
                RADIUS,
            )
        )
    elif len(slices) == 1:
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="#ffffff" stroke-width="1"></circle>',
                centre,
                centre,
                RADIUS,
                COLOURS[slices[0][0]],
            )
        )
    else:
        angle = -math.pi / 2
        for light, count in slices:
            sweep = 2 * math.pi * count / total
            x1, y1 = _point(angle)
            x2, y2 = _point(angle + sweep)
            large = 1 if sweep > math.pi else 0
            parts.append(
                f'<path d="M {centre:.2f} {centre:.2f} L {x1:.2f} {y1:.2f} A {RADIUS} {RADIUS} 0 {large} 1 '
                f'{x2:.2f} {y2:.2f} Z" fill="{COLOURS[light]}" stroke="#ffffff" stroke-width="1"></path>'
            )
            angle += sweep
    svg = (
        f'<svg class="pk-ev-pie" viewBox="0 0 {SIZE} {SIZE}" width="{SIZE}" height="{SIZE}" role="img" '
        f'aria-label="{escape(title)}: {escape(description)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}: {escape(description)}</title>{''.join(parts)}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every value above is a number, a fixed colour or escaped
