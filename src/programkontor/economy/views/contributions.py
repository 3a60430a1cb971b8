"""Members' contributions: the calculation per authority, the invoice plan and its invoices' status."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from programkontor.core.views import ObjectFormView, ObjectListView
from programkontor.economy.filters import ContributionInvoiceFilter
from programkontor.economy.forms import ContributionInvoiceForm
from programkontor.economy.labels import SIZE_CLASSES
from programkontor.economy.models import (
    AssociationTariff,
    ContributionInvoice,
    ContributionKind,
    InvoiceStatus,
)
from programkontor.economy.rules import may_change_economy_of
from programkontor.economy.selectors.contributions import calculation
from programkontor.economy.selectors.ledger import can_read_economy
from programkontor.economy.services import contributions as contribution_services
from programkontor.economy.urls_helpers import contributions_url, ledger_url, year_links
from programkontor.economy.views.common import error_messages
from programkontor.portfolio.models import Organisation, OrganisationKind, Product


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404
    return year


class ProductEconomyMixin:
    request: HttpRequest
    kwargs: dict[str, Any]

    def product(self) -> Product:
        product = get_object_or_404(
            Product.objects.restrict(self.request.user, "view").select_related("program"),
            slug=self.kwargs["slug"],
        )
        if not can_read_economy(self.request.user, product):
            raise Http404
        return product


class ContributionsView(ProductEconomyMixin, TemplateView):
    """What each participating authority owes for the year, calculated so anyone can check it."""

    template_name = "economy/contributions.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        product = self.product()
        year = _year(kwargs["year"])
        found = calculation(product, year)
        today = timezone.localdate()
        context.update(
            product=product,
            year=year,
            calc=found,
            rows=found.rows,
            sheet=found.sheet,
            size_classes=SIZE_CLASSES,
            invoice_totals=found.invoice_totals(today),
            can_plan=may_change_economy_of(self.request.user, product),
            **year_links(contributions_url, product, year),
            ledger_url=ledger_url(product, year),
            today=today,
        )
        return context


class PlanView(LoginRequiredMixin, TemplateView):
    """Bring the invoice plan in line with the calculation (GET explains, POST does it)."""

    template_name = "economy/plan_confirm.html"
    product: Product | None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.year = _year(kwargs["year"])
        self.product = None
        if "slug" in kwargs:
            self.product = get_object_or_404(
                Product.objects.restrict(request.user, "view"), slug=kwargs["slug"]
            )
            if not can_read_economy(request.user, self.product):
                raise Http404
        elif not can_read_economy(request.user, None):
            raise Http404
        if not may_change_economy_of(request.user, self.product):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            product=self.product, year=self.year, cancel_url=contributions_url(self.product, self.year)
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            if self.product is None:
                report = contribution_services.generate_membership_fees(actor=request.user, year=self.year)
            else:
                report = contribution_services.generate_plan(
                    actor=request.user, product=self.product, year=self.year
                )
        except DjangoValidationError as exc:
            for message in error_messages(exc):
                messages.error(request, message)
            return HttpResponseRedirect(contributions_url(self.product, self.year))
        messages.success(
            request,
            _(
                "The invoice plan was updated: %(created)s new, %(updated)s changed, %(removed)s "
                "removed, %(unchanged)s unchanged."
            )
            % {
                "created": report.created,
                "updated": report.updated,
                "removed": report.removed,
                "unchanged": report.unchanged,
            },
        )
        for invoice in report.flagged:
            messages.warning(
                request,
                _(
                    "%(invoice)s has been sent but no longer matches the calculation. Credit or "
                    "re-invoice it by hand."
                )
                % {"invoice": contribution_services.flagged_text(invoice)},
            )
        return HttpResponseRedirect(contributions_url(self.product, self.year))


class MembershipFeesView(TemplateView):
    """The association's membership fee for the year: one invoice per member authority."""

    template_name = "economy/membership_fees.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if not can_read_economy(user, None):
            raise Http404
        year = _year(kwargs["year"])
        tariff = AssociationTariff.objects.filter(year=year).select_related("membership_account").first()
        invoices = {
            invoice.organisation_id: invoice
            for invoice in ContributionInvoice.objects.filter(
                product__isnull=True, year=year, kind=ContributionKind.MEMBERSHIP_FEE
            ).select_related("organisation")
        }
        members = list(
            Organisation.objects.filter(is_member=True, archived_at__isnull=True)
            .exclude(kind__in=[OrganisationKind.SUPPLIER, OrganisationKind.ASSOCIATION])
            .order_by("name")
        )
        today = timezone.localdate()
        context.update(
            year=year,
            tariff=tariff,
            rows=[(member, invoices.get(member.pk)) for member in members],
            former=[i for org_id, i in invoices.items() if org_id not in {m.pk for m in members}],
            total=(tariff.membership_fee * len(members)) if tariff else 0,
            invoiced=sum(i.amount for i in invoices.values() if i.status != InvoiceStatus.PLANNED),
            paid=sum(i.amount for i in invoices.values() if i.status == InvoiceStatus.PAID),
            overdue=sum(
                i.amount for i in invoices.values() if i.current_status(today) == InvoiceStatus.OVERDUE
            ),
            can_plan=may_change_economy_of(user, None),
            **year_links(contributions_url, None, year),
        )
        return context


class ContributionInvoiceListView(ObjectListView):
    """The invoice plans' invoices; an authority's people see their own authority's."""

    model = ContributionInvoice
    filterset_class = ContributionInvoiceFilter
    template_name = "economy/contribution_invoice_list.html"
    results_template_name = "economy/_contribution_invoice_results.html"
    export_columns = (
        "product__name",
        "year",
        "organisation__name",
        "kind",
        "instalment",
        "account__number",
        "amount",
        "planned_on",
        "status",
        "invoice_number",
        "sent_on",
        "due_date",
        "paid_on",
    )

    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("organisation", "product", "account")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        filtered: Any = self.object_list
        totals = filtered.order_by().aggregate(
            total_amount=Sum("amount"),
            rows=Count("pk"),
            paid_amount=Sum("amount", filter=Q(status=InvoiceStatus.PAID)),
        )
        context["totals"] = totals
        context["today"] = timezone.localdate()
        return context


class ContributionInvoiceEditView(ObjectFormView):
    model = ContributionInvoice
    form_class = ContributionInvoiceForm

    def visible(self) -> Any:
        return super().visible().select_related("organisation", "product")

    def success_url(self, saved: Any) -> str:
        return contributions_url(saved.product, saved.year)
