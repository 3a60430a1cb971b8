"""Mandates: list, page, forms and the check that says which mandate applies to an action."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.views.generic import TemplateView

from programkontor.core import gate
from programkontor.core.views import ObjectDetailView, ObjectFormView, ObjectListView
from programkontor.governance import services as governance
from programkontor.governance.filters import MandateFilter
from programkontor.governance.forms import MandateCheckForm, MandateForm
from programkontor.governance.models import Decision, Mandate
from programkontor.governance.views.common import CheckedPublishView
from programkontor.portfolio.models import Body, Product


class MandateListView(ObjectListView):
    model = Mandate
    filterset_class = MandateFilter
    add_permission = "governance.add_mandate"
    add_url_name = "governance:mandate_add"
    template_name = "governance/mandate_list.html"
    results_template_name = "governance/_mandate_results.html"
    export_columns = (
        "title",
        "kind",
        "grantor_body__name",
        "holder_body__name",
        "holder_role",
        "product__name",
        "program__name",
        "limit_amount",
        "limit_basis",
        "valid_from",
        "valid_to",
    )

    def get_base_queryset(self) -> Any:
        return (
            super()
            .get_base_queryset()
            .select_related("holder_body", "grantor_body", "product", "program")
            .order_by("-valid_from", "title", "pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        return context


class MandateDetailView(ObjectDetailView):
    model = Mandate
    template_name = "governance/mandate_detail.html"

    def visible(self) -> Any:
        return (
            super()
            .visible()
            .select_related("holder_body", "grantor_body", "product", "program", "granted_by_decision")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        mandate = self.object
        context["decisions"] = list(
            gate.restrict(Decision, user, "view").filter(mandate=mandate).order_by("-date")[:50]
        )
        context["in_force"] = mandate.is_valid_on(timezone.localdate())
        context["granted_by_visible"] = bool(
            mandate.granted_by_decision_id and gate.allows(user, "view", mandate.granted_by_decision)
        )
        return context


class MandateFormView(ObjectFormView):
    model = Mandate
    form_class = MandateForm
    add_permission = "governance.add_mandate"

    def get_initial(self) -> dict[str, Any]:
        if self.object is not None:
            return {}
        initial: dict[str, Any] = {"valid_from": timezone.localdate()}
        user = self.request.user
        if slug := self.request.GET.get("product"):
            initial["product"] = gate.restrict(Product, user, "view").filter(slug=slug).first()
        if (pk := self.request.GET.get("body", "")).isdigit():
            initial["grantor_body"] = gate.restrict(Body, user, "view").filter(pk=pk).first()
        return initial


class MandatePublishView(CheckedPublishView):
    model = Mandate


class MandateCheckView(TemplateView):
    """Which mandate applies to an action, and is the action within it?"""

    template_name = "governance/mandate_check.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = MandateCheckForm(self.request.GET or None, user=self.request.user)
        verdict = None
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            verdict = governance.applicable_mandate(
                product=data["product"],
                holder_body=data["holder_body"],
                holder_role=data["holder_role"] or "",
                kind=data["kind"],
                amount=data["amount"],
                on=data["on"],
            )
            if verdict.mandate is not None and not gate.allows(self.request.user, "view", verdict.mandate):
                verdict = None
        context.update(form=form, verdict=verdict)
        return context
