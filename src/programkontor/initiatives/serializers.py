"""API representation of initiatives, their business case lines and their requirements. Amounts are in
øre; an initiative carries its computed business case (read-only): the yearly table, NPV, payback year
and break-even number of authorities."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from programkontor.core.api import GatedSerializer
from programkontor.initiatives import selectors
from programkontor.initiatives.models import CaseLine, Initiative, Requirement

ORE = "øre"

#: The computed business case (only on one initiative's address; null in lists), for the schema.
BUSINESS_CASE = inline_serializer(
    name="BusinessCase",
    allow_null=True,
    fields={
        "years": inline_serializer(
            name="BusinessCaseYear",
            many=True,
            fields={
                "year": serializers.IntegerField(),
                **{
                    name: serializers.IntegerField(help_text=ORE)
                    for name in ("costs", "benefits", "net", "cumulative")
                },
            },
        ),
        **{name: serializers.IntegerField(help_text=ORE) for name in ("costs", "benefits", "net")},
        "npv": serializers.IntegerField(help_text="Net present value in øre; year 0 is not discounted."),
        "payback_year": serializers.IntegerField(allow_null=True),
        "break_even_authorities": serializers.IntegerField(allow_null=True),
    },
)


class InitiativeSerializer(GatedSerializer):
    parent_fields = ("product", "program")
    display = serializers.SerializerMethodField()
    business_case = serializers.SerializerMethodField()

    class Meta(GatedSerializer.Meta):
        model = Initiative
        fields = (
            "id", "display", "title", "product", "program", "owner", "status", "description", "first_year",
            "horizon", "discount_rate", "authorities", "size_class", "risks", "assumptions",
            "specification_intro", "decision", "business_case", "archived_at", "created_at", "updated_at",
            "version",
        )  # fmt: skip
        read_only_fields = ("id", "archived_at", "created_at", "updated_at")

    def get_display(self, obj: Initiative) -> str:
        return str(obj)

    @extend_schema_field(BUSINESS_CASE)
    def get_business_case(self, obj: Initiative) -> dict[str, object] | None:
        """Computed from the lines and the product's tariff sheet (only on one initiative's address)."""
        view = self.context.get("view")
        if getattr(view, "action", None) != "retrieve":
            return None
        summary = selectors.business_case(obj, self.context["request"].user).summary
        return {
            "years": [
                {"year": row.year, "costs": row.costs, "benefits": row.benefits, "net": row.net,
                 "cumulative": row.cumulative}
                for row in summary.years
            ],
            "costs": summary.costs,
            "benefits": summary.benefits,
            "net": summary.net,
            "npv": summary.npv,
            "payback_year": summary.payback_year,
            "break_even_authorities": summary.break_even,
        }  # fmt: skip


class CaseLineSerializer(GatedSerializer):
    parent_fields = ("initiative",)

    class Meta(GatedSerializer.Meta):
        model = CaseLine
        fields = (
            "id", "initiative", "year", "kind", "recurrence", "basis", "amount", "text", "created_at",
            "updated_at", "version",
        )  # fmt: skip


class RequirementSerializer(GatedSerializer):
    parent_fields = ("initiative",)

    class Meta(GatedSerializer.Meta):
        model = Requirement
        fields = (
            "id", "initiative", "number", "text", "priority", "rationale", "work_item", "created_at",
            "updated_at", "version",
        )  # fmt: skip
