from __future__ import annotations

from typing import Any

from programkontor.core.views import (
    ArchiveView,
    ObjectDetailView,
    ObjectFormView,
    ObjectListView,
    PublishView,
)
from programkontor.portfolio.filters import BodyFilter
from programkontor.portfolio.forms import BodyForm
from programkontor.portfolio.models import Body, Product, Program
from programkontor.portfolio.views.selectors import visible_memberships


class BodyListView(ObjectListView):
    model = Body
    filterset_class = BodyFilter
    add_permission = "portfolio.add_body"
    add_url_name = "portfolio:body_add"
    template_name = "portfolio/body_list.html"
    results_template_name = "portfolio/_body_results.html"
    export_columns = ("name", "kind", "program__name", "product__name", "is_published")

    def get_base_queryset(self) -> Any:
        return (
            super()
            .get_base_queryset()
            .select_related("product", "program")
            .prefetch_related(visible_memberships(self.request.user))
        )


class BodyDetailView(ObjectDetailView):
    model = Body
    template_name = "portfolio/body_detail.html"

    def visible(self) -> Any:
        return (
            super()
            .visible()
            .select_related("product", "program")
            .prefetch_related(visible_memberships(self.request.user))
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        body = self.object
        context["product_visible"] = bool(
            body.product_id and Product.objects.restrict(user, "view").filter(pk=body.product_id).exists()
        )
        context["program_visible"] = bool(
            body.program_id and Program.objects.restrict(user, "view").filter(pk=body.program_id).exists()
        )
        return context


class BodyFormView(ObjectFormView):
    model = Body
    form_class = BodyForm
    add_permission = "portfolio.add_body"

    def get_initial(self) -> dict[str, Any]:
        if self.object is not None:
            return {}
        user = self.request.user
        initial: dict[str, Any] = {}
        if slug := self.request.GET.get("product"):
            initial["product"] = Product.objects.restrict(user, "change").filter(slug=slug).first()
        if slug := self.request.GET.get("program"):
            initial["program"] = Program.objects.restrict(user, "change").filter(slug=slug).first()
        if kind := self.request.GET.get("kind"):
            initial["kind"] = kind
        return initial


class BodyArchiveView(ArchiveView):
    model = Body


class BodyPublishView(PublishView):
    model = Body
