"""Where the evaluation app shows up on other apps' pages: the product page's panel and the due list."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db.models import DateField, F, Func, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programkontor.core import gate
from programkontor.core.access import access_for
from programkontor.core.due_union import Rows
from programkontor.core.registry import (
    DueItem,
    DueQuery,
    DueRow,
    due_order,
    register_due_query,
    register_linkable,
)
from programkontor.evaluation import cycle, selectors
from programkontor.evaluation.models import (
    Evaluation,
    EvaluationStatus,
    SelfEvaluation,
    SelfEvaluationStatus,
)
from programkontor.portfolio.models import Product

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.expressions import Combinable
    from django.db.models.sql.compiler import SQLCompiler

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


class AddMonths(Func):
    """A date plus ``months`` calendar months, the 31st clamped to the month's last day as
    ``cycle.add_months`` does (PostgreSQL's date + interval clamps; SQLite's date() overflows into
    the next month, so there it is the earlier of that and the month's last day)."""

    output_field = DateField()

    def __init__(self, expression: Combinable, months: int) -> None:
        super().__init__(expression)
        self.months = months

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: object
    ) -> tuple[str, list[object]]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) + make_interval(months => %s))::date", [*params, self.months]

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: object
    ) -> tuple[str, tuple[str | int, ...]]:
        sql, params = compiler.compile(self.source_expressions[0])
        shifted, month_end = f"+{self.months} months", f"+{self.months + 1} months"
        return (
            f"min(date({sql}, %s), date({sql}, 'start of month', %s, '-1 day'))",
            (*params, shifted, *params, month_end),
        )


def _due_in_cycle(rows: QuerySet[Product], today: datetime.date, until: datetime.date) -> Rows:
    """Products in the cycle evaluated before, whose next evaluation is overdue or due by ``until``,
    with that date (``cycle.due``, computed in SQL) and the last evaluation's."""
    found: Rows = (
        rows.filter(Q(last_evaluated__isnull=False))  # (an annotation: ``products_in_cycle``)
        .annotate(due=AddMonths(F("last_evaluated"), cycle.CYCLE_MONTHS))
        .filter(due__lte=until)
        .values("pk", "name", "slug", "program__name", "last_evaluated", "due")
    )
    return found


def _evaluation_item(
    row: DueRow, today: datetime.date, category: str, title: str, url: str, action: str
) -> DueItem:
    return DueItem(
        date=row["due"],
        category=category,
        title=title % {"product": row["name"]},
        url=url,
        context=row["program__name"] or "",
        overdue=today > row["due"],
        note=_("Last evaluated %(date)s") % {"date": row["last_evaluated"].strftime("%d.%m.%Y")},
        action=action,
    )


def _cycle_query(
    products: QuerySet[Product],
    today: datetime.date,
    until: datetime.date,
    category: str,
    title: str,
    url: Callable[[str], str],
    action: str,
) -> DueQuery:
    """The due query of ``products`` whose evaluation falls due by ``until``, each row an item of
    ``category`` titled ``title`` that opens ``url(slug)``."""

    def items(found: list[DueRow]) -> list[DueItem]:
        return [_evaluation_item(row, today, category, title, url(row["slug"]), action) for row in found]

    return DueQuery(_due_in_cycle(products, today, until), due_order("due", "name"), items)


def _slug_url(viewname: str, argument: str) -> Callable[[str], str]:
    head, tail = reverse(viewname, kwargs={argument: "pk-slug"}).split("pk-slug")
    return lambda slug: f"{head}{slug}{tail}"


def overdue_due_items(user: AnyUser, today: datetime.date, until: datetime.date) -> DueQuery | None:
    """Due items for governance's "what is due" list: evaluations overdue or due soon in the cycle,
    of the products the user may read internally (a published product's evaluation is not waiting for
    every reader).

    Products never evaluated are listed on the overdue page, not here (they would crowd the list).
    """
    if not getattr(user, "is_authenticated", False):
        return None
    access = access_for(user)
    products = selectors.products_in_cycle(user)
    if not access.reads_everything:
        products = products.filter(
            Q(pk__in=sorted(access.products_internal)) | Q(program_id__in=sorted(access.programs_internal))
        )
    # Evaluating is the secretariat's (``evaluation.add_evaluation`` in rules.py).
    action = str(_("Evaluate")) if access.is_secretariat else ""
    url = _slug_url("evaluation:product_history", "slug")
    title = str(_("Evaluation of %(product)s"))
    return _cycle_query(products, today, until, "evaluation.overdue", title, url, action)


def self_evaluations_due(user: AnyUser, today: datetime.date, until: datetime.date) -> DueQuery | None:
    """Products the user writes whose evaluation is overdue or due by ``until`` and that have submitted
    no self-evaluation since their last evaluation: the self-evaluation comes first."""
    if not getattr(user, "is_authenticated", False):
        return None
    submitted = Subquery(
        SelfEvaluation.objects.filter(product=OuterRef("pk"), status=SelfEvaluationStatus.SUBMITTED)
        .order_by("-submitted_at")
        .values("submitted_at")[:1]
    )
    products = (
        selectors.products_in_cycle(user)
        .filter(pk__in=Product.objects.restrict(user, "change").values("pk"))
        .annotate(submitted_on=TruncDate(submitted))
        # Submitted since the last evaluation: the secretariat's turn.
        .filter(Q(submitted_on__isnull=True) | Q(submitted_on__lte=F("last_evaluated")))
    )
    action = str(_("Fill in the self-evaluation"))
    url = _slug_url("evaluation:selfevaluation_add", "parent")
    title = str(_("Self-evaluation of %(product)s"))
    return _cycle_query(products, today, until, "evaluation.self_evaluations", title, url, action)


def register_due_and_linkable() -> None:
    """Register overdue evaluations in the due list, and evaluations as things decisions and agenda
    items can refer to (both registries are in ``core.registry``)."""
    register_due_query(
        "evaluation.overdue", overdue_due_items, label=gettext_lazy("Evaluations due"), order=40
    )
    register_due_query(
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
