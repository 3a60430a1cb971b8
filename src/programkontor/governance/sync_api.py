"""The API of a product's governance repository: its settings (``/api/governance-repositories/``,
with ``preview`` and ``export`` actions that start the background jobs) and the syncs they record
(``/api/governance-syncs/``: poll one until its ``state`` is no longer ``running``; ``apply`` a
ready preview, ``push`` a ready export when the server holds a push token). The same services and
gate as the pages (``governance.services.repository``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from programkontor.core import gate
from programkontor.core.api import GatedSerializer, GatedViewSet
from programkontor.governance.models import GovernanceRepository, RepositorySync
from programkontor.governance.services import repository as service
from programkontor.portfolio.models import Product

if TYPE_CHECKING:
    SyncSerializerBase = serializers.ModelSerializer[RepositorySync]
    SyncViewSetBase = viewsets.ReadOnlyModelViewSet[RepositorySync]
else:  # DRF's classes are generic only to the type checker
    SyncSerializerBase = serializers.ModelSerializer
    SyncViewSetBase = viewsets.ReadOnlyModelViewSet


class GovernanceRepositorySerializer(GatedSerializer):
    parent_fields = ("product",)

    class Meta(GatedSerializer.Meta):
        model = GovernanceRepository
        fields = (
            "id",
            "product",
            "address",
            "branch",
            "token_variable",
            "write_internal",
            "version",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("id", "created_at", "updated_at")


class RepositorySyncSerializer(SyncSerializerBase):
    job_status = serializers.CharField(source="job.status", read_only=True, allow_null=True, default=None)

    class Meta:
        model = RepositorySync
        fields = (
            "id",
            "repository",
            "kind",
            "state",
            "job",
            "job_status",
            "commit",
            "result",
            "diff",
            "error",
            "started_by",
            "created_at",
            "finished_at",
            "applied_by",
            "applied_at",
            "pushed_commit",
        )
        read_only_fields = fields


def _answer(sync: RepositorySync) -> Response:
    sync.refresh_from_db()
    return Response(RepositorySyncSerializer(sync).data, status=status.HTTP_202_ACCEPTED)


class GovernanceRepositoryViewSet(GatedViewSet):
    """A product's governance repository (one per product): where it is, which branch, the name of the
    environment variable holding a push token (never the token)."""

    serializer_class = GovernanceRepositorySerializer
    select_related = ("product",)

    def create_object(self, fields: dict[str, object]) -> GovernanceRepository:
        product = fields.pop("product")
        assert isinstance(product, Product)
        return service.save_repository(actor=self.request.user, product=product, fields=fields)

    def update_object(
        self, instance: GovernanceRepository, expected: int, changes: dict[str, object]
    ) -> GovernanceRepository:
        changes.pop("product", None)
        return service.save_repository(
            actor=self.request.user, product=instance.product, fields=changes, expected_version=expected
        )

    @extend_schema(request=None, responses={202: RepositorySyncSerializer})
    @action(detail=True, methods=["post"])
    def preview(self, request: Request, pk: str | None = None) -> Response:
        """Fetch the repository and compute what an import would do (a background job)."""
        repository = self.get_object()
        return _answer(self.run(lambda: service.start_preview(actor=request.user, repository=repository)))

    @extend_schema(request=None, responses={202: RepositorySyncSerializer})
    @action(detail=True, methods=["post"])
    def export(self, request: Request, pk: str | None = None) -> Response:
        """Write Programkontor's changes into the working copy and record the diff (a background job)."""
        repository = self.get_object()
        return _answer(self.run(lambda: service.start_export(actor=request.user, repository=repository)))


class RepositorySyncViewSet(SyncViewSetBase):
    """The previews and exports of governance repositories, newest first (``?repository=``)."""

    serializer_class = RepositorySyncSerializer
    gate_model: ClassVar[type[models.Model]] = RepositorySync
    filterset_fields = ("repository", "kind", "state")
    lookup_value_regex = r"[0-9]+"

    @staticmethod
    def run(start: Callable[[], RepositorySync]) -> RepositorySync:
        """Start a confirmation; a sync past confirming is a 400 with the reason, a refusal a 403."""
        try:
            return start()
        except DjangoValidationError as exc:
            raise ValidationError({"non_field_errors": exc.messages}) from exc
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc) or None) from exc

    def get_queryset(self) -> QuerySet[RepositorySync]:
        return (
            gate.restrict(RepositorySync, self.request.user, "view")
            .select_related("job")
            .order_by("-created_at", "-id")
        )

    @extend_schema(request=None, responses={202: RepositorySyncSerializer})
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, pk: str | None = None) -> Response:
        """Apply a ready preview as it was shown (refused if the repository or the records moved on)."""
        sync = self.get_object()
        return _answer(self.run(lambda: service.start_apply(actor=request.user, sync=sync)))

    @extend_schema(request=None, responses={202: RepositorySyncSerializer})
    @action(detail=True, methods=["post"])
    def push(self, request: Request, pk: str | None = None) -> Response:
        """Commit and push a ready export (only when the server holds the repository's push token)."""
        sync = self.get_object()
        return _answer(self.run(lambda: service.start_push(actor=request.user, sync=sync)))


ROUTES = [
    ("governance-repositories", GovernanceRepositoryViewSet, "governancerepository"),
    ("governance-syncs", RepositorySyncViewSet, "repositorysync"),
]
