"""The contracts API: writes through the gate with the core pipeline (version checks), the value in
øre, the notice date computed, the internal terms left out for the supplier's contact."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from rest_framework.test import APIClient

from tests.conftest import World
from tests.suppliers.factories import contract_world


def test_the_program_manager_registers_a_contract_and_gets_its_notice_date(
    world: World, api: Callable[[str | None], APIClient]
) -> None:
    response = api("bob").post(
        reverse("api:contract-list"),
        {
            "title": "Support 2027",
            "supplier": world.supplier.pk,
            "product": world.product.pk,
            "kind": "support",
            "value": 24_000_000,
            "start_date": "2027-01-01",
            "end_date": "2027-12-31",
            "notice_months": 6,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["value"] == 24_000_000 and body["notice_by"] == "2027-06-30"
    assert body["licence"] == "MPL-2.0" and body["copyright_to"] == "authorities"


def test_a_contract_on_another_program_is_refused_with_the_reason(
    world: World, api: Callable[[str | None], APIClient]
) -> None:
    response = api("grace").post(
        reverse("api:contract-list"),
        {
            "title": "Ikke min",
            "supplier": world.supplier.pk,
            "product": world.product.pk,
            "kind": "support",
            "value": 1,
            "start_date": "2027-01-01",
        },
        format="json",
    )
    assert response.status_code == 400 and "product" in response.json()


def test_a_stale_write_is_refused(world: World, api: Callable[[str | None], APIClient]) -> None:
    contract = contract_world(world)
    url = reverse("api:contract-detail", args=[contract.pk])
    client = api("carol")
    fresh = client.patch(url, {"title": "Nyt navn"}, format="json", HTTP_IF_MATCH=f'"{contract.version}"')
    assert fresh.status_code == 200
    stale = client.patch(url, {"title": "Gammelt"}, format="json", HTTP_IF_MATCH=f'"{contract.version}"')
    assert stale.status_code == 412


def test_the_suppliers_contact_reads_the_contract_without_its_internal_terms(
    world: World, api: Callable[[str | None], APIClient]
) -> None:
    contract = contract_world(world)
    body = api("erin").get(reverse("api:contract-detail", args=[contract.pk])).json()
    assert body["title"] == "Alpha-udviklingskontrakt"
    assert "value" not in body and "notes" not in body and "documents" not in body
    assert "value" in api("dave").get(reverse("api:contract-detail", args=[contract.pk])).json()
