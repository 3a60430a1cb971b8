"""API representation of supplier contracts. Foreign keys are ids; ``display`` helps humans; the value
is in øre; ``notice_by`` is computed from the end and the notice period."""

from __future__ import annotations

from rest_framework import serializers

from programkontor.core.api import GatedSerializer
from programkontor.suppliers.models import Contract


class ContractSerializer(GatedSerializer):
    parent_fields = ("product", "program")
    display = serializers.SerializerMethodField()

    class Meta(GatedSerializer.Meta):
        model = Contract
        fields = (
            "id", "display", "title", "reference", "supplier", "product", "program", "kind", "value",
            "currency", "start_date", "end_date", "notice_months", "notice_by", "notice_given_on",
            "options_left", "options_until", "licence", "copyright_to", "data_processing",
            "data_processing_url", "sla", "approved_by_body", "decision", "documents", "notes",
            "archived_at", "created_at", "updated_at", "version",
        )  # fmt: skip
        read_only_fields = ("id", "notice_by", "archived_at", "created_at", "updated_at")

    def get_display(self, obj: Contract) -> str:
        return str(obj)
