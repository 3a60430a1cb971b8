"""The MoSCoW rules as pure functions (no Django): shares of capacity, warnings, drop order.

MoSCoW as DSDM defines it: MUST work is what a timebox cannot succeed without; SHOULD is important
but can be left out if pressed; COULD is desirable and the first to go; WON'T (this time) is agreed
to be out of the timebox and does not count. DSDM's guidance is the default: MUST effort above 60 %
of the capacity is a risk of failure, and a pool of COULD of about 20 % is the contingency. Both
thresholds are parameters (:class:`Thresholds`), configurable per program.

Hours are :class:`~decimal.Decimal` throughout, so sums are exact. Shares are percentages of the
capacity (``None`` when the capacity is zero); the warnings compare hours, never divide.

When the capacity is too small, :func:`drop_plan` names what to drop: COULD first, then SHOULD,
each in reverse rank order (the least important first: rank 1 is the most important). MUST work is
never dropped silently — the MUST items that still do not fit are listed apart, *for escalation* to
the steering group. The personal week plan is in :mod:`programkontor.planning.weekplan`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

ZERO: Final = Decimal(0)
HUNDRED: Final = Decimal(100)


class Priority(StrEnum):
    MUST = "must"
    SHOULD = "should"
    COULD = "could"
    WONT = "wont"

    @property
    def label(self) -> str:
        """The name users know: MUST, SHOULD, COULD, WON'T."""
        return "WON'T" if self is Priority.WONT else self.name

    @classmethod
    def parse(cls, text: str) -> Priority:
        """``must``, ``MUST``, ``Won't``, ``WONT`` ...; ValueError for anything else."""
        key = text.strip().lower().replace("'", "").replace("\u2019", "")
        try:
            return cls(key)
        except ValueError:
            raise ValueError(f"unknown priority {text.strip()!r}") from None


#: The priorities that count against the capacity, most important first.
COUNTED: Final = (Priority.MUST, Priority.SHOULD, Priority.COULD)
#: The order in which work is dropped when the capacity is too small (MUST never).
DROPPABLE: Final = (Priority.COULD, Priority.SHOULD)


class WarningCode(StrEnum):
    MUST_OVER_LIMIT = "must_over_60"
    COULD_UNDER_LIMIT = "could_under_20"
    OVER_CAPACITY = "over_capacity"


@dataclass(frozen=True)
class Thresholds:
    """Percentages of the capacity: MUST above ``must_max`` and COULD below ``could_min`` are warned."""

    must_max: Decimal = Decimal(60)
    could_min: Decimal = Decimal(20)

    def __post_init__(self) -> None:
        for name in ("must_max", "could_min"):
            value = getattr(self, name)
            if not ZERO <= value <= HUNDRED:
                raise ValueError(f"{name} must be between 0 and 100, not {value}")


DSDM: Final = Thresholds()


@dataclass(frozen=True)
class Item:
    """A piece of work as the rules see it. ``rank``: 1 is the most important within its priority."""

    key: Hashable
    title: str
    priority: Priority
    hours: Decimal
    rank: int = 0

    def __post_init__(self) -> None:
        if not self.hours.is_finite() or self.hours < 0:
            raise ValueError(f"hours must be a finite number of at least 0, not {self.hours}")


@dataclass(frozen=True)
class Share:
    priority: Priority
    hours: Decimal
    #: Percentage of the capacity, or None when the capacity is zero.
    share: Decimal | None


@dataclass(frozen=True)
class Warning:
    code: WarningCode
    #: The measured hours and the limit in hours they crossed.
    hours: Decimal
    limit_hours: Decimal
    #: The threshold in percent (for over_capacity: 100).
    percent: Decimal
    #: The measured share of capacity in percent (None when the capacity is zero).
    share: Decimal | None


