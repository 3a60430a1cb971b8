"""The demo portfolio's plan as plain data: what it is made of, before anything is stored."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from django.db import models

from programkontor.portfolio.models import BodyKind, OrganisationKind

DEMO_PASSWORD = "demo-programkontor"  # noqa: S105 -- the demo's published password, by design
CHANGE_REASON = "Demodata"
POPULATION_SOURCE = "Danmarks Statistik, FOLK1A (2020K1)"
BATCH_SIZE = 500

_M = TypeVar("_M", bound=models.Model)


class DemoError(Exception):
    """The demo cannot be loaded; the message says why, in Danish."""


class DemoNotAllowed(DemoError):
    pass


class Writer(Protocol):
    def write(self, text: str, /) -> Any: ...


@dataclass
class OrgSpec:
    slug: str
    name: str
    kind: str
    domain: str
    code: str | None = None
    region: str | None = None
    cvr: str = ""
    is_member: bool = False
    is_published: bool = True
    description: str = ""
    manual_size_class: str = ""
    manual_size_class_reason: str = ""
    population: tuple[datetime.date, int] | None = None


@dataclass
class ProgramSpec:
    key: str
    slug: str
    name: str
    summary: str
    description: str
    goals: str
    manager: int


@dataclass
class ProductSpec:
    slug: str
    name: str
    program: str
    kind: str
    stage: str
    level: str
    since: int
    participants: int
    supplier: str | None
    is_published: bool
    licence: str
    extra_participants: tuple[str, ...]
    summary: str
    cost_element: str
    categories: tuple[str, ...] = ()
    features: tuple[str, ...] = ()

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.since, 1, 1)


@dataclass
class ParticipationSpec:
    product: str
    organisation: str
    accession_date: datetime.date
    exit_date: datetime.date | None = None


@dataclass
class PersonSpec:
    email: str
    first_name: str
    last_name: str
    title: str
    organisation: str
    is_public: bool = False


@dataclass
class BodySpec:
    name: str
    kind: str
    product: str | None
    program: str | None
    description: str
    is_published: bool


@dataclass
class MembershipSpec:
    body: str
    person: str
    role: str
    represents: str | None
    start_date: datetime.date
    end_date: datetime.date | None = None


@dataclass
class RoleSpec:
    person: str
    role: str
    program: str | None
    product: str | None
    start_date: datetime.date
    end_date: datetime.date | None = None
    organisation: str | None = None


@dataclass(frozen=True)
class DemoLogin:
    username: str
    person: str
    role: str
    can_do: str
    is_secretariat: bool = False
    password: str = DEMO_PASSWORD


@dataclass
class Plan:
    organisations: dict[str, OrgSpec] = field(default_factory=dict)
    programs: dict[str, ProgramSpec] = field(default_factory=dict)
    products: dict[str, ProductSpec] = field(default_factory=dict)
    participations: list[ParticipationSpec] = field(default_factory=list)
    people: dict[str, PersonSpec] = field(default_factory=dict)
    bodies: dict[str, BodySpec] = field(default_factory=dict)
    memberships: list[MembershipSpec] = field(default_factory=list)
    roles: list[RoleSpec] = field(default_factory=list)
    logins: list[DemoLogin] = field(default_factory=list)

    def add_organisation(self, spec: OrgSpec) -> None:
        self.organisations[spec.slug] = spec

    def of_kind(self, kind: str) -> list[OrgSpec]:
        return [org for org in self.organisations.values() if org.kind == kind]

    def product_named(self, name: str) -> ProductSpec:
        return next(spec for spec in self.products.values() if spec.name == name)

    def program_keyed(self, key: str) -> ProgramSpec:
        return next(spec for spec in self.programs.values() if spec.key == key)

    def active_participants(self, product: str) -> list[ParticipationSpec]:
        """The municipalities that take part in ``product`` today, earliest first."""
        rows = [
            p
            for p in self.participations
            if p.product == product
            and p.exit_date is None
            and self.organisations[p.organisation].kind == OrganisationKind.MUNICIPALITY
        ]
        return sorted(rows, key=lambda p: (p.accession_date, p.organisation))

    def holder(self, role: str, product_name: str) -> str:
        slug = self.product_named(product_name).slug
        return next(
            s.person for s in self.roles if s.role == role and s.product == slug and s.end_date is None
        )

    def seat(self, body: str, role: str) -> str:
        return next(m.person for m in self.memberships if m.body == body and m.role == role)

    def targets(self, person: str, role: str) -> str:
        """The programs or products where ``person`` holds ``role`` now, as a readable list."""
        names = {slug: spec.name for slug, spec in self.programs.items()}
        names.update({slug: spec.name for slug, spec in self.products.items()})
        return ", ".join(
            names[spec.program or spec.product or ""]
            for spec in self.roles
            if spec.person == person and spec.role == role and spec.end_date is None
        )

    def groups_of(self, person: str) -> str:
        """The steering and coordination groups ``person`` sits in now: what opens internal data."""
        kinds = (BodyKind.STEERING, BodyKind.COORDINATION)
        return ", ".join(
            m.body
            for m in self.memberships
            if m.person == person and m.end_date is None and self.bodies[m.body].kind in kinds
        )
