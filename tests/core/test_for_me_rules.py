"""The rules *Til mig* now tests in SQL (``core.registry.register_due_query``), on SQLite and on
PostgreSQL alike: the boards over capacity (``moscow.warnings``' two breaches on summed hours), the
evaluation cycle's due date (``cycle.add_months``), the meetings' kinds counted in full, and the
annual cycle's events read for the period's months only."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import DateField, Value

from programkontor.core.registry import PER_CATEGORY, DueGroup, due_for
from programkontor.evaluation.cycle import add_months
from programkontor.evaluation.panels import AddMonths
from programkontor.planning import moscow
from programkontor.planning.models import PlanningSettings
from programkontor.planning.wording import warning_heading
from programkontor.portfolio.models import Product
from tests.conftest import World
from tests.core.test_for_me import TODAY
from tests.governance.factories import CycleEventFactory, MeetingFactory, at
from tests.planning.factories import TimeboxFactory, WorkItemFactory


def group(world: World, name: str, key: str) -> DueGroup | None:
    return next(iter(due_for(world[name], TODAY(), prefix=key)), None)


def test_a_board_is_over_capacity_past_its_limits_not_at_them(world: World) -> None:
    PlanningSettings.objects.create(
        program=world.product.program, must_max_percent=Decimal(50), could_min_percent=Decimal(20)
    )

    def board(name: str, capacity: str, *work: tuple[str, str, str]) -> None:
        box = TimeboxFactory(product=world.product, name=name, capacity_hours=Decimal(capacity))
        for priority, hours, status in work:
            WorkItemFactory(timebox=box, priority=priority, estimate_hours=Decimal(hours), status=status)

    # At the program's 50 % MUST and at the capacity: not over (proposed, dropped and WON'T work
    # does not count).
    board(
        "A ved grænsen", "10", ("must", "5", "agreed"), ("should", "5", "agreed"),
        ("must", "50", "proposed"), ("must", "50", "dropped"), ("wont", "50", "agreed"),
    )  # fmt: skip
    board("B for meget MUST", "10", ("must", "5.01", "agreed"))
    board("C over kapaciteten", "10", ("should", "10.25", "agreed"))
    board("D begge", "4", ("must", "3", "done"), ("could", "2", "agreed"))
    # Another program's board, without settings: DSDM's 60 %.
    other = TimeboxFactory(product=world.other_product, name="E DSDM", capacity_hours=Decimal(10))
    WorkItemFactory(timebox=other, priority="must", estimate_hours=Decimal(6))
    found = group(world, "alice", "planning.capacity")
    assert found is not None
    assert [item.title for item in found.items] == ["B for meget MUST", "C over kapaciteten", "D begge"]
    assert found.total == 3
    notes = {item.title: item.note for item in found.items}
    settings = moscow.Thresholds(must_max=Decimal(50), could_min=Decimal(20))
    expected = [
        w
        for w in moscow.warnings([moscow.Item(1, "", moscow.Priority.MUST, Decimal(3)),
                                  moscow.Item(2, "", moscow.Priority.COULD, Decimal(2))],
                                 Decimal(4), settings)
        if w.code != moscow.WarningCode.COULD_UNDER_LIMIT
    ]  # fmt: skip
    assert notes["D begge"] == " · ".join(warning_heading(w) for w in expected)
    assert len(expected) == 2

    WorkItemFactory(timebox=other, priority="must", estimate_hours=Decimal("0.5"))  # 65 % of 10
    found = group(world, "alice", "planning.capacity")
    assert found is not None and "E DSDM" in [item.title for item in found.items]


def test_the_due_date_of_an_evaluation_is_computed_in_sql_as_the_cycle_does(world: World) -> None:
    days = [datetime.date(2023, 8, 29) + datetime.timedelta(days) for days in range(0, 520, 3)]
    days += [datetime.date(year, month, 31) for year in (2023, 2024) for month in (1, 3, 5, 7, 8, 10, 12)]
    for day in days:
        for months in (1, 6, 11):
            computed = (
                Product.objects.annotate(due=AddMonths(Value(day, output_field=DateField()), months))
                .values_list("due", flat=True)
                .first()
            )
            assert computed == add_months(day, months), (day, months)


def test_every_meeting_of_a_kind_is_counted_and_the_first_shown_by_day_and_title(world: World) -> None:
    for i in range(PER_CATEGORY + 3):
        MeetingFactory(
            body=world.steering, title=f"Møde {i:02d}", starts_at=at(3 + i % 2), status="agenda_sent"
        )
    MeetingFactory(body=world.steering, title="", starts_at=at(3), status="agenda_sent")  # the body's name
    found = group(world, "alice", "governance.meetings")
    assert found is not None
    assert found.total == PER_CATEGORY + 4
    titles = [item.title.rsplit(" ", 1)[0] for item in found.items]
    first_day = sorted([f"Møde {i:02d}" for i in range(0, PER_CATEGORY + 3, 2)] + [world.steering.name])
    assert titles[: len(first_day)] == first_day
    assert [item.date for item in found.items] == sorted(item.date for item in found.items)


def test_the_annual_cycle_shows_the_events_of_the_periods_months(world: World) -> None:
    today = TODAY()
    later = add_months(today, 5)
    CycleEventFactory(title="Hver måned", months=[], day=today.day)
    CycleEventFactory(title="Denne måned", months=[today.month], day=today.day)
    CycleEventFactory(title="Om fem måneder", months=[later.month], day=today.day)
    found = group(world, "alice", "governance.cycle")
    assert found is not None
    assert {item.title for item in found.items} == {"Denne måned", "Hver måned"}
    assert [item.date for item in found.items[:2]] == [today, today]
