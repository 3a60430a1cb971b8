"""The figures of a board report, gathered through the selectors the apps' own pages use.

``gather`` reads, as ``user`` and on the day the period's figures stand (its last day, or today while
it runs), the program dashboard's lights and reasons (``planning.selectors.dashboard`` /
``planning.statuses.product_statuses``), each product's level and trend (``evaluation.selectors.trends``,
the product page's panel), the MoSCoW analysis of each timebox in the period
(``planning.selectors.timebox_summary``, the timebox page's), the economy's quarterly overview
(``economy.selectors.overview.overview``: budget, actual, forecast, contributions invoiced and paid),
the risk register's order, and the decisions and milestones since the last report. The result is
plain JSON, so an issued report keeps exactly what the board saw.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from programkontor.core import gate
from programkontor.economy.selectors.overview import Figures, ProductRow, overview
from programkontor.evaluation.selectors import level_label, trends
from programkontor.governance.models import Decision, DecisionStatus
from programkontor.planning import wording
from programkontor.planning.models import LIVE_STATUSES, Milestone, Risk, Timebox, WorkStatus
from programkontor.planning.selectors import timebox_summary
from programkontor.planning.statuses import product_statuses
from programkontor.portfolio.models import Product, Program
from programkontor.reports.models import BoardReport, Scope
from programkontor.reports.periods import Period

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser

#: Risks shown, highest score first (the register's order).
TOP_RISKS = 5
Data = dict[str, Any]


def since_last_report(
    user: AnyUser, program: Program | None, period: Period, as_of: datetime.date
) -> datetime.date:
    """The day after the previous issued report of the scope read its figures, else the period's start."""
    previous = (
        gate.restrict(BoardReport, user, "view")
        .filter(
            Q(program=program), Q(scope=Scope.PROGRAM if program else Scope.PORTFOLIO), Q(as_of__lt=as_of)
        )
        .order_by("-as_of", "-issued_at")
        .values_list("as_of", flat=True)
        .first()
    )
    return previous + datetime.timedelta(days=1) if previous else period.start


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.1")))


def _target_q(program: Program | None) -> Q:
    """Rows on the program or its products (everything for the portfolio)."""
    if program is None:
        return Q()
    return Q(program=program) | Q(product__program=program)


def _products(user: AnyUser, program: Program | None, as_of: datetime.date) -> list[Data]:
    products = list(
        Product.objects.restrict(user, "view")
        .filter(archived_at__isnull=True, **({"program": program} if program else {}))
        .select_related("program")
        .order_by("name")
    )
    rows = []
    trend_of = trends(user, products)
    for status in product_statuses(user, products, as_of):
        product = status.product
        found = trend_of[product.pk]
        newer, older = found.newer, found.older
        rows.append(
            {
                "name": product.name,
                "slug": product.slug,
                "program": product.program.name if product.program else "",
                "level": product.get_level_display(),
                "strict_level": level_label(newer.strict_level, newer.catalogue) if newer else "",
                "evaluated_on": newer.evaluation.evaluated_on.isoformat() if newer else None,
                "earlier_strict_level": level_label(older.strict_level, older.catalogue) if older else "",
                "turned_green": [change.code for change in found.diff.turned_green] if found.diff else [],
                "turned_red": [change.code for change in found.diff.turned_red] if found.diff else [],
                "light": str(status.status.light),
                "light_label": str(wording.light_label(status.status.light)),
                "reasons": [str(wording.reason_text(reason)) for reason in status.status.reasons],
                "timebox": status.timebox.name if status.timebox else "",
                "must_done": _decimal(status.must_done),
                "elapsed": _decimal(status.elapsed),
                "milestones_met": status.milestones_met,
                "milestones_missed": status.milestones_missed,
                "high_risks": status.high_risks,
            }
        )
    return rows


def _timeboxes(user: AnyUser, program: Program | None, period: Period) -> list[Data]:
    boxes = (
        Timebox.objects.restrict(user, "view_internal")
        .filter(_target_q(program), archived_at__isnull=True)
        .filter(start_date__lte=period.end, end_date__gte=period.start)
        .select_related("product", "program")
        .order_by("start_date", "name", "pk")
    )
    result = []
    for box in boxes:
        summary = timebox_summary(user, box)
        rows = []
        for share in summary.analysis.shares:
            done = sum(
                (
                    item.moscow_item.hours
                    for item in summary.items
                    if item.counts
                    and item.status == WorkStatus.DONE
                    and item.priority == share.priority.value
                ),
                Decimal(0),
            )
            rows.append(
                {
                    "priority": share.priority.value,
                    "hours": str(share.hours),
                    "done": str(done),
                    "share": _decimal(share.share),
                    "completion": _decimal(done * 100 / share.hours) if share.hours else None,
                }
            )
        result.append(
            {
                "pk": box.pk,
                "name": box.name,
                "target": str(box.target) if box.target else "",
                "start": box.start_date.isoformat(),
                "end": box.end_date.isoformat(),
                "capacity": str(summary.capacity),
                "priorities": rows,
                "warnings": [str(wording.warning_text(w)) for w in summary.analysis.warnings],
            }
        )
    return result


