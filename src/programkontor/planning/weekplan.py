"""The personal week plan as pure functions (no Django): recurring responsibilities fitted into the
hours of one ISO week.

:func:`plan_week` scales the recurring responsibilities to the hours a week really has (holidays,
absence) and plans MUST only up to its limit (:mod:`programkontor.planning.moscow`'s thresholds); the
MUST work beyond it is listed for escalation with the hours that were left.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum
from typing import Final

from programkontor.planning.moscow import (
    COUNTED,
    DSDM,
    HUNDRED,
    ZERO,
    Item,
    Priority,
    Thresholds,
    Warning,
    WarningCode,
    share_of,
    totals,
    warnings,
)


@dataclass(frozen=True)
class Absence:
    """Away from ``start`` to ``end`` (inclusive). ``hours_per_day`` None: whole days."""

    start: datetime.date
    end: datetime.date
    hours_per_day: Decimal | None = None
    label: str = ""


@dataclass(frozen=True)
class DayOff:
    day: datetime.date
    reason: str  # "holiday" or "absence"
    label: str
    hours: Decimal


@dataclass(frozen=True)
class Availability:
    """The hours a person has in a week, and what took hours away."""

    weekly_hours: Decimal
    workdays: int
    days_off: tuple[DayOff, ...]
    hours: Decimal

    @property
    def daily_hours(self) -> Decimal:
        return self.weekly_hours / 5

    @property
    def lost_hours(self) -> Decimal:
        return self.weekly_hours - self.hours


class Fit(StrEnum):
    PLANNED = "planned"
    #: Did not fit: not enough hours left for this SHOULD/COULD work.
    NO_HOURS_LEFT = "no_hours_left"
    #: MUST work beyond the MUST limit (e.g. 60 % of the available hours): escalate, never dropped silently.
    ESCALATE = "escalate"
    #: A recurring responsibility in a week without any working hours (holidays, absence all week).
    NO_WORKING_HOURS = "no_working_hours"


@dataclass(frozen=True)
class PlannedTask:
    #: The work with the hours it gets this week (a recurring responsibility's hours scaled to a short week).
    item: Item
    fit: Fit
    #: Hours still free when the task was considered (for the explanation of why it did not fit).
    hours_left: Decimal
    #: For MUST work: the hours still inside the MUST limit when the task was considered.
    must_left: Decimal | None = None
    #: For a recurring responsibility: its hours in a normal week (before scaling to a short week).
    normal_hours: Decimal | None = None

    @property
    def fits(self) -> bool:
        return self.fit == Fit.PLANNED

    @property
    def scaled(self) -> bool:
        """Were the responsibility's weekly hours reduced because the week is short?"""
        return self.normal_hours is not None and self.normal_hours != self.item.hours


@dataclass(frozen=True)
class WeekPlan:
    year: int
    week: int
    availability: Availability
    thresholds: Thresholds
    tasks: tuple[PlannedTask, ...]
    warnings: tuple[Warning, ...]
    #: The share of a normal week that is available (1 in a full week, 0.8 with one day off, ...).
    scale: Decimal = Decimal(1)

    @property
    def planned(self) -> list[PlannedTask]:
        return [task for task in self.tasks if task.fits]

    @property
    def not_fitting(self) -> list[PlannedTask]:
        return [task for task in self.tasks if not task.fits]

    @property
    def escalations(self) -> list[PlannedTask]:
        """The MUST work that does not fit inside the MUST limit: to be escalated, in rank order."""
        return [task for task in self.tasks if task.fit == Fit.ESCALATE]

    @property
    def planned_hours(self) -> Decimal:
        return sum((task.item.hours for task in self.planned), ZERO)

    @property
    def free_hours(self) -> Decimal:
        return self.availability.hours - self.planned_hours

    @property
    def must_limit_hours(self) -> Decimal:
        return self.availability.hours * self.thresholds.must_max / HUNDRED

    @property
    def short_week(self) -> bool:
        return self.scale < 1

    def planned_by_priority(self) -> dict[Priority, Decimal]:
        return totals(task.item for task in self.planned)


