"""What a user may reach: the roles of the brief turned into sets of ids, computed once per request.

The portfolio app computes it (``portfolio/access.py``, registered with :func:`set_access_provider`).
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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    from programkontor.core.actors import AnyUser


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


#: Computes a signed-in, active user's :class:`Access`; the portfolio app registers it (it owns the
#: people, roles and memberships the access is made of).
AccessProvider = Callable[[Any], Access]
_provider: AccessProvider | None = None


def set_access_provider(provider: AccessProvider) -> None:
    global _provider
    _provider = provider


def compute_access(user: AnyUser) -> Access:
    """The user's access, computed now (not cached): anonymous and inactive users get nothing."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    if _provider is None:  # pragma: no cover - the portfolio app is always installed
        raise RuntimeError("No access provider: install the portfolio app.")
    return _provider(user)


def access_for(user: AbstractBaseUser | AnonymousUser | None) -> Access:
    """The user's access, computed on first use and kept on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached: Access | None = getattr(user, "_programkontor_access", None)
    if cached is None:
        cached = compute_access(user)
        user._programkontor_access = cached  # type: ignore[union-attr]
    return cached
