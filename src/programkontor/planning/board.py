"""The MoSCoW board of a timebox, bounded by what a person reads.

Each column shows its first ``PER_COLUMN`` cards (more on request: ``?must=50``); its count, its hours
and its share of the capacity, the warnings and the drop plan are for the whole column. Those come
from one read of every counted item as plain values (the five fields the analysis needs); the cards
of every column are one query (a window over the columns), full objects only for the cards shown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from programkontor.planning import moscow
from programkontor.planning.models import Timebox, WorkItem, WorkStatus
from programkontor.planning.rules import holds_mandate
from programkontor.planning.selectors import TimeboxSummary, thresholds_by_program

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser

COLUMNS = (moscow.Priority.MUST, moscow.Priority.SHOULD, moscow.Priority.COULD, moscow.Priority.WONT)
#: Cards shown per column at first, and how many more each "Show more" adds.
PER_COLUMN = 25
#: The most cards a column shows on request (a bookmarked ``?must=100000`` reads no more than this).
MOST = 1000
ORDER = ("rank", "title", "pk")


@dataclass(frozen=True)
class Card:
    """A work item on the board with its addresses (built once per board, not reversed per card)."""

    item: WorkItem
    url: str
    move_url: str
    reorder_url: str
    movable: bool
    last: bool  # the last card of its column (no "down" button)


@dataclass
class BoardColumn:
    priority: moscow.Priority
    cards: list[Card]
    hours: Decimal
    share: Decimal | None
    count: int = 0  # every card of the column, shown or not
    more_query: str = ""  # the board's address with more cards of this column
    focus: int | None = None  # the first card "Show more" added (the keyboard focus goes there)

    @property
    def label(self) -> str:
        return self.priority.label

    @property
    def more(self) -> int:
        """How many cards the column's "Show more" asks for (0: every card is shown)."""
        shown = len(self.cards)
        return min(shown + PER_COLUMN, MOST) if self.count > shown and shown < MOST else 0


@dataclass(frozen=True)
class Dropped:
    pk: int
    title: str
    priority: str
    estimate_hours: Decimal
    url: str

    def get_priority_display(self) -> str:
        return str(moscow.Priority(self.priority).label)


@dataclass
class Board:
    summary: TimeboxSummary
    columns: list[BoardColumn]
    dropped: list[Dropped]
    dropped_count: int

    @property
    def shown(self) -> dict[str, int]:
        """How many cards each column shows (kept by the move and order forms)."""
        return {column.priority.value: len(column.cards) for column in self.columns}


def shown_from(data: Mapping[str, str]) -> dict[str, int]:
    """The cards per column asked for in ``data`` (``must=50``): at least ``PER_COLUMN``, at most ``MOST``."""
    shown = {}
    for priority in COLUMNS:
        raw = data.get(priority.value, "")
        number = (int(raw) if len(raw) < 7 else MOST) if raw.isdigit() else PER_COLUMN
        shown[priority.value] = min(max(number, PER_COLUMN), MOST)
    return shown


def board(
    user: AnyUser,
    timebox: Timebox,
    shown: Mapping[str, int] | None = None,
    moved: int | None = None,
    expanded: str = "",
) -> Board:
    """The timebox's items in MoSCoW columns, sorted by rank, with what the user may move.

    Three queries whatever the number of items (four for a user who holds no mandate: what they may
    change among the cards shown), plus the thresholds."""
    shown = dict(shown or shown_from({}))
    visible = WorkItem.objects.restrict(user, "view").filter(timebox=timebox, archived_at__isnull=True)
    rows = list(
        visible.order_by(*ORDER).values_list("pk", "title", "priority", "estimate_hours", "rank", "status")
    )
    active = [row for row in rows if row[5] != WorkStatus.DROPPED]
    counted = [
        moscow.Item(key=pk, title=title, priority=moscow.Priority(priority), hours=Decimal(hours), rank=rank)
        for pk, title, priority, hours, rank, status in active
        if status != WorkStatus.PROPOSED
    ]
    counts = Counter(row[2] for row in active)
    if moved is not None:  # the moved card is shown, however far down its column it went
        _show_moved(shown, active, moved)
    cards = list(
        visible.exclude(status=WorkStatus.DROPPED)
        .select_related("product", "program", "owner_person", "owner_organisation")
        .annotate(position=Window(RowNumber(), partition_by=F("priority"), order_by=[F(f) for f in ORDER]))
        .filter(_within(shown))
        .order_by(*ORDER)
    )
    if holds_mandate(user, timebox):
        movable = {item.pk for item in cards}
    else:
        movable = set(
            WorkItem.objects.restrict(user, "change")
            .filter(pk__in=[item.pk for item in cards])
            .values_list("pk", flat=True)
        )
    summary = summarise_counted(timebox, counted)
    shares = {share.priority: share.share for share in summary.analysis.shares}
    # One reverse() per kind of address, then the id is put in: hundreds of cards need no reversals.
    marker = 987654321
    patterns = {
        name: reverse(f"planning:{name}", args=[marker]).replace(str(marker), "{}")
        for name in ("workitem_detail", "workitem_move", "workitem_reorder")
    }

    def card(item: WorkItem) -> Card:
        return Card(
            item,
            patterns["workitem_detail"].format(item.pk),
            patterns["workitem_move"].format(item.pk),
            patterns["workitem_reorder"].format(item.pk),
            item.pk in movable,
            getattr(item, "position", 0) >= counts[item.priority],
        )

    columns = [
        BoardColumn(
            priority,
            [card(item) for item in cards if item.priority == priority.value],
            summary.analysis.hours[priority],
            shares[priority],
            counts[priority.value],
        )
        for priority in COLUMNS
    ]
    for column in columns:
        if column.more:
            query = {**shown, column.priority.value: column.more, "expanded": column.priority.value}
            column.more_query = urlencode(query)
        if column.priority.value == expanded and len(column.cards) > PER_COLUMN:
            column.focus = column.cards[min(shown[expanded] - PER_COLUMN, len(column.cards) - 1)].item.pk
    dropped_rows = [row for row in rows if row[5] == WorkStatus.DROPPED]
    dropped = [
        Dropped(pk, title, priority, Decimal(hours), patterns["workitem_detail"].format(pk))
        for pk, title, priority, hours, _rank, _status in dropped_rows[:PER_COLUMN]
    ]
    return Board(summary, columns, dropped, len(dropped_rows))


def _show_moved(
    shown: dict[str, int], active: list[tuple[int, str, str, Decimal, int, str]], pk: int
) -> None:
    priority = next((row[2] for row in active if row[0] == pk), None)
    if priority is None:
        return
    position = [row[0] for row in active if row[2] == priority].index(pk) + 1
    pages = -(-position // PER_COLUMN)
    shown[priority] = min(max(shown[priority], pages * PER_COLUMN), MOST)


def _within(shown: Mapping[str, int]) -> Q:
    condition = Q()
    for priority, number in shown.items():
        condition |= Q(priority=priority, position__lte=number)
    return condition


def summarise_counted(timebox: Timebox, counted: list[moscow.Item]) -> TimeboxSummary:
    """The analysis of the counted items against the timebox's capacity and its program's thresholds."""
    program_id = timebox.program_id_of_target
    thresholds = thresholds_by_program([program_id]).get(program_id or 0) or moscow.DSDM
    capacity = timebox.capacity(getattr(timebox, "people_hours", None))
    return TimeboxSummary(timebox, capacity, thresholds, moscow.analyse(counted, capacity, thresholds))
