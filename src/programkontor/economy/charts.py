"""The economy's charts of budget against actual, as :class:`programkontor.core.charts.Chart` data.

Each function returns a chart with a title and a description for screen readers, drawn by core's
chart template; colours come from CSS classes (``economy/economy.css``). Every value drawn is also
in a table next to the chart. No Django here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from programkontor.core import charts as c
from programkontor.core.money import kroner
from programkontor.economy.money import ore_to_decimal

MONTH_LABELS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _whole(ore: int) -> str:
    """Øre as whole kroner without the unit (axis labels): ``1.234.567``."""
    return kroner(ore_to_decimal(ore), decimals=False, unit=False)


def _kr(ore: int) -> str:
    return kroner(ore_to_decimal(ore), decimals=False)


def _r(value: float) -> float:
    return round(value, 1)


def _legend(x: int, y: int, budget_label: str, actual_label: str, *, budget_bar: bool) -> list[c.Shape]:
    """Budget (a line, or a bar) and actual (a bar) with their labels."""
    budget: c.Shape = (
        c.Rect(css="pk-chart-budget-bar", x=x, y=y - 10, width=14, height=10)
        if budget_bar
        else c.Line(css="pk-chart-budget", x1=x, x2=x + 24, y1=y - 4, y2=y - 4)
    )
    return [
        budget,
        c.Text(css="pk-chart-legend", x=x + (20 if budget_bar else 30), y=y, text=budget_label),
        c.Rect(css="pk-chart-actual", x=x + 200, y=y - 10, width=14, height=10),
        c.Text(css="pk-chart-legend", x=x + 220, y=y, text=actual_label),
    ]


def cumulative(
    *,
    chart_id: str,
    title: str,
    months_budget: Sequence[int],
    months_actual: Sequence[int],
    through_month: int,
    budget_label: str,
    actual_label: str,
) -> c.Chart:
    """Cumulative budget (a line over the year) against cumulative actual (bars up to ``through_month``)."""
    width, height, left, right, top, bottom = 640, 260, 86, 12, 16, 46
    budget = list(accumulate(months_budget))
    actual = list(accumulate(months_actual))[: max(0, through_month)]
    scale = c.axis([*budget, *actual])
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / 12

    def y(value: int) -> float:
        return top + plot_h * (scale.top - value) / scale.span

    description = "; ".join(
        f"{MONTH_LABELS[i]}: {budget_label} {_kr(budget[i])}"
        + (f", {actual_label} {_kr(actual[i])}" if i < len(actual) else "")
        for i in range(12)
    )
    shapes: list[c.Shape] = []
    for value in scale.ticks:
        shapes.append(
            c.Line(css="pk-chart-grid", x1=left, x2=width - right, y1=_r(y(value)), y2=_r(y(value)))
        )
        shapes.append(
            c.Text(css="pk-chart-axis", x=left - 6, y=_r(y(value) + 4), anchor="end", text=_whole(value))
        )
    for i, total in enumerate(actual):
        y0, y1 = sorted((y(0), y(total)))
        shapes.append(
            c.Rect(
                css="pk-chart-actual",
                x=_r(left + slot * i + slot * 0.2),
                y=_r(y0),
                width=_r(slot * 0.6),
                height=_r(max(y1 - y0, 0.5)),
            )
        )
    shapes.append(
        c.Polyline(
            css="pk-chart-budget",
            points=c.points((_r(left + slot * (i + 0.5)), _r(y(total))) for i, total in enumerate(budget)),
        )
    )
    for i, label in enumerate(MONTH_LABELS):
        shapes.append(
            c.Text(
                css="pk-chart-axis",
                x=_r(left + slot * (i + 0.5)),
                y=height - bottom + 16,
                anchor="middle",
                text=label,
            )
        )
    shapes += _legend(left, height - 10, budget_label, actual_label, budget_bar=False)
    return c.Chart(
        width=width,
        height=height,
        title=title,
        description=description,
        chart_id=chart_id,
        css="pk-chart",
        shapes=tuple(shapes),
    )


@dataclass(frozen=True)
class Bar:
    label: str
    budget: int
    actual: int
    highlighted: bool = False


def comparison(
    *, chart_id: str, title: str, bars: Sequence[Bar], budget_label: str, actual_label: str
) -> c.Chart:
    """Horizontal bars: budget to date against actual to date per row; highlighted rows stand out."""
    label_w, right, top, row_h = 170, 90, 8, 34
    width = 640
    height = top + row_h * max(len(bars), 1) + 30
    values = [0, *(b.budget for b in bars), *(b.actual for b in bars)]
    x = c.Scale(min(values), max(values), label_w, width - right)

    description = "; ".join(
        f"{b.label}: {budget_label} {_kr(b.budget)}, {actual_label} {_kr(b.actual)}" for b in bars
    )
    shapes: list[c.Shape] = []
    for i, bar in enumerate(bars):
        y = top + i * row_h
        shapes.append(
            c.Text(
                css="pk-chart-label pk-chart-flag" if bar.highlighted else "pk-chart-label",
                x=label_w - 8,
                y=y + 19,
                anchor="end",
                text=c.truncate(bar.label, 24),
            )
        )
        actual_css = "pk-chart-actual pk-chart-over" if bar.highlighted else "pk-chart-actual"
        for offset, value, css in ((3, bar.budget, "pk-chart-budget-bar"), (16, bar.actual, actual_css)):
            x0, x1 = sorted((x(0), x(value)))
            shapes.append(c.Rect(css=css, x=_r(x0), y=y + offset, width=_r(max(x1 - x0, 0.5)), height=12))
        shapes.append(c.Text(css="pk-chart-axis", x=width - right + 6, y=y + 27, text=_whole(bar.actual)))
    shapes += _legend(label_w, height - 10, budget_label, actual_label, budget_bar=True)
    return c.Chart(
        width=width,
        height=height,
        title=title,
        description=description,
        chart_id=chart_id,
        css="pk-chart",
        shapes=tuple(shapes),
    )
