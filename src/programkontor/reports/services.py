"""Issuing a board report: gather the figures, render them, store all of it once.

A report is written once, by ``issue``, and never changed: there is no update service, and the
database refuses an update of its content (migration ``0002_frozen_reports``).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programkontor.core import services
from programkontor.governance.models import Meeting
from programkontor.portfolio.models import Program
from programkontor.reports import render, selectors
from programkontor.reports.models import BoardReport, Scope
from programkontor.reports.periods import Period
from programkontor.reports.rules import may_issue

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


def full_name(user: AnyUser) -> str:
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return str(name or getattr(user, "username", ""))


@transaction.atomic
def issue(
    *,
    actor: AnyUser,
    program: Program | None,
    period: Period,
    meeting: Meeting | None = None,
    asks: str = "",
    today: datetime.date | None = None,
) -> BoardReport:
    """Gather, render and store the report of ``program`` (None: the portfolio) for ``period``, as
    ``actor`` sees it; ``meeting`` is the meeting it goes to, ``asks`` what the board is asked."""
    if not may_issue(actor, program.pk if program else None):
        raise PermissionDenied(_("You may not issue this report."))
    now = timezone.now()
    data = selectors.gather(actor, program, period, today=today)
    data["asks"] = asks.strip()
    data["issued"] = {
        "at": timezone.localdate(now).isoformat(),
        "by": full_name(actor),
        "meeting": meeting.display_title if meeting else "",
    }
    title = render.title_of(data)
    body = render.body_html(data)
    return services.create(
        BoardReport,
        actor=actor,
        fields={
            "title": title,
            "scope": Scope.PROGRAM if program else Scope.PORTFOLIO,
            "program": program,
            "period": period.label,
            "period_start": period.start,
            "period_end": period.end,
            "since": datetime.date.fromisoformat(data["since"]),
            "as_of": datetime.date.fromisoformat(data["as_of"]),
            "issued_at": now,
            "issued_by": actor,
            "issued_by_name": data["issued"]["by"],
            "meeting": meeting,
            "data": data,
            "html": body,
            "markdown": render.markdown(data),
            "pdf": render.pdf(body, title),
        },
        reason=_("Issued to the board"),
    )