@dataclass(frozen=True)
class DropPlan:
    """What to drop to get within ``capacity``, in order, and the MUST work that needs escalation."""

    capacity: Decimal
    total_before: Decimal
    drop: tuple[Item, ...]
    escalate: tuple[Item, ...]

    @property
    def dropped_hours(self) -> Decimal:
        return sum((item.hours for item in self.drop), ZERO)

    @property
    def total_after(self) -> Decimal:
        """Hours left after dropping the COULD and SHOULD work in ``drop`` (MUST kept)."""
        return self.total_before - self.dropped_hours

    @property
    def escalation_hours(self) -> Decimal:
        """MUST hours beyond the capacity once everything droppable is dropped (0 if it fits)."""
        return max(ZERO, self.total_after - self.capacity)

    @property
    def fits(self) -> bool:
        return self.total_after <= self.capacity


@dataclass(frozen=True)
class Analysis:
    capacity: Decimal
    thresholds: Thresholds
    hours: dict[Priority, Decimal]
    shares: tuple[Share, ...]
    warnings: tuple[Warning, ...]
    drop_plan: DropPlan

    @property
    def total(self) -> Decimal:
        """Hours that count against the capacity (MUST, SHOULD, COULD; not WON'T)."""
        return sum((self.hours[p] for p in COUNTED), ZERO)

    @property
    def total_share(self) -> Decimal | None:
        return share_of(self.total, self.capacity)

    @property
    def codes(self) -> list[str]:
        return [str(warning.code) for warning in self.warnings]


def share_of(hours: Decimal, capacity: Decimal) -> Decimal | None:
    """``hours`` as a percentage of ``capacity``; None when the capacity is zero."""
    if capacity <= 0:
        return None
    return hours * HUNDRED / capacity


def totals(items: Iterable[Item]) -> dict[Priority, Decimal]:
    hours = dict.fromkeys(Priority, ZERO)
    for item in items:
        hours[item.priority] += item.hours
    return hours


def shares(items: Iterable[Item], capacity: Decimal) -> tuple[Share, ...]:
    hours = totals(items)
    return tuple(Share(p, hours[p], share_of(hours[p], capacity)) for p in Priority)


def warnings(items: Iterable[Item], capacity: Decimal, thresholds: Thresholds = DSDM) -> tuple[Warning, ...]:
    """MUST over its limit, COULD under its target, total over capacity — in that order."""
    _check_capacity(capacity)
    hours = totals(items)
    must, could = hours[Priority.MUST], hours[Priority.COULD]
    total = sum((hours[p] for p in COUNTED), ZERO)
    found = []
    must_limit = capacity * thresholds.must_max / HUNDRED
    if must > must_limit:
        found.append(
            Warning(
                WarningCode.MUST_OVER_LIMIT, must, must_limit, thresholds.must_max, share_of(must, capacity)
            )
        )
    could_target = capacity * thresholds.could_min / HUNDRED
    if could < could_target:
        found.append(
            Warning(
                WarningCode.COULD_UNDER_LIMIT,
                could,
                could_target,
                thresholds.could_min,
                share_of(could, capacity),
            )
        )
    if total > capacity:
        found.append(Warning(WarningCode.OVER_CAPACITY, total, capacity, HUNDRED, share_of(total, capacity)))
    return tuple(found)


def drop_order(items: Iterable[Item]) -> list[Item]:
    """Every COULD item, then every SHOULD item, each least important (highest rank) first."""
    ordered: list[Item] = []
    for priority in DROPPABLE:
        group = [item for item in items if item.priority == priority]
        ordered.extend(_least_important_first(group))
    return ordered


def _least_important_first(group: Sequence[Item]) -> list[Item]:
    # Stable for equal ranks: of two items with the same rank the later one goes first.
    indexed = list(enumerate(group))
    indexed.sort(key=lambda pair: (pair[1].rank, pair[0]), reverse=True)
    return [item for _index, item in indexed]


