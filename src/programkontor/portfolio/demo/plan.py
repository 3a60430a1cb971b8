"""The demo portfolio as plain data: generated deterministically, nothing stored yet."""

from __future__ import annotations

import csv
import datetime
import functools
import io
import random
import tomllib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Protocol, TypeVar

from django.db import models

from programkontor.core.text import danish_slugify
from programkontor.portfolio.models import (
    BodyKind,
    MembershipRole,
    OrganisationKind,
    Role,
)

DEMO_PASSWORD = "demo-programkontor"  # noqa: S105 -- the demo's published password, by design
DEMO_USERNAMES = (
    "sekretariat",
    "programleder",
    "produktkoordinator",
    "productowner",
    "styregruppe",
    "koordinationsgruppe",
    "leverandoer",
    "bestyrelse",
)
SEED = 2020
MAIL_SUFFIX = "dk.example"
CHANGE_REASON = "Demodata"
POPULATION_SOURCE = "Danmarks Statistik, FOLK1A (2020K1)"
#: Accession dates, exits and role starts fall on or before this day, whatever day it is today.
LAST_DAY = datetime.date(2025, 6, 30)
CLOSED_ON = datetime.date(2023, 12, 31)
BOARD_ELECTED = datetime.date(2024, 4, 25)
PROGRAMS_STARTED = datetime.date(2021, 8, 1)
COMMUNITY_STARTED = datetime.date(2022, 1, 1)
#: Products older than this year changed coordinator on COORDINATOR_HANDOVER.
HANDED_OVER_IF_SINCE_BEFORE = 2016
COORDINATOR_HANDOVER = datetime.date(2021, 1, 1)
FOUNDERS = 3
EXIT_RATE = 0.05
COMMUNITY_MANAGED_FROM = 40  # participants
BATCH_SIZE = 500

_M = TypeVar("_M", bound=models.Model)


class DemoError(Exception):
    """The demo cannot be loaded; the message says why, in Danish."""


class DemoNotAllowed(DemoError):
    pass


class Writer(Protocol):
    def write(self, text: str, /) -> Any: ...


@functools.cache
def _text(name: str) -> str:
    return resources.files("programkontor.portfolio").joinpath("data", name).read_text(encoding="utf-8")


def _csv(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_text(name))))


def load_tables() -> dict[str, Any]:
    return tomllib.loads(_text("demo_portfolio.toml"))


# --------------------------------------------------------------------------------------------
# The plan: plain data, no database.


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


def fictitious_cvr(index: int) -> str:
    """An eight-digit number that fails the CVR modulus-11 check, so it is no real company's."""
    weights = (2, 7, 6, 5, 4, 3, 2, 1)
    number = 99_990_000 + 137 * index
    while sum(int(digit) * weight for digit, weight in zip(str(number), weights, strict=True)) % 11 == 0:
        number += 1
    return str(number)


def _domain(text: str) -> str:
    return f"{danish_slugify(text)}.{MAIL_SUFFIX}"


