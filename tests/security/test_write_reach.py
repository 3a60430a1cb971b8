"""A write is checked against the object as it will be, not only as it was.

The probe of issue 10 found that a product coordinator could add themselves to their product's
steering group and then turn that group into the association's board (``kind=board``, no
product): from then on they read every actual, invoice and budget of the association. These
tests make that walk, through the API and the web forms, and assert it is refused with nothing
changed.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from programkontor.core import gate, services
from programkontor.core.access import compute_access
from programkontor.portfolio.models import Body, Membership, Product
from tests import factories as f
from tests.api.conftest import detail_url, list_url


def _stored(body: Body) -> tuple[str, int | None, int | None, int]:
    fresh = Body.objects.get(pk=body.pk)
    return fresh.kind, fresh.product_id, fresh.program_id, fresh.version


def test_a_coordinator_cannot_turn_their_steering_group_into_the_board_through_the_api(
    world: Any, api: Any
) -> None:
    carol = world["carol"]
    client = api("carol")
    joined = client.post(
        list_url("membership"),
        {"body": world.steering.pk, "person": carol.person.pk, "role": "member"},
    )
    assert joined.status_code == 201, joined.content
    before = _stored(world.steering)

    response = client.patch(
        detail_url("body", world.steering.pk),
        {"kind": "board", "product": None},
        format="json",
        HTTP_IF_MATCH=f'"{before[3]}"',
    )

    assert response.status_code == 403, response.content
    assert "bagefter ville du ikke længere kunne" in response.json()["detail"]
    assert _stored(world.steering) == before
    assert not compute_access(carol).is_board
    assert world.steering.history.count() == 1  # only the creation: the refused write left no trace


def test_a_coordinator_cannot_move_their_body_out_of_their_product_through_the_web(
    world: Any, client: Any
) -> None:
    client.force_login(world["carol"])
    before = _stored(world.steering)

    response = client.post(
        reverse("portfolio:body_edit", kwargs={"pk": world.steering.pk}),
        {"kind": "interest", "name": "Vores egen bestyrelse", "version": before[3]},
    )

    assert response.status_code == 403
    assert "bagefter ville du ikke længere kunne" in response.content.decode()
    assert _stored(world.steering) == before


def test_a_coordinator_cannot_make_the_board_directly(world: Any, api: Any) -> None:
    response = api("carol").post(list_url("body"), {"kind": "board", "name": "Ny bestyrelse"})

    assert response.status_code in (400, 403), response.content
    assert not Body.objects.filter(name="Ny bestyrelse").exists()


def test_a_program_manager_may_still_rename_and_republish_their_bodies(world: Any, api: Any) -> None:
    response = api("bob").patch(
        detail_url("body", world.steering.pk),
        {"name": "Styregruppen (ny)"},
        format="json",
        HTTP_IF_MATCH=f'"{world.steering.version}"',
    )

    assert response.status_code == 200, response.content
    assert Body.objects.get(pk=world.steering.pk).name == "Styregruppen (ny)"


def test_the_secretariat_may_move_anything_anywhere(world: Any, api: Any) -> None:
    response = api("alice").patch(
        detail_url("product", world.product.pk),
        {"program": world.other_program.pk},
        format="json",
        HTTP_IF_MATCH=f'"{world.product.version}"',
    )

    assert response.status_code == 200, response.content
    assert Product.objects.get(pk=world.product.pk).program == world.other_program


def test_the_service_refuses_a_write_that_loses_the_writers_reach_and_rolls_it_back(world: Any) -> None:
    bob = world["bob"]
    product = world.product
    version = product.version
    assert "change" in gate.permitted_actions(bob, product)

    with pytest.raises(services.WriteRefused):
        services.update(
            product,
            actor=bob,
            expected_version=version,
            changes={"program": world.other_program},
        )

    stored = Product.objects.get(pk=product.pk)
    assert (stored.program, stored.version) == (world.program, version)
    assert stored.history.count() == 1


def test_a_create_must_produce_something_the_writer_may_change(world: Any) -> None:
    carol = world["carol"]
    other_body = f.BodyFactory(product=world.other_product, name="Styregruppen for OS2beta")

    with pytest.raises(services.WriteRefused):
        services.create(
            Membership, actor=carol, fields={"body": other_body, "person": carol.person, "role": "member"}
        )

    assert not Membership.objects.filter(body=other_body).exists()


def test_system_writes_without_a_user_are_not_gated(world: Any) -> None:
    body = services.create(Body, actor=None, fields={"kind": "board", "name": "Bestyrelsen 2"})
    assert body.pk is not None


def test_permitted_actions_answer_from_the_stored_row(world: Any) -> None:
    carol, dave, mallory = world["carol"], world["dave"], world["mallory"]
    assert gate.permitted_actions(carol, world.steering) == {"view", "view_internal", "change"}
    assert gate.permitted_actions(dave, world.steering) == {"view", "view_internal"}
    assert gate.permitted_actions(mallory, world.steering) == frozenset()
    assert gate.permitted_actions(world["alice"], world.steering) == {"view", "view_internal", "change"}
