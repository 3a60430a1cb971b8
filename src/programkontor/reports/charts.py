"""The report's own chart: MoSCoW completion of a timebox (hours planned and done per priority), as
``core.charts.Chart`` data; colours are presentation attributes too, so the PDF needs no stylesheet.
The economy's charts are the economy's (``economy.charts``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from programkontor.core import charts as c

COLOURS = {"must": "#b3261e", "should": "#d97706", "could": "#0059b3", "wont": "#8a8a8a"}
TRACK = "#e6e6e6"


#: The economy's chart classes as presentation attributes (fill, stroke, stroke width), most specific
#: first: WeasyPrint paints SVG from attributes, not from the page's stylesheet.
PAINT: tuple[tuple[str, tuple[str, str, str]], ...] = (
    ("pk-chart-over", ("#d97706", "", "")),
    ("pk-chart-flag", ("#8a4b00", "", "")),
    ("pk-chart-budget-bar", ("#9cc3e6", "", "")),
    ("pk-chart-budget", ("none", "#0059b3", "2.5")),
    ("pk-chart-actual", ("#5c5c5c", "", "")),
    ("pk-chart-grid", ("none", "#e0e0e0", "1")),
    ("pk-chart-axis", ("#333", "", "")),
    ("pk-chart-label", ("#333", "", "")),
    ("pk-chart-legend", ("#333", "", "")),
)


#: The size of a chart's texts in print, in the chart's user units (the page's CSS does not reach
#: inside an SVG that WeasyPrint draws).
PRINTED_FONT_SIZE = 12


def painted(chart: c.Chart) -> c.Chart:
    """``chart`` with each shape's colours and its texts' size written on it, from its CSS classes
    (see ``PAINT``)."""

    def paint(shape: c.Shape) -> c.Shape:
        if isinstance(shape, c.Text) and shape.font_size is None:
            return replace(shape, font_size=PRINTED_FONT_SIZE)
        classes = set(shape.css.split())
        for css, (fill, stroke, width) in PAINT:
            if css in classes and not shape.fill:
                return replace(shape, fill=fill, stroke=stroke, stroke_width=width)
        return shape

    return replace(chart, shapes=tuple(paint(shape) for shape in chart.shapes))


@dataclass(frozen=True)
class CompletionRow:
    priority: str
    label: str
    hours: Decimal
    done: Decimal


def _hours(value: Decimal) -> str:
    text = f"{value.normalize():f}".replace(".", ",")
    return f"{text} t"


def completion(*, chart_id: str, title: str, rows: Sequence[CompletionRow], done_label: str) -> c.Chart:
    """One bar per priority: its planned hours as a light track, the hours done over it in colour."""
    label_w, right, top, row_h, bar_h = 80, 110, 6, 26, 14
    width = 640
    height = top + row_h * max(len(rows), 1) + 4
    scale = c.Scale(0, max([1, *(int(r.hours) + 1 for r in rows)]), label_w, width - right)
    shapes: list[c.Shape] = []
    parts = []
    for i, row in enumerate(rows):
        y = top + i * row_h
        colour = COLOURS.get(row.priority, "#5c5c5c")
        summary = f"{row.label}: {_hours(row.done)} {done_label} / {_hours(row.hours)}"
        parts.append(summary)
        shapes.append(
            c.Text(
                css="pk-chart-label",
                x=label_w - 8,
                y=y + 12,
                anchor="end",
                text=row.label,
                fill="#333",
                font_size=PRINTED_FONT_SIZE,
            )
        )
        shapes.append(
            c.Rect(
                x=label_w,
                y=y,
                width=round(scale(float(row.hours)) - label_w, 2),
                height=bar_h,
                fill=TRACK,
                tooltip=summary,
            )
        )
        if row.done:
            shapes.append(
                c.Rect(
                    css=f"pk-report-done pk-report-{row.priority}",
                    x=label_w,
                    y=y,
                    width=round(max(scale(float(row.done)) - label_w, 0.5), 2),
                    height=bar_h,
                    fill=colour,
                    tooltip=summary,
                )
            )
        shapes.append(
            c.Text(
                css="pk-chart-axis",
                x=width - right + 6,
                y=y + 12,
                text=f"{_hours(row.done)} / {_hours(row.hours)}",
                fill="#333",
                font_size=PRINTED_FONT_SIZE,
            )
        )
    return c.Chart(
        width=width,
        height=height,
        title=title,
        description="; ".join(parts),
        chart_id=chart_id,
        css="pk-chart pk-report-chart",
        shapes=tuple(shapes),
    )
