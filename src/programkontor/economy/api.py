"""REST endpoints of the economy: ``ROUTES`` is picked up by ``programkontor/api_urls.py``.

Reads go through the gate like every endpoint. Writes with domain rules go through the economy's
services: a budget version's ``status`` is changed (propose, withdraw, approve with a ``decision``) by
PATCH, an invoice received is checked/approved/rejected by PATCH of its ``status``, an uploaded file
of actuals is saved by PATCH ``{"status": "imported"}``. Every write needs the version it changes
(``If-Match`` or ``"version"``), inherited from ``GatedViewSet``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from programkontor.core import gate, services, uploads
from programkontor.core.api import GatedViewSet, ObjectGatePermission
from programkontor.economy import filters, serializers
from programkontor.economy.labels import import_error
from programkontor.economy.models import (
    ApprovalStatus,
    BudgetLine,
    BudgetVersion,
    ImportStatus,
    InvoiceStatus,
    ReceivedInvoice,
    VersionStatus,
)
from programkontor.economy.reports import calculation_data
from programkontor.economy.rules import may_approve_invoice, may_change_economy_of, may_check_invoices
from programkontor.economy.selectors.contributions import calculation
from programkontor.economy.selectors.ledger import can_read_economy
from programkontor.economy.services import actuals as actual_services
from programkontor.economy.services import budgets as budget_services
from programkontor.economy.services import contributions as contribution_services
from programkontor.economy.services import invoices as invoice_services
from programkontor.portfolio.models import Product


def import_errors(failure: actual_services.ImportFailed) -> Any:
    """The errors of a file by row, for a 400 response."""
    return {
        "errors": [
            {"row": error.row, "field": error.field, "code": error.code, "message": import_error(error)}
            for error in failure.check.errors
        ]
    }


class DomainViewSet(GatedViewSet):
    """A viewset whose writes call the economy's services (through ``run``: rule violations become
    400, stale versions 409/412) and whose new rows belong to a product whose economy the user writes.
    """

    #: Fields that say whose row it is: a new row must belong to a product the user writes the economy of.
    owner_field: str | None = "product"
    #: Fields a change may not alter (a PATCH that does is refused: create a new row instead).
    fixed_fields: tuple[str, ...] = ()

    def check_owner(self, fields: dict[str, Any]) -> None:
        if self.owner_field and not may_change_economy_of(self.request.user, fields.get(self.owner_field)):
            raise PermissionDenied(_("You do not write the economy of this product."))

    def perform_create(self, serializer: Any) -> None:
        serializer.validated_data.pop("is_published", None)  # publishing is an act of its own
        self.check_owner(self.written_fields(serializer))
        super().perform_create(serializer)

    def reject_owner_change(self, serializer: Any, *names: str) -> None:
        instance = serializer.instance
        for name in names:
            if name in serializer.validated_data and serializer.validated_data[name] != getattr(
                instance, name
            ):
                raise ValidationError({name: _("This cannot be changed; create a new one instead.")})

    def perform_update(self, serializer: Any) -> None:
        self.reject_owner_change(serializer, *self.fixed_fields)
        super().perform_update(serializer)


class PublishMixin:
    """``is_published`` in a PATCH publishes or unpublishes (through ``core.services.set_published``)."""

    def publish_if_asked(self: Any, serializer: Any) -> bool:
        data = serializer.validated_data
        instance = serializer.instance
        if "is_published" not in data or data["is_published"] == instance.is_published:
            return False
        others = set(data) - {"is_published", "version"}
        if others:
            raise ValidationError({"is_published": _("Publish in a request of its own.")})
        expected = self.expected(instance)
        serializer.instance = self.run(
            lambda: services.set_published(
                instance, actor=self.request.user, expected_version=expected, published=data["is_published"]
            )
        )
        return True

    def perform_update(self: Any, serializer: Any) -> None:
        if not self.publish_if_asked(serializer):
            super().perform_update(serializer)  # type: ignore[misc]


class AccountViewSet(DomainViewSet):
    serializer_class = serializers.AccountSerializer
    filterset_class = filters.AccountFilter
    select_related = ("product",)
    hard_delete = False
    owner_field = None
    fixed_fields = ("product",)


class BudgetViewSet(DomainViewSet):
    serializer_class = serializers.BudgetSerializer
    filterset_class = filters.BudgetFilter
    select_related = ("product",)
    fixed_fields = ("product", "year")

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        self.check_owner(data)
        serializer.instance = self.run(
            lambda: budget_services.create_budget(
                actor=self.request.user,
                product=data.get("product"),
                year=data["year"],
                notes=data.get("notes", ""),
                copy_previous_year=data.get("copy_previous_year", False),
            )
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.validated_data.pop("copy_previous_year", None)
        super().perform_update(serializer)

    def destroy_object(self, instance: Any, expected_version: int) -> None:
        self.run(
            lambda: budget_services.delete_budget(
                actor=self.request.user, budget=instance, expected_version=expected_version
            )
        )


class BudgetVersionViewSet(PublishMixin, DomainViewSet):
    serializer_class = serializers.BudgetVersionSerializer
    filterset_class = filters.BudgetVersionFilter
    select_related = ("budget__product",)
    owner_field = None

    def get_queryset(self) -> Any:
        from django.db.models import Prefetch

        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch(
                    "lines", queryset=BudgetLine.objects.select_related("account"), to_attr="prefetched_lines"
                )
            )
        )

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        budget = data["budget"]
        if not gate.allows(self.request.user, "change", budget):
            raise PermissionDenied()
        serializer.instance = self.run(
            lambda: budget_services.create_version(
                actor=self.request.user,
                budget=budget,
                based_on=data.get("based_on"),
                note=data.get("note", ""),
            )
        )

    def perform_update(self, serializer: Any) -> None:
        if self.publish_if_asked(serializer):
            return
        data = dict(serializer.validated_data)
        instance: BudgetVersion = serializer.instance
        self.reject_owner_change(serializer, "budget")
        status = data.pop("status", instance.status)
        decision = data.pop("decision", instance.decision)
        data.pop("version", None)
        data.pop("is_published", None)
        expected = self.expected(instance)
        actor = self.request.user
        if status != instance.status:
            if data:
                raise ValidationError({"status": _("Change the status in a request of its own.")})
            if status == VersionStatus.PROPOSED and instance.status == VersionStatus.DRAFT:

                def write() -> Any:
                    return budget_services.propose(actor=actor, version=instance, expected_version=expected)

            elif status == VersionStatus.DRAFT and instance.status == VersionStatus.PROPOSED:

                def write() -> Any:
                    return budget_services.withdraw(actor=actor, version=instance, expected_version=expected)

            elif status == VersionStatus.APPROVED:
                if decision is None:
                    raise ValidationError({"decision": _("Name the decision that approved the budget.")})

                def write() -> Any:
                    return budget_services.approve(
                        actor=actor, version=instance, expected_version=expected, decision=decision
                    )

            else:
                raise ValidationError(
                    {
                        "status": _("A budget version cannot go from %(old)s to %(new)s.")
                        % {"old": instance.status, "new": status}
                    }
                )
            serializer.instance = self.run(write)
            return
        if decision != instance.decision:
            raise ValidationError({"decision": _("The decision is recorded when the version is approved.")})
        serializer.instance = self.run(
            lambda: services.update(instance, actor=actor, expected_version=expected, changes=data)
        )

    def destroy_object(self, instance: Any, expected_version: int) -> None:
        self.run(
            lambda: budget_services.delete_version(
                actor=self.request.user, version=instance, expected_version=expected_version
            )
        )


class BudgetLineViewSet(DomainViewSet):
    serializer_class = serializers.BudgetLineSerializer
    filterset_class = filters.BudgetLineFilter
    select_related = ("account", "budget_version__budget")
    owner_field = None

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = self.run(
            lambda: budget_services.add_line(
                actor=self.request.user,
                version=data["budget_version"],
                account=data["account"],
                amount=data["amount"],
                note=data.get("note", ""),
            )
        )

    def perform_update(self, serializer: Any) -> None:
        instance = serializer.instance
        self.reject_owner_change(serializer, "budget_version")
        expected = self.expected(instance)
        data = {k: v for k, v in serializer.validated_data.items() if k not in ("version",)}
        serializer.instance = self.run(
            lambda: budget_services.change_line(
                actor=self.request.user, line=instance, expected_version=expected, changes=data
            )
        )

    def destroy_object(self, instance: Any, expected_version: int) -> None:
        self.run(
            lambda: budget_services.remove_line(
                actor=self.request.user, line=instance, expected_version=expected_version
            )
        )


class ActualViewSet(DomainViewSet):
    serializer_class = serializers.ActualSerializer
    filterset_class = filters.ActualFilter
    select_related = ("account", "product")
    fixed_fields = ("product",)


class ActualImportViewSet(DomainViewSet):
    serializer_class = serializers.ActualImportSerializer
    filterset_class = filters.ActualImportFilter
    select_related = ("product", "uploaded_by")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return super().create(request, *args, **kwargs)
        except actual_services.ImportFailed as failure:
            return Response(import_errors(failure), status=400)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return super().update(request, *args, **kwargs)
        except actual_services.ImportFailed as failure:
            return Response(import_errors(failure), status=400)

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        self.check_owner(data)
        upload = data.get("file")
        if upload is None:
            raise ValidationError({"file": _("Upload the CSV or XLSX file.")})
        try:
            content = uploads.read_upload(upload, "actuals")
        except uploads.UploadRefused as refused:
            raise ValidationError({"file": refused.message}) from refused
        serializer.instance = self.run(
            lambda: actual_services.stage_import(
                actor=self.request.user,
                product=data.get("product"),
                data=content,
                filename=upload.name,
                skip_duplicates=data.get("skip_duplicates", False),
            )
        )

    def perform_update(self, serializer: Any) -> None:
        instance = serializer.instance
        data = serializer.validated_data
        if data.get("status") != ImportStatus.IMPORTED or set(data) - {"status", "version"}:
            raise ValidationError({"status": _('Save the postings with {"status": "imported"}.')})
        expected = self.expected(instance)
        serializer.instance = self.run(
            lambda: actual_services.confirm_import(
                actor=self.request.user, staged=instance, expected_version=expected
            )
        )

    def destroy_object(self, instance: Any, expected_version: int) -> None:
        self.run(
            lambda: actual_services.discard_import(
                actor=self.request.user, staged=instance, expected_version=expected_version
            )
        )


class ForecastViewSet(DomainViewSet):
    serializer_class = serializers.ForecastSerializer
    filterset_class = filters.ForecastFilter
    select_related = ("account",)
    fixed_fields = ("product", "year", "account")


class TariffSheetViewSet(PublishMixin, DomainViewSet):
    serializer_class = serializers.TariffSheetSerializer
    filterset_class = filters.TariffSheetFilter
    select_related = ("product",)
    fixed_fields = ("product",)


class AssociationTariffViewSet(PublishMixin, DomainViewSet):
    serializer_class = serializers.AssociationTariffSerializer
    filterset_class = filters.AssociationTariffFilter
    owner_field = None


class ContributionInvoiceViewSet(DomainViewSet):
    serializer_class = serializers.ContributionInvoiceSerializer
    filterset_class = filters.ContributionInvoiceFilter
    select_related = ("organisation", "product")
    fixed_fields = ("product", "year", "organisation", "kind", "instalment")

    def perform_destroy(self, instance: Any) -> None:
        if instance.status != InvoiceStatus.PLANNED:
            raise ValidationError(_("An invoice that has been sent stays; credit it in the finance system."))
        super().perform_destroy(instance)

    @extend_schema(
        parameters=[
            OpenApiParameter("product", OpenApiTypes.STR, description="The product's slug.", required=True),
            OpenApiParameter("year", OpenApiTypes.INT, required=True),
        ],
        responses={200: OpenApiTypes.OBJECT},
        description="What each participating authority owes for the product and year, with the calculation.",
    )
    @action(detail=False, methods=["get"], url_path="calculation")
    def calculation(self, request: Request) -> Response:
        product, year = self._product_and_year(request.query_params)
        return Response(calculation_data(calculation(product, year)))

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={200: OpenApiTypes.OBJECT},
        description=(
            'Bring the invoice plan in line with the calculation: {"product": "<slug>", "year": 2026}.'
        ),
    )
    @action(detail=False, methods=["post"], url_path="plan", permission_classes=[permissions.IsAuthenticated])
    def plan(self, request: Request) -> Response:
        product, year = self._product_and_year(request.data)
        if not may_change_economy_of(request.user, product):
            raise PermissionDenied()
        report = self.run(
            lambda: contribution_services.generate_plan(actor=request.user, product=product, year=year)
        )
        return Response(
            {
                "created": report.created,
                "updated": report.updated,
                "removed": report.removed,
                "unchanged": report.unchanged,
                "flagged": [invoice.pk for invoice in report.flagged],
            }
        )

    def _product_and_year(self, params: Any) -> tuple[Product, int]:
        params = dict(params.items()) if hasattr(params, "items") else {}
        slug = str(params.get("product", ""))
        year = str(params.get("year", ""))
        if not slug or not year.isdigit() or not 2000 <= int(year) <= 2100:
            raise ValidationError({"product": _("Name the product (slug) and the year.")})
        product = get_object_or_404(Product.objects.restrict(self.request.user, "view"), slug=slug)
        if not can_read_economy(self.request.user, product):
            raise Http404
        return product, int(year)


class InvoiceStepPermission(ObjectGatePermission):
    """Approving (and rejecting) is also for the product's coordinators, who do not write its economy."""

    STEP_FIELDS = frozenset({"status", "rejection_reason", "version"})

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        data: Any = request.data
        if request.method == "PATCH" and isinstance(data, Mapping) and set(data.keys()) <= self.STEP_FIELDS:
            status = data.get("status")
            if status == ApprovalStatus.CHECKED:
                return may_check_invoices(request.user)
            if status == ApprovalStatus.APPROVED:
                return may_approve_invoice(request.user, obj)
            if status == ApprovalStatus.REJECTED:
                return may_check_invoices(request.user) or may_approve_invoice(request.user, obj)
        return super().has_object_permission(request, view, obj)


