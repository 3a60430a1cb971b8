"""Reads shared by the portfolio's pages and API: gated querysets with what the pages show.

Every function takes the user and goes through ``restrict``; the number of queries is fixed,
whatever the number of rows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from programkontor.core.access import active_on
from programkontor.portfolio.models import Membership, Participation, Product, Role, RoleAssignment


def active_participations(day: datetime.date | None = None) -> Q:
    day = day or timezone.localdate()
    return Q(participations__accession_date__lte=day) & (
        Q(participations__exit_date__isnull=True) | Q(participations__exit_date__gte=day)
    )


def products_with_counts(queryset: QuerySet[Product]) -> QuerySet[Product]:
    return queryset.select_related("program").annotate(
        participant_count=Count("participations", filter=active_participations(), distinct=True)
    )


def program_managers(user: Any, program_ids: list[int]) -> dict[int, list[Any]]:
    """The active program managers of each program the user may see them for."""
    managers: dict[int, list[Any]] = defaultdict(list)
    assignments = (
        RoleAssignment.objects.restrict(user, "view")
        .filter(active_on(timezone.localdate()), role=Role.PROGRAM_MANAGER, program_id__in=program_ids)
        .select_related("person")
    )
    for assignment in assignments:
        managers[assignment.program_id].append(assignment.person)
    return managers


def visible_memberships(user: Any) -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.restrict(user, "view")
        .filter(active_on(timezone.localdate()))
        .select_related("person", "represents")
        .order_by("role", "person__last_name"),
        to_attr="visible_memberships",
    )


def visible_participations(user: Any) -> QuerySet[Participation]:
    return Participation.objects.restrict(user, "view").select_related("organisation", "product")


def visible_role_assignments(user: Any) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.restrict(user, "view").select_related("person", "organisation", "product", "program")
