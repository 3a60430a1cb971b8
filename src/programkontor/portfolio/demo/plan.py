"""The demo portfolio's plan: generated deterministically from ``portfolio/data/`` and a seeded
random generator, nothing stored yet (:mod:`.specs` has its parts, :mod:`.store` stores it)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from typing import Any

from programkontor.core.text import danish_slugify
from programkontor.portfolio.demo.files import Table, read_csv, read_toml
from programkontor.portfolio.demo.people import People, Staff, domain, fictitious_cvr, random_day
from programkontor.portfolio.demo.specs import (
    BodySpec,
    DemoLogin,
    MembershipSpec,
    OrgSpec,
    ParticipationSpec,
    PersonSpec,
    Plan,
    ProductSpec,
    ProgramSpec,
    RoleSpec,
)
from programkontor.portfolio.models import BodyKind, MembershipRole, OrganisationKind, Role

PACKAGE = "programkontor.portfolio"
SEED = 2020


def load_tables() -> Table:
    """``demo_portfolio.toml``: the demo's small tables and Danish texts."""
    return read_toml(PACKAGE, "demo_portfolio.toml")


def _csv(name: str) -> list[dict[str, str]]:
    return read_csv(PACKAGE, name)


#: The demo logins' user names, in the order they are listed.
DEMO_USERNAMES = tuple(login["username"] for login in load_tables()["logins"])


