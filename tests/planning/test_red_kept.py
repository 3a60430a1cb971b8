"""*Til mig*'s products turning red (``planning.waiting.red_products``) are kept while nothing they are
computed from changes (``core.unchanged_cache``): read again, only the history marks are asked; after
a change through the services, the next read shows it."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from programkontor.core import services
from programkontor.planning.models import Risk, RiskStatus
from programkontor.planning.waiting import red_products
from tests.conftest import World
from tests.planning.factories import RiskFactory


def _red(world: World, name: str) -> list[str]:
    today = timezone.localdate()
    return [item.title for item in red_products(world[name], today, today)]


def test_the_red_products_are_kept_until_a_risk_changes(world: World) -> None:
    first = RiskFactory(product=world.product, title="Høj risiko A", probability=5, impact=5)
    RiskFactory(product=world.product, title="Høj risiko B", probability=5, impact=4)
    assert _red(world, "bob") == ["OS2alpha"]  # two open high risks: red

    with CaptureQueriesContext(connection) as again:
        assert _red(world, "bob") == ["OS2alpha"]
    assert [query["sql"].count("MAX(history_id)") for query in again.captured_queries] == [6]

    risk = Risk.objects.get(pk=first.pk)
    services.update(
        risk, actor=world["bob"], expected_version=risk.version, changes={"status": RiskStatus.CLOSED}
    )
    assert _red(world, "bob") == []  # one high risk left: no longer red


def test_users_who_may_change_different_products_do_not_share_their_lights(world: World) -> None:
    RiskFactory(product=world.product, title="Høj risiko A", probability=5, impact=5)
    RiskFactory(product=world.product, title="Høj risiko B", probability=5, impact=4)
    assert _red(world, "bob") == ["OS2alpha"]  # the program manager of Velfærd, which has OS2alpha
    assert _red(world, "grace") == []  # the manager of another program, asked right after
    assert _red(world, "mallory") == []  # no role at all
