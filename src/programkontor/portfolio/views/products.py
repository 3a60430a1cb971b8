from __future__ import annotations

from typing import Any

from django.utils import timezone

from programkontor.core.access import active_on
from programkontor.core.views import ArchiveView, ObjectDetailView, ObjectFormView, PublishView
from programkontor.portfolio.forms import ProductForm
from programkontor.portfolio.models import Body, Product, Program
from programkontor.portfolio.views.selectors import (
    program_managers,
    visible_memberships,
    visible_participations,
    visible_role_assignments,
)


class ProductDetailView(ObjectDetailView):
    model = Product
    lookup_field = "slug"
    template_name = "portfolio/product_detail.html"

    def visible(self) -> Any:
        return super().visible().select_related("program")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        product = self.object
        today = timezone.localdate()
        participations = list(
            visible_participations(user).filter(product=product).order_by("organisation__name")
        )
        context["participations"] = participations
        context["active_participant_count"] = sum(
            1
            for p in participations
            if p.accession_date <= today and (p.exit_date is None or p.exit_date >= today)
        )
        context["bodies"] = (
            Body.objects.restrict(user, "view")
            .filter(product=product, archived_at__isnull=True)
            .prefetch_related(visible_memberships(user))
            .order_by("kind", "name")
        )
        context["role_assignments"] = visible_role_assignments(user).filter(active_on(today), product=product)
        program = product.program
        context["program_visible"] = bool(
            program and Program.objects.restrict(user, "view").filter(pk=program.pk).exists()
        )
        context["program_managers"] = (
            program_managers(user, [program.pk]).get(program.pk, [])
            if program and context["program_visible"]
            else []
        )
        return context


class ProductFormView(ObjectFormView):
    model = Product
    lookup_field = "slug"
    form_class = ProductForm
    add_permission = "portfolio.add_product"

    def get_initial(self) -> dict[str, Any]:
        program = self.request.GET.get("program")
        if program and self.object is None:
            found = Program.objects.restrict(self.request.user, "change").filter(slug=program).first()
            if found:
                return {"program": found}
        return {}


class ProductArchiveView(ArchiveView):
    model = Product
    lookup_field = "slug"


class ProductPublishView(PublishView):
    model = Product
    lookup_field = "slug"