def bullets(lines: Sequence[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def build_plan() -> Plan:
    """The whole demo portfolio as plain data: the same every time."""
    tables = load_tables()
    rng = random.Random(SEED)  # noqa: S311 -- demo data, not security
    plan = Plan()
    people = People(plan, rng, tables["names"])
    _plan_organisations(plan, rng, tables)
    _plan_programs_and_products(plan, tables)
    _plan_participations(plan, rng, tables)
    staff = _plan_staff(plan, people, tables)
    for index, product in enumerate(plan.products.values()):
        _plan_product_roles(plan, people, rng, staff, product, tables, municipal_coordinator=index % 3 == 2)
    _plan_product_bodies(plan, people, rng, tables)
    _plan_board(plan, people, rng, staff, tables)
    _plan_interest_groups(plan, people, rng, tables)
    _plan_logins(plan, staff, tables)
    return plan


def _plan_organisations(plan: Plan, rng: random.Random, tables: Table) -> None:
    association = tables["association"]
    plan.add_organisation(
        OrgSpec(
            association["short"],
            association["name"],
            OrganisationKind.ASSOCIATION,
            domain(association["short"]),
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
                domain(region),
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
                domain(body["short"]),
                manual_size_class=body["size_class"],
                manual_size_class_reason=tables["state"]["reason"],
            )
        )
    for body in tables["partners"]["bodies"]:
        plan.add_organisation(
            OrgSpec(
                danish_slugify(body["name"]), body["name"], OrganisationKind.PARTNER, domain(body["short"])
            )
        )
    for index, name in enumerate(tables["suppliers"]["names"], start=1):
        plan.add_organisation(
            OrgSpec(
                danish_slugify(name),
                name,
                OrganisationKind.SUPPLIER,
                domain(name.split()[0]),
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
                domain(row["name"]),
                code=row["code"],
                region=danish_slugify(row["region"]),
                is_member=row["code"] not in non_members,
                population=(datetime.date.fromisoformat(row["population_date"]), int(row["population"])),
            )
        )


def _plan_programs_and_products(plan: Plan, tables: Table) -> None:
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
    publiccode = {row["product"]: row for row in _csv("demo_publiccode.csv")}
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
            categories=tuple(publiccode.get(row["name"], {}).get("categories", "").split()),
            features=tuple(f for f in publiccode.get(row["name"], {}).get("features", "").split("|") if f),
        )


def _plan_participations(plan: Plan, rng: random.Random, tables: Table) -> None:
    """Founders join at the start, the others over the years; a few leave; closed means all left."""
    calendar, rules = tables["calendar"], tables["participation"]
    last_day, closed_on = calendar["last_day"], calendar["closed_on"]
    municipalities = sorted(plan.of_kind(OrganisationKind.MUNICIPALITY), key=lambda org: org.code or "")
    for product in plan.products.values():
        closed = product.stage == "closed"
        last = closed_on if closed else last_day
        chosen = [org.slug for org in rng.sample(municipalities, product.participants)]
        for index, organisation in enumerate([*chosen, *product.extra_participants]):
            founder = index < rules["founders"]
            if founder:
                accession = random_day(rng, product.start, product.start + datetime.timedelta(days=90))
            else:
                accession = random_day(rng, product.start, last - datetime.timedelta(days=30))
            exit_date: datetime.date | None = closed_on if closed else None
            if (
                not closed
                and not founder
                and rng.random() < rules["exit_rate"]
                and (last_day - accession).days > 400
            ):
                exit_date = random_day(rng, accession + datetime.timedelta(days=365), last_day)
            plan.participations.append(ParticipationSpec(product.slug, organisation, accession, exit_date))


def _plan_staff(plan: Plan, people: People, tables: Table) -> Staff:
    """The secretariat, its program managers and coordinators, and the suppliers' contacts."""
    titles, numbers = tables["titles"], tables["staff"]
    os2 = plan.of_kind(OrganisationKind.ASSOCIATION)[0]
    staff = Staff(
        titles=titles,
        head=people.new(os2, titles["secretariat_head"], public=True),
        managers=[
            people.new(os2, titles["program_manager"], public=True)
            for _ in range(numbers["program_managers"])
        ],
        coordinators=[
            people.new(os2, titles["coordinator"], public=True) for _ in range(numbers["coordinators"])
        ],
        community=people.new(os2, titles["community_manager"], public=True),
        supplier_contacts={
            org.slug: [people.new(org, title) for title in titles["supplier"]]
            for org in plan.of_kind(OrganisationKind.SUPPLIER)
        },
    )
    people.new(os2, titles["finance"])
    started = tables["calendar"]["programs_started"]
    for program in plan.programs.values():
        manager = staff.managers[program.manager]
        plan.roles.append(RoleSpec(manager.email, Role.PROGRAM_MANAGER, program.slug, None, started))
    return staff


def _plan_product_roles(
    plan: Plan,
    people: People,
    rng: random.Random,
    staff: Staff,
    product: ProductSpec,
    tables: Table,
    *,
    municipal_coordinator: bool,
) -> None:
    """A coordinator for every product (a municipality's or the secretariat's), and the other roles."""
    calendar = tables["calendar"]
    active = plan.active_participants(product.slug)
    ended = calendar["closed_on"] if product.stage == "closed" else None
    coordinator_title = staff.titles["coordinator"]

    def from_participant(title: str, *, public: bool = False) -> PersonSpec:
        organisation = plan.organisations[rng.choice(active[:5]).organisation]
        return people.new(organisation, title, public=public)

    def assign(person: PersonSpec, role: str, start: datetime.date, **extra: Any) -> None:
        plan.roles.append(RoleSpec(person.email, role, None, product.slug, start, **extra))

    start = product.start
    if product.since < calendar["handed_over_if_since_before"] and active:
        handover = calendar["coordinator_handover"]
        before = handover - datetime.timedelta(days=1)
        assign(from_participant(coordinator_title), Role.PRODUCT_COORDINATOR, start, end_date=before)
        start = handover
    if municipal_coordinator and active:
        coordinator = from_participant(coordinator_title, public=True)
    else:
        coordinator = staff.next_in_turn("coordinators", staff.coordinators)
    assign(coordinator, Role.PRODUCT_COORDINATOR, start)
    if product.level in ("2", "3"):
        assign(
            from_participant(staff.titles["product_owner"]), Role.PRODUCT_OWNER, product.start, end_date=ended
        )
    if product.participants >= tables["participation"]["community_managed_from"]:
        community_start = max(product.start, calendar["community_started"])
        assign(staff.community, Role.COMMUNITY_MANAGER, community_start, end_date=ended)
    if product.supplier and product.stage != "idea":
        contact = staff.next_in_turn(product.supplier, staff.supplier_contacts[product.supplier])
        assign(contact, Role.SUPPLIER_CONTACT, product.start, end_date=ended, organisation=product.supplier)


def _plan_product_bodies(plan: Plan, people: People, rng: random.Random, tables: Table) -> None:
    """A steering and a coordination group for every product and project past the idea stage."""
    titles = tables["titles"]
    closed_on = tables["calendar"]["closed_on"]
    for product in plan.products.values():
        if product.stage == "idea":
            continue
        end = closed_on if product.stage == "closed" else None
        secretary = plan.holder(Role.PRODUCT_COORDINATOR, product.name)
        represented = plan.active_participants(product.slug) or [
            p
            for p in plan.participations
            if p.product == product.slug and plan.organisations[p.organisation].code
        ]
        for group in tables["product_groups"]:
            name = group["name"].format(product=product.name)
            description = group["description"].format(product=product.name)
            plan.bodies[name] = BodySpec(
                name, group["kind"], product.slug, None, description, product.is_published
            )
            seats = rng.sample(represented, min(group["seats"], len(represented)))
            for seat, participation in enumerate(seats):
                organisation = plan.organisations[participation.organisation]
                person = people.pick(organisation, group["pool"], titles[group["pool"]], group["reuse"])
                role = MembershipRole.CHAIR if seat == 0 else MembershipRole.MEMBER
                start = participation.accession_date
                plan.memberships.append(
                    MembershipSpec(name, person.email, role, organisation.slug, start, end)
                )
            plan.memberships.append(
                MembershipSpec(name, secretary, MembershipRole.SECRETARY, None, product.start, end)
            )


def _plan_board(plan: Plan, people: People, rng: random.Random, staff: Staff, tables: Table) -> None:
    """The association's board: members from municipalities and one from a region; the head as secretary."""
    texts, titles, spec = tables["texts"], tables["titles"], tables["board"]
    elected = tables["calendar"]["board_elected"]
    board = texts["board_name"]
    plan.bodies[board] = BodySpec(board, BodyKind.BOARD, None, None, texts["board"], True)
    members = [org for org in plan.of_kind(OrganisationKind.MUNICIPALITY) if org.is_member]
    region = plan.organisations[danish_slugify(spec["region"])]
    for seat, organisation in enumerate([*rng.sample(members, spec["municipal_members"]), region]):
        title = titles["region_board"] if organisation is region else rng.choice(titles["board"])
        person = people.new(organisation, title, public=seat == 0)
        role = MembershipRole.CHAIR if seat == 0 else MembershipRole.MEMBER
        plan.memberships.append(MembershipSpec(board, person.email, role, organisation.slug, elected))
    plan.memberships.append(MembershipSpec(board, staff.head.email, MembershipRole.SECRETARY, None, elected))


def _plan_interest_groups(plan: Plan, people: People, rng: random.Random, tables: Table) -> None:
    """Interest groups: some across the portfolio or a program, one for a single product."""
    calendar = tables["calendar"]
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
            start = random_day(rng, calendar["community_started"], calendar["last_day"])
            plan.memberships.append(MembershipSpec(name, person.email, role, organisation.slug, start))


def _login_person(plan: Plan, staff: Staff, tables: Table, spec: dict[str, str]) -> str:
    """The e-mail address of the person a login of ``demo_portfolio.toml`` is linked to."""
    if "staff" in spec:
        return staff.head.email if spec["staff"] == "head" else staff.managers[0].email
    if "holds" in spec:
        return plan.holder(spec["holds"], spec["product"])
    body = tables["texts"]["board_name"] if spec["body"] == "board" else spec["body"]
    return plan.seat(body, spec["seat"])


def _plan_logins(plan: Plan, staff: Staff, tables: Table) -> None:
    """One login per role of the brief, each linked to a person of the plan who holds the role."""
    plan.logins = []
    for spec in tables["logins"]:
        person = _login_person(plan, staff, tables, spec["person"])
        supplier = plan.organisations[plan.people[person].organisation].name
        targets = plan.targets(person, spec["targets"]) if "targets" in spec else ""
        can_do = spec["can_do"].format(targets=targets, groups=plan.groups_of(person), supplier=supplier)
        plan.logins.append(
            DemoLogin(
                spec["username"],
                person,
                spec["role"],
                can_do,
                is_secretariat=spec.get("is_secretariat", False),
            )
        )
