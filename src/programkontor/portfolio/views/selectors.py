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
from programkontor.portfolio.publiccode import Contact, ProductData

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


def publiccode_data(user: AnyUser, product: Product) -> ProductData:
    """What a product's publiccode.yml says: public fields only, whoever asks, as the file is
    meant for the product's public repository. Contacts are the product's active role holders
    who are public contacts; usedBy the published organisations participating today."""
    today = timezone.localdate()
    roles = (
        visible_role_assignments(user)
        .filter(active_on(today), product=product, person__is_public=True)
        .select_related("person__organisation")
        .order_by("role", "person__last_name", "person__first_name", "pk")
    )
    contacts: list[Contact] = []
    for assignment in roles:
        person = assignment.person
        contact = Contact(
            name=person.full_name,
            email=person.email,
            phone=person.phone,
            affiliation=str(assignment.organisation or person.organisation or ""),
        )
        if contact not in contacts:
            contacts.append(contact)
    used_by = (
        visible_participations(user)
        .filter(product=product, organisation__is_published=True, accession_date__lte=today)
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gte=today))
        .order_by("organisation__name")
        .values_list("organisation__name", flat=True)
    )
    return ProductData(
        name=product.name,
        kind=product.kind,
        stage=product.stage,
        licence=product.licence,
        summary=product.summary,
        description=product.description,
        website=product.website,
        repository_urls=tuple(product.repository_urls),
        categories=tuple(product.categories),
        features=tuple(product.features),
        contacts=tuple(contacts),
        used_by=tuple(dict.fromkeys(used_by)),
    )