def week_availability(
    year: int,
    week: int,
    weekly_hours: Decimal,
    holidays: dict[datetime.date, str],
    absences: Iterable[Absence] = (),
) -> Availability:
    """Hours of ISO week ``week``: ``weekly_hours`` spread over Monday-Friday, less days off.

    ``holidays`` maps dates to names (see :mod:`programkontor.planning.holidays`); a holiday beats an
    absence on the same day, and a day is never counted off twice. Partial absences take their hours
    per day, at most a whole day.
    """
    if not weekly_hours.is_finite() or weekly_hours < 0:
        raise ValueError("weekly hours must be a finite number of at least 0")
    monday = datetime.date.fromisocalendar(year, week, 1)
    workdays = [monday + datetime.timedelta(days=offset) for offset in range(5)]
    daily = weekly_hours / 5
    off: list[DayOff] = []
    absences = list(absences)
    for day in workdays:
        if day in holidays:
            off.append(DayOff(day, "holiday", holidays[day], daily))
            continue
        for absence in absences:
            if absence.start <= day <= absence.end:
                hours = (
                    daily if absence.hours_per_day is None else min(daily, max(ZERO, absence.hours_per_day))
                )
                off.append(DayOff(day, "absence", absence.label, hours))
                break
    lost = sum((entry.hours for entry in off), ZERO)
    return Availability(
        weekly_hours=weekly_hours,
        workdays=5 - sum(1 for entry in off if entry.hours >= daily),
        days_off=tuple(off),
        hours=max(ZERO, weekly_hours - lost),
    )


#: Scaled hours are rounded down to a quarter of an hour, as a person plans a week: never more than the
#: exact share, so sums stay inside limits (a 5-hour responsibility in a 29.6-of-37-hour week: 4 hours).
QUARTERS_PER_HOUR: Final = 4


def week_scale(availability: Availability) -> Decimal:
    """The available share of a normal week: available hours / weekly hours (1 for a full week)."""
    if availability.weekly_hours <= 0 or availability.hours >= availability.weekly_hours:
        return Decimal(1)
    return availability.hours / availability.weekly_hours


def scaled_hours(hours: Decimal, availability: Availability) -> Decimal:
    """A recurring responsibility's ``hours`` of a normal week, for this week.

    ``hours * available hours / weekly hours``, rounded down to a quarter of an hour; unchanged in a
    full week. A week with one public holiday (37 → 29.6 hours) gives a 5-hour responsibility 4 hours.
    """
    if availability.weekly_hours <= 0 or availability.hours >= availability.weekly_hours:
        return hours
    exact = hours * availability.hours / availability.weekly_hours
    quarters = (exact * QUARTERS_PER_HOUR).to_integral_value(rounding=ROUND_DOWN)
    return quarters / QUARTERS_PER_HOUR


