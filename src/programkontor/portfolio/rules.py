"""Who may see and change what in the portfolio: the scopes behind ``restrict(user, action)``.

Read the brief's table of users as the specification. Each scope returns a ``Q`` for an action;
scopes of child objects reuse their parent's scope through a field prefix, so there is exactly
one place that decides, for example, who may change a product and everything hanging on it.
Model-level "add" permissions are ``rules`` predicates on the same Access.
"""

from __future__ import annotations

import functools
import operator
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, Q, QuerySet
from rules.permissions import add_perm
from rules.predicates import predicate

from programkontor.core import gate
from programkontor.core.access import Access, access_for
from programkontor.core.gate import EVERYTHING, NOTHING
from programkontor.portfolio.models import (
    Body,
    Membership,
    Organisation,
    Participation,
    Person,
    PopulationFigure,
    Product,
    Program,
    Role,
    RoleAssignment,
    SizeClassRule,
)

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


def any_of(*filters: Q) -> Q:
    """OR the filters; EVERYTHING absorbs the rest (an empty Q would otherwise vanish in an OR)."""
    if any(f is EVERYTHING for f in filters):
        return EVERYTHING
    meaningful = [f for f in filters if f is not NOTHING]
    return functools.reduce(operator.or_, meaningful) if meaningful else NOTHING


def ids_q(prefix: str, lookup: str, ids: frozenset[int] | set[int]) -> Q:
    return Q(**{f"{prefix}{lookup}__in": sorted(ids)}) if ids else NOTHING


def published_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}is_published": True, f"{prefix}archived_at__isnull": True})


def program_q(access: Access, action: str, prefix: str = "") -> Q:
    if access.is_secretariat or (access.is_board and action != "change"):
        return EVERYTHING
    if action == "change":
        return ids_q(prefix, "pk", access.programs_write)
    internal = ids_q(prefix, "pk", access.programs_internal)
    if action == "view_internal":
        return internal
    # Whoever reads a product may see which program it belongs to (not the program's internals).
    return any_of(internal, ids_q(prefix, "pk", access.programs_of_products), published_q(prefix))


def product_q(access: Access, action: str, prefix: str = "") -> Q:
    if access.is_secretariat or (access.is_board and action != "change"):
        return EVERYTHING
    if action == "change":
        return any_of(
            ids_q(prefix, "pk", access.products_write), ids_q(prefix, "program_id", access.programs_write)
        )
    internal = any_of(
        ids_q(prefix, "pk", access.products_internal | access.products_supplier),
        ids_q(prefix, "program_id", access.programs_internal),
    )
    return internal if action == "view_internal" else any_of(internal, published_q(prefix))


def target_change_q(access: Access, prefix: str = "") -> Q:
    """Rows on a product or program the user may change."""
    return any_of(
        product_q(access, "change", f"{prefix}product__"), program_q(access, "change", f"{prefix}program__")
    )


_M = TypeVar("_M", bound=Model)


def target_candidates(
    model: type[_M], user: AnyUser, product_id: int | None, program_id: int | None
) -> QuerySet[_M]:
    """The visible, unarchived rows of ``model`` (on a product or a program) that an agenda item or a
    decision of a product, or of a program, can point at: the program's include its products'."""
    visible = model._default_manager.filter(gate.scope_q(model, user, "view"), archived_at__isnull=True)
    if product_id:
        return visible.filter(product_id=product_id)
    if program_id:
        return visible.filter(Q(program_id=program_id) | Q(product__program_id=program_id))
    return visible.none()


def target_internal_q(access: Access, prefix: str = "") -> Q:
    """Rows on a product or program that the user reads in full (its planning, its contracts; suppliers
    excluded)."""
    if access.reads_everything:
        return EVERYTHING
    return any_of(
        ids_q(prefix, "product_id", access.products_internal),
        ids_q(prefix, "product__program_id", access.programs_internal),
        ids_q(prefix, "program_id", access.programs_internal),
    )


def body_q(access: Access, action: str, prefix: str = "") -> Q:
    """Bodies: governance data, so suppliers get nothing beyond what is published."""
    if access.is_secretariat or (access.is_board and action != "change"):
        return EVERYTHING
    if action == "change":
        return any_of(
            ids_q(prefix, "product_id", access.products_write),
            ids_q(prefix, "product__program_id", access.programs_write),
            ids_q(prefix, "program_id", access.programs_write),
        )
    internal = any_of(
        ids_q(prefix, "pk", access.bodies),
        ids_q(prefix, "product_id", access.products_internal),
        ids_q(prefix, "product__program_id", access.programs_internal),
        ids_q(prefix, "program_id", access.programs_internal),
    )
    return internal if action == "view_internal" else any_of(internal, published_q(prefix))


