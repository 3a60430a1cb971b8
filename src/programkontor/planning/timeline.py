"""Quarters and the roadmap's timeline layout as pure functions (no Django).

A roadmap item runs from one quarter to another ("2025-Q3" to "2026-Q1"). :func:`layout` places the
items of each lane (a product, or the program as a whole) on a grid of quarters, stacking items that
overlap in time into rows of their own, puts milestones at their dates and draws dependencies as
arrows from the end of one item to the start of the next. ``charts.roadmap_chart`` draws it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from functools import total_ordering
from typing import Final

from programkontor.core.charts import pack_rows, truncate

_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*[QqKk]\s*([1-4])\s*$")


@total_ordering
@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError("a quarter is numbered 1 to 4")
        if not 1900 <= self.year <= 2999:
            raise ValueError("the year must be between 1900 and 2999")

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``2025-Q3``, ``2025Q3``, ``2025-K3`` (Danish kvartal); ValueError otherwise."""
        match = _QUARTER.match(text or "")
        if not match:
            raise ValueError(f"{text!r} is not a quarter like 2025-Q3")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: datetime.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Quarter):
            return NotImplemented
        return (self.year, self.number) < (other.year, other.number)

    @property
    def index(self) -> int:
        return self.year * 4 + self.number - 1

    @classmethod
    def from_index(cls, index: int) -> Quarter:
        return cls(index // 4, index % 4 + 1)

    def shift(self, quarters: int) -> Quarter:
        return Quarter.from_index(self.index + quarters)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> datetime.date:
        return self.shift(1).start - datetime.timedelta(days=1)

    @property
    def label(self) -> str:
        """Danish short form: ``K3 2025``."""
        return f"K{self.number} {self.year}"


def quarter_range(first: Quarter, last: Quarter) -> list[Quarter]:
    if last < first:
        raise ValueError("the range ends before it starts")
    return [Quarter.from_index(i) for i in range(first.index, last.index + 1)]


# --------------------------------------------------------------------------------------------
# The layout.

LABEL_WIDTH: Final = 180
QUARTER_WIDTH: Final = 150
HEADER_HEIGHT: Final = 36
ROW_HEIGHT: Final = 30
BAR_HEIGHT: Final = 22
LANE_PADDING: Final = 8
MILESTONE_ROW: Final = 22


@dataclass(frozen=True)
class ItemIn:
    key: Hashable
    lane: Hashable
    title: str
    start: Quarter
    end: Quarter
    status: str = ""
    url: str = ""


@dataclass(frozen=True)
class MilestoneIn:
    key: Hashable
    lane: Hashable
    title: str
    date: datetime.date
    status: str = ""
    url: str = ""


@dataclass(frozen=True)
class LaneIn:
    key: Hashable
    label: str
    url: str = ""


@dataclass(frozen=True)
class Bar:
    item: ItemIn
    x: int
    y: int
    width: int
    height: int
    #: How many characters of the title fit in the bar (the template truncates).
    chars: int

    @property
    def text_x(self) -> int:
        return self.x + 6

    @property
    def text_y(self) -> int:
        return self.y + self.height // 2 + 4

    @property
    def short_title(self) -> str:
        return truncate(self.item.title, self.chars)


@dataclass(frozen=True)
class Diamond:
    milestone: MilestoneIn
    x: int
    y: int
    size: int = 7

    @property
    def points(self) -> str:
        s = self.size
        return f"{self.x},{self.y - s} {self.x + s},{self.y} {self.x},{self.y + s} {self.x - s},{self.y}"


@dataclass(frozen=True)
class Arrow:
    source: Hashable
    target: Hashable
    path: str
    #: The target starts in a quarter before the one the source ends in: the plan breaks the dependency.
    conflict: bool


@dataclass
class Lane:
    lane: LaneIn
    y: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    diamonds: list[Diamond] = field(default_factory=list)

    @property
    def label_y(self) -> int:
        return self.y + min(self.height, ROW_HEIGHT + LANE_PADDING) // 2 + 5


@dataclass(frozen=True)
class Column:
    quarter: Quarter
    x: int
    width: int
    current: bool

    @property
    def label_x(self) -> int:
        return self.x + self.width // 2


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    columns: tuple[Column, ...]
    lanes: tuple[Lane, ...]
    arrows: tuple[Arrow, ...]
    today_x: int | None
    header_height: int = HEADER_HEIGHT
    label_width: int = LABEL_WIDTH


def default_span(
    items: Sequence[ItemIn], milestones: Sequence[MilestoneIn], today: datetime.date
) -> tuple[Quarter, Quarter]:
    """From the earliest to the latest quarter used, at least the current year's four quarters."""
    current = Quarter.of(today)
    quarters = [q for item in items for q in (item.start, item.end)]
    quarters += [Quarter.of(m.date) for m in milestones]
    first = min([Quarter(current.year, 1), *quarters])
    last = max([Quarter(current.year, 4), *quarters])
    return first, last


def _x_of_date(day: datetime.date, first: Quarter, columns: int) -> int | None:
    quarter = Quarter.of(day)
    offset = quarter.index - first.index
    if not 0 <= offset < columns:
        return None
    days = (quarter.end - quarter.start).days + 1
    fraction = (day - quarter.start).days / days
    return LABEL_WIDTH + round((offset + fraction) * QUARTER_WIDTH)


def _rows(bars: Sequence[ItemIn]) -> list[int]:
    """Stack overlapping items: each item goes to the first row that is free from its start."""
    return pack_rows([(item.start.index, item.end.index) for item in bars])


def layout(
    lanes: Sequence[LaneIn],
    items: Sequence[ItemIn],
    milestones: Sequence[MilestoneIn],
    dependencies: Sequence[tuple[Hashable, Hashable]],
    *,
    first: Quarter,
    last: Quarter,
    today: datetime.date,
) -> Layout:
    """Place everything. Items outside ``first``-``last`` are clipped to it (or left out if wholly
    outside); ``dependencies`` are (item, depends-on item) pairs: the arrow runs from the item it
    depends on to the item."""
    span = quarter_range(first, last)
    n = len(span)
    current = Quarter.of(today)
    columns = tuple(
        Column(q, LABEL_WIDTH + i * QUARTER_WIDTH, QUARTER_WIDTH, q == current) for i, q in enumerate(span)
    )
    by_lane: dict[Hashable, list[ItemIn]] = {lane.key: [] for lane in lanes}
    for item in sorted(items, key=lambda i: (i.start, i.end, i.title)):
        if item.lane in by_lane and item.end >= first and item.start <= last:
            by_lane[item.lane].append(item)
    stones: dict[Hashable, list[MilestoneIn]] = {lane.key: [] for lane in lanes}
    for milestone in sorted(milestones, key=lambda m: m.date):
        if milestone.lane in stones and first.start <= milestone.date <= last.end:
            stones[milestone.lane].append(milestone)

    placed: dict[Hashable, Bar] = {}
    out_lanes = []
    y = HEADER_HEIGHT
    for lane in lanes:
        lane_items = by_lane[lane.key]
        rows = _rows(lane_items)
        row_count = max(rows, default=-1) + 1
        has_stones = bool(stones[lane.key])
        height = LANE_PADDING * 2 + max(1, row_count) * ROW_HEIGHT + (MILESTONE_ROW if has_stones else 0)
        out = Lane(lane, y, height)
        for item, row in zip(lane_items, rows, strict=True):
            start = max(item.start, first).index - first.index
            end = min(item.end, last).index - first.index
            x = LABEL_WIDTH + start * QUARTER_WIDTH + 3
            width = (end - start + 1) * QUARTER_WIDTH - 6
            bar = Bar(
                item,
                x,
                y + LANE_PADDING + row * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2,
                width,
                BAR_HEIGHT,
                max(0, (width - 12) // 7),
            )
            out.bars.append(bar)
            placed[item.key] = bar
        stone_y = y + LANE_PADDING + max(1, row_count) * ROW_HEIGHT + MILESTONE_ROW // 2
        for milestone in stones[lane.key]:
            stone_x = _x_of_date(milestone.date, first, n)
            if stone_x is not None:
                out.diamonds.append(Diamond(milestone, stone_x, stone_y))
        out_lanes.append(out)
        y += height

    arrows = []
    for item_key, depends_on in dependencies:
        source, target = placed.get(depends_on), placed.get(item_key)
        if source is None or target is None:
            continue
        x1, y1 = source.x + source.width, source.y + source.height // 2
        x2, y2 = target.x, target.y + target.height // 2
        middle = max(x1 + 8, (x1 + x2) // 2) if x2 > x1 + 16 else x1 + 8
        path = f"M{x1},{y1} H{middle} V{y2} H{x2}"
        # At the grain of quarters, starting in the quarter the other ends is allowed.
        arrows.append(Arrow(depends_on, item_key, path, target.item.start < source.item.end))

    today_x = _x_of_date(today, first, n)
    return Layout(
        width=LABEL_WIDTH + n * QUARTER_WIDTH,
        height=y + 4,
        columns=columns,
        lanes=tuple(out_lanes),
        arrows=tuple(arrows),
        today_x=today_x,
    )


def creates_cycle(edges: Sequence[tuple[Hashable, Hashable]], new: tuple[Hashable, Hashable]) -> bool:
    """Would adding the dependency ``new`` = (item, depends-on) close a cycle among ``edges``?"""
    item, depends_on = new
    if item == depends_on:
        return True
    graph: dict[Hashable, list[Hashable]] = {}
    for a, b in edges:
        graph.setdefault(a, []).append(b)
    # A cycle appears if ``item`` is reachable from ``depends_on`` following "depends on" edges.
    seen: set[Hashable] = set()
    stack = [depends_on]
    while stack:
        node = stack.pop()
        if node == item:
            return True
        if node in seen:
            continue
        seen.add(node)
        stack.extend(graph.get(node, ()))
    return False
