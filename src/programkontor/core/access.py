"""What a user may reach: the roles of the brief turned into sets of ids, computed once per request.

A user is linked to a :class:`~programkontor.portfolio.models.Person`; the person's active role
assignments and body memberships decide the scope:

=====================  ==========================================================
program manager         writes the program and every product in it
product coordinator,    writes the product
product owner
community manager       reads the product's internal data
steering/coordination   reads the product's internal data (or the program's, when
group member            the body belongs to a program)
supplier contact        reads the product it is assigned to, limited (no bodies)
board member            reads everything internal
secretariat             reads and writes everything (a flag on the user)
=====================  ==========================================================
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


@dataclass(frozen=True)
class Access:
    user_id: int | None = None
    person_id: int | None = None
    organisation_id: int | None = None
    is_secretariat: bool = False
    is_board: bool = False
    programs_write: frozenset[int] = field(default_factory=frozenset)
    programs_read: frozenset[int] = field(default_factory=frozenset)
    products_write: frozenset[int] = field(default_factory=frozenset)
    products_read: frozenset[int] = field(default_factory=frozenset)
    products_supplier: frozenset[int] = field(default_factory=frozenset)
    bodies: frozenset[int] = field(default_factory=frozenset)
    #: Programs of the products the user reads or writes: their names and managers are shown.
    programs_of_products: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def reads_everything(self) -> bool:
        return self.is_secretariat or self.is_board

    @property
    def writes_anything(self) -> bool:
        return self.is_secretariat or bool(self.programs_write or self.products_write)

    @property
    def programs_internal(self) -> frozenset[int]:
        return self.programs_write | self.programs_read

    @property
    def products_internal(self) -> frozenset[int]:
        """Products whose internal data the user may read in full (suppliers excluded)."""
        return self.products_write | self.products_read


ANONYMOUS = Access()


def active_on(day: datetime.date, prefix: str = "") -> Q:
    """Rows whose ``start_date``/``end_date`` period covers ``day`` (open ends allowed)."""
    return (Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": day})) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def compute_access(user: Any) -> Access:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    person_model = apps.get_model("portfolio", "Person")
    role_model = apps.get_model("portfolio", "RoleAssignment")
    membership_model = apps.get_model("portfolio", "Membership")
    today = timezone.localdate()

    person = (
        person_model.objects.filter(user_id=user.pk, archived_at__isnull=True)
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
    for role, program_id, product_id in role_model.objects.filter(
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
    for body_id, kind, program_id, product_id in membership_model.objects.filter(
        active_on(today), person_id=person["pk"], body__archived_at__isnull=True
    ).values_list("body_id", "body__kind", "body__program_id", "body__product_id"):
        bodies.add(body_id)
        if kind == "board":
            is_board = True
        elif kind in ("steering", "coordination"):
            if product_id:
                products_read.add(product_id)
            elif program_id:
                programs_read.add(program_id)

    product_model = apps.get_model("portfolio", "Product")
    own_products = products_write | products_read | products_supplier
    programs_of_products = (
        set(
            product_model.objects.filter(pk__in=own_products, program_id__isnull=False).values_list(
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


def access_for(user: AbstractBaseUser | AnonymousUser | None) -> Access:
    """The user's access, computed on first use and kept on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached: Access | None = getattr(user, "_programkontor_access", None)
    if cached is None:
        cached = compute_access(user)
        user._programkontor_access = cached  # type: ignore[union-attr]
    return cached
