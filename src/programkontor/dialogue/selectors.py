"""Reads of the dialogue log that more than one page needs, through the gate, in a fixed number of
queries.

* **Til mig** (``dialogue.follow_ups``): the open follow-ups the user owns (through their person),
  due within the next 30 days or overdue. One query, plain rows.
* **The organisation's and the person's page**: their dialogue history, the latest entries the reader
  may see.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, cast

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programkontor.core import gate
from programkontor.core.registry import DueItem, DueQuery, DueRow, due_order, register_due_query, url_for_pk
from programkontor.dialogue.models import Entry, FollowUp
from programkontor.portfolio.models import Organisation, Person

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser

#: Entries a panel shows (the link below it opens the whole filtered list).
PANEL_ROWS = 15


def follow_ups_due(user: AnyUser, today: datetime.date, until: datetime.date) -> DueQuery | None:
    """The open follow-ups ``user`` owns, due by ``until`` (overdue ones too)."""
    if not getattr(user, "is_authenticated", False):
        return None
    rows = FollowUp.objects.filter(
        owner__user_id=cast("int", user.pk),
        done_on__isnull=True,
        due_date__lte=until,
        entry__archived_at__isnull=True,
    ).values("pk", "text", "due_date", "entry_id", "entry__title", "entry__date", "entry__product__name",
             "entry__program__name")  # fmt: skip
    url = url_for_pk("dialogue:entry_detail")

    def items(found: list[DueRow]) -> list[DueItem]:
        action = _("Mark done")
        return [
            DueItem(
                row["due_date"],
                "dialogue.follow_ups",
                row["text"],
                f"{url(row['entry_id'])}#follow-up-{row['pk']}",
                row["entry__product__name"] or row["entry__program__name"] or "",
                overdue=row["due_date"] < today,
                note=_("Follow-up on %(title)s (%(date)s)")
                % {"title": row["entry__title"], "date": formats.date_format(row["entry__date"], "j. b. Y")},
                action=action,
            )
            for row in found
        ]

    return DueQuery(rows, due_order("due_date", "text"), items)


def register_providers() -> None:
    register_due_query(
        "dialogue.follow_ups",
        follow_ups_due,
        label=gettext_lazy("Follow-ups from the dialogue log"),
        order=45,
    )


def _open_follow_ups() -> Subquery:
    """The count of an entry's open follow-ups, as a correlated subquery (the list keeps its index)."""
    open_ones = (
        FollowUp.objects.filter(entry=OuterRef("pk"), done_on__isnull=True)
        .order_by()
        .values("entry")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Subquery(open_ones, output_field=IntegerField())


def visible_entries(user: AnyUser) -> QuerySet[Entry]:
    """The entries ``user`` may read, with what the lists show of them (two more queries per page:
    the organisations, and the count of open follow-ups is in the row)."""
    return (
        gate.restrict(Entry, user, "view")
        .select_related("product", "program")
        .prefetch_related(Prefetch("organisations", queryset=Organisation.objects.only("pk", "name", "slug")))
        .annotate(open_follow_ups=_open_follow_ups())
    )


def _panel(request: HttpRequest, entries: QuerySet[Entry], query: str) -> dict[str, object] | None:
    """The latest entries; no panel for a reader who sees none and may log none."""
    rows = list(entries.filter(archived_at__isnull=True)[: PANEL_ROWS + 1])
    can_add = request.user.has_perm("dialogue.add_entry")
    if not rows and not can_add:
        return None
    return {
        "entries": rows[:PANEL_ROWS],
        "more": len(rows) > PANEL_ROWS,
        "query": query,
        "can_add": can_add,
    }


def organisation_panel(request: HttpRequest, organisation: Organisation) -> dict[str, object] | None:
    """The organisation's dialogue history (only for those who may log dialogue or read some of it)."""
    if not request.user.is_authenticated:
        return None
    entries = visible_entries(request.user).filter(organisations=organisation)
    panel = _panel(request, entries, f"organisation={organisation.pk}")
    return None if panel is None else {**panel, "organisation": organisation}


def person_panel(request: HttpRequest, person: Person) -> dict[str, object] | None:
    if not request.user.is_authenticated:
        return None
    entries = visible_entries(request.user).filter(people=person)
    panel = _panel(request, entries, f"person={person.pk}")
    return None if panel is None else {**panel, "person": person}
