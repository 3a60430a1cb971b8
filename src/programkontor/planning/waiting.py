"""Planning's part of *Til mig* (``core.registry.register_due_provider``), each for what the user may
change (the gate's ``change``: the product's or program's writers and the secretariat):

* **risks due for review**: live risks whose next review is today, past, or within the period;
* **milestones passed**: still planned although their date has passed (mark them met or missed);
* **products turning red**: the program dashboard's light (``planning/progress.py``) and its reasons;
* **MoSCoW boards over capacity**: timeboxes not yet ended whose plan is over the capacity or has
  too much MUST (``planning/moscow.py``), tested in SQL on each timebox's summed hours.

Risks, milestones and boards are read with the due list's other kinds in one query, cut at the rows
shown and counted in SQL (``core.registry.register_due_query``); the light reads four queries, and is
kept while what it is computed from is unchanged (``core.unchanged_cache``).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from programkontor.core import gate
from programkontor.core.access import access_for
from programkontor.core.registry import (
    DueItem,
    DueList,
    DueQuery,
    DueRow,
    due_order,
    due_window,
    register_due_provider,
    register_due_query,
    url_for_pk,
)
from programkontor.core.unchanged_cache import cached_while_unchanged
from programkontor.planning import moscow, progress
from programkontor.planning.models import (
    LIVE_STATUSES,
    Milestone,
    MilestoneStatus,
    Risk,
    Timebox,
    WorkItem,
    WorkStatus,
)
from programkontor.planning.selectors import HOURS_FIELD, counted_items, with_people_hours
from programkontor.planning.statuses import ItemRow, Loaded, product_statuses
from programkontor.planning.timeline import Quarter
from programkontor.planning.wording import reason_text, warning_heading
from programkontor.portfolio.models import Product, Program

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser

_SLUG_MARKER = "pk-slug-marker"
#: Timeboxes checked for being over capacity at most (the earliest first).
BOARDS = 200
_NOT_DONE = ""  # the status of the summed hours of work not done


def _target(product: str | None, program: str | None) -> str:
    return product or program or ""


@dataclass(frozen=True)
class Snapshot:
    """What planning's light reads, in four queries: the products the user writes (with their open
    high risks), the timeboxes covering today for those products and their programs, the MUST hours
    of their work and the milestones."""

    products: Sequence[Product]
    loaded: Loaded


def _snapshot(user: AnyUser, today: datetime.date) -> Snapshot:
    high_risks = (
        Risk.objects.restrict(user, "view")
        .filter(product=OuterRef("pk"), status__in=LIVE_STATUSES, archived_at__isnull=True)
        .annotate(risk_score=F("probability") * F("impact"))
        .filter(risk_score__gte=progress.HIGH_FROM)
        .order_by()
        .values("product")
        .annotate(n=Count("pk"))
        .values("n")
    )
    products = list(
        Product.objects.restrict(user, "change")
        .filter(archived_at__isnull=True, program__isnull=False)
        .annotate(high_risks=Coalesce(Subquery(high_risks), 0))
        .select_related("program")
        .only("pk", "name", "slug", "program_id", "program__name", "program__slug")
        .order_by("name")[:200]
    )
    ids = [p.pk for p in products]
    program_ids = sorted({p.program_id for p in products if p.program_id})
    covering = (Q(product_id__in=ids) | Q(program_id__in=program_ids)) & Q(
        start_date__lte=today, end_date__gte=today
    )
    current = list(
        gate.restrict(Timebox, user, "view_internal")
        .filter(covering, archived_at__isnull=True)
        .only("pk", "product_id", "program_id", "start_date", "end_date")
        .order_by("start_date", "pk")
    )
    # The MUST hours of each current timebox's agreed work by product (and of it done), summed in
    # SQL: the light needs only the sums, not the (thousands of) items.
    rows: list[ItemRow] = []
    if current:
        for row in (
            counted_items(WorkItem.objects.restrict(user, "view"))
            .exclude(status=WorkStatus.PROPOSED)  # proposals count once agreed, as on the board
            .filter(
                timebox_id__in=[box.pk for box in current],
                product_id__in=ids,
                priority=moscow.Priority.MUST.value,
            )
            .order_by()
            .values("timebox_id", "product_id")
            .annotate(
                hours=Coalesce(Sum("estimate_hours"), Value(Decimal(0)), output_field=HOURS_FIELD),
                done=Coalesce(
                    Sum("estimate_hours", filter=Q(status=WorkStatus.DONE)),
                    Value(Decimal(0)),
                    output_field=HOURS_FIELD,
                ),
            )
            .order_by("timebox_id", "product_id")
        ):
            hours, done = Decimal(row["hours"]), Decimal(row["done"])
            target = (row["product_id"], row["timebox_id"], moscow.Priority.MUST.value)
            rows.append(ItemRow(*target, WorkStatus.DONE, done))
            rows.append(ItemRow(*target, _NOT_DONE, hours - done))
    quarter = Quarter.of(today)
    earliest = min([quarter.start, *(box.start_date for box in current)])
    latest = max([quarter.end, *(box.end_date for box in current)])
    stones = list(
        Milestone.objects.restrict(user, "view")
        .filter(product_id__in=ids, due_date__gte=earliest, due_date__lte=latest)
        .only("pk", "product_id", "due_date", "status")
        .order_by("due_date", "pk")
    )
    high = {product.pk: product.high_risks for product in products if product.high_risks}
    return Snapshot(products, Loaded(current, rows, stones, high))


def risks_to_review(user: AnyUser, today: datetime.date, until: datetime.date) -> DueQuery:
    """Live risks the user may change whose next review is within the period, or past."""
    rows = (
        Risk.objects.restrict(user, "change")
        .filter(status__in=LIVE_STATUSES, archived_at__isnull=True, review_date__lte=until)
        .values("pk", "title", "review_date", "probability", "impact", "product__name", "program__name")
    )
    url = url_for_pk("planning:risk_detail")

    def items(found: list[DueRow]) -> list[DueItem]:
        review = str(_("Review"))
        return [
            DueItem(
                row["review_date"],
                "risks",
                row["title"],
                url(row["pk"]),
                _target(row["product__name"], row["program__name"]),
                overdue=row["review_date"] < today,
                note=_("Score %(score)s") % {"score": progress.risk_score(row["probability"], row["impact"])},
                action=review,
            )
            for row in found
        ]

    return DueQuery(rows, due_order("review_date"), items)


def milestones_passed(user: AnyUser, today: datetime.date, until: datetime.date) -> DueQuery:
    """Milestones the user may change still planned after their date."""
    rows = (
        Milestone.objects.restrict(user, "change")
        .filter(status=MilestoneStatus.PLANNED, due_date__lt=today)
        .values("pk", "title", "due_date", "product__name", "program__name")
    )
    url = url_for_pk("planning:milestone_detail")

    def items(found: list[DueRow]) -> list[DueItem]:
        action, note = str(_("Mark met or missed")), str(_("Still planned after its date"))
        return [
            DueItem(
                row["due_date"],
                "milestones",
                row["title"],
                url(row["pk"]),
                _target(row["product__name"], row["program__name"]),
                True,
                note,
                action,
            )
            for row in found
        ]

    return DueQuery(rows, due_order("due_date"), items)


#: What the light of the products is computed from (``core.unchanged_cache``).
RED_SOURCES = (Product, Program, Timebox, WorkItem, Milestone, Risk)


def red_products(user: AnyUser, today: datetime.date, until: datetime.date) -> DueList:
    """Products the user writes whose light on the program dashboard is red, with the reasons (put
    into words for the rows shown only; the list's order is the product's name). Kept while none of
    ``RED_SOURCES`` changes: the lights of up to 200 products are the dearest part of *Til mig*, and
    they change far more seldom than it is read. The key is the day, the language and the user's
    access (``core.access``: their roles, from which the gate draws every scope the light reads)."""
    access = access_for(user)
    if not access.writes_anything:  # no product the user may change: none of theirs can turn red
        return DueList([], 0)
    start, stop = due_window()
    key = f"{today.isoformat()}\n{get_language() or ''}\n{start}:{stop}\n{access!r}"
    items, total = cached_while_unchanged(
        "planning-red", key, RED_SOURCES, lambda: _red_products(user, today, start, stop)
    )
    return DueList(items, total)


def _red_products(user: AnyUser, today: datetime.date, start: int, stop: int) -> tuple[list[DueItem], int]:
    found = _snapshot(user, today)
    head, tail = reverse("planning:dashboard", kwargs={"slug": _SLUG_MARKER}).split(_SLUG_MARKER)
    action = str(_("Open the dashboard"))
    red = sorted(
        (
            status
            for status in product_statuses(user, found.products, today, found.loaded)
            if status.status.light == progress.Light.RED
        ),
        key=lambda status: status.product.name,
    )
    items = []
    for status in red[start:stop]:
        product = status.product
        program = product.program
        items.append(
            DueItem(
                None,
                "red",
                product.name,
                f"{head}{program.slug if program else ''}{tail}",
                program.name if program else "",
                note=_("Red: %(reasons)s")
                % {"reasons": "; ".join(reason_text(reason) for reason in status.status.reasons)},
                action=action,
            )
        )
    return items, len(red)


def _hours(user: AnyUser, priorities: Sequence[moscow.Priority]) -> Coalesce:
    """The agreed hours of a timebox's counted work of ``priorities`` (a subquery on its rows)."""
    summed = (
        counted_items(WorkItem.objects.restrict(user, "view"))
        .exclude(status=WorkStatus.PROPOSED)  # proposals count once agreed, as on the board
        .filter(timebox=OuterRef("pk"), priority__in=[priority.value for priority in priorities])
        .order_by()
        .values("timebox")
        .annotate(total=Sum("estimate_hours"))
        .values("total")
    )
    return Coalesce(Subquery(summed, output_field=HOURS_FIELD), Value(Decimal(0)), output_field=HOURS_FIELD)


