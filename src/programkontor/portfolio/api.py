"""REST endpoints of the portfolio: each one is the model, its serializer, filters and parts."""

from __future__ import annotations

from typing import Any

from programkontor.core.api import GatedViewSet, endpoint
from programkontor.portfolio import filters, serializers
from programkontor.portfolio.views.selectors import products_with_counts


class ProductViewSet(GatedViewSet):
    serializer_class = serializers.ProductSerializer
    filterset_class = filters.ProductFilter
    hard_delete = False

    def get_queryset(self) -> Any:
        return products_with_counts(super().get_queryset())


class PersonViewSet(GatedViewSet):
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter
    hard_delete = False
    # Writers create people to appoint them; they change a person once the person holds a role or seat.
    creator_may = "view"


# The plain endpoints: CRUD through the gate and the core services, nothing more (``select_related``:
# what ``display`` shows).
ProgramViewSet = endpoint(serializers.ProgramSerializer, filters.ProgramFilter, hard_delete=False)
OrganisationViewSet = endpoint(
    serializers.OrganisationSerializer, filters.OrganisationFilter, hard_delete=False
)
BodyViewSet = endpoint(serializers.BodySerializer, filters.BodyFilter, hard_delete=False)
ParticipationViewSet = endpoint(
    serializers.ParticipationSerializer,
    filters.ParticipationFilter,
    select_related=("organisation", "product"),
)
MembershipViewSet = endpoint(
    serializers.MembershipSerializer, filters.MembershipFilter, select_related=("person", "body")
)
RoleAssignmentViewSet = endpoint(
    serializers.RoleAssignmentSerializer,
    filters.RoleAssignmentFilter,
    select_related=("person", "program", "product"),
)


ROUTES = [
    ("programs", ProgramViewSet, "program"),
    ("products", ProductViewSet, "product"),
    ("organisations", OrganisationViewSet, "organisation"),
    ("people", PersonViewSet, "person"),
    ("bodies", BodyViewSet, "body"),
    ("participations", ParticipationViewSet, "participation"),
    ("memberships", MembershipViewSet, "membership"),
    ("role-assignments", RoleAssignmentViewSet, "roleassignment"),
]
