"""The contract list (filters: supplier, product, program, kind, expiring within N days), a contract's
page (with the economy's and planning's panels: spending and deliveries) and its form."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django.db.models import QuerySet
from django.utils import timezone

from programkontor.core import gate
from programkontor.core.views import ArchiveView, ObjectDetailView, ObjectFormView, ObjectListView
from programkontor.portfolio.models import Organisation, OrganisationKind, Product, Program
from programkontor.suppliers.filters import ContractFilter
from programkontor.suppliers.forms import ContractForm
from programkontor.suppliers.models import Contract
from programkontor.suppliers.terms import DeadlineKind


class ContractListView(ObjectListView):
    model = Contract
    filterset_class = ContractFilter
    add_permission = "suppliers.add_contract"
    add_url_name = "suppliers:contract_add"
    template_name = "suppliers/contract_list.html"
    results_template_name = "suppliers/_contract_results.html"
    export_columns = (
        "title",
        "reference",
        "supplier__name",
        "product__name",
        "program__name",
        "kind",
        "value",
        "currency",
        "start_date",
        "end_date",
        "notice_by",
        "licence",
    )

    def get_base_queryset(self) -> QuerySet[Contract]:
        contracts: QuerySet[Contract] = super().get_base_queryset()
        return contracts.select_related("supplier", "product", "program")

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context: dict[str, object] = super().get_context_data(**kwargs)
        rows = cast("Iterable[Contract]", context["object_list"])  # the page's contracts
        context["internal_ids"] = set(
            gate.restrict(Contract, self.request.user, "view_internal")
            .filter(pk__in=[row.pk for row in rows])
            .values_list("pk", flat=True)
        )
        context["today"] = timezone.localdate()
        return context


class ContractDetailView(ObjectDetailView):
    model = Contract
    template_name = "suppliers/contract_detail.html"

    def visible(self) -> QuerySet[Contract]:
        contracts: QuerySet[Contract] = super().visible()
        return contracts.select_related("supplier", "product", "program", "approved_by_body", "decision")

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context: dict[str, object] = super().get_context_data(**kwargs)
        contract: Contract = self.object
        today = timezone.localdate()
        context["deadlines"] = [
            (deadline, deadline.date < today and deadline.kind == DeadlineKind.NOTICE)
            for deadline in contract.deadlines()
        ]
        decision = contract.decision if contract.decision_id else None
        context["decision_visible"] = decision is not None and gate.allows(
            self.request.user, "view", decision
        )
        return context


class ContractFormView(ObjectFormView):
    """Add and edit; a new contract starts with the ``?supplier=``, ``?product=`` or ``?program=`` of its
    address."""

    model = Contract
    form_class = ContractForm
    add_permission = "suppliers.add_contract"

    def get_initial(self) -> dict[str, object]:
        if self.object is not None:
            return {}
        user, query = self.request.user, self.request.GET
        initial: dict[str, object] = {}
        if (supplier := query.get("supplier", "")).isdigit():
            initial["supplier"] = (
                gate.restrict(Organisation, user, "view")
                .filter(pk=supplier, kind=OrganisationKind.SUPPLIER)
                .first()
            )
        if slug := query.get("product"):
            initial["product"] = gate.restrict(Product, user, "view").filter(slug=slug).first()
        if slug := query.get("program"):
            initial["program"] = gate.restrict(Program, user, "view").filter(slug=slug).first()
        return {key: value for key, value in initial.items() if value is not None}


class ContractArchiveView(ArchiveView):
    model = Contract
