"""API representations of governance. Foreign keys are ids; ``display`` helps humans and clients."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from programkontor.core import gate
from programkontor.core.api import GatedSerializer
from programkontor.governance import links, models
from programkontor.governance.models.cycle import CYCLE_EVENT_FIELDS
from programkontor.governance.models.decisions import DECISION_CONCERN_FIELDS, DECISION_RECORD_FIELDS

COMMON = ("created_at", "updated_at", "version")


@extend_schema_field(OpenApiTypes.STR)
class PlainChoiceField(serializers.ChoiceField):
    """A choice field the schema documents as a string with its values in the description.

    Several components have a ``status`` (and the levels are the product's choice set under other
    names); as enums, drf-spectacular would have to invent colliding names for them."""

    def __init__(self, **kwargs: Any) -> None:
        values = " | ".join(str(value) for value, _label in kwargs["choices"])
        kwargs.setdefault("help_text", f"One of: {values}.")
        super().__init__(**kwargs)


def _choices(field: str, model: Any, **kwargs: Any) -> PlainChoiceField:
    model_field = model._meta.get_field(field)
    if model_field.blank:
        kwargs.setdefault("allow_blank", True)
    kwargs.setdefault("required", False)
    return PlainChoiceField(choices=model_field.choices, **kwargs)


class _Base(GatedSerializer):
    display = serializers.SerializerMethodField()

    def get_display(self, obj: Any) -> str:
        return str(obj)


class DecisionSerializer(_Base):
    status = _choices("status", models.Decision)
    level_from = _choices("level_from", models.Decision)
    level_to = _choices("level_to", models.Decision)

    class Meta(GatedSerializer.Meta):
        model = models.Decision
        fields = (
            "id",
            "display",
            "date",
            "title",
            *DECISION_CONCERN_FIELDS,
            "agenda_item",
            *DECISION_RECORD_FIELDS,
            "source_path",
            "source_fields",
            "is_published",
            "published_at",
            *COMMON,
        )
        read_only_fields = (
            "id",
            "is_published",
            "published_at",
            "source_path",
            "source_fields",
            "created_at",
            "updated_at",
        )


class TargetMixin(serializers.Serializer):  # type: ignore[type-arg]
    """Links name their target as ``"app.model:pk"`` (a model registered with
    ``core.registry.register_linkable``)."""

    target = serializers.CharField(
        write_only=True,
        required=False,
        help_text='The object, as "app.model:pk", e.g. "governance.decision:12".',
    )
    target_type = serializers.SerializerMethodField()

    def get_target_type(self, obj: Any) -> str | None:
        if not obj.target_type_id:
            return None
        content_type = ContentType.objects.get_for_id(obj.target_type_id)
        return f"{content_type.app_label}.{content_type.model}"

    def validate_target(self, value: str) -> str:
        parsed = links.parse_choice(value)
        if parsed is None:
            raise serializers.ValidationError("Name a registered object as app.model:pk.")
        model = parsed[0].model_class()
        request = self.context.get("request")
        if (
            model is None
            or not gate.restrict(model, request.user if request else None, "view")
            .filter(pk=parsed[1])
            .exists()
        ):
            raise serializers.ValidationError("Unknown object.")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        target = attrs.pop("target", None)
        if target:
            parsed = links.parse_choice(target)
            assert parsed is not None
            attrs["target_type"], attrs["target_id"] = parsed
        return attrs


class DecisionLinkSerializer(TargetMixin, _Base):
    parent_fields = ("decision",)

    class Meta(GatedSerializer.Meta):
        model = models.DecisionLink
        fields = (
            "id",
            "display",
            "decision",
            "target",
            "target_type",
            "target_id",
            "description",
            "url",
            *COMMON,
        )
        read_only_fields = ("id", "target_id", "created_at", "updated_at")


class MeetingSerializer(_Base):
    status = _choices("status", models.Meeting, read_only=True)
    #: What ``Meeting.internal_fields`` may leave out for a public reader (the schema's optional fields).
    may_hide = ("notes", "source_path", "chair_name", "minute_taker_name", "chair", "minute_taker")

    class Meta(GatedSerializer.Meta):
        model = models.Meeting
        fields = (
            "id",
            "display",
            "body",
            "title",
            "starts_at",
            "ends_at",
            "location",
            "video_url",
            "status",
            "chair",
            "chair_name",
            "minute_taker",
            "minute_taker_name",
            "minutes_summary",
            "agenda_sent_at",
            "minutes_approved_on",
            "minutes_approved_at_meeting",
            "notes",
            "source_path",
            "is_published",
            "published_at",
            *COMMON,
        )
        read_only_fields = (
            "id",
            "status",
            "agenda_sent_at",
            "minutes_approved_on",
            "minutes_approved_at_meeting",
            "source_path",
            "is_published",
            "published_at",
            "created_at",
            "updated_at",
        )


class TransitionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    target = PlainChoiceField(choices=models.MeetingStatus.choices)
    version = serializers.IntegerField()
    at_meeting = serializers.PrimaryKeyRelatedField(
        queryset=models.Meeting.objects.all(), required=False, allow_null=True
    )
    publish = serializers.BooleanField(required=False, default=False)


class AgendaItemSerializer(_Base):
    parent_fields = ("meeting",)
    may_hide = ("owner", "owner_name")  # ``AgendaItem.internal_fields``

    class Meta(GatedSerializer.Meta):
        model = models.AgendaItem
        fields = (
            "id",
            "display",
            "meeting",
            "position",
            "number",
            "title",
            "kind",
            "section",
            "description",
            "owner",
            "owner_name",
            "duration_minutes",
            "minutes",
            "approves_meeting",
            *COMMON,
        )


class AttachmentSerializer(_Base):
    parent_fields = ("item",)

    class Meta(GatedSerializer.Meta):
        model = models.AgendaAttachment
        fields = ("id", "display", "item", "title", "url", *COMMON)


class ReferenceSerializer(TargetMixin, _Base):
    parent_fields = ("item",)
    target = serializers.CharField(write_only=True, help_text='The object, as "app.model:pk".')

    class Meta(GatedSerializer.Meta):
        model = models.AgendaItemReference
        fields = ("id", "display", "item", "target", "target_type", "target_id", *COMMON)
        read_only_fields = ("id", "target_id", "created_at", "updated_at")


class AttendanceSerializer(_Base):
    parent_fields = ("meeting",)
    status = _choices("status", models.Attendance)

    class Meta(GatedSerializer.Meta):
        model = models.Attendance
        fields = ("id", "display", "meeting", "person", "name", "status", "is_guest", "note", *COMMON)


class MandateSerializer(_Base):
    class Meta(GatedSerializer.Meta):
        model = models.Mandate
        fields = (
            "id",
            "display",
            "title",
            "kind",
            "grantor_body",
            "grantor_description",
            "holder_body",
            "holder_role",
            "product",
            "program",
            "limit_amount",
            "limit_basis",
            "valid_from",
            "valid_to",
            "description",
            "granted_by_decision",
            "notes",
            "is_published",
            "published_at",
            *COMMON,
        )
        read_only_fields = ("id", "is_published", "published_at", "created_at", "updated_at")


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$",
        "example": "09:30",
    }
)
class LocalTimeField(serializers.TimeField):
    """A time of day in the site's time zone, without a UTC offset (``09:30:00``). OpenAPI's ``format:
    time`` means RFC 3339's time with an offset, so the schema gives the pattern instead."""


class CycleEventSerializer(_Base):
    months = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=12), required=False)
    start_time = LocalTimeField(required=False, allow_null=True, label="time")
    rule_display = serializers.CharField(read_only=True)

    class Meta(GatedSerializer.Meta):
        model = models.CycleEvent
        fields = (
            "id",
            "display",
            *CYCLE_EVENT_FIELDS,
            "rule_display",
            "is_published",
            "published_at",
            *COMMON,
        )
        read_only_fields = ("id", "is_published", "published_at", "created_at", "updated_at")
