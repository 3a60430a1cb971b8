"""Evaluation's part of *Til mig*: evaluations due (for the secretariat to make, shown to those who
read the product internally) and self-evaluations due (for the product's writers), per user."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone, translation

from programkontor.core.registry import waiting_for
from programkontor.evaluation.cycle import add_months
from tests.conftest import World
from tests.evaluation import factories as ef

EVERYONE = ("alice", "bob", "grace", "carol", "dave", "erin", "frank", "mallory")


def items(world: World, name: str, key: str) -> list[Any]:
    """The user's items of kind ``key``, in Danish as on the page."""
    with translation.override("da"):
        groups = waiting_for(world[name], timezone.localdate())
    return [item for group in groups if group.key == key for item in group.items]


@pytest.fixture
def evaluated_long_ago(world: World, catalogue: Any) -> World:
    """OS2alpha (private) and OS2gamma (published) were last evaluated seven months ago: both overdue."""
    today = timezone.localdate()
    ef.evaluation(world.product, catalogue, level="1", evaluated_on=add_months(today, -7))
    ef.evaluation(world.published_product, catalogue, level="1", evaluated_on=add_months(today, -7))
    return world


def test_a_self_evaluation_due_waits_for_the_products_writers_only(evaluated_long_ago: World) -> None:
    world = evaluated_long_ago
    seeing = {name for name in EVERYONE if items(world, name, "evaluation.self_evaluations")}
    assert seeing == {"alice", "bob", "carol", "grace"}  # grace writes OS2gamma's program
    (item,) = items(world, "carol", "evaluation.self_evaluations")
    assert item.title == "Selvevaluering af OS2alpha" and item.overdue
    assert item.action == "Udfyld selvevalueringen" and item.url.endswith(
        "/produkter/os2alpha/selvevaluering/ny/"
    )
    assert [i.title for i in items(world, "grace", "evaluation.self_evaluations")] == [
        "Selvevaluering af OS2gamma"
    ]


def test_a_submitted_self_evaluation_leaves_the_evaluation_to_the_secretariat(
    evaluated_long_ago: World, catalogue: Any
) -> None:
    world = evaluated_long_ago
    ef.self_evaluation(world.product, catalogue, actor=world["carol"])
    assert items(world, "carol", "evaluation.self_evaluations") == []
    (evaluation,) = [i for i in items(world, "alice", "evaluation.overdue") if "OS2alpha" in i.title]
    assert evaluation.action == "Evaluér"


def test_an_evaluation_due_is_shown_to_internal_readers_not_to_every_reader_of_a_published_product(
    evaluated_long_ago: World,
) -> None:
    world = evaluated_long_ago
    titles = {name: {i.title for i in items(world, name, "evaluation.overdue")} for name in EVERYONE}
    assert titles["alice"] == titles["frank"] == {"Evaluering af OS2alpha", "Evaluering af OS2gamma"}
    assert titles["bob"] == titles["carol"] == titles["dave"] == {"Evaluering af OS2alpha"}
    assert titles["grace"] == {"Evaluering af OS2gamma"}
    assert titles["mallory"] == set()  # OS2gamma is published, but its evaluation does not wait for her
    assert all(i.action == "" for i in items(world, "bob", "evaluation.overdue"))
