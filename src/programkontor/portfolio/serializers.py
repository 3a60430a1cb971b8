"""API representations. Foreign keys are ids; ``display`` and ``url`` help humans and clients."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from programkontor.core.api import GatedSerializer
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
from programkontor.portfolio.models.programs import LEVEL_BY_DECISION
from programkontor.portfolio.views.selectors import products_with_counts

COMMON_READ_ONLY = ("id", "created_at", "updated_at", "is_published", "published_at", "archived_at")


class _Base(GatedSerializer):
    display = serializers.SerializerMethodField()

    def get_display(self, obj: Any) -> str:
        return str(obj)


class ProgramSerializer(_Base):
    class Meta(GatedSerializer.Meta):
        model = Program
        fields = (
            "id", "display", "name", "slug", "summary", "description", "goals", "website", "notes",
            "is_published", "published_at", "archived_at", "created_at", "updated_at", "version",
        )  # fmt: skip
        read_only_fields = (*COMMON_READ_ONLY, "slug")


class ProductSerializer(_Base):
    parent_fields = ("program",)
    repository_urls = serializers.ListField(child=serializers.URLField(), required=False)
    categories = serializers.ListField(child=serializers.CharField(), required=False)
    features = serializers.ListField(child=serializers.CharField(), required=False)
    participant_count = serializers.SerializerMethodField(
        help_text="Participating authorities today (active participations)."
    )

    class Meta(GatedSerializer.Meta):
        model = Product
        fields = (
            "id", "display", "name", "slug", "program", "kind", "stage", "level", "summary", "description",
            "goals", "licence", "website", "repository_urls", "categories", "features", "cost_element",
            "notes", "participant_count",
            "is_published", "published_at", "archived_at", "created_at", "updated_at", "version",
        )  # fmt: skip
        read_only_fields = (*COMMON_READ_ONLY, "slug")

    def validate_level(self, value: str) -> str:
        if self.instance is not None and value != self.instance.level:
            raise serializers.ValidationError(str(LEVEL_BY_DECISION))
        return value

    @extend_schema_field(OpenApiTypes.INT)
    def get_participant_count(self, product: Product) -> int:
        """The count the list annotates (``products_with_counts``); counted here for a row without it
        (the answer to a create or an update)."""
        counted = getattr(product, "participant_count", None)
        if counted is None:
            annotated = products_with_counts(Product.objects.filter(pk=product.pk)).first()
            counted = getattr(annotated, "participant_count", 0)
        return int(counted or 0)


class OrganisationSerializer(_Base):
    class Meta(GatedSerializer.Meta):
        model = Organisation
        fields = (
            "id", "display", "name", "slug", "kind", "municipality_code", "region", "cvr", "is_member",
            "website", "email", "phone", "description", "manual_size_class", "manual_size_class_reason",
            "notes", "is_published", "published_at", "archived_at", "created_at", "updated_at", "version",
        )  # fmt: skip
        read_only_fields = (*COMMON_READ_ONLY, "slug")


class PersonSerializer(_Base):
    may_hide = ("notes", "user", "email", "phone")  # ``Person.internal_fields``

    class Meta(GatedSerializer.Meta):
        model = Person
        fields = (
            "id", "display", "first_name", "last_name", "title", "organisation", "email", "phone",
            "is_public", "notes", "archived_at", "created_at", "updated_at", "version",
        )  # fmt: skip
        read_only_fields = ("id", "archived_at", "created_at", "updated_at")


class BodySerializer(_Base):
    parent_fields = ("program", "product")

    class Meta(GatedSerializer.Meta):
        model = Body
        fields = (
            "id", "display", "kind", "name", "program", "product", "description", "notes",
            "is_published", "published_at", "archived_at", "created_at", "updated_at", "version",
        )  # fmt: skip
        read_only_fields = COMMON_READ_ONLY


class ParticipationSerializer(_Base):
    parent_fields = ("product",)

    class Meta(GatedSerializer.Meta):
        model = Participation
        fields = (
            "id", "display", "product", "organisation", "accession_date", "exit_date", "notes",
            "created_at", "updated_at", "version",
        )  # fmt: skip


class MembershipSerializer(_Base):
    parent_fields = ("body",)

    class Meta(GatedSerializer.Meta):
        model = Membership
        fields = (
            "id", "display", "body", "person", "role", "represents", "start_date", "end_date",
            "created_at", "updated_at", "version",
        )  # fmt: skip


class RoleAssignmentSerializer(_Base):
    parent_fields = ("product", "program")

    class Meta(GatedSerializer.Meta):
        model = RoleAssignment
        fields = (
            "id", "display", "person", "role", "program", "product", "organisation", "start_date", "end_date",
            "created_at", "updated_at", "version",
        )  # fmt: skip

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Appointing program managers is the secretariat's, also through the API.
        from programkontor.core.access import access_for

        request = self.context.get("request")
        if attrs.get("role") == "program_manager" and request and not access_for(request.user).is_secretariat:
            raise serializers.ValidationError({"role": "Only the secretariat appoints program managers."})
        return attrs
