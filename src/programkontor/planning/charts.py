"""Planning's charts as core chart data (pure functions; core's chart template draws them).

* the capacity bar: MUST, SHOULD and COULD hours stacked against the capacity, with the MUST limit
  and the capacity marked;
* a sparkline of an indicator's measurements against its baseline and target;
* an indicator's progress as a meter;
* the roadmap, from the layout of ``timeline.py``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from programkontor.core import charts as c
from programkontor.planning.moscow import COUNTED, Priority
from programkontor.planning.timeline import ItemIn, Layout, MilestoneIn

BAR_WIDTH: Final = 1000
BAR_HEIGHT: Final = 44
BAR_TOP: Final = 8
BAR_THICKNESS: Final = 28


@dataclass(frozen=True)
class Segment:
    priority: Priority
    hours: Decimal
    x: int
    width: int

    @property
    def css(self) -> str:
        return f"pk-bar-{self.priority.value}"


@dataclass(frozen=True)
class CapacityBar:
    width: int
    height: int
    top: int
    thickness: int
    segments: tuple[Segment, ...]
    capacity_x: int
    must_limit_x: int
    over: bool
    #: Width of the part beyond the capacity (drawn hatched), 0 if it fits.
    over_x: int
    over_width: int


def capacity_bar(hours: dict[Priority, Decimal], capacity: Decimal, must_max_percent: Decimal) -> CapacityBar:
    """Scale: the larger of capacity and planned hours fills the width (at least one hour)."""
    total = sum((hours.get(p, Decimal(0)) for p in COUNTED), Decimal(0))
    scale_to = max(capacity, total, Decimal(1))

    def x(value: Decimal) -> int:
        return round(value * BAR_WIDTH / scale_to)

    values = [hours.get(priority, Decimal(0)) for priority in COUNTED]
    segments = [
        Segment(priority, value, x(start), x(end) - x(start))
        for priority, value, (start, end) in zip(COUNTED, values, c.stack(values), strict=True)
    ]
    capacity_x = x(capacity)
    return CapacityBar(
        width=BAR_WIDTH,
        height=BAR_HEIGHT,
        top=BAR_TOP,
        thickness=BAR_THICKNESS,
        segments=tuple(segments),
        capacity_x=capacity_x,
        must_limit_x=x(capacity * must_max_percent / 100),
        over=total > capacity,
        over_x=capacity_x,
        over_width=max(0, x(total) - capacity_x),
    )


SPARK_WIDTH: Final = 300
SPARK_HEIGHT: Final = 60
SPARK_PAD: Final = 6


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    points: str
    dots: tuple[tuple[int, int], ...]
    baseline_y: int
    target_y: int


def sparkline(
    readings: Sequence[tuple[datetime.date, Decimal]], baseline: Decimal, target: Decimal
) -> Sparkline | None:
    """Measurements (oldest first) as a polyline between the baseline and target lines."""
    if not readings:
        return None
    values = [value for _day, value in readings] + [baseline, target]
    low, high = min(values), max(values)
    span = high - low or Decimal(1)
    first, last = readings[0][0], readings[-1][0]
    days = (last - first).days or 1

    def y(value: Decimal) -> int:
        return round(SPARK_HEIGHT - SPARK_PAD - (value - low) * (SPARK_HEIGHT - 2 * SPARK_PAD) / span)

    def x(day: datetime.date) -> int:
        if len(readings) == 1:
            return SPARK_WIDTH // 2
        return round(SPARK_PAD + (day - first).days * (SPARK_WIDTH - 2 * SPARK_PAD) / days)

    dots = tuple((x(day), y(value)) for day, value in readings)
    return Sparkline(
        width=SPARK_WIDTH,
        height=SPARK_HEIGHT,
        points=c.points(dots),
        dots=dots,
        baseline_y=y(baseline),
        target_y=y(target),
    )


# --------------------------------------------------------------------------------------------
# As core charts (the texts come translated from ``templatetags/planning_charts.py``).


def capacity_chart(
    bar: CapacityBar, *, title: str, description: str, segment_tooltips: Sequence[str], over_tooltip: str
) -> c.Chart:
    """The capacity bar: ``segment_tooltips`` name each segment's priority and hours."""
    shapes: list[c.Shape] = [
        c.Rect(css="pk-bar-track", x=0, y=bar.top, width=bar.width, height=bar.thickness),
    ]
    for segment, tooltip in zip(bar.segments, segment_tooltips, strict=True):
        if segment.width:
            shapes.append(
                c.Rect(
                    css=segment.css,
                    x=segment.x,
                    y=bar.top,
                    width=segment.width,
                    height=bar.thickness,
                    tooltip=tooltip,
                    data=(("priority", segment.priority.value), ("hours", str(segment.hours))),
                )
            )
    if bar.over:
        shapes.append(
            c.Rect(
                css="pk-bar-over",
                x=bar.over_x,
                y=bar.top,
                width=bar.over_width,
                height=bar.thickness,
                tooltip=over_tooltip,
            )
        )
    bottom = bar.top + bar.thickness
    shapes += [
        c.Line(css="pk-bar-limit", x1=bar.must_limit_x, x2=bar.must_limit_x, y1=2, y2=bottom + 6),
        c.Line(css="pk-bar-capacity", x1=bar.capacity_x, x2=bar.capacity_x, y1=0, y2=bottom + 8),
        c.Text(css="pk-bar-label", x=4, y=bar.height + 16, text="0"),
    ]
    return c.Chart(
        width=bar.width,
        height=bar.height + 22,
        title=title,
        description=description,
        chart_id="capacity",
        shapes=tuple(shapes),
    )


