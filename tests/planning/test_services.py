"""Planning's writes: proposing and agreeing work, priority changes with a reason, the board's moves,
supplier status updates, measurements and the role-plan import."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from programkontor.core import gate, services
from programkontor.planning import services as planning
from programkontor.planning.models import RoadmapDependency, RolePlan, WorkItem
from programkontor.planning.roledoc import parse_role_description
from tests.planning.factories import (
    IndicatorReadingFactory,
    RoadmapItemFactory,
    TimeboxFactory,
    WorkItemFactory,
)

ROLE = """# Testrolle
## MUST
- Styre
- Følge op
## SHOULD
- Skrive
## COULD
- Formidle
Timetal: 20 timer pr. uge.
"""


def test_a_coordination_group_member_proposes_work_that_stays_proposed_and_private(
    world: Any, cora: Any
) -> None:
    item = planning.create_work_item(
        actor=cora,
        fields={"product": world.product, "title": "Bedre søgning", "priority": "must", "status": "agreed"},
    )
    assert item.status == "proposed"
    assert not item.is_published
    record = item.history.get()
    assert record.history_user == cora and record.history_change_reason == "foreslået"
    # Cora sees her proposal (she reads the product) but may not change or agree it.
    assert gate.allows(cora, "view", item)
    assert not gate.allows(cora, "change", item)


def test_others_may_not_propose_work(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        planning.create_work_item(actor=world["dave"], fields={"product": world.product, "title": "Nej"})
    with pytest.raises(PermissionDenied):
        planning.create_work_item(actor=world["grace"], fields={"product": world.product, "title": "Nej"})


def test_writers_create_agreed_work_at_the_end_of_its_column(world: Any, pw: Any) -> None:
    first = planning.create_work_item(
        actor=world["carol"],
        fields={
            "product": world.product,
            "title": "A",
            "priority": "could",
            "status": "agreed",
            "timebox": pw.timebox,
        },
    )
    assert first.status == "agreed"
    assert first.rank == pw.item.rank + 1  # after the COULD item already in the timebox


def test_a_priority_change_needs_a_reason_which_the_history_keeps(world: Any, pw: Any) -> None:
    item = pw.item
    with pytest.raises(ValidationError) as error:
        planning.update_work_item(item, actor=world["bob"], expected_version=1, changes={"priority": "must"})
    assert "reason" in error.value.message_dict
    assert WorkItem.objects.get(pk=item.pk).priority == "could"

    planning.update_work_item(
        item,
        actor=world["bob"],
        expected_version=1,
        changes={"priority": "must"},
        reason="Styregruppen 3. marts: lovkrav",
    )
    item.refresh_from_db()
    assert item.priority == "must" and item.version == 2
    latest = item.history.first()
    assert latest.history_user == world["bob"]
    assert latest.history_change_reason == "Styregruppen 3. marts: lovkrav"
    # Other edits need no reason.
    planning.update_work_item(item, actor=world["bob"], expected_version=2, changes={"title": "Nyt navn"})


def test_a_stale_edit_is_refused(world: Any, pw: Any) -> None:
    with pytest.raises(services.ConflictError):
        planning.update_work_item(pw.item, actor=world["bob"], expected_version=7, changes={"title": "x"})


def test_the_body_with_the_mandate_moves_items_and_is_recorded_as_prioritising(world: Any, pw: Any) -> None:
    # Dave sits in OS2alpha's steering group, which holds the timebox's mandate.
    moved = planning.move_work_item(
        pw.item, actor=world["dave"], expected_version=1, priority="must", reason="Aftalt på mødet"
    )
    assert moved.priority == "must"
    assert moved.prioritised_by == world.steering
    assert moved.history.first().history_change_reason == "Aftalt på mødet"


def test_without_the_mandate_one_may_not_move_items(world: Any, pw: Any) -> None:
    for name in ("erin", "frank", "grace"):
        with pytest.raises(PermissionDenied):
            planning.move_work_item(
                pw.item, actor=world[name], expected_version=1, priority="must", reason="x"
            )
    pw.timebox.mandate_body = None
    pw.timebox.save()
    pw.item.refresh_from_db()
    with pytest.raises(PermissionDenied):
        planning.move_work_item(pw.item, actor=world["dave"], expected_version=1, priority="must", reason="x")


def test_a_move_to_the_same_column_or_an_unknown_one_is_refused(world: Any, pw: Any) -> None:
    with pytest.raises(ValidationError):
        planning.move_work_item(pw.item, actor=world["bob"], expected_version=1, priority="could", reason="x")
    with pytest.raises(ValidationError, match="MUST"):
        planning.move_work_item(pw.item, actor=world["bob"], expected_version=1, priority="maybe", reason="x")


def test_reordering_swaps_neighbours_in_the_column_and_records_it(world: Any, pw: Any) -> None:
    second = WorkItemFactory(timebox=pw.timebox, product=world.product, priority="could", title="B")
    third = WorkItemFactory(timebox=pw.timebox, product=world.product, priority="could", title="C")
    planning.reorder_work_item(third, actor=world["carol"], expected_version=1, direction="up")
    ranks = dict(WorkItem.objects.filter(timebox=pw.timebox).values_list("title", "rank"))
    assert ranks == {"Alpha-opgave": 1, "C": 2, "B": 3}
    third.refresh_from_db()
    assert third.version == 2
    assert third.history.first().history_user == world["carol"]
    assert second.history.count() == 2  # renumbered, in history too


def test_a_supplier_updates_the_status_of_its_own_work_only(world: Any, pw: Any) -> None:
    planning.set_work_status(pw.item, actor=world["erin"], expected_version=1, status="in_progress")
    pw.item.refresh_from_db()
    assert pw.item.status == "in_progress"
    with pytest.raises(ValidationError):
        planning.set_work_status(pw.item, actor=world["erin"], expected_version=2, status="dropped")
    other = WorkItemFactory(timebox=pw.timebox, product=world.product)  # not assigned to erin's supplier
    with pytest.raises(PermissionDenied):
        planning.set_work_status(other, actor=world["erin"], expected_version=1, status="done")


def test_a_measurement_becomes_the_current_value_only_if_it_is_the_newest(world: Any, pw: Any) -> None:
    indicator = pw.indicator
    planning.record_reading(
        actor=world["bob"], indicator=indicator, date=datetime.date(2029, 6, 1), value=Decimal(30)
    )
    indicator.refresh_from_db()
    assert (indicator.current_value, indicator.current_date) == (30, datetime.date(2029, 6, 1))
    planning.record_reading(
        actor=world["bob"], indicator=indicator, date=datetime.date(2028, 6, 1), value=Decimal(99)
    )
    indicator.refresh_from_db()
    assert indicator.current_value == 30
    newest = indicator.readings.get(date=datetime.date(2029, 6, 1))
    planning.delete_reading(newest, actor=world["bob"])
    indicator.refresh_from_db()
    assert indicator.current_value == 99
    assert indicator.progress == 100  # clamped: beyond the target of 50


def test_the_same_day_cannot_be_measured_twice(world: Any, pw: Any) -> None:
    with pytest.raises(ValidationError):
        planning.record_reading(
            actor=world["bob"], indicator=pw.indicator, date=pw.reading.date, value=Decimal(1)
        )


def test_dependencies_may_not_go_round_in_a_circle(world: Any, pw: Any) -> None:
    # pw: roadmap_item depends on other_roadmap_item.
    with pytest.raises(ValidationError, match="i ring"):
        services.create(
            RoadmapDependency,
            actor=world["bob"],
            fields={"item": pw.other_roadmap_item, "depends_on": pw.roadmap_item},
        )
    elsewhere = RoadmapItemFactory(product=world.other_product)
    with pytest.raises(ValidationError, match="samme programs"):
        services.create(
            RoadmapDependency, actor=world["bob"], fields={"item": pw.roadmap_item, "depends_on": elsewhere}
        )


def test_work_must_hang_on_one_target_and_use_its_timebox(world: Any, pw: Any) -> None:
    with pytest.raises(ValidationError, match="præcis ét"):
        services.create(
            WorkItem,
            actor=world["alice"],
            fields={"title": "x", "product": world.product, "program": world.program},
        )
    other_box = TimeboxFactory(product=world.other_product)
    with pytest.raises(ValidationError) as error:
        services.create(
            WorkItem,
            actor=world["alice"],
            fields={"title": "x", "product": world.product, "timebox": other_box},
        )
    assert "timebox" in error.value.message_dict
    # A product's work may go into its program's timebox.
    program_box = TimeboxFactory(product=None, program=world.program)
    item = services.create(
        WorkItem,
        actor=world["alice"],
        fields={"title": "x", "product": world.product, "timebox": program_box},
    )
    assert item.timebox == program_box
    with pytest.raises(ValidationError) as error:
        services.create(
            WorkItem,
            actor=world["alice"],
            fields={"title": "y", "product": world.product, "owner_organisation": world.municipality},
        )
    assert "owner_organisation" in error.value.message_dict


def test_tags_are_normalised(world: Any) -> None:
    item = services.create(
        WorkItem,
        actor=world["alice"],
        fields={"title": "x", "product": world.product, "tags": [" GDPR ", "gdpr", "Drift, sikkerhed"]},
    )
    assert item.tags == ["gdpr", "drift sikkerhed"]


def test_importing_a_role_description_makes_the_plan_with_hours_inside_the_limits(world: Any) -> None:
    person = world["carol"].person
    plan, rows = planning.import_role_plan(
        actor=world["alice"],
        person=person,
        description=parse_role_description(ROLE),
        weekly_hours=Decimal(20),
        reviewed_on=datetime.date(2025, 1, 15),
    )
    assert plan.title == "Testrolle" and plan.weekly_hours == 20
    assert [(r.title, r.priority, r.weekly_hours) for r in rows] == [
        ("Styre", "must", Decimal("5.5")),
        ("Følge op", "must", Decimal("5.5")),
        ("Skrive", "should", Decimal(5)),
        ("Formidle", "could", Decimal(4)),
    ]
    assert plan.review_due() == datetime.date(2026, 1, 15)
    assert all(r.history.get().history_user == world["alice"] for r in rows)

    # A second import needs --replace, and then replaces everything in one go.
    with pytest.raises(ValidationError, match="replace"):
        planning.import_role_plan(
            actor=world["alice"],
            person=person,
            description=parse_role_description(ROLE),
            weekly_hours=Decimal(20),
        )
    plan, rows = planning.import_role_plan(
        actor=world["alice"],
        person=person,
        description=parse_role_description(ROLE.replace("- Formidle\n", "- Formidle\n- Netværke\n")),
        weekly_hours=Decimal(30),
        replace=True,
    )
    assert RolePlan.objects.count() == 1
    assert plan.responsibilities.count() == 5 and plan.weekly_hours == 30


def test_reading_factory_is_sane(pw: Any) -> None:
    assert IndicatorReadingFactory(indicator=pw.indicator).indicator == pw.indicator


def test_a_responsibility_cannot_be_wont(world: Any, pw: Any) -> None:
    from programkontor.planning.models import Responsibility

    with pytest.raises(ValidationError, match="pause"):
        services.create(
            Responsibility,
            actor=world["bob"],
            fields={"plan": pw.plan, "title": "Aldrig", "priority": "wont", "weekly_hours": Decimal(1)},
        )
