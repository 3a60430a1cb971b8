"""The front page *Til mig*: everything waiting for the signed-in user, from every app's due providers
(``core.registry.register_due_provider``), most urgent first, with its count in the header. Each kind
shows its first ``PER_CATEGORY`` items; "Show more" adds the next ``MORE`` in place (htmx), or opens
them as the kind's own page (``kind``), which pages through all of them.

Anonymous visitors, and old links to the front page with the portfolio's filters, go on to the
portfolio (*Portefølje*), which was the front page before.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from programkontor.core.registry import (
    MORE,
    DueGroup,
    DueItem,
    due_kind,
    home_sections,
    waiting_count,
    waiting_for,
)
from programkontor.core.views import is_htmx


def _day(day: datetime.date) -> str:
    return formats.date_format(day, "j. b.")


def reason(item: DueItem, today: datetime.date) -> str:
    """Why the item waits, in words from its date: "Overdue since 3 Nov.", "Today", "Due 12 Dec."
    (or "On 12 Dec." when there is nothing to do but know it)."""
    if item.date is None:
        return _("Overdue") if item.overdue else ""
    if item.overdue:
        return _("Overdue since %(date)s") % {"date": _day(item.date)}
    if item.date == today:
        return _("Today")
    if item.date < today:
        return _("Since %(date)s") % {"date": _day(item.date)}
    # A deadline to act by, or (nothing to do but know it) the day it happens.
    return (_("Due %(date)s") if item.action else _("On %(date)s")) % {"date": _day(item.date)}


@dataclass(frozen=True)
class Row:
    item: DueItem
    reason: str


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    rows: list[Row]
    total: int
    overdue: int


def groups_for(groups: list[DueGroup], today: datetime.date) -> list[Group]:
    return [
        Group(
            group.key,
            group.label,
            [Row(item, reason(item, today)) for item in group.items],
            group.total,
            group.overdue,
        )
        for group in groups
    ]


class ForMeView(TemplateView):
    template_name = "core/for_me.html"

    def get(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated or request.GET:
            # The portfolio was the front page: its address (and its filters) still lead there.
            query = request.GET.urlencode()
            return HttpResponseRedirect(reverse("portfolio:overview") + (f"?{query}" if query else ""))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context: dict[str, object] = super().get_context_data(**kwargs)
        today = timezone.localdate()
        groups = waiting_for(self.request.user, today)
        context.update(
            groups=groups_for(groups, today),
            for_me_total=waiting_count(self.request.user, today),
            home_sections=home_sections(self.request),
        )
        return context


@login_required
def count(request: HttpRequest) -> HttpResponse:
    """The header's badge (fetched by htmx after the page, so other pages pay nothing for it)."""
    total = waiting_count(request.user, timezone.localdate())
    return render(request, "core/_for_me_count.html", {"for_me_total": total})


@login_required
def kind(request: HttpRequest, key: str) -> HttpResponse:
    """One kind of what waits for the user, ``MORE`` items from ``?fra=`` (how many come before them):
    its own page, or for *Til mig*'s "Show more" (htmx) just the rows and the next button. A kind no
    provider offers, or a start past its last item, is not found."""
    asked = request.GET.get("fra", "0")
    start = int(asked) if re.fullmatch(r"[0-9]{1,9}", asked) else -1
    today = timezone.localdate()
    found = due_kind(request.user, today, key, start)
    if found is None:
        raise Http404
    group = groups_for([found], today)[0]
    context = {
        "group": group,
        "first": start + 1,
        "shown": start + len(group.rows),
        "previous": max(start - MORE, 0) if start else None,
    }
    template = "core/_for_me_rows.html" if is_htmx(request) else "core/for_me_kind.html"
    return render(request, template, context)