def organisation_q(access: Access, action: str, prefix: str = "") -> Q:
    """Organisations are master data kept by the secretariat; writers may see all to pick from."""
    if access.is_secretariat:
        return EVERYTHING
    if action == "change":
        return NOTHING
    if access.is_board or access.writes_anything:
        return EVERYTHING
    own = Q(**{f"{prefix}pk": access.organisation_id}) if access.organisation_id else NOTHING
    participating = (
        Q(
            **{
                f"{prefix}pk__in": Participation.objects.filter(
                    product_id__in=sorted(access.products_internal)
                ).values("organisation_id")
            }
        )
        if access.products_internal
        else NOTHING
    )
    internal = any_of(own, participating)
    return internal if action == "view_internal" else any_of(internal, published_q(prefix))


def person_q(access: Access, action: str) -> Q:
    if access.is_secretariat or (access.is_board and action != "change"):
        return EVERYTHING
    if action == "view" and access.writes_anything:
        # Those who appoint members and roles must be able to find people; contact data and
        # history stay internal (``view_internal``) to the people's own scope.
        return EVERYTHING
    own = Q(pk=access.person_id) if access.person_id else NOTHING
    holding = "view_internal" if action == "view" else action
    members = body_q(access, holding, "body__")
    assigned = any_of(
        product_q(access, holding, "product__"),
        program_q(access, holding, "program__"),
        # The managers of the programs one works in are colleagues, not strangers.
        ids_q("", "program_id", access.programs_of_products) if action != "change" else NOTHING,
    )
    in_scope = any_of(
        Q(pk__in=Membership.objects.filter(members).values("person_id"))
        if members is not NOTHING
        else NOTHING,
        Q(pk__in=RoleAssignment.objects.filter(assigned).values("person_id"))
        if assigned is not NOTHING
        else NOTHING,
    )
    scoped = any_of(own, in_scope)
    if action == "view":
        return any_of(scoped, Q(is_public=True, archived_at__isnull=True))
    return scoped


gate.register(Program)(program_q)
gate.register(Product)(product_q)
gate.register(Body)(body_q)
gate.register(Organisation)(organisation_q)
gate.register(Person)(person_q)


@gate.register(Participation)
def participation_q(access: Access, action: str) -> Q:
    scope = product_q(access, "view_internal" if action == "view" else action, "product__")
    if action == "view":
        return any_of(scope, published_q("product__") & Q(organisation__is_published=True))
    return scope


@gate.register(Membership)
def membership_q(access: Access, action: str) -> Q:
    scope = body_q(access, "view_internal" if action == "view" else action, "body__")
    if action == "view":
        return any_of(scope, published_q("body__") & Q(person__is_public=True))
    return scope


@gate.register(RoleAssignment)
def role_assignment_q(access: Access, action: str) -> Q:
    if access.is_secretariat:
        return EVERYTHING
    if action == "change":
        # Appointing program managers is the secretariat's; product roles belong to the product's writers.
        scope = product_q(access, "change", "product__")
        return NOTHING if scope is NOTHING else scope & ~Q(role=Role.PROGRAM_MANAGER)
    internal = any_of(
        product_q(access, "view_internal", "product__"),
        program_q(access, "view_internal", "program__"),
        ids_q("", "program_id", access.programs_of_products),
        Q(person_id=access.person_id) if access.person_id else NOTHING,
    )
    if action == "view_internal":
        return internal
    public_target = any_of(published_q("product__"), published_q("program__"))
    return any_of(internal, Q(person__is_public=True) & public_target)


@gate.register(PopulationFigure)
def population_figure_q(access: Access, action: str) -> Q:
    if action == "change":
        return EVERYTHING if access.is_secretariat else NOTHING
    return organisation_q(access, action, "organisation__")


@gate.register(SizeClassRule)
def size_class_rule_q(access: Access, action: str) -> Q:
    if action == "change":
        return EVERYTHING if access.is_secretariat else NOTHING
    return EVERYTHING


# Model-level permissions ("may this user create one at all?"). The parent objects a new row may
# hang on are limited separately, by restricting the form's and serializer's choices to
# ``restrict(user, "change")``.


@predicate
def is_secretariat(user: AnyUser) -> bool:
    return access_for(user).is_secretariat


@predicate
def manages_a_program(user: AnyUser) -> bool:
    return bool(access_for(user).programs_write)


@predicate
def writes_anything(user: AnyUser) -> bool:
    return access_for(user).writes_anything


add_perm("portfolio.add_program", is_secretariat)
add_perm("portfolio.add_product", is_secretariat | manages_a_program)
add_perm("portfolio.add_organisation", is_secretariat)
add_perm("portfolio.import_population", is_secretariat)
add_perm("portfolio.add_person", writes_anything)
add_perm("portfolio.add_body", writes_anything)
add_perm("portfolio.add_participation", writes_anything)
add_perm("portfolio.add_membership", writes_anything)
add_perm("portfolio.add_roleassignment", writes_anything)
add_perm("portfolio.appoint_program_manager", is_secretariat)
