"""Tariff sheets per product and year, and the association's own tariff (membership fee, share rate)."""

from __future__ import annotations

from typing import Any

from programkontor.core.views import DeleteView, ObjectDetailView, ObjectFormView, ObjectListView, PublishView
from programkontor.economy.filters import TariffSheetFilter
from programkontor.economy.forms import AssociationTariffForm, TariffSheetForm
from programkontor.economy.labels import SIZE_CLASSES
from programkontor.economy.models import AssociationTariff, TariffSheet
from programkontor.economy.selectors.decisions import visible_decision
from programkontor.economy.selectors.ledger import can_read_economy
from programkontor.economy.urls_helpers import contributions_url


class TariffListView(ObjectListView):
    model = TariffSheet
    filterset_class = TariffSheetFilter
    add_permission = "economy.add_tariffsheet"
    add_url_name = "economy:tariff_add"
    template_name = "economy/tariff_list.html"
    results_template_name = "economy/_tariff_results.html"
    export_columns = (
        "product__name",
        "year",
        *(
            f"{kind}_{size}_{member}"
            for kind in ("annual", "joining")
            for size in ("small", "medium", "large", "very_large")
            for member in ("member", "non_member")
        ),
        "invoices_per_year",
        "payment_days",
        "is_published",
    )

    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("product").order_by("-year", "product__name")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["association_tariffs"] = list(
            AssociationTariff.objects.restrict(self.request.user, "view").order_by("-year")[:10]
        )
        context["can_add_association_tariff"] = self.request.user.has_perm("economy.add_associationtariff")
        return context


class TariffDetailView(ObjectDetailView):
    model = TariffSheet
    template_name = "economy/tariff_detail.html"

    def visible(self) -> Any:
        user = self.request.user
        return super().visible().select_related("product").prefetch_related(visible_decision(user))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        sheet = self.object
        context["price_rows"] = [
            (SIZE_CLASSES[size_class.value], annual, joining)
            for size_class, annual, joining in sheet.price_rows()
        ]
        context["association_tariff"] = (
            AssociationTariff.objects.restrict(self.request.user, "view").filter(year=sheet.year).first()
        )
        context["contributions_url"] = (
            contributions_url(sheet.product, sheet.year)
            if can_read_economy(self.request.user, sheet.product)
            else ""
        )
        return context


class TariffFormView(ObjectFormView):
    model = TariffSheet
    form_class = TariffSheetForm
    add_permission = "economy.add_tariffsheet"
    template_name = "economy/tariff_form.html"


class TariffPublishView(PublishView):
    model = TariffSheet


class TariffDeleteView(DeleteView):
    model = TariffSheet

    def perform(self, *, version: int, reason: str) -> str:
        from django.urls import reverse

        super().perform(version=version, reason=reason)
        return reverse("economy:tariff_list")


class AssociationTariffDetailView(ObjectDetailView):
    model = AssociationTariff
    template_name = "economy/association_tariff_detail.html"

    def visible(self) -> Any:
        return (
            super()
            .visible()
            .select_related("membership_account")
            .prefetch_related(visible_decision(self.request.user))
        )


class AssociationTariffFormView(ObjectFormView):
    model = AssociationTariff
    form_class = AssociationTariffForm
    add_permission = "economy.add_associationtariff"


class AssociationTariffPublishView(PublishView):
    model = AssociationTariff
