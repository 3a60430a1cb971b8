"""Reads of supplier contracts that more than one page needs, through the gate, in a fixed number of queries.

* **Til mig** (``suppliers.deadlines``): the contracts the user may change whose notice date, end or
  furthest option falls within the next 30 days — a missed notice date stays until the contract ends
  or the notice is recorded. One query, plain rows.
* **The annual cycle** (``suppliers.contracts``): every notice date, end and reach of the options of
  the contracts the reader may see, in the page's year and scope. One query, plain rows.
* **The organisation page's panel**: a supplier's contracts the reader may see, with their dates.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programkontor.core import gate
from programkontor.core.registry import (
    CycleDate,
    CycleScope,
    DueItem,
    register_cycle_provider,
    register_due_provider,
    url_for_pk,
)
from programkontor.portfolio.models import Organisation, OrganisationKind
from programkontor.suppliers import terms
from programkontor.suppliers.models import Contract

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser

#: Rows a provider reads at most (the page shows 25 per kind and the count).
LIMIT = 200


def _day(day: datetime.date) -> str:
    return formats.date_format(day, "j. b. Y")


def _note(deadline: terms.Deadline, end: datetime.date | None, months: int, options: int) -> tuple[str, str]:
    """What the deadline means, and what the user does about it (empty: only to know)."""
    if deadline.kind == terms.DeadlineKind.NOTICE and end is not None:
        if options:
            return (
                _("Notice by %(date)s, or take an option to extend; otherwise it ends %(end)s")
                % {"date": _day(deadline.date), "end": _day(end)},
                _("Give notice or extend"),
            )
        return (
            _("Notice by %(date)s (%(months)d months before the end, %(end)s)")
            % {"date": _day(deadline.date), "months": months, "end": _day(end)},
            _("Give notice or let it run"),
        )
    if deadline.kind == terms.DeadlineKind.END:
        return _("The contract ends %(date)s") % {"date": _day(deadline.date)}, ""
    return _("Its options to extend reach no further than %(date)s") % {"date": _day(deadline.date)}, ""


def contract_deadlines(user: AnyUser, today: datetime.date, until: datetime.date) -> list[DueItem]:
    """Deadlines of the contracts ``user`` may change (the program manager, the secretariat, ...)."""
    if not getattr(user, "is_authenticated", False):
        return []
    near = (
        Q(notice_by__lte=until, end_date__gte=today, notice_given_on__isnull=True)
        | Q(end_date__range=(today, until))
        | Q(options_left__gt=0, options_until__range=(today, until))
    )
    rows = (
        gate.restrict(Contract, user, "change")
        .filter(near, archived_at__isnull=True)
        .order_by("notice_by", "end_date", "pk")
        .values(
            "pk", "title", "end_date", "notice_months", "notice_given_on", "options_left", "options_until",
            "supplier__name", "product__name", "program__name",
        )[:LIMIT]
    )  # fmt: skip
    url = url_for_pk("suppliers:contract_detail")
    items = []
    for row in rows:
        found = terms.deadlines(
            end=row["end_date"],
            notice_months=row["notice_months"],
            options_left=row["options_left"],
            options_until=row["options_until"],
            notice_given=row["notice_given_on"] is not None,
        )
        for deadline, overdue in terms.pending(found, today, until):
            note, action = _note(deadline, row["end_date"], row["notice_months"], row["options_left"])
            items.append(
                DueItem(
                    deadline.date,
                    "suppliers.deadlines",
                    _("Contract %(title)s (%(supplier)s)")
                    % {"title": row["title"], "supplier": row["supplier__name"]},
                    url(row["pk"]),
                    row["product__name"] or row["program__name"] or "",
                    overdue=overdue,
                    note=note,
                    action=action,
                )
            )
    return items


def _in_scope(rows: QuerySet[Contract], scope: CycleScope) -> QuerySet[Contract]:
    if scope.product_id is not None:
        rows = rows.filter(product_id=scope.product_id)
    if scope.program_id is not None:
        rows = rows.filter(Q(program_id=scope.program_id) | Q(product__program_id=scope.program_id))
    own = Q(product__isnull=True, program__isnull=True)
    if scope.association is True:
        rows = rows.filter(own)
    elif scope.association is False:
        rows = rows.exclude(own)
    return rows


def cycle_title(kind: terms.DeadlineKind, title: str) -> str:
    text = {
        terms.DeadlineKind.NOTICE: _("Notice date: %(title)s"),
        terms.DeadlineKind.END: _("Contract ends: %(title)s"),
        terms.DeadlineKind.OPTIONS_UNTIL: _("Options reach: %(title)s"),
    }[kind]
    return text % {"title": title}


def contract_cycle_dates(
    user: AnyUser, start: datetime.date, end: datetime.date, scope: CycleScope
) -> list[CycleDate]:
    """The dates of the contracts ``user`` may see between ``start`` and ``end`` (the annual cycle)."""
    within = Q(notice_by__range=(start, end)) | Q(end_date__range=(start, end))
    within |= Q(options_left__gt=0, options_until__range=(start, end))
    rows = (
        _in_scope(gate.restrict(Contract, user, "view"), scope)
        .filter(within, archived_at__isnull=True)
        .order_by("pk")
        .values(
            "pk", "title", "end_date", "notice_months", "notice_given_on", "options_left", "options_until",
            "supplier__name",
        )[:LIMIT]
    )  # fmt: skip
    url = url_for_pk("suppliers:contract_detail")
    found = []
    for row in rows:
        for deadline in terms.deadlines(
            end=row["end_date"],
            notice_months=row["notice_months"],
            options_left=row["options_left"],
            options_until=row["options_until"],
            notice_given=row["notice_given_on"] is not None,
        ):
            if start <= deadline.date <= end:
                found.append(
                    CycleDate(
                        deadline.date,
                        cycle_title(deadline.kind, row["title"]),
                        url(row["pk"]),
                        row["supplier__name"],
                    )
                )
    return found


def register_providers() -> None:
    register_due_provider(
        "suppliers.deadlines", contract_deadlines, label=gettext_lazy("Contract deadlines"), order=40
    )
    register_cycle_provider(
        "suppliers.contracts", contract_cycle_dates, label=gettext_lazy("Contract deadlines")
    )


def visible_contracts(user: AnyUser) -> QuerySet[Contract]:
    return gate.restrict(Contract, user, "view").select_related("supplier", "product", "program")


def organisation_panel(request: HttpRequest, organisation: Organisation) -> dict[str, object] | None:
    """A supplier's contracts on its organisation page (nothing for other kinds of organisation)."""
    if organisation.kind != OrganisationKind.SUPPLIER:
        return None
    contracts = list(
        visible_contracts(request.user).filter(supplier=organisation).order_by("-start_date", "-pk")
    )
    internal = set(
        gate.restrict(Contract, request.user, "view_internal")
        .filter(pk__in=[contract.pk for contract in contracts])
        .values_list("pk", flat=True)
    )
    return {
        "supplier": organisation,
        "contracts": contracts,
        "internal_ids": internal,
        "can_add": request.user.has_perm("suppliers.add_contract"),
    }
