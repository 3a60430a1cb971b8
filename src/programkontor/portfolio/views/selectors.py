"""Reads shared by the portfolio's pages and API: gated querysets with what the pages show.

Every function takes the user and goes through ``restrict``; the number of queries is fixed,
whatever the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from programkontor.core.access import active_on
from programkontor.portfolio.models import Membership, Participation, Product, Role, RoleAssignment

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


def products_with_counts(queryset: QuerySet[Product]) -> QuerySet[Product]:
    """Products with ``participant_count``: their participations active today.

    Counted in a correlated subquery rather than a JOIN + GROUP BY: grouping would make the
    database sort every joined participation row with all product and program columns (and the
    paginator's COUNT would group them all again). See docs/benchmarks.md.
    """
    day = timezone.localdate()
    active = (
        Participation.objects.filter(product=OuterRef("pk"), accession_date__lte=day)
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gte=day))
        .order_by()
        .values("product")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return queryset.select_related("program").annotate(
        participant_count=Coalesce(Subquery(active, output_field=IntegerField()), Value(0))
    )


def program_managers(user: AnyUser, program_ids: list[int]) -> dict[int, list[Any]]:
    """The active program managers of each program the user may see them for."""
    managers: dict[int, list[Any]] = defaultdict(list)
    assignments = (
        RoleAssignment.objects.restrict(user, "view")
        .filter(active_on(timezone.localdate()), role=Role.PROGRAM_MANAGER, program_id__in=program_ids)
        .select_related("person")
    )
    for assignment in assignments:
        if assignment.program_id is not None:
            managers[assignment.program_id].append(assignment.person)
    return managers


def visible_memberships(user: AnyUser) -> Prefetch[Any]:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.restrict(user, "view")
        .filter(active_on(timezone.localdate()))
        .select_related("person", "represents")
        .order_by("role", "person__last_name"),
        to_attr="visible_memberships",
    )


def visible_participations(user: AnyUser) -> QuerySet[Participation]:
    return Participation.objects.restrict(user, "view").select_related("organisation", "product")


def visible_role_assignments(user: AnyUser) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.restrict(user, "view").select_related(
        "person", "organisation", "product", "program"
    )