def drop_plan(items: Sequence[Item], capacity: Decimal) -> DropPlan:
    """Drop COULD, then SHOULD work (least important first) until the rest fits ``capacity``.

    Whole items are dropped in the agreed order, never skipped to save a bigger one: the order is
    the priority the body agreed. If even the MUST work alone exceeds the capacity, the MUST items
    that do not fit (least important first) are returned in ``escalate``, never in ``drop``.
    """
    _check_capacity(capacity)
    counted = [item for item in items if item.priority in COUNTED]
    total = sum((item.hours for item in counted), ZERO)
    remaining = total
    dropped: list[Item] = []
    for item in drop_order(counted):
        if remaining <= capacity:
            break
        dropped.append(item)
        remaining -= item.hours
    escalate: list[Item] = []
    if remaining > capacity:
        over = remaining - capacity
        for item in _least_important_first([i for i in counted if i.priority == Priority.MUST]):
            if over <= 0:
                break
            escalate.append(item)
            over -= item.hours
    return DropPlan(capacity=capacity, total_before=total, drop=tuple(dropped), escalate=tuple(escalate))


def if_capacity_shrinks(items: Sequence[Item], capacity: Decimal, by_hours: Decimal) -> DropPlan:
    """What would be dropped first if ``capacity`` shrank by ``by_hours`` (never below zero)."""
    if by_hours < 0:
        raise ValueError("the capacity can only shrink by a positive number of hours")
    return drop_plan(items, max(ZERO, capacity - by_hours))


def analyse(items: Sequence[Item], capacity: Decimal, thresholds: Thresholds = DSDM) -> Analysis:
    _check_capacity(capacity)
    return Analysis(
        capacity=capacity,
        thresholds=thresholds,
        hours=totals(items),
        shares=shares(items, capacity),
        warnings=warnings(items, capacity, thresholds),
        drop_plan=drop_plan(items, capacity),
    )


def _check_capacity(capacity: Decimal) -> None:
    if not capacity.is_finite() or capacity < 0:
        raise ValueError(f"the capacity must be a finite number of at least 0, not {capacity}")


# --------------------------------------------------------------------------------------------
# Plain data for JSON (the CLI's --format json and the API use the same shape).


def number(value: Decimal | None) -> float | None:
    """A Decimal as a JSON number, rounded to two decimals (None stays None)."""
    return None if value is None else float(round(value, 2))


def item_dict(item: Item, *, escalate: bool = False) -> dict[str, object]:
    data: dict[str, object] = {
        "title": item.title,
        "priority": item.priority.name,
        "hours": number(item.hours),
        "escalate": escalate,
    }
    if isinstance(item.key, int | str) and not isinstance(item.key, bool):
        data["key"] = item.key
    return data


def drop_plan_dict(plan: DropPlan) -> dict[str, object]:
    return {
        "capacity": number(plan.capacity),
        "drop": [item_dict(item) for item in plan.drop],
        "escalate": [item_dict(item, escalate=True) for item in plan.escalate],
        "dropped_hours": number(plan.dropped_hours),
        "total_after": number(plan.total_after),
        "escalation_hours": number(plan.escalation_hours),
        "fits": plan.fits,
    }


def analysis_dict(analysis: Analysis) -> dict[str, object]:
    """``capacity``, ``hours`` and ``shares`` per priority (MUST, SHOULD, COULD, WONT), ``total_hours``,
    ``total_share``, ``thresholds``, ``warnings`` (with ``code``), and the drop plan (``drop``:
    COULD then SHOULD items to drop in order; ``escalate``: MUST items beyond the capacity)."""
    return {
        "capacity": number(analysis.capacity),
        "hours": {share.priority.name: number(share.hours) for share in analysis.shares},
        "shares": {share.priority.name: number(share.share) for share in analysis.shares},
        "total_hours": number(analysis.total),
        "total_share": number(analysis.total_share),
        "thresholds": {
            "must_max": number(analysis.thresholds.must_max),
            "could_min": number(analysis.thresholds.could_min),
        },
        "warnings": [
            {
                "code": str(w.code),
                "hours": number(w.hours),
                "limit_hours": number(w.limit_hours),
                "percent": number(w.percent),
                "share": number(w.share),
            }
            for w in analysis.warnings
        ],
        **drop_plan_dict(analysis.drop_plan),
    }
