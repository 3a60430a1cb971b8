"""The permission gate, role by role, as the brief's table says."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from programkontor.core import gate
from programkontor.portfolio.models import Body, Organisation, Participation, Person, Product, Program
from tests import factories as f


def names(queryset: Any) -> set[str]:
    return {str(obj) for obj in queryset}


def test_anonymous_sees_only_published_products(world: Any) -> None:
    assert names(Product.objects.restrict(AnonymousUser(), "view")) == {"OS2gamma"}
    assert names(Product.objects.restrict(AnonymousUser(), "view_internal")) == set()
    assert names(Program.objects.restrict(AnonymousUser(), "view")) == {"Infrastruktur"}


def test_it_hides_archived_objects_from_anonymous_even_if_published(world: Any) -> None:
    from django.utils import timezone

    Product.objects.filter(pk=world.published_product.pk).update(archived_at=timezone.now())
    assert names(Product.objects.restrict(AnonymousUser(), "view")) == set()


def test_secretariat_reads_and_writes_everything(world: Any) -> None:
    alice = world["alice"]
    assert names(Product.objects.restrict(alice, "change")) == {"OS2alpha", "OS2beta", "OS2gamma"}
    assert Organisation.objects.restrict(alice, "change").count() == Organisation.objects.count()


def test_program_manager_writes_own_program_and_its_products_only(world: Any) -> None:
    bob = world["bob"]
    assert names(Program.objects.restrict(bob, "change")) == {"Velfærd"}
    assert names(Product.objects.restrict(bob, "change")) == {"OS2alpha"}
    assert names(Product.objects.restrict(bob, "view")) == {"OS2alpha", "OS2gamma"}
    assert not gate.allows(bob, "change", world.other_product)


def test_program_manager_of_another_program_cannot_touch_ours(world: Any) -> None:
    grace = world["grace"]
    assert not gate.allows(grace, "view", world.product)
    assert not gate.allows(grace, "change", world.program)
    assert gate.allows(grace, "change", world.other_product)


def test_product_coordinator_writes_only_their_product(world: Any) -> None:
    carol = world["carol"]
    assert names(Product.objects.restrict(carol, "change")) == {"OS2alpha"}
    assert names(Program.objects.restrict(carol, "change")) == set()
    assert gate.allows(carol, "change", world.steering)
    assert gate.allows(carol, "change", Participation.objects.get(product=world.product))


def test_steering_member_reads_internal_data_but_writes_nothing(world: Any) -> None:
    dave = world["dave"]
    assert gate.allows(dave, "view_internal", world.product)
    assert gate.allows(dave, "view_internal", world.steering)
    assert names(Product.objects.restrict(dave, "change")) == set()
    assert names(Body.objects.restrict(dave, "change")) == set()


def test_supplier_sees_its_product_but_not_the_governance_bodies(world: Any) -> None:
    erin = world["erin"]
    assert gate.allows(erin, "view_internal", world.product)
    assert not gate.allows(erin, "view", world.steering)
    assert not gate.allows(erin, "view", world.other_product)
    assert names(Product.objects.restrict(erin, "change")) == set()


def test_board_reads_everything_but_changes_nothing(world: Any) -> None:
    frank = world["frank"]
    assert Product.objects.restrict(frank, "view_internal").count() == 3
    assert Product.objects.restrict(frank, "change").count() == 0


def test_user_without_role_sees_what_anonymous_sees(world: Any) -> None:
    mallory = world["mallory"]
    assert names(Product.objects.restrict(mallory, "view")) == {"OS2gamma"}


def test_private_people_are_hidden_unless_in_scope(world: Any) -> None:
    public = f.PersonFactory(first_name="Offentlig", last_name="Kontakt", is_public=True)
    anonymous_people = names(Person.objects.restrict(AnonymousUser(), "view"))
    assert anonymous_people == {str(public)}
    carol_sees = names(Person.objects.restrict(world["carol"], "view_internal"))
    assert "Dave Testsen" in carol_sees  # steering member of her product
    assert "Grace Testsen" not in carol_sees


def test_program_manager_appointments_are_the_secretariats(world: Any) -> None:
    bob = world["bob"]
    bob_assignment = bob.person.role_assignments.get()
    assert not gate.allows(bob, "change", bob_assignment)
    assert gate.allows(world["alice"], "change", bob_assignment)
