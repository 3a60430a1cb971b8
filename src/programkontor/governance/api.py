"""REST endpoints of governance: ``ROUTES`` is picked up by ``programkontor/api_urls.py``.

Writes keep the same rules as the pages: a new or changed row must stay within what the writer may
change (else 403, see ``core.services``), only a decision's own decision makers set it to decided, a
meeting's status moves through ``POST /api/meetings/{id}/transition/``, and approved minutes are final.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from programkontor.core import gate
from programkontor.core.api import Conflict, GatedViewSet, endpoint
from programkontor.governance import filters, serializers, sync_api
from programkontor.governance import services as governance
from programkontor.governance.models import Meeting


class DecisionViewSet(GatedViewSet):
    serializer_class = serializers.DecisionSerializer
    filterset_class = filters.DecisionFilter
    select_related = ("product", "program", "decided_by_body")

    def create_object(self, fields: dict[str, Any]) -> Any:
        return governance.save_decision(actor=self.request.user, fields=fields)

    def update_object(self, instance: Any, expected: int, changes: dict[str, Any]) -> Any:
        return governance.save_decision(
            actor=self.request.user, fields=changes, instance=instance, expected_version=expected
        )

    def destroy_object(self, instance: Any, expected_version: int) -> None:
        if instance.status == "decided" or instance.is_published:
            raise Conflict("A decided or published decision stays in the log; supersede it instead.")
        super().destroy_object(instance, expected_version)


class MeetingViewSet(GatedViewSet):
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter
    select_related = ("body", "chair", "minute_taker")

    def create_object(self, fields: dict[str, Any]) -> Any:
        return governance.create_meeting(actor=self.request.user, fields=fields)

    def update_object(self, instance: Meeting, expected: int, changes: dict[str, object]) -> Meeting:
        return governance.update_meeting(
            instance, actor=self.request.user, expected_version=expected, changes=changes
        )

    def destroy_object(self, instance: Any, expected_version: int) -> None:
        if not instance.may_be_removed:
            raise Conflict(
                "Only a meeting that has not begun and whose minutes are not written can be removed."
            )
        governance.delete_meeting(instance, actor=self.request.user, expected_version=expected_version)

    @extend_schema(request=serializers.TransitionSerializer, responses=serializers.MeetingSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Move the meeting along draft agenda → agenda sent → minutes ready → minutes approved."""
        meeting = self.get_object()
        data = serializers.TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        at_meeting = data.validated_data.get("at_meeting")
        if at_meeting is not None and not gate.allows(request.user, "view", at_meeting):
            raise ValidationError({"at_meeting": "Unknown meeting."})
        saved = self.run(
            lambda: governance.transition_meeting(
                meeting,
                actor=request.user,
                expected_version=data.validated_data["version"],
                target=data.validated_data["target"],
                at_meeting=at_meeting,
                publish=data.validated_data["publish"],
            )
        )
        body = serializers.MeetingSerializer(saved, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_200_OK, headers={"ETag": f'"{saved.version}"'})


class MeetingPartViewSet(GatedViewSet):
    """Agenda items, attachments, references and attendance: refused once the minutes are approved."""

    meeting_path: tuple[str, ...] = ("meeting",)

    def meeting_of(self, obj_or_fields: Any) -> Meeting | None:
        target = obj_or_fields
        for name in self.meeting_path:
            target = target.get(name) if isinstance(target, dict) else getattr(target, name, None)
            if target is None:
                return None
        return target  # type: ignore[no-any-return]

    def ensure_open(self, meeting: Meeting | None) -> None:
        if meeting is not None and meeting.is_locked:
            raise Conflict("The minutes are approved: the meeting can no longer change.")

    def create_object(self, fields: dict[str, Any]) -> Any:
        self.ensure_open(self.meeting_of(fields))
        return super().create_object(fields)

    def update_object(self, instance: Any, expected: int, changes: dict[str, Any]) -> Any:
        self.ensure_open(self.meeting_of(instance))
        return super().update_object(instance, expected, changes)

    def destroy_object(self, instance: Any, expected_version: int) -> None:
        self.ensure_open(self.meeting_of(instance))
        super().destroy_object(instance, expected_version)


class AgendaItemViewSet(MeetingPartViewSet):
    serializer_class = serializers.AgendaItemSerializer
    filterset_class = filters.AgendaItemFilter
    add_permission = "governance.add_meeting"
    select_related = ("owner",)


class AttachmentViewSet(MeetingPartViewSet):
    serializer_class = serializers.AttachmentSerializer
    filterset_class = filters.AttachmentFilter
    add_permission = "governance.add_meeting"
    meeting_path = ("item", "meeting")


class ReferenceViewSet(MeetingPartViewSet):
    serializer_class = serializers.ReferenceSerializer
    filterset_class = filters.ReferenceFilter
    add_permission = "governance.add_meeting"
    meeting_path = ("item", "meeting")
    select_related = ("item", "target_type")


class AttendanceViewSet(MeetingPartViewSet):
    serializer_class = serializers.AttendanceSerializer
    filterset_class = filters.AttendanceFilter
    add_permission = "governance.add_meeting"
    select_related = ("person",)


# The plain endpoints: CRUD through the gate and the core services, nothing more.
DecisionLinkViewSet = endpoint(
    serializers.DecisionLinkSerializer,
    filters.DecisionLinkFilter,
    add_permission="governance.add_decision",
    select_related=("target_type",),
)
MandateViewSet = endpoint(
    serializers.MandateSerializer, filters.MandateFilter, select_related=("holder_body", "grantor_body")
)
CycleEventViewSet = endpoint(serializers.CycleEventSerializer, filters.CycleEventFilter)


ROUTES = [
    ("decisions", DecisionViewSet, "decision"),
    ("decision-links", DecisionLinkViewSet, "decisionlink"),
    ("meetings", MeetingViewSet, "meeting"),
    ("agenda-items", AgendaItemViewSet, "agendaitem"),
    ("agenda-attachments", AttachmentViewSet, "agendaattachment"),
    ("agenda-references", ReferenceViewSet, "agendareference"),
    ("attendances", AttendanceViewSet, "attendance"),
    ("mandates", MandateViewSet, "mandate"),
    ("cycle-events", CycleEventViewSet, "cycleevent"),
    *sync_api.ROUTES,
]
