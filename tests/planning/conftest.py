"""Planning fixtures on top of the shared world: its planning objects, and cora, a member of
OS2alpha's coordination group (who may propose work but not agree it)."""

from __future__ import annotations

from typing import Any

import pytest

from tests import factories as f
from tests.conftest import World
from tests.planning.factories import PlanningWorld, planning_world


@pytest.fixture
def pw(world: World) -> PlanningWorld:
    return planning_world(world)


@pytest.fixture
def cora(world: World) -> Any:
    """Member of OS2alpha's coordination group."""
    user = f.UserFactory(username="cora", first_name="Cora", last_name="Testsen")
    person = f.PersonFactory(first_name="Cora", last_name="Testsen", user=user, email="cora@example.org")
    group = f.BodyFactory(
        kind="coordination", product=world.product, name="Koordinationsgruppen for OS2alpha"
    )
    f.MembershipFactory(person=person, body=group)
    user.coordination_group = group
    return user


def text(response: Any) -> str:
    return response.content.decode()
