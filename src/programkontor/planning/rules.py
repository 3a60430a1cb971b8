"""Who may see and change planning data: the scopes behind ``restrict(user, action)``.

Planning objects hang on a product or a program, and that object's people decide:

* **change**: the product's or program's writers (``product_q``/``program_q`` with ``change``):
  the secretariat, the program manager, the product coordinator or owner;
* **view_internal**: everyone who reads the product or program internally — its writers, steering and
  coordination group members, community managers, the board — but not suppliers (like bodies:
  planning is governance data);
* **view**: the internal readers, and anyone for objects that are published *and* hang on a
  published product or program. Suppliers also see the work items assigned to their organisation.

Risks and personal plans are never published. A personal plan (weekly plan, absences) is its
person's and the secretariat's only — not even the board reads someone's absences.

Beyond the gate's actions, two planning acts have rules of their own (functions below):
*proposing* work (coordination-group members of the product or program, besides the writers) and
*prioritising* it (the writers, and members of the body that holds the timebox's priority mandate).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, Model, OuterRef, Q
from django.utils import timezone
from rules.permissions import add_perm
from rules.predicates import predicate

from programkontor.core import gate
from programkontor.core.access import Access, access_for, active_on
from programkontor.core.gate import EVERYTHING, NOTHING
from programkontor.planning import models
from programkontor.portfolio.models import Body, BodyKind, Role, RoleAssignment
from programkontor.portfolio.rules import (
    any_of,
    ids_q,
    product_q,
    program_q,
    published_q,
    target_change_q,
    target_internal_q,
)

if TYPE_CHECKING:
    from programkontor.core.actors import Actor, AnyUser


def published_on_target_q(prefix: str = "", *, archivable: bool = True) -> Q:
    """Published rows on a published (not archived) product or program."""
    own = published_q(prefix) if archivable else Q(**{f"{prefix}is_published": True})
    return own & (published_q(f"{prefix}product__") | published_q(f"{prefix}program__"))


def target_q(
    access: Access, action: str, prefix: str = "", *, publishable: bool = True, archivable: bool = True
) -> Q:
    """The scope of a planning object on a product or program (see the module's docstring)."""
    if access.is_secretariat or (access.is_board and action != "change"):
        return EVERYTHING
    if action == "change":
        return target_change_q(access, prefix)
    internal = target_internal_q(access, prefix)
    if action == "view_internal" or not publishable:
        return internal
    return any_of(internal, published_on_target_q(prefix, archivable=archivable))


def personal_q(access: Access, action: str, prefix: str = "") -> Q:
    """A personal plan is its person's and the secretariat's."""
    if access.is_secretariat:
        return EVERYTHING
    if access.person_id is None:
        return NOTHING
    return Q(**{f"{prefix}person_id": access.person_id})


def assigned_to_supplier_q(access: Access, prefix: str = "") -> Q:
    """Work the user's supplier is assigned: the user is its active supplier contact on the product."""
    if not access.products_supplier or access.person_id is None:
        return NOTHING
    contact = RoleAssignment.objects.filter(
        active_on(timezone.localdate()),
        person_id=access.person_id,
        role=Role.SUPPLIER_CONTACT,
        product_id=OuterRef(f"{prefix}product_id"),
        organisation_id=OuterRef(f"{prefix}owner_organisation_id"),
    )
    return Q(**{f"{prefix}product_id__in": sorted(access.products_supplier)}) & Q(Exists(contact))


@gate.register(models.WorkItem)
def work_item_q(access: Access, action: str) -> Q:
    scope = target_q(access, action)
    if action == "view":
        return any_of(scope, assigned_to_supplier_q(access))
    return scope


@gate.register(models.Timebox)
def timebox_q(access: Access, action: str) -> Q:
    return target_q(access, action)


@gate.register(models.TimeboxCapacity)
def timebox_capacity_q(access: Access, action: str) -> Q:
    # People's available hours are internal to the timebox, published or not.
    return target_q(access, "view_internal" if action == "view" else action, "timebox__")


@gate.register(models.PlanningSettings)
def planning_settings_q(access: Access, action: str) -> Q:
    if action == "change":
        return program_q(access, "change", "program__")
    # The thresholds are not secret: whoever sees the program sees how its timeboxes are judged.
    return program_q(access, "view" if action == "view" else "view_internal", "program__")


# The scopes that are their product's or program's (``target_q``) or their person's plan's
# (``personal_q``), reached through the path given.
SCOPES: tuple[tuple[type[Model], gate.Scope], ...] = (
    (models.Vision, partial(target_q, archivable=False)),
    (models.Goal, target_q),
    (models.Indicator, partial(target_q, prefix="goal__")),
    (models.IndicatorReading, partial(target_q, prefix="indicator__goal__")),
    (models.RoadmapItem, target_q),
    (models.Milestone, partial(target_q, archivable=False)),
    (models.Risk, partial(target_q, publishable=False)),
    (models.RolePlan, personal_q),
    (models.Responsibility, partial(personal_q, prefix="plan__")),
    (models.Absence, partial(personal_q, prefix="plan__")),
    (models.WeekTask, partial(personal_q, prefix="plan__")),
)
for model, scope in SCOPES:
    gate.register(model)(scope)


@gate.register(models.RoadmapDependency)
def roadmap_dependency_q(access: Access, action: str) -> Q:
    scope = target_q(access, action, "item__")
    if action == "view":
        # A published dependency needs both ends to be visible.
        return scope & target_q(access, action, "depends_on__") if scope is not EVERYTHING else scope
    return scope


# --------------------------------------------------------------------------------------------
# Proposing and prioritising work: who, beyond the writers.


@dataclass(frozen=True)
class Groups:
    """The product and program ids of the user's coordination groups (from their active memberships)."""

    products: frozenset[int] = frozenset()
    programs: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.products or self.programs)


