"""Server-side SVG charts of budget against actual. No Django here; no JavaScript in the browser.

Each function returns the markup of one ``<svg role="img">`` with a title and a description for
screen readers; colours come from CSS classes (``economy/economy.css``), so the charts respect the
Content Security Policy (no inline styles). Every value drawn is also in a table next to the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from itertools import accumulate

from programkontor.economy.money import format_number

MONTH_LABELS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _nice_step(maximum: int, ticks: int = 4) -> int:
    """A round step (1, 2 or 5 x a power of ten) so that ``ticks`` steps cover ``maximum``."""
    if maximum <= 0:
        return 100
    raw = -(-maximum // ticks)
    magnitude = 1
    while magnitude * 10 <= raw:
        magnitude *= 10
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _kr(ore: int) -> str:
    return format_number(ore, decimals=False)


def _open(chart_id: str, width: int, height: int, title: str, description: str) -> list[str]:
    return [
        f'<svg class="pk-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
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
) -> str:
    """Cumulative budget (a line over the year) against cumulative actual (bars up to ``through_month``)."""
    width, height, left, right, top, bottom = 640, 260, 86, 12, 16, 46
    budget = list(accumulate(months_budget))
    actual = list(accumulate(months_actual))[: max(0, through_month)]
    low = min(0, *budget, *(actual or [0]))
    high = max(0, *budget, *(actual or [0]))
    step = _nice_step(high - low)
    top_value = -(-high // step) * step if high > 0 else 0
    bottom_value = (low // step) * step if low < 0 else 0
    span = (top_value - bottom_value) or step
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / 12

    def y(value: int) -> float:
        return top + plot_h * (top_value - value) / span

    description = "; ".join(
        f"{MONTH_LABELS[i]}: {budget_label} {_kr(budget[i])} kr."
        + (f", {actual_label} {_kr(actual[i])} kr." if i < len(actual) else "")
        for i in range(12)
    )
    parts = _open(chart_id, width, height, title, description)
    value = bottom_value
    while value <= top_value:
        parts.append(
            f'<line class="pk-chart-grid" x1="{left}" x2="{width - right}" y1="{y(value):.1f}" '
            f'y2="{y(value):.1f}"/>'
            f'<text class="pk-chart-axis" x="{left - 6}" y="{y(value) + 4:.1f}" '
            f'text-anchor="end">{_kr(value)}</text>'
        )
        value += step
    for i, total in enumerate(actual):
        x = left + slot * i + slot * 0.2
        y0, y1 = sorted((y(0), y(total)))
        parts.append(
            f'<rect class="pk-chart-actual" x="{x:.1f}" y="{y0:.1f}" width="{slot * 0.6:.1f}" '
            f'height="{max(y1 - y0, 0.5):.1f}"/>'
        )
    points = " ".join(f"{left + slot * (i + 0.5):.1f},{y(total):.1f}" for i, total in enumerate(budget))
    parts.append(f'<polyline class="pk-chart-budget" points="{points}"/>')
    for i, label in enumerate(MONTH_LABELS):
        parts.append(
            f'<text class="pk-chart-axis" x="{left + slot * (i + 0.5):.1f}" y="{height - bottom + 16}" '
            f'text-anchor="middle">{label}</text>'
        )
    legend_y = height - 10
    parts.append(
        f'<line class="pk-chart-budget" x1="{left}" x2="{left + 24}" y1="{legend_y - 4}" '
        f'y2="{legend_y - 4}"/>'
        f'<text class="pk-chart-legend" x="{left + 30}" y="{legend_y}">{escape(budget_label)}</text>'
        f'<rect class="pk-chart-actual" x="{left + 200}" y="{legend_y - 10}" width="14" height="10"/>'
        f'<text class="pk-chart-legend" x="{left + 220}" y="{legend_y}">{escape(actual_label)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Bar:
    label: str
    budget: int
    actual: int
    highlighted: bool = False


def comparison(
    *, chart_id: str, title: str, bars: Sequence[Bar], budget_label: str, actual_label: str
) -> str:
    """Horizontal bars: budget to date against actual to date per row; highlighted rows stand out."""
    label_w, right, top, row_h = 170, 90, 8, 34
    width = 640
    height = top + row_h * max(len(bars), 1) + 30
    high = max([0, *(b.budget for b in bars), *(b.actual for b in bars)])
    low = min([0, *(b.budget for b in bars), *(b.actual for b in bars)])
    span = (high - low) or 1
    plot_w = width - label_w - right

    def x(value: int) -> float:
        return label_w + plot_w * (value - low) / span

    description = "; ".join(
        f"{b.label}: {budget_label} {_kr(b.budget)} kr., {actual_label} {_kr(b.actual)} kr." for b in bars
    )
    parts = _open(chart_id, width, height, title, description)
    for i, bar in enumerate(bars):
        y = top + i * row_h
        label = bar.label if len(bar.label) <= 24 else bar.label[:23] + "…"
        parts.append(
            f'<text class="pk-chart-label{" pk-chart-flag" if bar.highlighted else ""}" x="{label_w - 8}" '
            f'y="{y + 19}" text-anchor="end">{escape(label)}</text>'
        )
        for offset, value, css in (
            (3, bar.budget, "pk-chart-budget-bar"),
            (16, bar.actual, "pk-chart-actual"),
        ):
            if bar.highlighted and css == "pk-chart-actual":
                css = "pk-chart-actual pk-chart-over"
            x0, x1 = sorted((x(0), x(value)))
            parts.append(
                f'<rect class="{css}" x="{x0:.1f}" y="{y + offset}" width="{max(x1 - x0, 0.5):.1f}" '
                f'height="12"/>'
            )
        parts.append(
            f'<text class="pk-chart-axis" x="{width - right + 6}" y="{y + 27}">{_kr(bar.actual)}</text>'
        )
    legend_y = height - 10
    parts.append(
        f'<rect class="pk-chart-budget-bar" x="{label_w}" y="{legend_y - 10}" width="14" height="10"/>'
        f'<text class="pk-chart-legend" x="{label_w + 20}" y="{legend_y}">{escape(budget_label)}</text>'
        f'<rect class="pk-chart-actual" x="{label_w + 200}" y="{legend_y - 10}" width="14" height="10"/>'
        f'<text class="pk-chart-legend" x="{label_w + 220}" y="{legend_y}">{escape(actual_label)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