def _figures(figures: Figures) -> Data:
    return {
        "budget": figures.budget,
        "budget_to_date": figures.budget_to_date,
        "actual": figures.actual,
        "forecast": figures.forecast,
        "deviation": figures.deviation,
        "deviation_percent": _decimal(figures.deviation_percent),
    }


def _economy_row(row: ProductRow) -> Data:
    return {
        "name": row.name,
        "expenses": _figures(row.expenses),
        "income": _figures(row.income),
        "invoiced": row.invoiced,
        "paid": row.paid,
        "overdue": row.overdue,
        "flagged": row.flagged,
        "has_approved_budget": row.has_approved_budget,
    }


def _economy(user: AnyUser, program: Program | None, period: Period, today: datetime.date) -> Data:
    found = overview(user, period.year, period.end_quarter, today=today)
    rows = [
        row
        for row in found.rows
        if program is None or (row.product is not None and row.product.program_id == program.pk)
    ]
    total = dataclasses.replace(found, rows=rows).total  # the overview's own sum, of these rows
    return {
        "year": found.year,
        "quarter": found.quarter,
        "as_of": found.as_of.isoformat(),
        "threshold": str(found.threshold),
        "rows": [_economy_row(row) for row in rows],
        "total": _economy_row(total),
        "months_budget": found.months_budget if program is None else [],
        "months_actual": found.months_actual if program is None else [],
    }


def _risks(user: AnyUser, program: Program | None) -> list[Data]:
    risks = (
        Risk.objects.restrict(user, "view")
        .filter(_target_q(program), status__in=LIVE_STATUSES, archived_at__isnull=True)
        .select_related("product", "program")[:TOP_RISKS]
    )
    return [
        {
            "title": risk.title,
            "target": str(risk.target) if risk.target else "",
            "probability": risk.probability,
            "impact": risk.impact,
            "score": risk.score,
            "level": str(wording.risk_level_label(risk.level)),
            "mitigation": risk.mitigation,
        }
        for risk in risks
    ]


def _decisions(user: AnyUser, program: Program | None, since: datetime.date, as_of: datetime.date) -> Data:
    visible = Decision.objects.restrict(user, "view_internal").filter(_target_q(program))
    taken = visible.filter(status=DecisionStatus.DECIDED, date__gte=since, date__lte=as_of).order_by(
        "date", "pk"
    )
    asked = visible.filter(
        status__in=[DecisionStatus.PROPOSED, DecisionStatus.RATIFICATION_PENDING]
    ).order_by("date", "pk")

    def row(decision: Decision) -> Data:
        return {
            "date": decision.date.isoformat(),
            "title": decision.title,
            "status": decision.get_status_display(),
            "target": str(decision.product or decision.program or ""),
        }

    related = ("product", "program")
    return {
        "taken": [row(d) for d in taken.select_related(*related)],
        "asked": [row(d) for d in asked.select_related(*related)],
    }


def _milestones(
    user: AnyUser, program: Program | None, since: datetime.date, as_of: datetime.date
) -> list[Data]:
    stones = (
        Milestone.objects.restrict(user, "view")
        .filter(_target_q(program), due_date__gte=since, due_date__lte=as_of)
        .select_related("product", "program")
        .order_by("due_date", "title", "pk")
    )
    return [
        {
            "title": stone.title,
            "target": str(stone.target) if stone.target else "",
            "due_date": stone.due_date.isoformat(),
            "met_on": stone.met_on.isoformat() if stone.met_on else None,
            "status": stone.status,
            "status_label": str(_("Overdue")) if stone.is_overdue(as_of) else stone.get_status_display(),
        }
        for stone in stones
    ]


def gather(
    user: AnyUser,
    program: Program | None,
    period: Period,
    *,
    today: datetime.date | None = None,
    since: datetime.date | None = None,
) -> Data:
    """Every figure of the report, as JSON-ready data (see the module's docstring)."""
    today = today or timezone.localdate()
    as_of = period.as_of(today)
    since = since or since_last_report(user, program, period, as_of)
    products = _products(user, program, as_of)
    lights = {
        light: sum(1 for p in products if p["light"] == light) for light in ("green", "yellow", "red", "grey")
    }
    return {
        "scope": Scope.PROGRAM if program else Scope.PORTFOLIO,
        "program": {"name": program.name, "slug": program.slug} if program else None,
        "period": {"label": period.label, "start": period.start.isoformat(), "end": period.end.isoformat()},
        "as_of": as_of.isoformat(),
        "since": since.isoformat(),
        "products": products,
        "lights": lights,
        "timeboxes": _timeboxes(user, program, period),
        "economy": _economy(user, program, period, today),
        "risks": _risks(user, program),
        "decisions": _decisions(user, program, since, as_of),
        "milestones": _milestones(user, program, since, as_of),
    }