def coordination_groups(user: Actor) -> Groups:
    """Computed once per request (one query, none without memberships) and kept on the user."""
    access = access_for(user)
    if not access.bodies:
        return Groups()
    cached: Groups | None = getattr(user, "_planning_coordination", None)
    if cached is None:
        rows = Body.objects.filter(
            # The groups that propose and prioritise work within a mandate: a product's coordination
            # group, and the project or working group that does that work in a project.
            pk__in=sorted(access.bodies),
            kind__in=(BodyKind.COORDINATION, BodyKind.PROJECT, BodyKind.WORKING),
            archived_at__isnull=True,
        ).values_list("product_id", "program_id")
        cached = Groups(
            products=frozenset(product for product, _program in rows if product),
            programs=frozenset(program for _product, program in rows if program),
        )
        if user is not None:
            user._planning_coordination = cached  # type: ignore[union-attr]  # a per-request cache
    return cached


def proposable_q(user: AnyUser, prefix: str = "") -> Q:
    """Products (``prefix=""`` on Product) the user may propose work for, as a filter on Product."""
    access = access_for(user)
    groups = coordination_groups(user)
    return any_of(
        product_q(access, "change", prefix),
        ids_q(prefix, "pk", groups.products),
        ids_q(prefix, "program_id", groups.programs),
    )


def may_propose_for(user: Actor, *, product: Any = None, program: Any = None) -> bool:
    """May ``user`` propose work on ``product`` or ``program``? (writers, coordination-group members)"""
    access = access_for(user)
    if access.is_secretariat:
        return True
    groups = coordination_groups(user)
    if product is not None:
        return bool(
            product.pk in access.products_write
            or product.program_id in access.programs_write
            or product.pk in groups.products
            or product.program_id in groups.programs
        )
    if program is not None:
        return program.pk in access.programs_write or program.pk in groups.programs
    return False


def writes_target(user: Actor, *, product: Any = None, program: Any = None) -> bool:
    access = access_for(user)
    if access.is_secretariat:
        return True
    if product is not None:
        return product.pk in access.products_write or product.program_id in access.programs_write
    if program is not None:
        return program.pk in access.programs_write
    return False


def holds_mandate(user: Actor, timebox: Any) -> bool:
    """Is the user a member of the body that holds the timebox's priority mandate?"""
    return bool(timebox is not None and timebox.mandate_body_id in access_for(user).bodies)


def may_prioritise(user: Actor, item: models.WorkItem) -> bool:
    """Change an item's priority or rank: its writers, or members of the timebox's mandate body."""
    if gate.allows(user, "change", item):
        return True
    return bool(item.timebox_id and gate.allows(user, "view", item) and holds_mandate(user, item.timebox))


def may_update_status(user: Actor, item: models.WorkItem) -> bool:
    """Writers change everything; a supplier updates the status of the work assigned to it."""
    if gate.allows(user, "change", item):
        return True
    access = access_for(user)
    if not item.owner_organisation_id or item.product_id not in access.products_supplier:
        return False
    assigned = assigned_to_supplier_q(access)
    return assigned is not NOTHING and models.WorkItem.objects.filter(assigned, pk=item.pk).exists()


# --------------------------------------------------------------------------------------------
# Model-level permissions ("may this user create one at all?"). Where a new row may hang is limited
# by the form's and serializer's choices (``change`` on the product or program, or the parent).


@predicate
def writes_anything(user: AnyUser) -> bool:
    return access_for(user).writes_anything


@predicate
def proposes_anything(user: AnyUser) -> bool:
    return bool(getattr(user, "is_authenticated", False) and coordination_groups(user))


@predicate
def manages_a_program(user: AnyUser) -> bool:
    access = access_for(user)
    return access.is_secretariat or bool(access.programs_write)


@predicate
def has_a_person(user: AnyUser) -> bool:
    access = access_for(user)
    return access.is_secretariat or access.person_id is not None


add_perm("planning.add_workitem", writes_anything | proposes_anything)
add_perm("planning.add_timebox", writes_anything)
add_perm("planning.add_timeboxcapacity", writes_anything)
add_perm("planning.add_vision", writes_anything)
add_perm("planning.add_goal", writes_anything)
add_perm("planning.add_indicator", writes_anything)
add_perm("planning.add_indicatorreading", writes_anything)
add_perm("planning.add_roadmapitem", writes_anything)
add_perm("planning.add_roadmapdependency", writes_anything)
add_perm("planning.add_milestone", writes_anything)
add_perm("planning.add_risk", writes_anything)
add_perm("planning.add_planningsettings", manages_a_program)
add_perm("planning.add_roleplan", has_a_person)
add_perm("planning.add_responsibility", has_a_person)
add_perm("planning.add_absence", has_a_person)
add_perm("planning.add_weektask", has_a_person)
add_perm("planning.use_calendar_feed", has_a_person)
