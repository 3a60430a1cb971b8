"""Across the portfolio: the heatmap (per program, and per product within a program), overdue
evaluations, a product's history."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.utils import timezone
from django.views.generic import DetailView, TemplateView

from programkontor.core import gate
from programkontor.core.pagination import CountedPaginator
from programkontor.core.views import GatedObjectMixin, is_htmx
from programkontor.evaluation import cycle
from programkontor.evaluation.filters import HeatmapFilter
from programkontor.evaluation.models import Evaluation, RepositoryCheck, SelfEvaluation
from programkontor.evaluation.selectors import (
    evaluation_views,
    heatmap,
    heatmap_by_program,
    heatmap_products,
    may_write_self_evaluation,
    overdue_evaluations,
)
from programkontor.evaluation.templatetags.evaluation_tags import SYMBOLS, light_names
from programkontor.portfolio.models import Product

UPCOMING_DAYS = 30


class HeatmapView(TemplateView):
    """The lights of the latest evaluations, filtered by program, level and theme: per program
    (counted in the database) across the portfolio, per product (50 a page) within a chosen program."""

    template_name = "evaluation/portfolio.html"
    paginate_by = 50

    def get_template_names(self) -> list[str]:
        return ["evaluation/_heatmap.html"] if is_htmx(self.request) else [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        products = Product.objects.restrict(user, "view")
        filterset = HeatmapFilter(self.request.GET or None, queryset=products, request=self.request)
        rows = (
            filterset.qs
            if filterset.is_bound and filterset.is_valid()
            else filterset.queryset.filter(archived_at__isnull=True)
        )
        theme = filterset.selected_theme
        if filterset.program_chosen:
            ordered = heatmap_products(user, rows)
            counts = ordered.aggregate(products=Count("pk"), evaluated=Count("latest_evaluation"))
            paginator = CountedPaginator[Product](ordered, self.paginate_by, count=counts["products"])
            page = paginator.get_page(self.request.GET.get("page"))
            found = heatmap(user, page.object_list, filterset.catalogue, theme=theme)
            context.update(page_obj=page, is_paginated=page.has_other_pages(), **counts)
        else:
            found = heatmap_by_program(user, rows, filterset.catalogue, theme=theme)
            context.update(
                products=sum(program.products for program in found.programs),
                evaluated=sum(program.evaluated for program in found.programs),
            )
        names = light_names()
        context.update(
            filter=filterset,
            heatmap=found,
            by_program=not filterset.program_chosen,
            legend=[(SYMBOLS[light], names[light], light) for light in SYMBOLS],
        )
        return context


class OverdueView(LoginRequiredMixin, TemplateView):
    """Products whose evaluation is overdue in the twice-yearly cycle, due soon, or never made."""

    template_name = "evaluation/overdue.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        rows = overdue_evaluations(
            self.request.user, on=today, until=today + datetime.timedelta(days=UPCOMING_DAYS)
        )
        context.update(
            today=today,
            overdue=[row for row in rows if row.due.overdue and not row.due.never_evaluated],
            upcoming=[row for row in rows if not row.due.overdue],
            never=[row for row in rows if row.due.never_evaluated],
            months=cycle.CYCLE_MONTHS,
            upcoming_days=UPCOMING_DAYS,
        )
        return context


class ProductHistoryView(GatedObjectMixin, DetailView):  # type: ignore[type-arg]
    """A product's evaluations (with their counts), self-evaluations and repository checks over time."""

    model = Product
    lookup_field = "slug"
    template_name = "evaluation/product_history.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        product = self.object
        user = self.request.user
        evaluations = list(
            Evaluation.objects.restrict(user, "view")
            .filter(product=product)
            .select_related("catalogue")
            .order_by("-evaluated_on", "-pk")
        )
        views = evaluation_views(evaluations)
        final_dates = [v.evaluation.evaluated_on for v in views if v.evaluation.status == "final"]
        context.update(
            views=views,
            self_evaluations=list(
                SelfEvaluation.objects.restrict(user, "view")
                .filter(product=product)
                .select_related("catalogue")
                .order_by("-number")
            ),
            checks=list(
                RepositoryCheck.objects.restrict(user, "view")
                .filter(product=product)
                .select_related("checked_by")
                .order_by("-checked_at")[:10]
            ),
            due=cycle.due(final_dates[0] if final_dates else None, on=timezone.localdate())
            if product.stage in cycle.ACTIVE_STAGES
            else None,
            can_self_evaluate=user.is_authenticated and may_write_self_evaluation(user, product),
            can_evaluate=user.has_perm("evaluation.add_evaluation"),
            can_check=user.has_perm("evaluation.add_repositorycheck")
            and gate.allows(user, "change", product),
        )
        return context