def bullets(lines: Sequence[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _random_day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randrange(max((last - first).days, 0) + 1))


class _People:
    """Makes up people with unique e-mail addresses, and reuses them across groups."""

    def __init__(self, plan: Plan, rng: random.Random, names: dict[str, str]) -> None:
        self._plan = plan
        self._rng = rng
        self._first = names["first"].split()
        self._last = names["last"].split()
        self._pools: dict[tuple[str, str], list[PersonSpec]] = defaultdict(list)

    def new(self, organisation: OrgSpec, title: str, *, public: bool = False) -> PersonSpec:
        first, last = self._rng.choice(self._first), self._rng.choice(self._last)
        local = f"{danish_slugify(first)}.{danish_slugify(last)}"
        email, counter = f"{local}@{organisation.domain}", 2
        while email in self._plan.people:
            email, counter = f"{local}{counter}@{organisation.domain}", counter + 1
        person = PersonSpec(email, first, last, title, organisation.slug, is_public=public)
        self._plan.people[email] = person
        return person

    def pick(self, organisation: OrgSpec, pool: str, titles: Sequence[str], reuse: float) -> PersonSpec:
        """Someone from ``organisation``'s ``pool`` (leaders, specialists), often one met before."""
        known = self._pools[(organisation.slug, pool)]
        if known and self._rng.random() < reuse:
            return self._rng.choice(known)
        person = self.new(organisation, self._rng.choice(titles))
        known.append(person)
        return person


@dataclass
class _Staff:
    """The people who take on roles across many products, handed out in turn."""

    titles: dict[str, Any]
    head: PersonSpec
    managers: list[PersonSpec]
    coordinators: list[PersonSpec]
    community: PersonSpec
    supplier_contacts: dict[str, list[PersonSpec]]
    turns: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def next_in_turn(self, key: str, people: Sequence[PersonSpec]) -> PersonSpec:
        self.turns[key] += 1
        return people[(self.turns[key] - 1) % len(people)]


def build_plan() -> Plan:
    """The whole demo portfolio as plain data: the same every time."""
    tables = load_tables()
    rng = random.Random(SEED)  # noqa: S311 -- demo data, not security
    plan = Plan()
    people = _People(plan, rng, tables["names"])
    _plan_organisations(plan, rng, tables)
    _plan_programs_and_products(plan, tables)
    _plan_participations(plan, rng)
    staff = _plan_staff(plan, people, tables["titles"])
    for index, product in enumerate(plan.products.values()):
        _plan_product_roles(plan, people, rng, staff, product, municipal_coordinator=index % 3 == 2)
    _plan_product_bodies(plan, people, rng, tables)
    _plan_board(plan, people, rng, staff, tables)
    _plan_interest_groups(plan, people, rng, tables)
    _plan_logins(plan, staff)
    return plan


def _plan_organisations(plan: Plan, rng: random.Random, tables: dict[str, Any]) -> None:
    association = tables["association"]
    plan.add_organisation(
        OrgSpec(
            association["short"],
            association["name"],
            OrganisationKind.ASSOCIATION,
            _domain(association["short"]),
            description=association["description"],
        )
    )
    rows = _csv("municipalities_2020.csv")
    regions = tables["regions"]
    for region in sorted({row["region"] for row in rows}):
        plan.add_organisation(
            OrgSpec(
                danish_slugify(region),
                region,
                OrganisationKind.REGION,
                _domain(region),
                is_member=True,
                manual_size_class=regions["classes"][region],
                manual_size_class_reason=regions["reason"],
            )
        )
    for body in tables["state"]["bodies"]:
        plan.add_organisation(
            OrgSpec(
                danish_slugify(body["name"]),
                body["name"],
                OrganisationKind.STATE,
                _domain(body["short"]),
                manual_size_class=body["size_class"],
                manual_size_class_reason=tables["state"]["reason"],
            )
        )
    for body in tables["partners"]["bodies"]:
        plan.add_organisation(
            OrgSpec(
                danish_slugify(body["name"]), body["name"], OrganisationKind.PARTNER, _domain(body["short"])
            )
        )
    for index, name in enumerate(tables["suppliers"]["names"], start=1):
        plan.add_organisation(
            OrgSpec(
                danish_slugify(name),
                name,
                OrganisationKind.SUPPLIER,
                _domain(name.split()[0]),
                cvr=fictitious_cvr(index),
                is_published=False,
                description=tables["suppliers"]["description"],
            )
        )
    municipalities = tables["municipalities"]
    non_members = set(rng.sample(sorted(row["code"] for row in rows), municipalities["non_members"]))
    for row in rows:
        name = municipalities["official_names"].get(row["name"], f"{row['name']} Kommune")
        plan.add_organisation(
            OrgSpec(
                danish_slugify(name),
                name,
                OrganisationKind.MUNICIPALITY,
                _domain(row["name"]),
                code=row["code"],
                region=danish_slugify(row["region"]),
                is_member=row["code"] not in non_members,
                population=(datetime.date.fromisoformat(row["population_date"]), int(row["population"])),
            )
        )


def _plan_programs_and_products(plan: Plan, tables: dict[str, Any]) -> None:
    texts = tables["texts"]
    for program in tables["programs"]:
        slug = danish_slugify(program["name"])
        plan.programs[slug] = ProgramSpec(
            key=program["key"],
            slug=slug,
            name=program["name"],
            summary=texts["program_summary"].format(area=program["area"]),
            description=texts["program_description"].format(area=program["area"]),
            goals=bullets(program["goals"]),
            manager=program["manager"],
        )
    cost_elements = {row["product"]: row["psp_element"] for row in _csv("product_psp_elements.csv")}
    suppliers = [danish_slugify(name) for name in tables["suppliers"]["names"]]
    for row in _csv("demo_products.csv"):
        slug = danish_slugify(row["name"])
        plan.products[slug] = ProductSpec(
            slug=slug,
            name=row["name"],
            program=plan.program_keyed(row["program"]).slug,
            kind=row["kind"],
            stage=row["stage"],
            level=row["level"],
            since=int(row["since"]),
            participants=int(row["participants"]),
            supplier=suppliers[int(row["supplier"]) - 1] if row["supplier"] else None,
            is_published=row["published"] == "yes",
            licence=row["licence"],
            extra_participants=tuple(row["extra_participants"].split()),
            summary=row["summary"],
            cost_element=cost_elements.get(row["name"], ""),
        )


def _plan_participations(plan: Plan, rng: random.Random) -> None:
    """Founders join at the start, the others over the years; a few leave; closed means all left."""
    municipalities = sorted(plan.of_kind(OrganisationKind.MUNICIPALITY), key=lambda org: org.code or "")
    for product in plan.products.values():
        closed = product.stage == "closed"
        last = CLOSED_ON if closed else LAST_DAY
        chosen = [org.slug for org in rng.sample(municipalities, product.participants)]
        for index, organisation in enumerate([*chosen, *product.extra_participants]):
            founder = index < FOUNDERS
            if founder:
                accession = _random_day(rng, product.start, product.start + datetime.timedelta(days=90))
            else:
                accession = _random_day(rng, product.start, last - datetime.timedelta(days=30))
            exit_date: datetime.date | None = CLOSED_ON if closed else None
            if not closed and not founder and rng.random() < EXIT_RATE and (LAST_DAY - accession).days > 400:
                exit_date = _random_day(rng, accession + datetime.timedelta(days=365), LAST_DAY)
            plan.participations.append(ParticipationSpec(product.slug, organisation, accession, exit_date))


def _plan_staff(plan: Plan, people: _People, titles: dict[str, Any]) -> _Staff:
    """The secretariat, its program managers and coordinators, and the suppliers' contacts."""
    os2 = plan.of_kind(OrganisationKind.ASSOCIATION)[0]
    staff = _Staff(
        titles=titles,
        head=people.new(os2, titles["secretariat_head"], public=True),
        managers=[people.new(os2, titles["program_manager"], public=True) for _ in range(4)],
        coordinators=[people.new(os2, titles["coordinator"], public=True) for _ in range(3)],
        community=people.new(os2, titles["community_manager"], public=True),
        supplier_contacts={
            org.slug: [people.new(org, title) for title in titles["supplier"]]
            for org in plan.of_kind(OrganisationKind.SUPPLIER)
        },
    )
    people.new(os2, titles["finance"])
    for program in plan.programs.values():
        manager = staff.managers[program.manager]
        plan.roles.append(RoleSpec(manager.email, Role.PROGRAM_MANAGER, program.slug, None, PROGRAMS_STARTED))
    return staff


def _plan_product_roles(
    plan: Plan,
    people: _People,
    rng: random.Random,
    staff: _Staff,
    product: ProductSpec,
    *,
    municipal_coordinator: bool,
) -> None:
    """A coordinator for every product (a municipality's or the secretariat's), and the other roles."""
    active = plan.active_participants(product.slug)
    ended = CLOSED_ON if product.stage == "closed" else None
    coordinator_title = staff.titles["coordinator"]

    def from_participant(title: str, *, public: bool = False) -> PersonSpec:
        organisation = plan.organisations[rng.choice(active[:5]).organisation]
        return people.new(organisation, title, public=public)

    def assign(person: PersonSpec, role: str, start: datetime.date, **extra: Any) -> None:
        plan.roles.append(RoleSpec(person.email, role, None, product.slug, start, **extra))

    start = product.start
    if product.since < HANDED_OVER_IF_SINCE_BEFORE and active:
        before = COORDINATOR_HANDOVER - datetime.timedelta(days=1)
        assign(from_participant(coordinator_title), Role.PRODUCT_COORDINATOR, start, end_date=before)
        start = COORDINATOR_HANDOVER
    if municipal_coordinator and active:
        coordinator = from_participant(coordinator_title, public=True)
    else:
        coordinator = staff.next_in_turn("coordinators", staff.coordinators)
    assign(coordinator, Role.PRODUCT_COORDINATOR, start)
    if product.level in ("2", "3"):
        assign(
            from_participant(staff.titles["product_owner"]), Role.PRODUCT_OWNER, product.start, end_date=ended
        )
    if product.participants >= COMMUNITY_MANAGED_FROM:
        assign(staff.community, Role.COMMUNITY_MANAGER, max(product.start, COMMUNITY_STARTED), end_date=ended)
    if product.supplier and product.stage != "idea":
        contact = staff.next_in_turn(product.supplier, staff.supplier_contacts[product.supplier])
        assign(contact, Role.SUPPLIER_CONTACT, product.start, end_date=ended, organisation=product.supplier)


def _plan_product_bodies(plan: Plan, people: _People, rng: random.Random, tables: dict[str, Any]) -> None:
    """A steering and a coordination group for every product and project past the idea stage."""
    texts, titles = tables["texts"], tables["titles"]
    groups = (
        # kind, name, description, seats, pool of people, their titles, chance to reuse someone
        (BodyKind.STEERING, "Styregruppen for {}", texts["steering"], 4, "leader", titles["leader"], 0.8),
        (
            BodyKind.COORDINATION,
            "Koordinationsgruppen for {}",
            texts["coordination"],
            6,
            "specialist",
            titles["specialist"],
            0.6,
        ),
    )
    for product in plan.products.values():
        if product.stage == "idea":
            continue
        end = CLOSED_ON if product.stage == "closed" else None
        secretary = plan.holder(Role.PRODUCT_COORDINATOR, product.name)
        represented = plan.active_participants(product.slug) or [
            p
            for p in plan.participations
            if p.product == product.slug and plan.organisations[p.organisation].code
        ]
        for kind, name_pattern, text, size, pool, pool_titles, reuse in groups:
            name = name_pattern.format(product.name)
            description = text.format(product=product.name)
            plan.bodies[name] = BodySpec(name, kind, product.slug, None, description, product.is_published)
            for seat, participation in enumerate(rng.sample(represented, min(size, len(represented)))):
                organisation = plan.organisations[participation.organisation]
                person = people.pick(organisation, pool, pool_titles, reuse)
                role = MembershipRole.CHAIR if seat == 0 else MembershipRole.MEMBER
                start = participation.accession_date
                plan.memberships.append(
                    MembershipSpec(name, person.email, role, organisation.slug, start, end)
                )
            plan.memberships.append(
                MembershipSpec(name, secretary, MembershipRole.SECRETARY, None, product.start, end)
            )


def _plan_board(
    plan: Plan, people: _People, rng: random.Random, staff: _Staff, tables: dict[str, Any]
) -> None:
    """The association's board: six members from municipalities, one from a region; the head as secretary."""
    texts, titles = tables["texts"], tables["titles"]
    board = texts["board_name"]
    plan.bodies[board] = BodySpec(board, BodyKind.BOARD, None, None, texts["board"], True)
    members = [org for org in plan.of_kind(OrganisationKind.MUNICIPALITY) if org.is_member]
    region = plan.organisations[danish_slugify("Region Midtjylland")]
    for seat, organisation in enumerate([*rng.sample(members, 6), region]):
        title = titles["region_board"] if organisation is region else rng.choice(titles["board"])
        person = people.new(organisation, title, public=seat == 0)
        role = MembershipRole.CHAIR if seat == 0 else MembershipRole.MEMBER
        plan.memberships.append(MembershipSpec(board, person.email, role, organisation.slug, BOARD_ELECTED))
    plan.memberships.append(
        MembershipSpec(board, staff.head.email, MembershipRole.SECRETARY, None, BOARD_ELECTED)
    )


def _plan_interest_groups(plan: Plan, people: _People, rng: random.Random, tables: dict[str, Any]) -> None:
    """Interest groups: some across the portfolio or a program, one for a single product."""
    members = [org for org in plan.of_kind(OrganisationKind.MUNICIPALITY) if org.is_member]
    for group in tables["interest_groups"]:
        product = plan.product_named(group["product"]) if "product" in group else None
        program = plan.program_keyed(group["program"]).slug if "program" in group else None
        name = group["name"]
        published = group.get("published", True)
        plan.bodies[name] = BodySpec(
            name,
            BodyKind.INTEREST,
            product.slug if product else None,
            program,
            group["description"],
            published,
        )
        candidates = members
        if product is not None:
            candidates = [plan.organisations[p.organisation] for p in plan.active_participants(product.slug)]
        for seat, organisation in enumerate(rng.sample(candidates, min(group["members"], len(candidates)))):
            person = people.pick(organisation, "specialist", tables["titles"]["specialist"], 0.7)
            role = MembershipRole.CHAIR if seat == 0 else MembershipRole.MEMBER
            start = _random_day(rng, COMMUNITY_STARTED, LAST_DAY)
            plan.memberships.append(MembershipSpec(name, person.email, role, organisation.slug, start))


def _plan_logins(plan: Plan, staff: _Staff) -> None:
    """One login per role of the brief, each linked to a person of the plan who holds the role."""
    manager = staff.managers[0].email
    coordinator = plan.holder(Role.PRODUCT_COORDINATOR, "OS2rollekatalog")
    owner = plan.holder(Role.PRODUCT_OWNER, "OS2forms")
    supplier = plan.holder(Role.SUPPLIER_CONTACT, "OS2rollekatalog")
    steering = plan.seat("Styregruppen for OS2rollekatalog", MembershipRole.CHAIR)
    coordination = plan.seat("Koordinationsgruppen for OS2forms", MembershipRole.MEMBER)
    board_name = next(body.name for body in plan.bodies.values() if body.kind == BodyKind.BOARD)
    board = plan.seat(board_name, MembershipRole.CHAIR)
    supplier_name = plan.organisations[plan.people[supplier].organisation].name
    plan.logins = [
        DemoLogin(
            "sekretariat",
            staff.head.email,
            "Sekretariatet",
            "Læser og skriver alt, administrerer brugere, har adgang til Django-admin",
            is_secretariat=True,
        ),
        DemoLogin(
            "programleder",
            manager,
            "Programleder",
            f"Redigerer programmet {plan.targets(manager, Role.PROGRAM_MANAGER)} og dets produkter",
        ),
        DemoLogin(
            "produktkoordinator",
            coordinator,
            "Produktkoordinator",
            f"Redigerer {plan.targets(coordinator, Role.PRODUCT_COORDINATOR)}",
        ),
        DemoLogin(
            "productowner", owner, "Product owner", f"Redigerer {plan.targets(owner, Role.PRODUCT_OWNER)}"
        ),
        DemoLogin(
            "styregruppe", steering, "Styregruppemedlem", f"Læser interne data: {plan.groups_of(steering)}"
        ),
        DemoLogin(
            "koordinationsgruppe",
            coordination,
            "Koordinationsgruppemedlem",
            f"Læser interne data: {plan.groups_of(coordination)}",
        ),
        DemoLogin(
            "leverandoer",
            supplier,
            "Leverandørkontakt",
            f"For {supplier_name}: læser {plan.targets(supplier, Role.SUPPLIER_CONTACT)}",
        ),
        DemoLogin(
            "bestyrelse", board, "Bestyrelsesformand", "Læser alt internt; beslutter niveauer og optagelser"
        ),
    ]