class ReceivedInvoiceViewSet(DomainViewSet):
    serializer_class = serializers.ReceivedInvoiceSerializer
    filterset_class = filters.ReceivedInvoiceFilter
    select_related = ("supplier", "product")
    permission_classes = [InvoiceStepPermission]

    def perform_create(self, serializer: Any) -> None:
        fields = {k: v for k, v in serializer.validated_data.items() if k not in ("version", "status")}
        self.check_owner(fields)
        serializer.instance = self.run(
            lambda: invoice_services.register(actor=self.request.user, fields=fields)
        )

    def perform_update(self, serializer: Any) -> None:
        instance: ReceivedInvoice = serializer.instance
        data = dict(serializer.validated_data)
        status = data.pop("status", instance.status)
        reason = data.pop("rejection_reason", "")
        data.pop("version", None)
        self.reject_owner_change(serializer, "product")
        expected = self.expected(instance)
        actor = self.request.user
        if status != instance.status:
            if data:
                raise ValidationError({"status": _("Change the status in a request of its own.")})
            steps: dict[str, Any] = {
                ApprovalStatus.CHECKED: lambda: invoice_services.check(
                    actor=actor, invoice=instance, expected_version=expected
                ),
                ApprovalStatus.APPROVED: lambda: invoice_services.approve(
                    actor=actor, invoice=instance, expected_version=expected
                ),
                ApprovalStatus.REJECTED: lambda: invoice_services.reject(
                    actor=actor, invoice=instance, expected_version=expected, reason=reason
                ),
                ApprovalStatus.REGISTERED: lambda: invoice_services.reopen(
                    actor=actor, invoice=instance, expected_version=expected
                ),
            }
            serializer.instance = self.run(steps[status])
            return
        serializer.instance = self.run(
            lambda: services.update(instance, actor=actor, expected_version=expected, changes=data)
        )

    def destroy_object(self, instance: Any, expected_version: int) -> None:
        self.run(
            lambda: invoice_services.delete(
                actor=self.request.user, invoice=instance, expected_version=expected_version
            )
        )


ROUTES = [
    ("chart-of-accounts", AccountViewSet, "account"),
    ("budgets", BudgetViewSet, "budget"),
    ("budget-versions", BudgetVersionViewSet, "budgetversion"),
    ("budget-lines", BudgetLineViewSet, "budgetline"),
    ("actuals", ActualViewSet, "actual"),
    ("actual-imports", ActualImportViewSet, "actualimport"),
    ("forecasts", ForecastViewSet, "forecast"),
    ("tariff-sheets", TariffSheetViewSet, "tariffsheet"),
    ("association-tariffs", AssociationTariffViewSet, "associationtariff"),
    ("contribution-invoices", ContributionInvoiceViewSet, "contributioninvoice"),
    ("received-invoices", ReceivedInvoiceViewSet, "receivedinvoice"),
]
