"""Who may hang what where through the API, and how the models' own rules come back: as a 400
that names the field, with nothing saved."""

from __future__ import annotations

from typing import Any

import pytest

from programkontor.portfolio.models import Body, Organisation, Product, Role, RoleAssignment
from tests import factories as f
from tests.api.conftest import detail_url, list_url

NEW_PRODUCT = {"name": "OS2ny", "kind": "product", "stage": "product", "level": "1"}


# Parents a writer may pick


def test_a_product_coordinator_cannot_move_their_product_to_another_program(world: Any, api: Any) -> None:
    response = api("carol").patch(
        detail_url("product", world.product.pk), {"program": world.other_program.pk}, HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 400
    assert list(response.json()) == ["program"]
    product = Product.objects.get(pk=world.product.pk)
    assert (product.program_id, product.version) == (world.program.pk, 1)


def test_a_product_coordinator_may_edit_their_product_and_keep_its_program(world: Any, api: Any) -> None:
    response = api("carol").patch(
        detail_url("product", world.product.pk),
        {"program": world.program.pk, "summary": "Carols resumé"},
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 200, response.content
    assert Product.objects.get(pk=world.product.pk).summary == "Carols resumé"


def test_a_program_manager_may_move_a_product_between_their_programs(world: Any, api: Any) -> None:
    # Bob becomes program manager of Infrastruktur as well.
    RoleAssignment.objects.create(
        person=world["bob"].person, role=Role.PROGRAM_MANAGER, program=world.other_program
    )

    response = api("bob").patch(
        detail_url("product", world.product.pk), {"program": world.other_program.pk}, HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 200, response.content
    assert Product.objects.get(pk=world.product.pk).program == world.other_program


def test_a_program_manager_cannot_create_a_product_in_another_program(world: Any, api: Any) -> None:
    response = api("bob").post(list_url("product"), {**NEW_PRODUCT, "program": world.other_program.pk})

    assert response.status_code == 400
    assert "program" in response.json()
    assert not Product.objects.filter(name="OS2ny").exists()


def test_a_program_manager_creates_a_product_in_their_program(world: Any, api: Any) -> None:
    response = api("bob").post(list_url("product"), {**NEW_PRODUCT, "program": world.program.pk})

    assert response.status_code == 201, response.content
    assert Product.objects.get(name="OS2ny").history.get().history_user == world["bob"]


def test_a_product_coordinator_cannot_create_a_product(world: Any, api: Any) -> None:
    response = api("carol").post(list_url("product"), {**NEW_PRODUCT, "program": world.program.pk})

    assert response.status_code == 403


def test_a_program_manager_cannot_add_a_body_to_another_program(world: Any, api: Any) -> None:
    response = api("bob").post(
        list_url("body"), {"kind": "coordination", "name": "Andres gruppe", "product": world.other_product.pk}
    )

    assert response.status_code == 400
    assert "product" in response.json()
    assert not Body.objects.filter(name="Andres gruppe").exists()


def test_a_product_coordinator_cannot_add_a_participant_to_another_product(world: Any, api: Any) -> None:
    response = api("carol").post(
        list_url("participation"),
        {
            "product": world.published_product.pk,
            "organisation": world.municipality.pk,
            "accession_date": "2024-01-01",
        },
    )

    assert response.status_code == 400
    assert "product" in response.json()


def test_a_product_coordinator_adds_a_participant_to_their_product(world: Any, api: Any) -> None:
    response = api("carol").post(
        list_url("participation"),
        {"product": world.product.pk, "organisation": world.supplier.pk, "accession_date": "2024-01-01"},
    )

    assert response.status_code == 201, response.content


# Role assignments


@pytest.fixture
def contact(world: Any) -> Any:
    """A public contact without roles: every writer may pick them."""
    return f.PersonFactory(first_name="Offentlig", last_name="Kontakt", is_public=True)


def test_only_the_secretariat_appoints_a_program_manager(world: Any, api: Any, contact: Any) -> None:
    payload = {"person": contact.pk, "role": "program_manager", "program": world.program.pk}

    refused = api("bob").post(list_url("roleassignment"), payload)
    assert refused.status_code == 400
    assert list(refused.json()) == ["role"]
    assert not RoleAssignment.objects.filter(person=contact).exists()

    accepted = api("alice").post(list_url("roleassignment"), payload)
    assert accepted.status_code == 201, accepted.content
    assert RoleAssignment.objects.get(person=contact).role == Role.PROGRAM_MANAGER


def test_a_program_manager_cannot_turn_a_product_role_into_a_program_manager(world: Any, api: Any) -> None:
    assignment = RoleAssignment.objects.get(person__user=world["carol"])

    response = api("bob").patch(
        detail_url("roleassignment", assignment.pk),
        {"role": "program_manager", "program": world.program.pk, "product": None},
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 400
    assert "role" in response.json()
    assert RoleAssignment.objects.get(pk=assignment.pk).role == Role.PRODUCT_COORDINATOR


def test_a_program_manager_assigns_product_roles_in_their_program(world: Any, api: Any, contact: Any) -> None:
    response = api("bob").post(
        list_url("roleassignment"),
        {"person": contact.pk, "role": "product_owner", "product": world.product.pk},
    )

    assert response.status_code == 201, response.content
    assert RoleAssignment.objects.get(person=contact).history.get().history_user == world["bob"]


def test_a_reader_without_write_access_cannot_pick_a_person_they_may_not_see(world: Any, api: Any) -> None:
    # Erin (supplier contact) writes nothing, so she cannot create role assignments at all.
    response = api("erin").post(
        list_url("roleassignment"),
        {"person": world["mallory"].person.pk, "role": "product_owner", "product": world.product.pk},
    )

    assert response.status_code == 403


def test_a_writer_finds_people_outside_their_scope_but_not_their_contact_data(world: Any, api: Any) -> None:
    mallory = world["mallory"].person

    listed = api("bob").get(detail_url("person", mallory.pk)).json()

    assert listed["display"] == "Mallory Testsen"
    assert "email" not in listed
    assert "phone" not in listed
    assert "notes" not in listed


def test_a_writer_can_pick_any_person_for_a_role(world: Any, api: Any) -> None:
    response = api("bob").post(
        list_url("roleassignment"),
        {"person": world["mallory"].person.pk, "role": "product_owner", "product": world.product.pk},
    )

    assert response.status_code == 201


def test_a_program_manager_can_give_a_role_to_a_person_they_just_created(world: Any, api: Any) -> None:
    client = api("bob")
    created = client.post(list_url("person"), {"first_name": "Ny", "last_name": "Kollega"})
    assert created.status_code == 201

    response = client.post(
        list_url("roleassignment"),
        {"person": created.json()["id"], "role": "product_owner", "product": world.product.pk},
    )

    assert response.status_code == 201, response.content


def test_a_program_manager_cannot_change_their_own_appointment(world: Any, api: Any) -> None:
    own = RoleAssignment.objects.get(person__user=world["bob"])

    response = api("bob").patch(
        detail_url("roleassignment", own.pk), {"end_date": "2030-12-31"}, HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 403
    assert RoleAssignment.objects.get(pk=own.pk).end_date is None


# The models' own rules (clean) come back as field errors


def test_a_project_in_the_product_stage_is_a_400_naming_stage(world: Any, api: Any) -> None:
    response = api("alice").post(
        list_url("product"), {"name": "OS2forkert", "kind": "project", "stage": "product", "level": "none"}
    )

    assert response.status_code == 400
    assert list(response.json()) == ["stage"]
    assert not Product.objects.filter(name="OS2forkert").exists()


def test_an_update_breaking_the_classification_is_a_400_and_changes_nothing(world: Any, api: Any) -> None:
    response = api("alice").patch(
        detail_url("product", world.product.pk), {"stage": "idea"}, HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 400
    assert "stage" in response.json()
    product = Product.objects.get(pk=world.product.pk)
    assert (product.stage, product.level, product.version) == ("product", "1", 1)


def test_the_level_is_not_edited_through_the_api_but_decided(world: Any, api: Any) -> None:
    response = api("alice").patch(
        detail_url("product", world.product.pk), {"level": "2"}, HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 400
    assert list(response.json()) == ["level"]
    assert Product.objects.get(pk=world.product.pk).level == "1"


def test_a_municipality_without_its_code_is_a_400_naming_the_code(world: Any, api: Any) -> None:
    response = api("alice").post(
        list_url("organisation"), {"name": "Kodeløs Kommune", "kind": "municipality"}
    )

    assert response.status_code == 400
    assert "municipality_code" in response.json()
    assert not Organisation.objects.filter(name="Kodeløs Kommune").exists()


def test_a_rule_across_fields_comes_back_as_non_field_errors(world: Any, api: Any) -> None:
    response = api("alice").post(
        list_url("body"),
        {"kind": "steering", "name": "Begge dele", "program": world.program.pk, "product": world.product.pk},
    )

    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_a_supplier_contact_needs_a_supplier(world: Any, api: Any) -> None:
    response = api("alice").post(
        list_url("roleassignment"),
        {
            "person": world["mallory"].person.pk,
            "role": "supplier_contact",
            "product": world.product.pk,
            "organisation": world.municipality.pk,
        },
    )

    assert response.status_code == 400
    assert "organisation" in response.json()


def test_a_duplicate_name_is_a_400_naming_the_field(world: Any, api: Any) -> None:
    response = api("alice").post(list_url("product"), {**NEW_PRODUCT, "name": "OS2alpha"})

    assert response.status_code == 400
    assert "name" in response.json()


@pytest.mark.parametrize("urls", [["http://example.org", "nonsense"], "https://example.org"])
def test_repository_urls_must_be_a_list_of_web_addresses(world: Any, api: Any, urls: Any) -> None:
    response = api("alice").post(list_url("product"), {**NEW_PRODUCT, "repository_urls": urls})

    assert response.status_code == 400
    assert "repository_urls" in response.json()
