"""Reads shared by governance's pages, panels, feeds and the due list: gated, with a fixed number of
queries whatever the number of rows."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce, ExtractMonth, NullIf, RowNumber, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programkontor.core import gate
from programkontor.core.access import access_for
from programkontor.core.due_union import Rows
from programkontor.core.registry import (
    CycleScope,
    DueItem,
    DueQuery,
    DueRow,
    cycle_providers,
    due_order,
    register_due_provider,
    register_due_query,
    url_for_pk,
)
from programkontor.governance.models import (
    AgendaItem,
    Attendance,
    CycleEvent,
    Decision,
    DecisionStatus,
    Mandate,
    MandateHolderRole,
    Meeting,
    MeetingStatus,
)
from programkontor.governance.models.meetings import meeting_title

if TYPE_CHECKING:
    from programkontor.core.actors import Actor, AnyUser


def meetings_with_counts(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Meetings with ``item_count``, counted in a correlated subquery (a JOIN + GROUP BY would group
    every agenda item before a page of meetings could be read from the ``meeting_recent`` index)."""
    items = (
        AgendaItem.objects.filter(meeting=OuterRef("pk"))
        .order_by()
        .values("meeting")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return queryset.select_related("body", "body__product", "body__program").annotate(
        item_count=Coalesce(Subquery(items, output_field=IntegerField()), Value(0))
    )


def decisions_for_list(queryset: QuerySet[Decision]) -> QuerySet[Decision]:
    return queryset.select_related("product", "program", "decided_by_body", "co_decided_by_body")


def meeting_detail_parts(user: AnyUser, meeting: Meeting) -> dict[str, Any]:
    """Agenda items (with attachments and references), attendance and decisions of a meeting."""
    items = list(
        gate.restrict(AgendaItem, user, "view")
        .filter(meeting=meeting)
        .select_related("owner", "approves_meeting")
        .prefetch_related("attachments", "references")
        .order_by("position", "pk")
    )
    attendances = list(
        gate.restrict(Attendance, user, "view")
        .filter(meeting=meeting)
        .select_related("person", "person__organisation")
        .order_by("is_guest", "person__last_name", "name")
    )
    decisions = list(
        decisions_for_list(
            gate.restrict(Decision, user, "view").filter(Q(meeting=meeting) | Q(agenda_item__meeting=meeting))
        ).distinct()
    )
    return {"items": items, "attendances": attendances, "decisions": decisions}


# ---------------------------------------------------------------------------- panels


def upcoming_meetings(
    user: AnyUser, *, product: Any = None, program: Any = None, limit: int = 5
) -> list[Meeting]:
    queryset = gate.restrict(Meeting, user, "view").filter(starts_at__gte=timezone.now())
    if product is not None:
        queryset = queryset.filter(body__product=product)
    if program is not None:
        queryset = queryset.filter(Q(body__program=program) | Q(body__product__program=program))
    return list(queryset.select_related("body").order_by("starts_at")[:limit])


def recent_decisions(
    user: AnyUser, *, product: Any = None, program: Any = None, limit: int = 5
) -> list[Decision]:
    queryset = gate.restrict(Decision, user, "view")
    if product is not None:
        queryset = queryset.filter(product=product)
    if program is not None:
        queryset = queryset.filter(Q(program=program) | Q(product__program=program))
    return list(decisions_for_list(queryset).order_by("-date", "-pk")[:limit])


def mandates_in_force(
    user: AnyUser, *, product: Any = None, body: Any = None, limit: int = 10
) -> list[Mandate]:
    today = timezone.localdate()
    queryset = (
        gate.restrict(Mandate, user, "view")
        .filter(valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    )
    if product is not None:
        queryset = queryset.filter(product=product)
    if body is not None:
        queryset = queryset.filter(Q(holder_body=body) | Q(grantor_body=body))
    return list(queryset.select_related("holder_body", "grantor_body").order_by("title")[:limit])


# ---------------------------------------------------------------------------- annual cycle


@dataclass
class Occurrence:
    date: datetime.date
    title: str
    kind: str
    url: str
    context: str
    event: CycleEvent | None = None
    meeting: Meeting | None = None
    time: datetime.time | None = None


PER_MONTH = 40  # dates listed per month on the annual cycle's page; the rest is counted


@dataclass
class Month:
    number: int
    name: str
    occurrences: list[Occurrence] = field(default_factory=list)
    more: int = 0


def cycle_occurrences(
    user: Actor, start: datetime.date, end: datetime.date, events: QuerySet[CycleEvent] | None = None
) -> list[Occurrence]:
    """Dates of the recurring events the user may see, from ``start`` to ``end``. One query."""
    queryset = events if events is not None else gate.restrict(CycleEvent, user, "view")
    rows = queryset.filter(valid_from__lte=end).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
    found = []
    event_url = url_for_pk("governance:cycle_event_detail")
    for event in rows.select_related("product", "program", "body"):
        context = str(event.body or event.product or event.program or _("The association"))
        for day in event.dates(start, end):
            found.append(
                Occurrence(
                    day,
                    event.title,
                    event.kind,
                    event_url(event.pk),
                    context,
                    event=event,
                    time=event.start_time,
                )
            )
    found.sort(key=lambda o: (o.date, o.title))
    return found


def provided_occurrences(
    user: AnyUser, start: datetime.date, end: datetime.date, scope: CycleScope, kind: str = ""
) -> list[Occurrence]:
    """The dates other apps add to the annual cycle (``register_cycle_provider``), of one ``kind``
    (a provider's key) or of all."""
    return [
        Occurrence(found.date, found.title, registered.key, found.url, found.context)
        for registered in cycle_providers()
        if not kind or kind == registered.key
        for found in registered.provider(user, start, end, scope)
    ]


def year_by_month(
    user: AnyUser,
    year: int,
    events: QuerySet[CycleEvent],
    meetings: QuerySet[Meeting],
    provided: list[Occurrence] | None = None,
) -> list[Month]:
    """The annual cycle of a year: recurring dates, the meetings actually planned and the dates other
    apps provide, month by month."""
    from programkontor.governance.models.cycle import MONTH_NAMES

    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    months = [Month(number, str(MONTH_NAMES[number - 1])) for number in range(1, 13)]
    for occurrence in provided or []:
        months[occurrence.date.month - 1].occurrences.append(occurrence)
    in_year = meetings.filter(starts_at__year=year).order_by()
    # Which bodies meet on which days, and so how many meetings each month has (plain tuples) ...
    days = [
        (body, timezone.localdate(starts)) for body, starts in in_year.values_list("body_id", "starts_at")
    ]
    held = set(days)
    meeting_count = Counter(day.month for _body, day in days)
    # ... but only the meetings a month lists are read in full: the first PER_MONTH of each month.
    planned = (
        in_year.annotate(
            position=Window(
                RowNumber(),
                partition_by=[ExtractMonth("starts_at")],
                order_by=[TruncDate("starts_at").asc(), F("title").asc(), F("pk").asc()],
            )
        )
        .filter(position__lte=PER_MONTH)
        .select_related("body")
        .order_by("starts_at", "pk")
    )
    for occurrence in cycle_occurrences(user, start, end, events):
        event = occurrence.event
        if event is not None and event.body_id and (event.body_id, occurrence.date) in held:
            continue  # the recurring meeting is planned: show the meeting itself
        months[occurrence.date.month - 1].occurrences.append(occurrence)
    meeting_url = url_for_pk("governance:meeting_detail")
    for meeting in planned:
        local = timezone.localtime(meeting.starts_at)
        months[local.month - 1].occurrences.append(
            Occurrence(
                local.date(),
                meeting.display_title,
                "meeting",
                meeting_url(meeting.pk),
                str(meeting.body),
                meeting=meeting,
                time=local.time(),
            )
        )
    for month in months:
        dates = sum(1 for o in month.occurrences if o.meeting is None)
        month.occurrences.sort(key=lambda o: (o.date, o.meeting is None, o.title))
        month.occurrences = month.occurrences[:PER_MONTH]
        month.more = dates + meeting_count.get(month.number, 0) - len(month.occurrences)
    return months


# ---------------------------------------------------------------------------- what is due


def _days(today: datetime.date, until: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    return start, timezone.make_aware(datetime.datetime.combine(until, datetime.time.max))


#: An agenda is sent a week before the meeting: later than that it is overdue.
AGENDA_DAYS_BEFORE = 7


def _due_meetings(rows: QuerySet[Meeting], *first: OrderBy) -> tuple[Rows, list[OrderBy]]:
    """Meetings as due rows, in the list's order: by their local day, then their title as the list
    shows it (their own, else their body's name), after ``first``."""
    values = rows.annotate(
        day=TruncDate("starts_at"), shown_title=Coalesce(NullIf("title", Value("")), "body__name")
    ).values("pk", "title", "starts_at", "status", "body__name", "day", "shown_title")
    return values, [*first, F("day").asc(), F("shown_title").asc(), F("pk").asc()]


def _meeting_item(
    row: DueRow, kind: str, url: str, *, overdue: bool = False, note: str = "", action: str = ""
) -> DueItem:
    return DueItem(
        timezone.localdate(row["starts_at"]),
        kind,
        meeting_title(row["title"], row["body__name"], row["starts_at"]),
        url,
        row["body__name"],
        overdue=overdue,
        note=note,
        action=action,
    )


def _agenda_q(user: AnyUser, today: datetime.date, until: datetime.date) -> Q:
    changeable = Q(pk__in=gate.restrict(Meeting, user, "change").values("pk"))
    return changeable & Q(starts_at__range=_days(today, until), status=MeetingStatus.DRAFT_AGENDA)


def due_agendas(user: AnyUser, today: datetime.date, until: datetime.date) -> DueQuery:
    """Agendas still in draft for meetings in the coming days that the user may change (send)."""
    rows, order = _due_meetings(Meeting.objects.filter(_agenda_q(user, today, until)))
    url = url_for_pk("governance:meeting_detail")
    late = today + datetime.timedelta(days=AGENDA_DAYS_BEFORE)

    def items(found: list[DueRow]) -> list[DueItem]:
        action, note = str(_("Send the agenda")), str(_("The agenda has not been sent"))
        shown = []
        for row in found:
            item = _meeting_item(row, "agendas", url(row["pk"]), note=note, action=action)
            day = item.date or today
            shown.append(
                replace(item, date=day - datetime.timedelta(days=AGENDA_DAYS_BEFORE), overdue=day < late)
            )
        return shown

    return DueQuery(rows, order, items)


def due_meetings(user: AnyUser, today: datetime.date, until: datetime.date) -> DueQuery:
    """Meetings in the coming days the user may read internally (those whose agenda the user is to
    send are under agendas)."""
    internal = Q(pk__in=gate.restrict(Meeting, user, "view_internal").values("pk"))
    period = Q(starts_at__range=_days(today, until))
    rows, order = _due_meetings(
        Meeting.objects.filter(internal & period).exclude(_agenda_q(user, today, until))
    )
    url = url_for_pk("governance:meeting_detail")

    def items(found: list[DueRow]) -> list[DueItem]:
        not_sent = str(_("The agenda has not been sent"))
        return [
            _meeting_item(
                row,
                "meetings",
                url(row["pk"]),
                note=not_sent if row["status"] == MeetingStatus.DRAFT_AGENDA else "",
            )
            for row in found
        ]

    return DueQuery(rows, order, items)


def due_minutes(user: AnyUser, today: datetime.date, until: datetime.date) -> DueQuery:
    """Minutes ready for approval, and past meetings (of the past year) whose minutes are still not
    written, of meetings the user may change (the body's members and the product's writers): those to
    write first."""
    now = timezone.now()
    written = Q(status__in=[MeetingStatus.DRAFT_AGENDA, MeetingStatus.AGENDA_SENT], starts_at__lt=now)
    rows, order = _due_meetings(
        gate.restrict(Meeting, user, "change").filter(
            Q(status=MeetingStatus.MINUTES_READY) | written,
            starts_at__gte=now - datetime.timedelta(days=365),
        ),
        Case(When(status=MeetingStatus.MINUTES_READY, then=Value(1)), default=Value(0)).asc(),
    )
    url = url_for_pk("governance:meeting_detail")

    def items(found: list[DueRow]) -> list[DueItem]:
        awaiting, not_written = str(_("Awaiting approval")), str(_("Minutes not written"))
        approve, write = str(_("Approve the minutes")), str(_("Write the minutes"))
        shown = []
        for row in found:
            ready = row["status"] == MeetingStatus.MINUTES_READY
            shown.append(
                _meeting_item(
                    row,
                    "minutes",
                    url(row["pk"]),
                    overdue=not ready,
                    note=awaiting if ready else not_written,
                    action=approve if ready else write,
                )
            )
        return shown

    return DueQuery(rows, order, items)


def due_ratifications(user: AnyUser, today: datetime.date, until: datetime.date) -> DueQuery:
    """Decisions awaiting ratification that the user may change, or that a body the user is a member
    of is to ratify (and the user may read)."""
    bodies = sorted(access_for(user).bodies)
    rows = (
        gate.restrict(Decision, user, "view_internal")
        .filter(status=DecisionStatus.RATIFICATION_PENDING)
        .filter(
            Q(ratification_body_id__in=bodies)
            | Q(pk__in=gate.restrict(Decision, user, "change").values("pk"))
        )
        .values(
            "pk", "title", "ratification_due", "ratification_body__name", "product__name", "program__name"
        )
    )
    url = url_for_pk("governance:decision_detail")

    def items(found: list[DueRow]) -> list[DueItem]:
        association, ratify = str(_("The association")), str(_("Ratify"))
        return [
            DueItem(
                row["ratification_due"],
                "ratifications",
                row["title"],
                url(row["pk"]),
                row["ratification_body__name"] or row["product__name"] or row["program__name"] or association,
                overdue=row["ratification_due"] is not None and row["ratification_due"] < today,
                action=ratify,
            )
            for row in found
        ]

    return DueQuery(rows, due_order("ratification_due"), items)


def due_mandates(user: AnyUser, today: datetime.date, until: datetime.date) -> DueQuery:
    rows = (
        gate.restrict(Mandate, user, "view_internal")
        .filter(valid_to__gte=today, valid_to__lte=until)
        .values("pk", "title", "valid_to", "holder_body__name", "holder_role")
    )
    url = url_for_pk("governance:mandate_detail")

    def items(found: list[DueRow]) -> list[DueItem]:
        roles = dict(MandateHolderRole.choices)
        expires = str(_("Expires"))
        return [
            DueItem(
                row["valid_to"],
                "mandates",
                row["title"],
                url(row["pk"]),
                row["holder_body__name"] or str(roles.get(row["holder_role"], row["holder_role"])),
                note=expires,
            )
            for row in found
        ]

    return DueQuery(rows, due_order("valid_to"), items)


def due_cycle(user: AnyUser, today: datetime.date, until: datetime.date) -> list[DueItem]:
    """Deadlines of the annual cycle (not its meetings: those are planned as meetings)."""
    events = gate.restrict(CycleEvent, user, "view_internal").exclude(kind="meeting")
    if connection.features.supports_json_field_contains:
        # Only the events of the period's months (or of every month) are expanded: the rest have no
        # date in it. (SQLite cannot ask a JSON list what it holds: there every event is expanded.)
        months = {(today + datetime.timedelta(days=days)).month for days in range((until - today).days + 1)}
        in_months = Q(months=[]) | Q(months=None) | Q(months__isnull=True)
        for month in sorted(months):
            in_months |= Q(months__contains=[month])
        events = events.filter(in_months)
    return [
        DueItem(o.date, "cycle", o.title, o.url, o.context)
        for o in cycle_occurrences(user, today, until, events)
    ][:200]


def register_providers() -> None:
    register_due_query("governance.meetings", due_meetings, label=gettext_lazy("Meetings"), order=10)
    register_due_query("governance.agendas", due_agendas, label=gettext_lazy("Agendas to send"), order=15)
    register_due_query(
        "governance.minutes", due_minutes, label=gettext_lazy("Minutes to approve or write"), order=20
    )
    register_due_query(
        "governance.ratifications",
        due_ratifications,
        label=gettext_lazy("Decisions awaiting ratification"),
        order=30,
    )
    register_due_query(
        "governance.mandates", due_mandates, label=gettext_lazy("Mandates that expire"), order=50
    )
    register_due_provider("governance.cycle", due_cycle, label=gettext_lazy("Annual cycle"), order=60)


def group_by_year(decisions: list[Decision]) -> list[tuple[int, list[tuple[str, list[Decision]]]]]:
    """The public log's layout: years (newest first), within each year the products with their decisions."""
    years: dict[int, dict[str, list[Decision]]] = defaultdict(lambda: defaultdict(list))
    for decision in decisions:
        owner = str(decision.product or decision.program or _("The association"))
        years[decision.date.year][owner].append(decision)
    return [
        (
            year,
            sorted(products.items(), key=lambda pair: (-max(d.date for d in pair[1]).toordinal(), pair[0])),
        )
        for year, products in sorted(years.items(), reverse=True)
    ]
