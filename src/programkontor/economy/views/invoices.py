"""Invoices received: registration and the two-step approval (checked by one, approved by another)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programkontor.core import gate
from programkontor.core.views import ObjectDetailView, ObjectListView
from programkontor.economy.filters import ReceivedInvoiceFilter, awaiting_me
from programkontor.economy.forms import ReceivedInvoiceForm, RejectForm
from programkontor.economy.models import ApprovalStatus, ReceivedInvoice
from programkontor.economy.rules import may_approve_invoice, may_check_invoices
from programkontor.economy.selectors.mandates import approval_check
from programkontor.economy.services import invoices as invoice_services
from programkontor.economy.views.common import ActionView, OwnerFormView
from programkontor.suppliers.interfaces import Contract


class ReceivedInvoiceListView(ObjectListView):
    model = ReceivedInvoice
    filterset_class = ReceivedInvoiceFilter
    add_permission = "economy.add_receivedinvoice"
    add_url_name = "economy:received_invoice_add"
    template_name = "economy/received_invoice_list.html"
    results_template_name = "economy/_received_invoice_results.html"
    export_columns = (
        "invoice_date",
        "supplier__name",
        "supplier_invoice_number",
        "product__name",
        "description",
        "account__number",
        "amount",
        "vat",
        "status",
        "due_date",
        "approved_at",
    )

    def get_base_queryset(self) -> Any:
        queryset = super().get_base_queryset().select_related("supplier", "product", "account")
        if self.request.GET.get("awaiting") == "me" and self.request.user.is_authenticated:
            queryset = awaiting_me(
                queryset, self.request.user, may_check=may_check_invoices(self.request.user)
            )
        return queryset


class ReceivedInvoiceDetailView(ObjectDetailView):
    model = ReceivedInvoice
    template_name = "economy/received_invoice_detail.html"

    def visible(self) -> Any:
        return (
            super()
            .visible()
            .select_related(
                "supplier",
                "product",
                "account",
                "registered_by",
                "checked_by",
                "approved_by",
                "rejected_by",
                "approved_under_mandate",
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        invoice = self.object
        user = self.request.user
        status = invoice.status
        context["work_item"] = (
            # The work item's model is planning's: reached through the foreign key, not imported.
            gate.restrict(ReceivedInvoice.work_item.field.related_model, user, "view")
            .filter(pk=invoice.work_item_id)
            .first()
            if invoice.work_item_id
            else None
        )
        context["contract"] = (
            gate.restrict(Contract, user, "view").filter(pk=invoice.contract_id).first()
            if invoice.contract_id
            else None
        )
        context["may_check"] = status == ApprovalStatus.REGISTERED and may_check_invoices(user)
        context["may_approve"] = (
            status == ApprovalStatus.CHECKED
            and invoice.checked_by_id != user.pk
            and may_approve_invoice(user, invoice)
        )
        # Which mandate the approval would rest on, and whether the amount is within it.
        context["approval"] = approval_check(user, invoice) if context["may_approve"] else None
        context["checker_is_me"] = status == ApprovalStatus.CHECKED and invoice.checked_by_id == user.pk
        context["may_reject"] = status in (ApprovalStatus.REGISTERED, ApprovalStatus.CHECKED) and (
            may_check_invoices(user) or may_approve_invoice(user, invoice)
        )
        context["may_reopen"] = status == ApprovalStatus.REJECTED and context["can_change"]
        context["editable"] = status == ApprovalStatus.REGISTERED and context["can_change"]
        return context


class ReceivedInvoiceAddView(OwnerFormView):
    model = ReceivedInvoice
    form_class = ReceivedInvoiceForm
    add_permission = "economy.add_receivedinvoice"

    def create(self, fields: dict[str, Any]) -> Any:
        return invoice_services.register(actor=self.request.user, fields=fields)


class ReceivedInvoiceEditView(OwnerFormView):
    model = ReceivedInvoice
    form_class = ReceivedInvoiceForm


class InvoiceActionView(ActionView):
    model = ReceivedInvoice

    def visible(self) -> Any:
        return super().visible().select_related("supplier", "product")


class ReceivedInvoiceCheckView(InvoiceActionView):
    title = gettext_lazy("Check the invoice")
    explanation = gettext_lazy(
        "You confirm that content, amount, attachments and account are right. "
        "Someone else must then approve it."
    )
    button = gettext_lazy("Mark as checked")

    def allowed(self) -> bool:
        return may_check_invoices(self.request.user)

    def perform(self, form: Any) -> str:
        invoice_services.check(
            actor=self.request.user, invoice=self.object, expected_version=form.cleaned_data["version"]
        )
        messages.success(self.request, _("%(name)s was checked.") % {"name": self.object})
        return str(self.object.get_absolute_url())


class ReceivedInvoiceApproveView(InvoiceActionView):
    title = gettext_lazy("Approve the invoice")
    explanation = gettext_lazy(
        "You approve the invoice for payment. The person who checked it cannot approve it."
    )
    button = gettext_lazy("Approve")

    def allowed(self) -> bool:
        return may_approve_invoice(self.request.user, self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["approval"] = approval_check(self.request.user, self.object)
        return context

    def perform(self, form: Any) -> str:
        invoice_services.approve(
            actor=self.request.user, invoice=self.object, expected_version=form.cleaned_data["version"]
        )
        messages.success(self.request, _("%(name)s was approved.") % {"name": self.object})
        return str(self.object.get_absolute_url())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Outside the mandate: refused (403) on the same page, with the verdict; nothing is saved."""
        try:
            return super().post(request, *args, **kwargs)
        except invoice_services.OutsideMandate as refusal:
            form = self.get_form(request.POST)
            form.is_valid()
            form.add_error(None, str(refusal))
            return self.render_to_response(self.get_context_data(form=form), status=403)


class ReceivedInvoiceRejectView(InvoiceActionView):
    form_class = RejectForm
    title = gettext_lazy("Reject the invoice")
    explanation = gettext_lazy("The invoice is not paid. Say why; it can be reopened after a correction.")
    button = gettext_lazy("Reject")
    button_class = "button-warning"

    def allowed(self) -> bool:
        user = self.request.user
        return may_check_invoices(user) or may_approve_invoice(user, self.object)

    def perform(self, form: Any) -> str:
        invoice_services.reject(
            actor=self.request.user,
            invoice=self.object,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(self.request, _("%(name)s was rejected.") % {"name": self.object})
        return str(self.object.get_absolute_url())


class ReceivedInvoiceReopenView(InvoiceActionView):
    title = gettext_lazy("Reopen the invoice")
    explanation = gettext_lazy("The invoice can be corrected and must then be checked and approved again.")
    button = gettext_lazy("Reopen")
    button_class = "button-secondary"

    def perform(self, form: Any) -> str:
        invoice_services.reopen(
            actor=self.request.user, invoice=self.object, expected_version=form.cleaned_data["version"]
        )
        messages.success(self.request, _("%(name)s was reopened.") % {"name": self.object})
        return str(self.object.get_absolute_url())


class ReceivedInvoiceDeleteView(InvoiceActionView):
    title = gettext_lazy("Remove the invoice")
    explanation = gettext_lazy(
        "The registration is removed; its history is kept. An approved invoice cannot be removed."
    )
    button = gettext_lazy("Remove")
    button_class = "button-warning"

    def perform(self, form: Any) -> str:
        invoice_services.delete(
            actor=self.request.user, invoice=self.object, expected_version=form.cleaned_data["version"]
        )
        messages.success(self.request, _("%(name)s was removed.") % {"name": self.object})
        return reverse("economy:received_invoice_list")
