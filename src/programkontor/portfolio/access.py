"""A user's :class:`~programkontor.core.access.Access`, made of the people, roles and memberships the
portfolio keeps (registered with ``core.access.set_access_provider`` when the app is ready)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from programkontor.accounts.models import User
from programkontor.core.access import Access, active_on
from programkontor.portfolio.models import PRODUCT_BODIES, Membership, Person, Product, RoleAssignment

if TYPE_CHECKING:
    pass


def compute_access(user: User) -> Access:
    """The access of a signed-in, active user (``core.access.compute_access`` checks that first)."""
    today = timezone.localdate()

    person = (
        Person.objects.filter(user_id=user.pk, archived_at__isnull=True)
        .values("pk", "organisation_id")
        .first()
    )
    is_secretariat = bool(user.is_superuser or getattr(user, "is_secretariat", False))
    if person is None:
        return Access(user_id=user.pk, is_secretariat=is_secretariat)

    programs_write: set[int] = set()
    programs_read: set[int] = set()
    products_write: set[int] = set()
    products_read: set[int] = set()
    products_supplier: set[int] = set()
    for role, program_id, product_id in RoleAssignment.objects.filter(
        active_on(today), person_id=person["pk"]
    ).values_list("role", "program_id", "product_id"):
        if role == "program_manager" and program_id:
            programs_write.add(program_id)
        elif product_id and role in ("product_coordinator", "product_owner"):
            products_write.add(product_id)
        elif product_id and role == "community_manager":
            products_read.add(product_id)
        elif product_id and role == "supplier_contact":
            products_supplier.add(product_id)

    is_board = False
    bodies: set[int] = set()
    for body_id, kind, program_id, product_id in Membership.objects.filter(
        active_on(today), person_id=person["pk"], body__archived_at__isnull=True
    ).values_list("body_id", "body__kind", "body__program_id", "body__product_id"):
        bodies.add(body_id)
        if kind == "board":
            is_board = True
        elif kind in PRODUCT_BODIES:
            if product_id:
                products_read.add(product_id)
            elif program_id:
                programs_read.add(program_id)

    own_products = products_write | products_read | products_supplier
    programs_of_products = (
        set(
            Product.objects.filter(pk__in=own_products, program_id__isnull=False).values_list(
                "program_id", flat=True
            )
        )
        if own_products
        else set()
    )

    return Access(
        user_id=user.pk,
        person_id=person["pk"],
        organisation_id=person["organisation_id"],
        is_secretariat=is_secretariat,
        is_board=is_board,
        programs_write=frozenset(programs_write),
        programs_read=frozenset(programs_read),
        products_write=frozenset(products_write),
        products_read=frozenset(products_read),
        products_supplier=frozenset(products_supplier),
        bodies=frozenset(bodies),
        programs_of_products=frozenset(programs_of_products),
    )
