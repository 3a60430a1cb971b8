"""Prioritising work that commits money rests on governance's prioritisation mandates.

A costed item put into MUST/SHOULD/COULD of a timebox commits its estimated cost; the body the actor
prioritises for (the timebox's mandate body) or their role must hold a prioritisation mandate with
room for it. Steering groups and the secretariat need none unless one of their own applies; a decided
decision carries a priority without a mandate.

Here cora's coordination group of OS2alpha agrees the priorities of the timebox "K-koord"; the
steering group of OS2alpha has granted it a mandate per case (``mandate``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from programkontor.governance.models import Mandate
from programkontor.planning import services as planning
from programkontor.planning.mandates import OutsideMandate, committed_under
from programkontor.planning.models import Timebox, WorkItem
from tests.governance.factories import DecisionFactory, MandateFactory
from tests.planning.factories import TimeboxFactory, WorkItemFactory


@pytest.fixture
def box(world: Any, cora: Any) -> Timebox:
    return TimeboxFactory(product=world.product, name="K-koord", mandate_body=cora.coordination_group)


@pytest.fixture
def mandate(world: Any, cora: Any) -> Mandate:
    return MandateFactory(
        title="Koordinationsgruppen prioriterer OS2alpha",
        kind="prioritisation",
        holder_role="",
        holder_body=cora.coordination_group,
        grantor_body=world.steering,
        product=world.product,
        limit_amount=Decimal("100000"),
    )


def costed(box: Timebox, kroner: int, priority: str = "wont", **fields: Any) -> WorkItem:
    return WorkItemFactory(
        timebox=box, product=box.product, priority=priority, estimated_cost=Decimal(kroner), **fields
    )


def move(user: Any, item: WorkItem, priority: str) -> WorkItem:
    item.refresh_from_db()
    return planning.move_work_item(
        item, actor=user, expected_version=item.version, priority=priority, reason="Aftalt"
    )


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def test_within_the_bodys_mandate_the_move_passes_and_is_recorded_as_the_bodys(
    world: Any, cora: Any, box: Timebox, mandate: Mandate
) -> None:
    item = costed(box, 100_000)  # exactly the limit
    moved = move(cora, item, "must")
    assert moved.priority == "must" and moved.prioritised_by == cora.coordination_group


def test_above_the_limit_the_move_is_refused_naming_the_mandate_and_nothing_is_saved(
    world: Any, cora: Any, box: Timebox, mandate: Mandate
) -> None:
    item = costed(box, 100_001)
    with pytest.raises(OutsideMandate) as refused:
        move(cora, item, "must")
    assert isinstance(refused.value, PermissionDenied)
    message = str(refused.value)
    assert "Koordinationsgruppen prioriterer OS2alpha" in message and "100.000 kr." in message
    assert "Styregruppen for OS2alpha" in message  # where to route it: the grantor
    stored = WorkItem.objects.get(pk=item.pk)
    assert (stored.priority, stored.version, stored.history.count()) == ("wont", 1, 1)


def test_moves_that_commit_nothing_new_need_no_room(
    world: Any, cora: Any, box: Timebox, mandate: Mandate
) -> None:
    committed = costed(box, 150_000, priority="must")  # agreed before, above today's limit
    assert move(cora, committed, "should").priority == "should"
    assert move(cora, committed, "wont").priority == "wont"
    with pytest.raises(OutsideMandate):  # back in: that commits it again
        move(cora, committed, "could")
    uncosted = WorkItemFactory(timebox=box, product=world.product, priority="wont")
    assert move(cora, uncosted, "must").priority == "must"


def test_an_expired_mandate_does_not_apply(world: Any, cora: Any, box: Timebox, mandate: Mandate) -> None:
    mandate.valid_to = yesterday()
    mandate.save()
    item = costed(box, 1_000)
    with pytest.raises(OutsideMandate) as refused:
        move(cora, item, "must")
    assert mandate.title not in str(refused.value)
    assert "Koordinationsgruppen for OS2alpha" in str(refused.value)  # the holder without a mandate
    assert WorkItem.objects.get(pk=item.pk).priority == "wont"


def test_a_total_mandate_counts_the_committed_work_in_its_scope_and_validity(
    world: Any, cora: Any, box: Timebox, mandate: Mandate
) -> None:
    mandate.limit_basis = "total"
    mandate.valid_from = box.start_date
    mandate.save()
    costed(box, 40_000, priority="must")
    costed(box, 20_000, priority="could")
    # Not counted: proposed, dropped, WON'T, archived, another product's, before the mandate.
    costed(box, 500_000, priority="must", status="proposed")
    costed(box, 500_000, priority="must", status="dropped")
    costed(box, 500_000, priority="wont")
    costed(box, 500_000, priority="must", archived_at=timezone.now())
    other = TimeboxFactory(product=world.other_product)
    costed(other, 500_000, priority="must")
    earlier = TimeboxFactory(
        product=world.product,
        start_date=box.start_date - datetime.timedelta(days=200),
        end_date=box.start_date - datetime.timedelta(days=1),
    )
    costed(earlier, 500_000, priority="must")
    assert committed_under(mandate) == Decimal(60_000)

    fits = costed(box, 40_000)
    assert move(cora, fits, "should").priority == "should"  # 60.000 + 40.000 = 100.000
    too_much = costed(box, 1)
    with pytest.raises(OutsideMandate, match="Koordinationsgruppen prioriterer OS2alpha"):
        move(cora, too_much, "could")
    # Releasing work makes room again.
    move(cora, fits, "wont")
    assert move(cora, too_much, "could").priority == "could"


def test_writers_need_a_mandate_of_their_role_to_commit_costed_work(
    world: Any, pw: Any, box: Timebox
) -> None:
    carol, bob = world["carol"], world["bob"]
    item = costed(box, 30_000)
    with pytest.raises(OutsideMandate, match="Styregruppen for OS2alpha"):
        move(carol, item, "must")
    role_mandate = MandateFactory(
        title="Produktkoordinatoren prioriterer småopgaver",
        kind="prioritisation",
        holder_role="product_coordinator",
        product=world.product,
        grantor_body=world.steering,
        limit_amount=Decimal("50000"),
    )
    assert move(carol, item, "must").priority == "must"
    big = costed(box, 80_000)
    with pytest.raises(OutsideMandate, match=role_mandate.title):
        move(carol, big, "must")
    # The program manager's mandate for the program covers its products.
    MandateFactory(
        title="Programlederen prioriterer i Velfærd",
        kind="prioritisation",
        holder_role="program_manager",
        program=world.program,
        limit_amount=Decimal("100000"),
    )
    assert move(bob, big, "must").priority == "must"


def test_a_steering_group_prioritises_on_its_own_authority_unless_it_holds_a_mandate(
    world: Any, pw: Any
) -> None:
    dave = world["dave"]  # member of the steering group that agrees pw.timebox's priorities
    item = costed(pw.timebox, 900_000)
    assert move(dave, item, "must").prioritised_by == world.steering
    MandateFactory(
        title="Bestyrelsen giver styregruppen en ramme",
        kind="prioritisation",
        holder_role="",
        holder_body=world.steering,
        grantor_description="Bestyrelsen",
        product=world.product,
        limit_amount=Decimal("100000"),
    )
    with pytest.raises(OutsideMandate, match="Bestyrelsen giver styregruppen en ramme"):
        move(dave, costed(pw.timebox, 200_000), "must")


def test_the_secretariat_prioritises_as_the_administration_unless_a_mandate_of_its_own_applies(
    world: Any, box: Timebox
) -> None:
    alice = world["alice"]
    assert move(alice, costed(box, 2_000_000), "must").priority == "must"
    MandateFactory(
        title="Sekretariatets prioriteringsramme",
        kind="prioritisation",
        holder_role="secretariat",
        grantor_description="Bestyrelsen",
        limit_amount=Decimal("100000"),
    )
    with pytest.raises(OutsideMandate, match="Sekretariatets prioriteringsramme"):
        move(alice, costed(box, 200_000), "must")
    assert move(alice, costed(box, 50_000), "must").priority == "must"


def test_a_decided_decision_carries_a_priority_without_a_mandate(world: Any, box: Timebox) -> None:
    carol = world["carol"]
    item = costed(box, 300_000)
    with pytest.raises(OutsideMandate):
        move(carol, item, "must")
    proposed = DecisionFactory(
        title="Prioritering af stor opgave", kind="prioritisation", product=world.product, status="proposed"
    )
    with pytest.raises(OutsideMandate):  # a proposal carries nothing yet
        planning.update_work_item(
            item,
            actor=carol,
            expected_version=item.version,
            changes={"priority": "must", "decision": proposed},
            reason="Sendt til styregruppen",
        )
    proposed.status = "decided"
    proposed.decided_by_body = world.steering
    proposed.save()
    item.refresh_from_db()
    saved = planning.update_work_item(
        item,
        actor=carol,
        expected_version=item.version,
        changes={"priority": "must", "decision": proposed},
        reason="Styregruppens beslutning",
    )
    assert (saved.priority, saved.decision) == ("must", proposed)


def test_creating_raising_the_cost_and_agreeing_are_checked_too(
    world: Any, cora: Any, box: Timebox, mandate: Mandate
) -> None:
    carol = world["carol"]
    fields = {
        "product": world.product,
        "timebox": box,
        "title": "Stor opgave",
        "priority": "must",
        "status": "agreed",
        "estimated_cost": Decimal(60_000),
    }
    with pytest.raises(OutsideMandate):
        planning.create_work_item(actor=carol, fields=fields)
    assert not WorkItem.objects.filter(title="Stor opgave").exists()

    # cora proposes it: a proposal commits nothing.
    proposal = planning.create_work_item(actor=cora, fields=fields)
    assert proposal.status == "proposed"
    # Agreeing it commits the money: carol has no mandate, the coordination group has.
    with pytest.raises(OutsideMandate):
        planning.set_work_status(proposal, actor=carol, expected_version=proposal.version, status="agreed")
    assert WorkItem.objects.get(pk=proposal.pk).status == "proposed"
    MandateFactory(
        title="Produktkoordinatoren prioriterer", kind="prioritisation", product=world.product
    )  # 25.000 kr.: too small
    with pytest.raises(OutsideMandate, match="Produktkoordinatoren prioriterer"):
        planning.set_work_status(proposal, actor=carol, expected_version=proposal.version, status="agreed")

    committed = costed(box, 50_000, priority="must")
    with pytest.raises(OutsideMandate):  # raising the estimate commits more
        planning.update_work_item(
            committed,
            actor=world["carol"],
            expected_version=committed.version,
            changes={"estimated_cost": Decimal(120_000)},
        )
    assert WorkItem.objects.get(pk=committed.pk).estimated_cost == Decimal(50_000)


def test_the_api_refuses_with_403_and_the_message(
    world: Any, cora: Any, box: Timebox, mandate: Mandate
) -> None:
    item = costed(box, 150_000)
    api = APIClient()
    api.force_login(cora)
    response = api.post(
        reverse("api:workitem-move", args=[item.pk]),
        {"priority": "must", "reason": "Aftalt", "version": item.version},
        format="json",
    )
    assert response.status_code == 403
    assert "Koordinationsgruppen prioriterer OS2alpha" in response.json()["detail"]

    api.force_login(world["carol"])
    response = api.patch(
        reverse("api:workitem-detail", args=[item.pk]),
        {"priority": "must", "reason": "Aftalt"},
        format="json",
        HTTP_IF_MATCH=f'"{item.version}"',
    )
    assert response.status_code == 403
    assert "Styregruppen for OS2alpha" in response.json()["detail"]
    assert WorkItem.objects.get(pk=item.pk).priority == "wont"


def test_the_board_shows_the_mandate_and_a_refused_move(
    world: Any, cora: Any, box: Timebox, mandate: Mandate, client: Any
) -> None:
    mandate.limit_basis = "total"
    mandate.valid_from = box.start_date
    mandate.save()
    costed(box, 60_000, priority="must")
    item = costed(box, 70_000)
    url = reverse("planning:timebox_board", args=[box.pk])

    client.force_login(cora)
    page = client.get(url).content.decode()
    panel = page[page.index('id="board-mandate"') :]
    assert "Koordinationsgruppen prioriterer OS2alpha" in panel
    assert "60.000,00 kr." in panel and "40.000,00 kr." in panel  # committed, and left
    response = client.post(
        reverse("planning:workitem_move", args=[item.pk]),
        {"priority": "must", "reason": "Aftalt", "version": item.version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 403
    assert "Koordinationsgruppen prioriterer OS2alpha" in response.content.decode()
    assert WorkItem.objects.get(pk=item.pk).priority == "wont"

    # A reader who may not prioritise sees the mandate the timebox's body prioritises under.
    client.force_login(world["frank"])
    page = client.get(url).content.decode()
    assert "Koordinationsgruppen prioriterer OS2alpha" in page[page.index('id="board-mandate"') :]

    # carol prioritises in her role: she holds no mandate, and the board says where to route.
    client.force_login(world["carol"])
    page = client.get(url).content.decode()
    panel = page[page.index('id="board-mandate"') :]
    assert 'data-within="false"' in page and "Styregruppen for OS2alpha" in panel


def test_the_work_item_form_shows_the_refusal_at_the_priority(world: Any, box: Timebox, client: Any) -> None:
    item = costed(box, 30_000)
    client.force_login(world["carol"])
    response = client.post(
        reverse("planning:workitem_edit", args=[item.pk]),
        {
            "title": item.title,
            "product": world.product.pk,
            "kind": item.kind,
            "priority": "must",
            "status": "agreed",
            "estimate_hours": "10",
            "estimated_cost": "30000",
            "timebox": box.pk,
            "reason": "Aftalt",
            "version": item.version,
        },
    )
    assert response.status_code == 400
    assert "Styregruppen for OS2alpha" in response.content.decode()
    assert WorkItem.objects.get(pk=item.pk).priority == "wont"
