"""REST endpoints of the portfolio: each one is the model, its serializer, filters and parts."""

from __future__ import annotations

from typing import Any

from programkontor.core.api import GatedViewSet
from programkontor.portfolio import filters, serializers
from programkontor.portfolio.models import (
    Body,
    Membership,
    Organisation,
    Participation,
    Person,
    Product,
    Program,
    RoleAssignment,
)
from programkontor.portfolio.views.selectors import products_with_counts


class ProgramViewSet(GatedViewSet):
    gate_model = Program
    serializer_class = serializers.ProgramSerializer
    filterset_class = filters.ProgramFilter
    add_permission = "portfolio.add_program"
    hard_delete = False


class ProductViewSet(GatedViewSet):
    gate_model = Product
    serializer_class = serializers.ProductSerializer
    filterset_class = filters.ProductFilter
    add_permission = "portfolio.add_product"
    hard_delete = False

    def get_queryset(self) -> Any:
        return products_with_counts(super().get_queryset())


class OrganisationViewSet(GatedViewSet):
    gate_model = Organisation
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter
    add_permission = "portfolio.add_organisation"
    hard_delete = False


class PersonViewSet(GatedViewSet):
    gate_model = Person
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter
    add_permission = "portfolio.add_person"
    hard_delete = False
    # Writers create people to appoint them; they change a person once the person holds a role or seat.
    creator_may = "view"


class BodyViewSet(GatedViewSet):
    gate_model = Body
    serializer_class = serializers.BodySerializer
    filterset_class = filters.BodyFilter
    add_permission = "portfolio.add_body"
    hard_delete = False


class ParticipationViewSet(GatedViewSet):
    gate_model = Participation
    serializer_class = serializers.ParticipationSerializer
    filterset_class = filters.ParticipationFilter
    add_permission = "portfolio.add_participation"
    select_related = ("organisation", "product")  # for ``display``


class MembershipViewSet(GatedViewSet):
    gate_model = Membership
    serializer_class = serializers.MembershipSerializer
    filterset_class = filters.MembershipFilter
    add_permission = "portfolio.add_membership"
    select_related = ("person", "body")  # for ``display``


class RoleAssignmentViewSet(GatedViewSet):
    gate_model = RoleAssignment
    serializer_class = serializers.RoleAssignmentSerializer
    filterset_class = filters.RoleAssignmentFilter
    add_permission = "portfolio.add_roleassignment"
    select_related = ("person", "program", "product")  # for ``display``


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