def plan_week(
    year: int,
    week: int,
    availability: Availability,
    tasks: Sequence[Item],
    thresholds: Thresholds = DSDM,
    *,
    recurring: Sequence[Item] = (),
) -> WeekPlan:
    """Fit the week's work into its available hours: MUST first, then SHOULD, then COULD (each by rank).

    ``recurring`` are the role's responsibilities with their hours in a normal week; ``tasks`` are
    the week's own one-off tasks with their actual hours.

    * **Short weeks.** Holidays and absence reduce the available hours, and the recurring
      responsibilities shrink with them: each gets ``its hours * available hours / hours per week``
      (:func:`scaled_hours`; a week with one public holiday has 29.6 of 37 hours, so every
      responsibility gets 80 % of its hours). A role plan within its limits (MUST at most
      ``must_max`` percent of the normal week) therefore stays within them in every week. One-off
      tasks keep their hours. A week without any working hours plans no responsibilities at all
      (``NO_WORKING_HOURS``). A full week is planned exactly as the hours are written.
    * **MUST inside the limit.** MUST work is planned whole, in rank order, while the planned MUST
      hours stay within ``thresholds.must_max`` percent of the available hours. MUST work that would
      cross the limit is marked ``ESCALATE`` with the hours that were left inside the limit
      (``must_left``): it is listed for escalation, never silently dropped, and a smaller MUST task
      after it may still fit.
    * SHOULD and COULD work fills the hours that remain, whole and in order; a task that does not
      fit is marked ``NO_HOURS_LEFT`` (a smaller task after it may still fit).
    * WON'T work is left out of the week altogether.

    Warnings: ``must_over_60`` when the week's MUST work (as scaled) exceeds the limit,
    ``over_capacity`` when all its work exceeds the available hours, ``could_under_20`` when the
    planned COULD work is below its share.
    """
    available = availability.hours
    must_limit = available * thresholds.must_max / HUNDRED
    # Each piece of work with its hours in a normal week (None for the week's own tasks).
    work: list[tuple[Item, Decimal | None]] = []
    no_hours: list[PlannedTask] = []
    for duty in recurring:
        if duty.priority not in COUNTED:
            continue
        if available <= 0 and duty.hours > 0:
            no_hours.append(PlannedTask(duty, Fit.NO_WORKING_HOURS, ZERO, None, duty.hours))
            continue
        hours = scaled_hours(duty.hours, availability)
        work.append((Item(duty.key, duty.title, duty.priority, hours, duty.rank), duty.hours))
    work.extend((task, None) for task in tasks)
    left = available
    must_so_far = ZERO
    planned: list[PlannedTask] = []
    for priority in COUNTED:
        group = sorted(
            (pair for pair in work if pair[0].priority == priority),
            key=lambda pair: (pair[0].rank, str(pair[0].title)),
        )
        for task, normal in group:
            if priority == Priority.MUST:
                must_left = must_limit - must_so_far
                if task.hours <= must_left and task.hours <= left:
                    planned.append(PlannedTask(task, Fit.PLANNED, left, must_left, normal))
                    must_so_far += task.hours
                    left -= task.hours
                else:
                    planned.append(PlannedTask(task, Fit.ESCALATE, left, must_left, normal))
            elif task.hours <= left:
                planned.append(PlannedTask(task, Fit.PLANNED, left, None, normal))
                left -= task.hours
            else:
                planned.append(PlannedTask(task, Fit.NO_HOURS_LEFT, left, None, normal))
    planned.extend(no_hours)
    counted = [task for task, _normal in work if task.priority in COUNTED]
    fitted = [t.item for t in planned if t.fits]
    found = [w for w in warnings(fitted, available, thresholds) if w.code == WarningCode.COULD_UNDER_LIMIT]
    # The MUST warning is about all MUST work of the week, planned or escalated.
    must_total = sum((t.hours for t in counted if t.priority == Priority.MUST), ZERO)
    if must_total > must_limit:
        found.insert(
            0,
            Warning(
                WarningCode.MUST_OVER_LIMIT,
                must_total,
                must_limit,
                thresholds.must_max,
                share_of(must_total, available),
            ),
        )
    requested = sum((t.hours for t in counted), ZERO)
    if requested > available:
        found.append(
            Warning(WarningCode.OVER_CAPACITY, requested, available, HUNDRED, share_of(requested, available))
        )
    return WeekPlan(
        year=year,
        week=week,
        availability=availability,
        thresholds=thresholds,
        tasks=tuple(planned),
        warnings=tuple(found),
        scale=week_scale(availability),
    )


@dataclass(frozen=True)
class TemplateHours:
    """How a role description's lists become weekly hours when none are given."""

    weekly_hours: Decimal
    #: Shares of the week per priority in percent; MUST inside DSDM's 60 %, COULD its 20 %.
    percents: dict[Priority, Decimal] = field(
        default_factory=lambda: {
            Priority.MUST: Decimal(55),
            Priority.SHOULD: Decimal(25),
            Priority.COULD: Decimal(20),
        }
    )
    #: Hours are rounded to this step (a quarter of an hour).
    step: Decimal = Decimal("0.25")


def spread_hours(count: int, total: Decimal, step: Decimal = Decimal("0.25")) -> list[Decimal]:
    """Split ``total`` hours over ``count`` tasks in multiples of ``step``, as evenly as possible.

    The parts add up to ``total`` rounded to the step (earlier tasks get the remainder first).
    """
    if count <= 0:
        return []
    units = int((total / step).to_integral_value())
    base, extra = divmod(units, count)
    return [step * (base + (1 if index < extra else 0)) for index in range(count)]


def template_hours(counts: dict[Priority, int], spec: TemplateHours) -> dict[Priority, list[Decimal]]:
    """Weekly hours for each task of a template with ``counts`` tasks per priority.

    A priority without tasks gives its share to none: the hours stay free for the week's own work.
    """
    return {
        priority: spread_hours(
            counts.get(priority, 0),
            spec.weekly_hours * spec.percents.get(priority, ZERO) / HUNDRED,
            spec.step,
        )
        for priority in COUNTED
    }
