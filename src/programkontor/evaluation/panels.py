"""Where the evaluation app shows up on other apps' pages: the product page's panel and the due list."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programkontor.core import gate
from programkontor.core.access import access_for
from programkontor.core.registry import DueItem, register_due_provider, register_linkable
from programkontor.evaluation import cycle, selectors
from programkontor.evaluation.models import Evaluation, EvaluationStatus
from programkontor.portfolio.models import Product

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


def product_panel(request: HttpRequest, product: Product) -> dict[str, Any] | None:
    """Level and trend on the product page: the current and the computed strict level, the last
    evaluations side by side and what turned green or red. A fixed number of queries."""
    user = request.user
    trend = selectors.trend(user, product)
    latest_self_evaluation = selectors.latest_self_evaluation(user, product)
    internal = gate.allows(user, "view_internal", product)
    if not trend.views and latest_self_evaluation is None and not internal:
        return None
    newest_final = trend.newer
    last_date = newest_final.evaluation.evaluated_on if newest_final else None
    due = cycle.due(last_date, on=timezone.localdate()) if product.stage in cycle.ACTIVE_STAGES else None
    return {
        "product": product,
        "trend": trend,
        "latest": newest_final,
        "latest_self_evaluation": latest_self_evaluation,
        "due": due,
        "can_self_evaluate": selectors.may_write_self_evaluation(user, product),
        "can_evaluate": user.has_perm("evaluation.add_evaluation"),
        "history_url": reverse("evaluation:product_history", kwargs={"slug": product.slug}),
    }


def overdue_due_items(user: AnyUser, today: datetime.date, until: datetime.date) -> list[Any]:
    """Due items for governance's "what is due" list: evaluations overdue or due soon in the cycle.

    Products never evaluated are listed on the overdue page, not here (they would crowd the list).
    """
    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    # Evaluating is the secretariat's (``evaluation.add_evaluation`` in rules.py).
    action = _("Evaluate") if access_for(user).is_secretariat else ""
    for row in selectors.overdue_evaluations(user, on=today, until=until):
        if row.due.never_evaluated:
            continue
        items.append(
            DueItem(
                date=row.due.due,
                category="evaluation.overdue",
                title=_("Evaluation of %(product)s") % {"product": row.product.name},
                url=reverse("evaluation:product_history", kwargs={"slug": row.product.slug}),
                context=row.product.program.name if row.product.program else "",
                overdue=row.due.overdue,
                note=_("Last evaluated %(date)s") % {"date": row.due.last.strftime("%d.%m.%Y")}
                if row.due.last
                else "",
                action=action,
            )
        )
    return items


def register_due_and_linkable() -> None:
    """Register overdue evaluations in the due list, and evaluations as things decisions and agenda
    items can refer to (both registries are in ``core.registry``)."""
    register_due_provider(
        "evaluation.overdue", overdue_due_items, label=gettext_lazy("Evaluations due"), order=40
    )

    def candidates(user: AnyUser, product_id: int | None, program_id: int | None) -> Any:
        rows = Evaluation.objects.restrict(user, "view").select_related("product")
        if product_id:
            return rows.filter(product_id=product_id)
        if program_id:
            return rows.filter(product__program_id=program_id)
        return rows.filter(status=EvaluationStatus.FINAL)

    register_linkable(Evaluation, label=gettext_lazy("Evaluation"), candidates=candidates)
