from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from programkontor.core.views import (
    ArchiveView,
    ObjectDetailView,
    ObjectFormView,
    ObjectListView,
    PublishView,
)
from programkontor.portfolio.filters import ProgramFilter
from programkontor.portfolio.forms import ProgramForm
from programkontor.portfolio.models import Body, Product, Program, Role
from programkontor.portfolio.views.selectors import (
    products_with_counts,
    visible_memberships,
    visible_participations,
    visible_role_assignments,
)


class ProgramListView(ObjectListView):
    model = Program
    filterset_class = ProgramFilter
    add_permission = "portfolio.add_program"
    add_url_name = "portfolio:program_add"
    template_name = "portfolio/program_list.html"
    results_template_name = "portfolio/_program_results.html"
    export_columns = ("name", "summary", "website", "is_published")

    def get_base_queryset(self) -> Any:
        visible_products = Product.objects.restrict(self.request.user, "view").filter(
            archived_at__isnull=True
        )
        return (
            super()
            .get_base_queryset()
            .prefetch_related(Prefetch("products", queryset=visible_products, to_attr="visible_products"))
        )


class ProgramDetailView(ObjectDetailView):
    model = Program
    lookup_field = "slug"
    template_name = "portfolio/program_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        program = self.object
        context["products"] = products_with_counts(
            Product.objects.restrict(user, "view").filter(program=program, archived_at__isnull=True)
        )
        context["participations"] = (
            visible_participations(user)
            .filter(product__program=program)
            .order_by("organisation__name", "product__name")
        )
        context["bodies"] = (
            Body.objects.restrict(user, "view")
            .filter(program=program, archived_at__isnull=True)
            .prefetch_related(visible_memberships(user))
        )
        context["role_assignments"] = visible_role_assignments(user).filter(program=program)
        context["can_add_product"] = user.has_perm("portfolio.add_product") and context["can_change"]
        context["roles_on_program"] = Role.PROGRAM_MANAGER
        return context


class ProgramFormView(ObjectFormView):
    model = Program
    lookup_field = "slug"
    form_class = ProgramForm
    add_permission = "portfolio.add_program"


class ProgramArchiveView(ArchiveView):
    model = Program
    lookup_field = "slug"


class ProgramPublishView(PublishView):
    model = Program
    lookup_field = "slug"
