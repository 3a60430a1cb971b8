"""Who may see and change catalogues, self-evaluations, evaluations and repository checks.

* Catalogues are public reference data: everyone reads them, the secretariat keeps them.
* A product's governance data (its self-evaluations, evaluations and repository checks) is read by
  those who read the product's internal data — the secretariat, the board, the program manager,
  the product's coordinator, owner and community manager, its steering and coordination groups —
  but not by suppliers (as with bodies). Anyone may read what is published, when the product is
  published too.
* The self-evaluation is written by the product's coordinator or owner, its program manager and
  the members of its steering group (a steering group of the product, or of its program).
* Evaluations and levels are the secretariat's alone.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from django.db.models import Model, Q
from rules.permissions import add_perm
from rules.predicates import predicate

from programkontor.core import gate
from programkontor.core.access import Access, access_for
from programkontor.core.gate import EVERYTHING, NOTHING
from programkontor.evaluation.models import (
    Catalogue,
    Evaluation,
    Finding,
    Rating,
    RepositoryCheck,
    Requirement,
    SelfEvaluation,
    SelfEvaluationAnswer,
    Theme,
)
from programkontor.portfolio.models import Body
from programkontor.portfolio.rules import any_of, ids_q, published_q

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


def governance_read_q(access: Access, prefix: str = "") -> Q:
    """Rows (with a ``product``) whose product's governance data the user reads."""
    if access.reads_everything:
        return EVERYTHING
    return any_of(
        ids_q(prefix, "product_id", access.products_internal),
        ids_q(prefix, "product__program_id", access.programs_internal),
    )


def public_q(prefix: str = "") -> Q:
    """Published rows of published, not archived products."""
    return Q(**{f"{prefix}is_published": True}) & published_q(f"{prefix}product__")


def steering_q(access: Access, prefix: str = "") -> Q:
    """Rows whose product's steering group (or its program's) the user sits in."""
    if not access.bodies:
        return NOTHING
    steering = Body.objects.filter(pk__in=sorted(access.bodies), kind="steering", archived_at__isnull=True)
    return Q(**{f"{prefix}product_id__in": steering.filter(product__isnull=False).values("product_id")}) | Q(
        **{f"{prefix}product__program_id__in": steering.filter(program__isnull=False).values("program_id")}
    )


def self_evaluation_writers_q(access: Access, prefix: str = "") -> Q:
    if access.is_secretariat:
        return EVERYTHING
    return any_of(
        ids_q(prefix, "product_id", access.products_write),
        ids_q(prefix, "product__program_id", access.programs_write),
        steering_q(access, prefix),
    )


def _governance_scope(access: Access, action: str, prefix: str, change: Q) -> Q:
    if action == "change":
        return change
    internal = governance_read_q(access, prefix)
    if action == "view_internal":
        return internal
    return any_of(internal, public_q(prefix))


@gate.register(Catalogue)
def catalogue_q(access: Access, action: str) -> Q:
    if action == "change":
        return EVERYTHING if access.is_secretariat else NOTHING
    return EVERYTHING


@gate.register(Theme)
def theme_q(access: Access, action: str) -> Q:
    return catalogue_q(access, action)


@gate.register(Requirement)
def requirement_q(access: Access, action: str) -> Q:
    return catalogue_q(access, action)


def self_evaluation_scope(access: Access, action: str, prefix: str = "") -> Q:
    return _governance_scope(access, action, prefix, self_evaluation_writers_q(access, prefix))


def evaluation_scope(access: Access, action: str, prefix: str = "") -> Q:
    change = EVERYTHING if access.is_secretariat else NOTHING
    return _governance_scope(access, action, prefix, change)


def repository_check_scope(access: Access, action: str, prefix: str = "") -> Q:
    if access.is_secretariat:
        change = EVERYTHING
    else:
        change = any_of(
            ids_q(prefix, "product_id", access.products_write),
            ids_q(prefix, "product__program_id", access.programs_write),
        )
    scope = _governance_scope(access, action, prefix, change)
    # Repository checks are never published: the view scope is the internal one.
    return governance_read_q(access, prefix) if action == "view" else scope


# Each record's scope, and its rows' through it.
SCOPES: tuple[tuple[type[Model], gate.Scope], ...] = (
    (SelfEvaluation, self_evaluation_scope),
    (SelfEvaluationAnswer, partial(self_evaluation_scope, prefix="self_evaluation__")),
    (Evaluation, evaluation_scope),
    (Rating, partial(evaluation_scope, prefix="evaluation__")),
    (RepositoryCheck, repository_check_scope),
    (Finding, partial(repository_check_scope, prefix="repository_check__")),
)
for model, scope in SCOPES:
    gate.register(model)(scope)


# May the user create one at all? Which product it may hang on is limited by ``restrict(..., "change")``.


@predicate
def is_secretariat(user: AnyUser) -> bool:
    return access_for(user).is_secretariat


@predicate
def writes_products(user: AnyUser) -> bool:
    access = access_for(user)
    return bool(access.products_write or access.programs_write)


@predicate
def sits_in_a_steering_group(user: AnyUser) -> bool:
    access = access_for(user)
    if not access.bodies:
        return False
    return bool(
        Body.objects.filter(pk__in=sorted(access.bodies), kind="steering", archived_at__isnull=True).exists()
    )


add_perm("evaluation.add_catalogue", is_secretariat)
add_perm("evaluation.add_selfevaluation", is_secretariat | writes_products | sits_in_a_steering_group)
add_perm("evaluation.add_evaluation", is_secretariat)
add_perm("evaluation.import_evaluation", is_secretariat)
add_perm("evaluation.set_level", is_secretariat)
add_perm("evaluation.add_repositorycheck", is_secretariat | writes_products)
