"""The portfolio overview (*Portefølje*)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.views.generic import TemplateView

from programkontor.core.views import is_htmx
from programkontor.portfolio.filters import ProductFilter
from programkontor.portfolio.models import Product, Program
from programkontor.portfolio.views.selectors import products_with_counts, program_managers


@dataclass
class ProgramGroup:
    program: Program | None
    managers: list[Any] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)


class OverviewView(TemplateView):
    template_name = "portfolio/overview.html"

    def get_template_names(self) -> list[str]:
        return ["portfolio/_overview_results.html"] if is_htmx(self.request) else [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        products_qs = Product.objects.restrict(user, "view")
        filterset = ProductFilter(self.request.GET or None, queryset=products_qs, request=self.request)
        products = list(products_with_counts(filterset.qs).order_by("program__name", "name"))
        filtering = any(value for key, value in self.request.GET.items() if key != "page")

        programs = list(Program.objects.restrict(user, "view").filter(archived_at__isnull=True))
        groups: dict[int | None, ProgramGroup] = {}
        if not filtering:
            groups = {program.pk: ProgramGroup(program) for program in programs}
        visible_programs = {program.pk: program for program in programs}
        for product in products:
            key = product.program_id if product.program_id in visible_programs else None
            group = groups.setdefault(key, ProgramGroup(visible_programs.get(key) if key else None))
            group.products.append(product)
        managers = program_managers(user, [key for key in groups if key is not None])
        for key, group in groups.items():
            if key is not None:
                group.managers = managers.get(key, [])
        ordered = sorted(
            groups.values(), key=lambda g: (g.program is None, g.program.name if g.program else "")
        )
        context.update(
            filter=filterset,
            groups=ordered,
            product_count=len(products),
            filtering=filtering,
            can_add_product=user.has_perm("portfolio.add_product"),
            can_add_program=user.has_perm("portfolio.add_program"),
        )
        return context
