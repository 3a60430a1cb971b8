"""Planning's writes with more logic than the core services: each keyword-only, in one transaction,
validated, and recorded in history with the actor (and, for priority changes, the reason)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from programkontor.core import services
from programkontor.planning import moscow, weekplan
from programkontor.planning.mandates import require_prioritisation_mandate
from programkontor.planning.models import (
    Indicator,
    IndicatorReading,
    Responsibility,
    RolePlan,
    WorkItem,
    WorkStatus,
)
from programkontor.planning.roledoc import RoleDescription
from programkontor.planning.rules import (
    holds_mandate,
    may_propose_for,
    may_update_status,
    writes_target,
)
from programkontor.portfolio.models import Person

if TYPE_CHECKING:
    from programkontor.core.actors import Actor

# --------------------------------------------------------------------------------------------
# Work items


def next_rank(
    *, timebox_id: int | None, priority: str, product_id: int | None, program_id: int | None
) -> int:
    """The rank after the last item of the same column (timebox and priority)."""
    where: dict[str, Any] = (
        {"timebox_id": timebox_id}
        if timebox_id
        else {"timebox__isnull": True, "product_id": product_id, "program_id": program_id}
    )
    column = WorkItem.objects.filter(priority=priority, **where)
    last = column.aggregate(last=Max("rank"))["last"]
    return (last or 0) + 1


@transaction.atomic
def create_work_item(*, actor: Actor, fields: Mapping[str, Any], reason: str = "") -> WorkItem:
    """Create a work item. Writers of the product or program create it as they like; members of its
    coordination group *propose* it: the status is ``proposed`` and it stays private until a writer
    agrees and publishes it."""
    values = dict(fields)
    product, program = values.get("product"), values.get("program")
    if not may_propose_for(actor, product=product, program=program):
        raise PermissionDenied(_("You may not propose work for this product or program."))
    proposing = not writes_target(actor, product=product, program=program)
    if proposing:
        # A proposal: no body has agreed it yet, and it stays private until a writer publishes it.
        values["status"] = WorkStatus.PROPOSED
        values.pop("is_published", None)
        values["prioritised_by"] = None
    # Work put into a timebox's MUST/SHOULD/COULD with an estimated cost needs a mandate for it.
    require_prioritisation_mandate(actor=actor, item=None, changes=values)
    if not values.get("rank"):
        timebox = values.get("timebox")
        values["rank"] = next_rank(
            timebox_id=timebox.pk if timebox else None,
            priority=values.get("priority") or WorkItem._meta.get_field("priority").default,
            product_id=product.pk if product else None,
            program_id=program.pk if program else None,
        )
    return services.create(
        WorkItem,
        actor=actor,
        fields=values,
        reason=reason or (_("proposed") if proposing else ""),
        # A proposer sees their proposal; the product's writers decide on it.
        creator_may="view" if proposing else "change",
    )


@transaction.atomic
def update_work_item(
    item: WorkItem, *, actor: Actor, expected_version: int, changes: Mapping[str, Any], reason: str = ""
) -> WorkItem:
    """Edit a work item. A change of priority needs a reason, which the history keeps; the item then
    goes to the end of its new column. Committing more money in a timebox (a costed item into
    MUST/SHOULD/COULD, a higher estimate, agreeing a proposal) must be within a governance mandate
    (``planning/mandates.py``): outside it, ``OutsideMandate`` says which and where to route it."""
    values = dict(changes)
    # Compare with what is stored: a model form has already put the new values on ``item``.
    stored: dict[str, Any] = dict(
        WorkItem.objects.filter(pk=item.pk).values("priority", "timebox_id").first() or {}
    )
    if "priority" in values and values["priority"] != stored.get("priority") and not reason.strip():
        raise ValidationError({"reason": _("Say why the priority changes: it is kept in the history.")})
    require_prioritisation_mandate(actor=actor, item=item, changes=values)
    moves = ("priority" in values and values["priority"] != stored.get("priority")) or (
        "timebox" in values and getattr(values["timebox"], "pk", None) != stored.get("timebox_id")
    )
    if moves and "rank" not in values:
        timebox = values.get("timebox", item.timebox)
        values["rank"] = next_rank(
            timebox_id=timebox.pk if timebox else None,
            priority=values.get("priority", item.priority),
            product_id=item.product_id,
            program_id=item.program_id,
        )
    return services.update(
        item, actor=actor, expected_version=expected_version, changes=values, reason=reason.strip()
    )


@transaction.atomic
def move_work_item(
    item: WorkItem, *, actor: Actor, expected_version: int, priority: str, reason: str
) -> WorkItem:
    """Move an item to another MoSCoW column of its timebox's board (with a reason).

    A member of the body with the timebox's mandate may move items; the move is then recorded as
    prioritised by that body. Raises PermissionDenied for anyone else but the item's writers, and
    ``OutsideMandate`` (a PermissionDenied with the verdict's message) for a move that commits money
    outside governance's prioritisation mandates (see ``update_work_item``).
    """
    from programkontor.planning.rules import may_prioritise

    if not may_prioritise(actor, item):
        raise PermissionDenied(_("You may not prioritise this work item."))
    if priority not in {p.value for p in moscow.Priority}:
        raise ValidationError({"priority": _("Choose MUST, SHOULD, COULD or WON'T.")})
    changes: dict[str, Any] = {"priority": priority}
    timebox = item.timebox
    if timebox is not None and timebox.mandate_body_id and holds_mandate(actor, timebox):
        changes["prioritised_by"] = timebox.mandate_body
    if priority == item.priority:
        raise ValidationError({"priority": _("The item already has this priority.")})
    return update_work_item(
        item, actor=actor, expected_version=expected_version, changes=changes, reason=reason
    )


@transaction.atomic
def reorder_work_item(item: WorkItem, *, actor: Actor, expected_version: int, direction: str) -> WorkItem:
    """Move an item one place up or down within its column; the column is renumbered 1..n first."""
    from programkontor.planning.rules import may_prioritise

    if direction not in ("up", "down"):
        raise ValueError("direction is up or down")
    if not may_prioritise(actor, item):
        raise PermissionDenied(_("You may not prioritise this work item."))
    if item.version != expected_version:
        raise services.ConflictError(WorkItem.objects.get(pk=item.pk))
    column = list(
        WorkItem.objects.select_for_update()
        .filter(priority=item.priority, archived_at__isnull=True)
        .filter(
            **(
                {"timebox_id": item.timebox_id}
                if item.timebox_id
                else {"timebox__isnull": True, "product_id": item.product_id, "program_id": item.program_id}
            )
        )
        .order_by("rank", "title", "pk")
    )
    index = next(i for i, other in enumerate(column) if other.pk == item.pk)
    if column[index].version != expected_version:
        raise services.ConflictError(column[index])
    swap = index - 1 if direction == "up" else index + 1
    if not 0 <= swap < len(column):
        return column[index]
    column[index], column[swap] = column[swap], column[index]
    changed = []
    for position, other in enumerate(column, start=1):
        if other.rank != position:
            other.rank = position
            other.version += 1
            other._history_user = actor  # type: ignore[attr-defined]
            changed.append(other)
    bulk_update_with_history(
        changed,
        WorkItem,
        ["rank", "version"],
        default_user=actor,
        default_change_reason=_("order changed"),
    )
    return next(other for other in column if other.pk == item.pk)


@transaction.atomic
def set_work_status(item: WorkItem, *, actor: Actor, expected_version: int, status: str) -> WorkItem:
    """Update an item's status (writers: any status; its supplier: agreed, in progress, done)."""
    from programkontor.planning.models import SUPPLIER_STATUSES

    if not may_update_status(actor, item):
        raise PermissionDenied(_("You may not update this work item."))
    if status not in WorkStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    from programkontor.core import gate

    if not gate.allows(actor, "change", item) and status not in SUPPLIER_STATUSES:
        raise ValidationError({"status": _("A supplier sets the status to agreed, in progress or done.")})
    # Agreeing a costed proposal (or taking up dropped work) commits money: it needs a mandate.
    require_prioritisation_mandate(actor=actor, item=item, changes={"status": status})
    return services.update(
        item,
        actor=actor,
        expected_version=expected_version,
        changes={"status": status},
        reason=_("status updated"),
    )


# --------------------------------------------------------------------------------------------
# Indicators


@transaction.atomic
def record_reading(
    *, actor: Actor, indicator: Indicator, date: datetime.date, value: Decimal, note: str = ""
) -> IndicatorReading:
    """Record a measurement; the newest measurement becomes the indicator's current value."""
    reading = services.create(
        IndicatorReading,
        actor=actor,
        fields={"indicator": indicator, "date": date, "value": value, "note": note},
    )
    refresh_current_value(actor=actor, indicator=indicator)
    return reading


def refresh_current_value(*, actor: Actor, indicator: Indicator) -> None:
    latest = indicator.readings.order_by("-date").first()
    value = latest.value if latest else None
    day = latest.date if latest else None
    if (indicator.current_value, indicator.current_date) != (value, day):
        indicator.refresh_from_db()
        services.update(
            indicator,
            actor=actor,
            expected_version=indicator.version,
            changes={"current_value": value, "current_date": day},
            reason=_("new measurement"),
        )


@transaction.atomic
def delete_reading(reading: IndicatorReading, *, actor: Actor, expected_version: int | None = None) -> None:
    indicator = reading.indicator
    services.delete(reading, actor=actor, expected_version=expected_version)
    refresh_current_value(actor=actor, indicator=indicator)


# --------------------------------------------------------------------------------------------
# The personal plan


@transaction.atomic
def import_role_plan(
    *,
    actor: Actor,
    person: Person,
    description: RoleDescription,
    weekly_hours: Decimal,
    percents: dict[moscow.Priority, Decimal] | None = None,
    reviewed_on: datetime.date | None = None,
    replace: bool = False,
    reason: str = "",
) -> tuple[RolePlan, list[Responsibility]]:
    """Make ``description`` the person's plan template: one responsibility per MUST/SHOULD/COULD item,
    with weekly hours spread by ``percents`` (MUST 55 %, SHOULD 25 %, COULD 20 % by default).

    A person who already has a plan keeps it unless ``replace``: then its responsibilities are
    replaced (with history) and its title, hours and review date updated. All or nothing.
    """
    spec = weekplan.TemplateHours(weekly_hours=weekly_hours)
    if percents is not None:
        spec = weekplan.TemplateHours(weekly_hours=weekly_hours, percents=percents)
    reason = reason or _("imported from a role description")
    existing = RolePlan.objects.filter(person=person).first()
    if existing is not None and not replace:
        raise ValidationError(
            _("%(person)s already has a plan. Replace it on purpose (--replace).") % {"person": person}
        )
    plan_fields = {"title": description.title[:300], "weekly_hours": weekly_hours, "reviewed_on": reviewed_on}
    if existing is None:
        plan = services.create(RolePlan, actor=actor, fields={"person": person, **plan_fields}, reason=reason)
    else:
        for old in list(existing.responsibilities.all()):
            services.delete(old, actor=actor, reason=reason)
        plan = services.update(
            existing, actor=actor, expected_version=existing.version, changes=plan_fields, reason=reason
        )
    counts = {priority: len(description.tasks.get(priority, [])) for priority in moscow.COUNTED}
    hours = weekplan.template_hours(counts, spec)
    rows = []
    position = 0
    for priority in moscow.COUNTED:
        for title, task_hours in zip(description.tasks.get(priority, []), hours[priority], strict=True):
            position += 1
            row = Responsibility(
                plan=plan,
                title=title[:400],
                priority=priority.value,
                weekly_hours=task_hours,
                position=position,
            )
            row.full_clean()
            rows.append(row)
    created = bulk_create_with_history(rows, Responsibility, default_user=actor, default_change_reason=reason)
    return plan, list(created)