def sparkline_chart(spark: Sparkline, *, title: str) -> c.Chart:
    """The measurements between the baseline (gray) and the target (green)."""
    shapes: list[c.Shape] = [
        c.Line(css="pk-spark-baseline", x1=0, x2=spark.width, y1=spark.baseline_y, y2=spark.baseline_y),
        c.Line(css="pk-spark-target", x1=0, x2=spark.width, y1=spark.target_y, y2=spark.target_y),
        c.Polyline(css="pk-spark-line", points=spark.points),
    ]
    shapes += [c.Circle(css="pk-spark-dot", cx=x, cy=y, r=3) for x, y in spark.dots]
    return c.Chart(width=spark.width, height=spark.height, title=title, css="pk-spark", shapes=tuple(shapes))


def meter_chart(done: int, *, title: str) -> c.Chart:
    """Progress as a filled share (``done`` 0-100) of a track."""
    return c.Chart(
        width=100,
        height=10,
        title=title,
        css="pk-meter",
        shapes=(
            c.Rect(css="pk-meter-track", x=0, y=0, width=100, height=10),
            c.Rect(css="pk-meter-fill", x=0, y=0, width=done, height=10),
        ),
    )


def roadmap_chart(
    layout: Layout,
    *,
    title: str,
    description: str,
    today: str,
    period: Callable[[ItemIn], str],
    day: Callable[[MilestoneIn], str],
) -> c.Chart:
    """The roadmap: quarters, lanes of items (links), milestones as diamonds, dependency arrows.
    ``period`` and ``day`` write an item's quarters and a milestone's date for their tooltips."""
    shapes: list[c.Shape] = [
        c.Rect(css="pk-rm-header", x=0, y=0, width=layout.width, height=layout.header_height),
    ]
    for column in layout.columns:
        if column.current:
            shapes.append(
                c.Rect(
                    css="pk-rm-current",
                    x=column.x,
                    y=layout.header_height,
                    width=column.width,
                    height=layout.height,
                )
            )
        shapes.append(c.Line(css="pk-rm-grid", x1=column.x, x2=column.x, y1=0, y2=layout.height))
        shapes.append(c.Text(css="pk-rm-quarter", x=column.label_x, y=23, text=column.quarter.label))
    for lane in layout.lanes:
        shapes.append(c.Line(css="pk-rm-lane", x1=0, x2=layout.width, y1=lane.y, y2=lane.y))
        label = c.truncate(lane.lane.label, 24)
        if lane.lane.url:
            text = c.Text(css="pk-rm-label pk-rm-label-link", x=8, y=lane.label_y, text=label)
            shapes.append(c.Link(href=lane.lane.url, shapes=(text,)))
        else:
            shapes.append(c.Text(css="pk-rm-label", x=8, y=lane.label_y, text=label))
        for bar in lane.bars:
            rect = c.Rect(
                css=f"pk-rm-bar pk-rm-bar-{bar.item.status}",
                x=bar.x,
                y=bar.y,
                width=bar.width,
                height=bar.height,
                rx=3,
                tooltip=f"{bar.item.title} ({period(bar.item)})",
                data=(("item", str(bar.item.key)),),
            )
            text = c.Text(css="pk-rm-text", x=bar.text_x, y=bar.text_y, text=bar.short_title)
            shapes.append(c.Link(href=bar.item.url, shapes=(rect, text)))
        for diamond in lane.diamonds:
            stone = diamond.milestone
            polygon = c.Polygon(
                css=f"pk-rm-stone pk-rm-stone-{stone.status}",
                points=diamond.points,
                tooltip=f"{stone.title} ({day(stone)})",
            )
            shapes.append(c.Link(href=stone.url, shapes=(polygon,)))
    for arrow in layout.arrows:
        css = "pk-rm-arrow pk-rm-arrow-conflict" if arrow.conflict else "pk-rm-arrow"
        shapes.append(c.Path(css=css, d=arrow.path, marker_end="arrowhead"))
    if layout.today_x:
        shapes.append(
            c.Line(
                css="pk-rm-today",
                x1=layout.today_x,
                x2=layout.today_x,
                y1=layout.header_height,
                y2=layout.height,
                tooltip=today,
            )
        )
    shapes.append(
        c.Line(css="pk-rm-grid", x1=layout.label_width, x2=layout.label_width, y1=0, y2=layout.height)
    )
    return c.Chart(
        width=layout.width,
        height=layout.height,
        title=title,
        description=description,
        chart_id="roadmap",
        element_id="roadmap-svg",
        sized=True,
        markers=(c.Marker("arrowhead", "pk-rm-arrowhead"),),
        shapes=tuple(shapes),
    )