def boards_over_capacity(user: AnyUser, today: datetime.date, until: datetime.date) -> DueQuery:
    """Timeboxes the user may change, running or starting within the period, whose MoSCoW plan is
    over the capacity or has more MUST than the program's threshold (``moscow.warnings``' two
    breaches, tested in SQL on the summed hours; the warnings of the rows shown from the same sums)."""
    must, should = moscow.Priority.MUST, moscow.Priority.SHOULD
    # The program's threshold (a product's timebox: its product's program's), else DSDM's.
    program_max = Case(
        When(product__isnull=False, then=F("product__program__planning_settings__must_max_percent")),
        default=F("program__planning_settings__must_max_percent"),
    )
    boards = gate.restrict(Timebox, user, "change").filter(
        archived_at__isnull=True, end_date__gte=today, start_date__lte=until
    )
    # The first BOARDS of them are checked (the earliest first), the others not read at all.
    first = boards.order_by("start_date", "pk").values("pk")[:BOARDS]
    rows = (
        with_people_hours(Timebox.objects.filter(pk__in=Subquery(first)))
        .annotate(
            hours_capacity=Coalesce("capacity_hours", "people_hours", output_field=HOURS_FIELD),
            must=_hours(user, [must]),
            counted=_hours(user, moscow.COUNTED),
            must_max=Coalesce(program_max, Value(moscow.DSDM.must_max), output_field=HOURS_FIELD),
        )
        .annotate(must_share=ExpressionWrapper(F("must") * Value(progress.HUNDRED), output_field=HOURS_FIELD))
        .filter(
            Q(hours_capacity__lt=F("counted"))
            # MUST over capacity x must_max / 100, multiplied out (no division: exact on every backend).
            | Q(must_share__gt=F("hours_capacity") * F("must_max"))
        )
        .annotate(due_date=Greatest("start_date", Value(today), output_field=DateField()))
        .values(
            "pk", "name", "due_date", "hours_capacity", "must", "counted", "must_max",
            "product__name", "program__name",
        )
    )  # fmt: skip
    url = url_for_pk("planning:timebox_board")
    breaches = (moscow.WarningCode.OVER_CAPACITY, moscow.WarningCode.MUST_OVER_LIMIT)

    def items(found: list[DueRow]) -> list[DueItem]:
        action = str(_("Open the board"))
        shown = []
        for row in found:
            # The two breaches need only MUST and the counted total (the rest counts as SHOULD here).
            must_hours, counted = Decimal(row["must"]), Decimal(row["counted"])
            work = [
                moscow.Item(must, "", must, must_hours),
                moscow.Item(should, "", should, counted - must_hours),
            ]
            thresholds = moscow.Thresholds(must_max=Decimal(row["must_max"]), could_min=moscow.DSDM.could_min)
            warnings = [
                w
                for w in moscow.warnings(work, Decimal(row["hours_capacity"]), thresholds)
                if w.code in breaches
            ]
            shown.append(
                DueItem(
                    row["due_date"],
                    "capacity",
                    row["name"],
                    url(row["pk"]),
                    _target(row["product__name"], row["program__name"]),
                    note=" · ".join(warning_heading(warning) for warning in warnings),
                    action=action,
                )
            )
        return shown

    return DueQuery(rows, due_order("due_date", "name"), items)


def register() -> None:
    register_due_query("planning.risks", risks_to_review, label=gettext_lazy("Risks to review"), order=70)
    register_due_query(
        "planning.milestones", milestones_passed, label=gettext_lazy("Milestones passed"), order=75
    )
    register_due_provider("planning.red", red_products, label=gettext_lazy("Products turning red"), order=80)
    register_due_query(
        "planning.capacity", boards_over_capacity, label=gettext_lazy("Boards over capacity"), order=85
    )
