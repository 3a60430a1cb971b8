"""The portfolio overview (*Portefølje*): programs with their products and projects, a page of them at a time.

The products are read a page at a time (``PER_PAGE``, in program and name order) and counted in SQL;
"Show more" fetches the next page with htmx and puts it under the last (a plain link to the next page
without JavaScript). A program whose products run over two pages is named again, as continued.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, QuerySet
from django.views.generic import TemplateView

from programkontor.core.views import is_htmx
from programkontor.portfolio.filters import ProductFilter
from programkontor.portfolio.models import Product, Program
from programkontor.portfolio.views.selectors import products_with_counts, program_managers

PER_PAGE = 50


@dataclass
class ProgramGroup:
    program: Program | None
    managers: list[Any] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    continued: bool = False  # its first products were on the previous page


def _page_number(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and len(raw) < 7 else 1


class OverviewView(TemplateView):
    template_name = "portfolio/overview.html"

    def get_template_names(self) -> list[str]:
        if is_htmx(self.request):
            more = self.request.headers.get("HX-Target", "").startswith("more-")
            return ["portfolio/_overview_page.html" if more else "portfolio/_overview_results.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        products_qs = Product.objects.restrict(user, "view")
        filterset = ProductFilter(self.request.GET or None, queryset=products_qs, request=self.request)
        # Products without a program last, on both databases.
        ordered = filterset.qs.order_by(F("program__name").asc(nulls_last=True), "name", "pk")
        paginator = Paginator(products_with_counts(ordered), PER_PAGE)
        page: Page[Product] = paginator.get_page(_page_number(self.request.GET.get("page")))
        products = list(page.object_list)
        filtering = any(value for key, value in self.request.GET.items() if key != "page")

        programs = {
            program.pk: program
            for program in Program.objects.restrict(user, "view")
            .filter(archived_at__isnull=True)
            .annotate(listed=Exists(filterset.qs.filter(program=OuterRef("pk"))))
        }
        groups: dict[int | None, ProgramGroup] = {}
        for product in products:
            key = product.program_id if product.program_id in programs else None
            group = groups.setdefault(key, ProgramGroup(programs.get(key) if key else None))
            group.products.append(product)
        if page.number > 1 and products:  # the first group may have begun on the previous page
            groups[next(iter(groups))].continued = _began_before(ordered, page, products[0])
        if not filtering and not page.has_next():
            # Programs without (visible) products yet, once, after the last page's products.
            for pk, program in programs.items():
                if not program.listed:
                    groups[pk] = ProgramGroup(program)
        ordered_groups = sorted(
            groups.values(), key=lambda g: (g.program is None, g.program.name if g.program else "")
        )
        managers = program_managers(user, [key for key in groups if key is not None])
        for key, group in groups.items():
            if key is not None:
                group.managers = managers.get(key, [])
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter=filterset,
            groups=ordered_groups,
            page_obj=page,
            product_count=paginator.count,
            query_string=query.urlencode(),
            filtering=filtering,
            can_add_product=user.has_perm("portfolio.add_product"),
            can_add_program=user.has_perm("portfolio.add_program"),
        )
        return context


def _began_before(ordered: QuerySet[Product], page: Page[Product], product: Product) -> bool:
    """Whether the product's program already had products on the previous page (one row read)."""
    before = ordered[page.start_index() - 2 : page.start_index() - 1]
    return any(row.program_id == product.program_id for row in before)
