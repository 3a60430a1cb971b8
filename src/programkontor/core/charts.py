"""Server-side SVG charts: every app's chart is plain data here, drawn by one template. No Django here.

An app turns its numbers into a :class:`Chart` — shapes with coordinates, CSS classes (the colours
live in the app's stylesheet, so the Content Security Policy needs no inline style), tooltips, links
and the chart's text alternative — with the geometry below: an axis with round ticks, a linear
scale, stacked segments, pie and ring sectors, points on a circle, rows for overlapping intervals.
``core/charts/chart.html`` (the ``{% chart %}`` tag of ``core_charts``, or an app's inclusion tag
using that template) draws any chart with autoescaping, so a title, label or tooltip typed by a user
is always escaped and there is no SVG markup in Python.

The accessible name: with a ``chart_id`` the ``<svg>`` is labelled by its ``<title>`` and ``<desc>``
(ids ``<chart_id>-title`` and ``<chart_id>-desc``); without one, ``aria-label`` and ``<title>`` are
both the title and the description, "title: description".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate
from typing import ClassVar, TypeVar

Number = int | float
Stackable = TypeVar("Stackable", int, float, Decimal)


# --------------------------------------------------------------------------------------------
# What a chart is made of.


@dataclass(frozen=True, kw_only=True)
class Shape:
    #: CSS classes (the app's stylesheet paints them).
    css: str = ""
    #: Shown on hover and read by screen readers: the shape's ``<title>``.
    tooltip: str = ""
    #: Presentation attributes, for charts that must look right without the app's stylesheet (PDF).
    fill: str = ""
    stroke: str = ""
    stroke_width: str = ""
    #: ``data-<name>="<value>"`` attributes (names are the code's, values are escaped).
    data: tuple[tuple[str, str], ...] = ()
    kind: ClassVar[str] = ""


@dataclass(frozen=True, kw_only=True)
class Rect(Shape):
    x: Number
    y: Number
    width: Number
    height: Number
    rx: Number = 0
    kind: ClassVar[str] = "rect"


@dataclass(frozen=True, kw_only=True)
class Line(Shape):
    x1: Number
    y1: Number
    x2: Number
    y2: Number
    kind: ClassVar[str] = "line"


@dataclass(frozen=True, kw_only=True)
class Polyline(Shape):
    #: ``"x,y x,y ..."`` (see :func:`points`).
    points: str
    kind: ClassVar[str] = "polyline"


@dataclass(frozen=True, kw_only=True)
class Polygon(Shape):
    points: str
    kind: ClassVar[str] = "polygon"


@dataclass(frozen=True, kw_only=True)
class Path(Shape):
    #: Path data (numbers and commands only; see :func:`sector_path`).
    d: str
    #: The id of a :class:`Marker` of the chart drawn at the end of the path.
    marker_end: str = ""
    kind: ClassVar[str] = "path"


@dataclass(frozen=True, kw_only=True)
class Circle(Shape):
    cx: Number
    cy: Number
    r: Number
    kind: ClassVar[str] = "circle"


@dataclass(frozen=True, kw_only=True)
class Text(Shape):
    x: Number
    y: Number
    text: str
    #: ``start``, ``middle`` or ``end`` ("" leaves it to the stylesheet).
    anchor: str = ""
    #: ``dominant-baseline`` ("" leaves it to the stylesheet).
    baseline: str = ""
    #: ``font-size`` in user units (``None`` leaves it to the stylesheet; a PDF renderer that ignores
    #: CSS inside SVG needs it written on the text).
    font_size: Number | None = None
    kind: ClassVar[str] = "text"


@dataclass(frozen=True, kw_only=True)
class Link(Shape):
    """Shapes inside one link (``<a href>``)."""

    href: str
    shapes: tuple[Shape, ...]
    kind: ClassVar[str] = "link"


@dataclass(frozen=True)
class Marker:
    """An arrowhead the chart's paths can end in (``Path.marker_end``)."""

    marker_id: str
    css: str = ""


@dataclass(frozen=True, kw_only=True)
class Chart:
    width: Number
    height: Number
    title: str
    description: str = ""
    shapes: tuple[Shape, ...] = ()
    #: Labels the chart by its ``<title>``/``<desc>`` ids; unique on the page.
    chart_id: str = ""
    #: The ``<svg>`` element's own id (for links and tests).
    element_id: str = ""
    css: str = ""
    #: Give the ``<svg>`` width and height attributes (its natural size) besides the viewBox.
    sized: bool = False
    markers: tuple[Marker, ...] = ()

    @property
    def label(self) -> str:
        """The text alternative in one string: "title: description"."""
        return f"{self.title}: {self.description}" if self.description else self.title


