"""Where the evaluation app shows up on other apps' pages: the product page's panel and the due list."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programkontor.core import gate
from programkontor.core.access import access_for
from programkontor.core.registry import DueItem, register_due_provider, register_linkable, shared_rows
from programkontor.evaluation import cycle, selectors
from programkontor.evaluation.models import (
    Evaluation,
    EvaluationStatus,
    SelfEvaluation,
    SelfEvaluationStatus,
)
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


@dataclass(frozen=True)
class _InCycle:
    product: Product  # annotated with ``last_evaluated`` (``selectors.products_in_cycle``)
    last_evaluated: datetime.date | None
    last_submitted: datetime.datetime | None
    writes: bool


def _products(user: AnyUser, today: datetime.date, until: datetime.date) -> list[_InCycle]:
    """The products in the evaluation cycle the user may read, with the date of their last final
    evaluation and last submitted self-evaluation and whether the user writes them: one query, shared
    by the due list's two providers."""

    def compute() -> list[_InCycle]:
        submitted = Subquery(
            SelfEvaluation.objects.filter(product=OuterRef("pk"), status=SelfEvaluationStatus.SUBMITTED)
            .order_by("-submitted_at")
            .values("submitted_at")[:1]
        )
        writes = Q(pk__in=Product.objects.restrict(user, "change").values("pk"))
        products = (
            selectors.products_in_cycle(user)
            .annotate(last_submitted=submitted, writes=ExpressionWrapper(writes, output_field=BooleanField()))
            .order_by("name")
        )
        return [
            _InCycle(
                product,
                getattr(product, "last_evaluated", None),
                getattr(product, "last_submitted", None),
                bool(getattr(product, "writes", False)),
            )
            for product in products
        ]

    return shared_rows(f"evaluation.products|{today}|{until}", compute)


def overdue_due_items(user: AnyUser, today: datetime.date, until: datetime.date) -> list[Any]:
    """Due items for governance's "what is due" list: evaluations overdue or due soon in the cycle.

    Products never evaluated are listed on the overdue page, not here (they would crowd the list).
    """
    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    access = access_for(user)
    # Evaluating is the secretariat's (``evaluation.add_evaluation`` in rules.py).
    action = _("Evaluate") if access.is_secretariat else ""
    products = [row.product for row in _products(user, today, until)]
    for row in selectors.overdue_evaluations(user, on=today, until=until, products=products):
        if row.due.never_evaluated:
            continue
        internal = (
            row.product.pk in access.products_internal or row.product.program_id in access.programs_internal
        )
        if not (access.reads_everything or internal):
            continue  # a published product's evaluation is not waiting for every reader
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


def self_evaluations_due(user: AnyUser, today: datetime.date, until: datetime.date) -> list[DueItem]:
    """Products the user writes whose evaluation is overdue or due by ``until`` and that have submitted
    no self-evaluation since their last evaluation: the self-evaluation comes first. One query."""
    if not getattr(user, "is_authenticated", False):
        return []
    writes = [row for row in _products(user, today, until) if row.writes][:200]
    head, tail = reverse("evaluation:selfevaluation_add", kwargs={"parent": "pk-slug"}).split("pk-slug")
    action = _("Fill in the self-evaluation")
    items = []
    for row in writes:
        product = row.product
        due = cycle.due(row.last_evaluated, on=today)
        if due.due is None or due.last is None or not (due.overdue or due.due <= until):
            continue  # never evaluated (the overdue page lists them), or not due yet
        if row.last_submitted is not None and timezone.localdate(row.last_submitted) > due.last:
            continue  # submitted since the last evaluation: the secretariat's turn
        items.append(
            DueItem(
                date=due.due,
                category="evaluation.self_evaluations",
                title=_("Self-evaluation of %(product)s") % {"product": product.name},
                url=f"{head}{product.slug}{tail}",
                context=product.program.name if product.program else "",
                overdue=due.overdue,
                note=_("Last evaluated %(date)s") % {"date": due.last.strftime("%d.%m.%Y")}
                if due.last
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
    register_due_provider(
        "evaluation.self_evaluations",
        self_evaluations_due,
        label=gettext_lazy("Self-evaluations due"),
        order=41,
    )

    def candidates(user: AnyUser, product_id: int | None, program_id: int | None) -> Any:
        rows = Evaluation.objects.restrict(user, "view").select_related("product")
        if product_id:
            return rows.filter(product_id=product_id)
        if program_id:
            return rows.filter(product__program_id=program_id)
        return rows.filter(status=EvaluationStatus.FINAL)

    register_linkable(Evaluation, label=gettext_lazy("Evaluation"), candidates=candidates)
