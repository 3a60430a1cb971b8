"""Geometry of planning's small server-side charts (pure functions; the templates draw them).

* the capacity bar: MUST, SHOULD and COULD hours stacked against the capacity, with the MUST limit
  and the capacity marked;
* a sparkline of an indicator's measurements against its baseline and target.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from programkontor.planning.moscow import COUNTED, Priority

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

    segments = []
    start = Decimal(0)
    for priority in COUNTED:
        value = hours.get(priority, Decimal(0))
        segments.append(Segment(priority, value, x(start), x(start + value) - x(start)))
        start += value
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
        points=" ".join(f"{px},{py}" for px, py in dots),
        dots=dots,
        baseline_y=y(baseline),
        target_y=y(target),
    )