def number(value: Number) -> str:
    """A coordinate for SVG: at most two decimals, no trailing zeros, never localised (``12.5``)."""
    if isinstance(value, int):
        return str(value)
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# --------------------------------------------------------------------------------------------
# Axes and scales.


def nice_step(maximum: int, ticks: int = 4) -> int:
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


@dataclass(frozen=True)
class Axis:
    """A value axis with round ticks from ``bottom`` to ``top`` (both include zero)."""

    bottom: int
    top: int
    step: int

    @property
    def span(self) -> int:
        return (self.top - self.bottom) or self.step

    @property
    def ticks(self) -> list[int]:
        return list(range(self.bottom, self.top + 1, self.step))


def axis(values: Iterable[int], ticks: int = 4) -> Axis:
    """The axis that shows every value and zero, in about ``ticks`` round steps."""
    found = list(values)
    low, high = min(0, *found), max(0, *found)
    step = nice_step(high - low, ticks)
    top = -(-high // step) * step if high > 0 else 0
    bottom = (low // step) * step if low < 0 else 0
    return Axis(bottom, top, step)


@dataclass(frozen=True)
class Scale:
    """Maps ``low``..``high`` linearly onto ``start``..``end`` (``end`` may be less than ``start``)."""

    low: Number
    high: Number
    start: Number
    end: Number

    def __call__(self, value: Number) -> float:
        span = (self.high - self.low) or 1
        return self.start + (self.end - self.start) * (value - self.low) / span


def stack(values: Sequence[Stackable]) -> list[tuple[Stackable, Stackable]]:
    """Each value's start and end when the values are stacked one after the other from zero."""
    ends = list(accumulate(values))
    return [(ends[i - 1] if i else value - value, ends[i]) for i, value in enumerate(values)]


def points(pairs: Iterable[tuple[Number, Number]]) -> str:
    """``[(1, 2), (3.25, 4)]`` → ``"1,2 3.25,4"`` (a polyline's or polygon's points)."""
    return " ".join(f"{number(x)},{number(y)}" for x, y in pairs)


def truncate(text: str, chars: int) -> str:
    """At most ``chars`` characters, the last one an ellipsis when the text is cut."""
    if len(text) <= chars:
        return text
    return text[: max(0, chars - 1)] + "…" if chars > 1 else ""


# --------------------------------------------------------------------------------------------
# Circles: angles in radians from twelve o'clock, clockwise.


def polar(cx: Number, cy: Number, radius: Number, angle: float) -> tuple[float, float]:
    """The point at ``angle`` on the circle of ``radius`` around (cx, cy)."""
    return cx + radius * math.sin(angle), cy - radius * math.cos(angle)


def sector_path(cx: Number, cy: Number, outer: Number, start: float, end: float, inner: Number = 0) -> str:
    """Path data of a pie slice (``inner`` 0) or a ring segment from ``start`` to ``end``."""
    large = 1 if end - start > math.pi else 0
    x1, y1 = polar(cx, cy, outer, start)
    x2, y2 = polar(cx, cy, outer, end)
    arc = f"A {number(outer)} {number(outer)} 0 {large} 1 {number(x2)} {number(y2)}"
    if not inner:
        return f"M {number(cx)} {number(cy)} L {number(x1)} {number(y1)} {arc} Z"
    x3, y3 = polar(cx, cy, inner, end)
    x4, y4 = polar(cx, cy, inner, start)
    back = f"A {number(inner)} {number(inner)} 0 {large} 0 {number(x4)} {number(y4)}"
    return f"M {number(x1)} {number(y1)} {arc} L {number(x3)} {number(y3)} {back} Z"


def pie_angles(values: Sequence[Number]) -> list[tuple[float, float]]:
    """Each value's start and end angle in a full circle of their sum (all zero: no angles)."""
    total = sum(values)
    if total <= 0:
        return []
    return [(2 * math.pi * start / total, 2 * math.pi * end / total) for start, end in stack(values)]


# --------------------------------------------------------------------------------------------
# Timelines.


def pack_rows(intervals: Sequence[tuple[int, int]]) -> list[int]:
    """A row for each (start, end) interval, in the given order: each goes to the first row that is
    free from its start (its last interval ends before it), so overlapping intervals never share one."""
    row_ends: list[int] = []
    rows = []
    for start, end in intervals:
        for row, row_end in enumerate(row_ends):
            if row_end < start:
                row_ends[row] = end
                rows.append(row)
                break
        else:
            row_ends.append(end)
            rows.append(len(row_ends) - 1)
    return rows
