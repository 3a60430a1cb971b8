"""The search page: every kind of object the user may open, ranked and grouped by kind."""

from __future__ import annotations

from typing import cast

from django.core.paginator import Paginator
from django.views.generic import TemplateView

from programkontor.core import search_query
from programkontor.core.views import is_htmx

MAX_QUERY = 200


class SearchView(TemplateView):
    """``?q=``: the best hits of every kind with each kind's count; ``&type=<kind>``: all hits of one
    kind, a page at a time. A fixed number of queries, however many hits there are."""

    template_name = "core/search.html"
    per_page = 25

    def get_template_names(self) -> list[str]:
        return ["core/_search_results.html"] if is_htmx(self.request) else [self.template_name]

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        query = " ".join(self.request.GET.get("q", "").split())[:MAX_QUERY]
        user = self.request.user
        context.update(query=query, groups=[], kind=None, page_obj=None, total=0)
        if not query:
            return context
        registered, search = search_query.of_kind(user, query, self.request.GET.get("type", ""))
        if registered is None or search is None:
            groups = search_query.grouped(user, query)
            context.update(groups=groups, total=sum(group.count for group in groups))
            return context
        rows = search_query.ranked(search).values(*search_query.FIELDS)
        page = Paginator(rows, self.per_page).get_page(self.request.GET.get("page"))
        hits = [search.hit(cast(search_query.Row, row)) for row in page.object_list]
        context.update(
            kind=registered,
            page_obj=page,
            hits=hits,
            is_paginated=page.has_other_pages(),
            total=page.paginator.count,
        )
        return context
