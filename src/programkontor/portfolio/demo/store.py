"""Storing the demo plan: create what is missing, matched on natural keys; or delete it all."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from programkontor.accounts.models import User
from programkontor.portfolio.demo.plan import DEMO_USERNAMES, build_plan, bullets, load_tables
from programkontor.portfolio.demo.specs import (
    _M,
    BATCH_SIZE,
    CHANGE_REASON,
    DEMO_PASSWORD,
    POPULATION_SOURCE,
    DemoError,
    DemoLogin,
    DemoNotAllowed,
    Plan,
    Writer,
)
from programkontor.portfolio.models import (
    Body,
    Membership,
    Organisation,
    Participation,
    Person,
    PopulationFigure,
    Product,
    Program,
    RoleAssignment,
    SizeClassRule,
)

# --------------------------------------------------------------------------------------------
# Storing the plan: create what is missing, matched on natural keys.

LABELS: dict[type[models.Model], str] = {
    Organisation: "Organisationer",
    PopulationFigure: "Befolkningstal",
    SizeClassRule: "Størrelsesgrænser",
    Program: "Programmer",
    Product: "Produkter og projekter",
    Participation: "Tilslutninger",
    Person: "Personer",
    Body: "Grupper",
    Membership: "Medlemskaber",
    RoleAssignment: "Rolletildelinger",
}
USERS_LABEL = "Demo-logins"


@dataclass
class DemoSummary:
    """What one run of :func:`load_demo` created (the totals are :func:`demo_totals`, read afterwards)."""

    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys([*LABELS.values(), USERS_LABEL], 0))
    logins: list[DemoLogin] = field(default_factory=list)
    reset: bool = False

    @property
    def created_anything(self) -> bool:
        return any(self.created.values())


def check_allowed() -> None:
    """Refuse unless this installation allows the demo (its logins share a well-known password)."""
    if not settings.PROGRAMKONTOR_DEMO_ALLOWED:
        raise DemoNotAllowed(
            "Demodata er slået fra her: demo-logins har en offentligt kendt adgangskode. "
            "Sæt DEMO_ALLOWED=1, hvis du virkelig vil indlæse demoporteføljen i denne database."
        )


def demo_totals() -> list[tuple[str, int]]:
    """The portfolio's rows as they are in the database now (other apps' demos may add some)."""
    totals = [(label, model._default_manager.count()) for model, label in LABELS.items()]
    totals.append((USERS_LABEL, User.objects.filter(username__in=DEMO_USERNAMES).count()))
    return totals


def load_demo(*, reset: bool = False, stdout: Writer | None = None) -> DemoSummary:
    """Load the demo portfolio (what is missing of it) in one transaction; ``reset`` starts over."""
    check_allowed()
    plan = build_plan()
    summary = DemoSummary(reset=reset, logins=list(plan.logins))
    with transaction.atomic():
        if reset:
            delete_demo()
            if stdout is not None:
                stdout.write("Porteføljen, dens historik og demo-logins er slettet.")
        _store(plan, summary)
    return summary


#: Children before parents, so nothing protected is left behind.
_DELETE_ORDER: tuple[type[models.Model], ...] = (
    Membership,
    RoleAssignment,
    Participation,
    PopulationFigure,
    Body,
    Person,
    Product,
    Program,
    SizeClassRule,
)


def delete_demo() -> None:
    """Delete everything in the portfolio tables and their history, and the demo users."""
    try:
        for model in _DELETE_ORDER:
            model._default_manager.all().delete()
        Organisation.objects.filter(region__isnull=False).delete()  # municipalities before their regions
        Organisation.objects.all().delete()
    except (ProtectedError, RestrictedError) as exc:
        blocking = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        kinds = sorted({str(type(obj)._meta.verbose_name_plural) for obj in blocking})
        raise DemoError(
            f"Kan ikke nulstille: andre data peger stadig på porteføljen ({', '.join(kinds)}). "
            "Slet dem først, eller indlæs demoen i en tom database."
        ) from exc
    everything: tuple[type[models.Model], ...] = (*_DELETE_ORDER, Organisation)
    for model in everything:
        model.history.all().delete()  # type: ignore[attr-defined]
    User.objects.filter(username__in=DEMO_USERNAMES).delete()


def _insert(model: type[_M], objects: list[_M], summary: DemoSummary, *, thorough: bool = True) -> list[_M]:
    """Validate ``objects`` and bulk-create them, each with its history record.

    ``thorough=False`` (for the big sets) checks each field's value but skips the checks that cost a
    query per row: the related objects come from the database, and the natural keys rule out duplicates.
    """
    if not objects:
        return []
    relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
    for obj in objects:
        try:
            if thorough:
                obj.full_clean()
            else:
                obj.clean_fields(exclude=relations)
        except ValidationError as exc:
            raise DemoError(
                f"Demodata for {model._meta.verbose_name} »{obj}« er ugyldige: {'; '.join(exc.messages)}"
            ) from exc
    created: list[_M] = bulk_create_with_history(
        objects, model, batch_size=BATCH_SIZE, default_change_reason=CHANGE_REASON
    )
    summary.created[LABELS[model]] += len(created)
    return created


def _publication(published: bool) -> dict[str, Any]:
    return {"is_published": published, "published_at": timezone.now() if published else None}


def _store(plan: Plan, summary: DemoSummary) -> None:
    organisations = _store_organisations(plan, summary)
    _store_population(plan, organisations, summary)
    if not SizeClassRule.objects.exists():
        note = load_tables()["texts"]["size_class_rule"]
        rule = SizeClassRule(
            valid_from_year=2000,
            medium_from=25_000,
            large_from=60_000,
            very_large_from=120_000,
            boundary_in_upper_class=True,
            decision_note=note,
        )
        _insert(SizeClassRule, [rule], summary)
    programs = _store_programs(plan, summary)
    products = _store_products(plan, programs, summary)
    _store_participations(plan, products, organisations, summary)
    users = _store_users(plan, summary)
    people = _store_people(plan, organisations, users, summary)
    bodies = _store_bodies(plan, programs, products, summary)
    _store_memberships(plan, bodies, people, organisations, summary)
    _store_roles(plan, people, programs, products, organisations, summary)


def _store_organisations(plan: Plan, summary: DemoSummary) -> dict[str, Organisation]:
    """Municipalities match on their code, every other organisation on its slug."""
    existing = list(Organisation.objects.all())
    by_slug = {org.slug: org for org in existing}
    by_code = {org.municipality_code: org for org in existing if org.municipality_code}
    found: dict[str, Organisation] = {}
    for spec in plan.organisations.values():
        match = by_code.get(spec.code) if spec.code else by_slug.get(spec.slug)
        if match is not None:
            found[spec.slug] = match
    for in_region in (False, True):  # regions before the municipalities that point to them
        new = [
            Organisation(
                name=spec.name,
                slug=spec.slug,
                kind=spec.kind,
                municipality_code=spec.code,
                region=found[spec.region] if spec.region else None,
                cvr=spec.cvr,
                is_member=spec.is_member,
                email=f"kontakt@{spec.domain}",
                description=spec.description,
                manual_size_class=spec.manual_size_class,
                manual_size_class_reason=spec.manual_size_class_reason,
                **_publication(spec.is_published),
            )
            for spec in plan.organisations.values()
            if spec.slug not in found and (spec.region is not None) == in_region
        ]
        found.update({org.slug: org for org in _insert(Organisation, new, summary)})
    return found


def _store_population(plan: Plan, organisations: dict[str, Organisation], summary: DemoSummary) -> None:
    existing = set(PopulationFigure.objects.values_list("organisation_id", "date"))
    new = []
    for spec in plan.organisations.values():
        if spec.population is None:
            continue
        day, inhabitants = spec.population
        organisation = organisations[spec.slug]
        if (organisation.pk, day) not in existing:
            new.append(
                PopulationFigure(
                    organisation=organisation, date=day, population=inhabitants, source=POPULATION_SOURCE
                )
            )
    _insert(PopulationFigure, new, summary, thorough=False)


def _store_programs(plan: Plan, summary: DemoSummary) -> dict[str, Program]:
    found = {p.slug: p for p in Program.objects.filter(slug__in=plan.programs)}
    new = [
        Program(
            name=spec.name,
            slug=spec.slug,
            summary=spec.summary,
            description=spec.description,
            goals=spec.goals,
            **_publication(True),
        )
        for spec in plan.programs.values()
        if spec.slug not in found
    ]
    found.update({p.slug: p for p in _insert(Program, new, summary)})
    return found


def _store_products(plan: Plan, programs: dict[str, Program], summary: DemoSummary) -> dict[str, Product]:
    stages = load_tables()["stages"]
    found = {p.slug: p for p in Product.objects.filter(slug__in=plan.products)}
    new = []
    for spec in plan.products.values():
        if spec.slug in found:
            continue
        stage = stages[spec.stage]
        repositories = [] if spec.stage == "idea" else [f"https://github.com/OS2offdig/{spec.slug}"]
        if spec.level == "3":
            repositories.append(f"https://github.com/OS2offdig/{spec.slug}-docs")
        new.append(
            Product(
                program=programs[spec.program],
                name=spec.name,
                slug=spec.slug,
                kind=spec.kind,
                stage=spec.stage,
                level=spec.level,
                summary=spec.summary,
                description=f"{spec.summary}\n\n{stage['text'].format(name=spec.name)}",
                goals=bullets(stage["goals"]),
                licence=spec.licence,
                repository_urls=repositories,
                categories=list(spec.categories),
                features=list(spec.features),
                cost_element=spec.cost_element,
                notes=stage["notes"],
                **_publication(spec.is_published),
            )
        )
    found.update({p.slug: p for p in _insert(Product, new, summary)})
    return found


def _store_participations(
    plan: Plan, products: dict[str, Product], organisations: dict[str, Organisation], summary: DemoSummary
) -> None:
    existing = set(
        Participation.objects.filter(product__in=list(products.values())).values_list(
            "product_id", "organisation_id", "accession_date"
        )
    )
    new = [
        Participation(
            product=products[spec.product],
            organisation=organisations[spec.organisation],
            accession_date=spec.accession_date,
            exit_date=spec.exit_date,
        )
        for spec in plan.participations
        if (products[spec.product].pk, organisations[spec.organisation].pk, spec.accession_date)
        not in existing
    ]
    _insert(Participation, new, summary, thorough=False)


def _store_users(plan: Plan, summary: DemoSummary) -> dict[str, User]:
    """The demo logins. They share one password hash: hashing is slow on purpose, so it is done once."""
    found = {
        u.username: u for u in User.objects.filter(username__in=[login.username for login in plan.logins])
    }
    missing = [login for login in plan.logins if login.username not in found]
    if not missing:
        return found
    password = make_password(DEMO_PASSWORD)
    for login in missing:
        person = plan.people[login.person]
        user = User(
            username=login.username,
            email=person.email,
            first_name=person.first_name,
            last_name=person.last_name,
            password=password,
            is_secretariat=login.is_secretariat,
            is_staff=login.is_secretariat,
            is_superuser=login.is_secretariat,
        )
        user.full_clean()
        user.save()
        found[login.username] = user
    summary.created[USERS_LABEL] += len(missing)
    return found


def _store_people(
    plan: Plan, organisations: dict[str, Organisation], users: dict[str, User], summary: DemoSummary
) -> dict[str, Person]:
    user_of = {login.person: users[login.username] for login in plan.logins}
    found = {p.email: p for p in Person.objects.filter(email__in=plan.people)}
    new = [
        Person(
            first_name=spec.first_name,
            last_name=spec.last_name,
            title=spec.title,
            organisation=organisations[spec.organisation],
            email=spec.email,
            is_public=spec.is_public,
            user=user_of.get(spec.email),
        )
        for spec in plan.people.values()
        if spec.email not in found
    ]
    found.update({p.email: p for p in _insert(Person, new, summary, thorough=False)})
    for email, user in user_of.items():  # a demo person whose login was deleted and made again
        person = found[email]
        if person.user_id != user.pk and not Person.objects.filter(user=user).exists():
            person.user = user
            person._change_reason = CHANGE_REASON  # type: ignore[attr-defined]
            person.save()
    return found


def _store_bodies(
    plan: Plan, programs: dict[str, Program], products: dict[str, Product], summary: DemoSummary
) -> dict[str, Body]:
    found = {b.name: b for b in Body.objects.filter(name__in=plan.bodies)}
    new = [
        Body(
            kind=spec.kind,
            name=spec.name,
            program=programs[spec.program] if spec.program else None,
            product=products[spec.product] if spec.product else None,
            description=spec.description,
            **_publication(spec.is_published),
        )
        for spec in plan.bodies.values()
        if spec.name not in found
    ]
    found.update({b.name: b for b in _insert(Body, new, summary)})
    return found


def _store_memberships(
    plan: Plan,
    bodies: dict[str, Body],
    people: dict[str, Person],
    organisations: dict[str, Organisation],
    summary: DemoSummary,
) -> None:
    existing = set(
        Membership.objects.filter(body__in=list(bodies.values())).values_list("body_id", "person_id", "role")
    )
    new = [
        Membership(
            body=bodies[spec.body],
            person=people[spec.person],
            role=spec.role,
            represents=organisations[spec.represents] if spec.represents else None,
            start_date=spec.start_date,
            end_date=spec.end_date,
        )
        for spec in plan.memberships
        if (bodies[spec.body].pk, people[spec.person].pk, spec.role) not in existing
    ]
    _insert(Membership, new, summary, thorough=False)


def _store_roles(
    plan: Plan,
    people: dict[str, Person],
    programs: dict[str, Program],
    products: dict[str, Product],
    organisations: dict[str, Organisation],
    summary: DemoSummary,
) -> None:
    existing = set(
        RoleAssignment.objects.filter(person__in=list(people.values())).values_list(
            "person_id", "role", "program_id", "product_id"
        )
    )
    new = []
    for spec in plan.roles:
        program = programs[spec.program] if spec.program else None
        product = products[spec.product] if spec.product else None
        key = (people[spec.person].pk, spec.role, program and program.pk, product and product.pk)
        if key in existing:
            continue
        new.append(
            RoleAssignment(
                person=people[spec.person],
                role=spec.role,
                program=program,
                product=product,
                organisation=organisations[spec.organisation] if spec.organisation else None,
                start_date=spec.start_date,
                end_date=spec.end_date,
            )
        )
    _insert(RoleAssignment, new, summary)
