"""Board reports for tests: stored directly (the figures and files are small stand-ins), for lists,
permissions and query counts; ``services.issue`` is tested on its own."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from programkontor.reports.models import BoardReport, Scope


def stored_report(
    program: Any = None, *, period: str = "2026-Q3", meeting: Any = None, n: int = 0
) -> BoardReport:
    report: BoardReport = BoardReport.objects.create(
        title=f"Statusrapport {n} {period}",
        scope=Scope.PROGRAM if program else Scope.PORTFOLIO,
        program=program,
        period=period,
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 9, 30),
        since=datetime.date(2026, 7, 1),
        as_of=datetime.date(2026, 9, 30),
        issued_at=timezone.now(),
        issued_by_name="Alice",
        meeting=meeting,
        data={"period": {"label": period}},
        html="<p>Rapport</p>",
        markdown="# Rapport\n",
        pdf=b"%PDF-1.7 stand-in",
    )
    return report


def report_world(w: Any) -> BoardReport:
    """The world's report: program Velfærd (bob's), 2026-Q3."""
    found = BoardReport.objects.filter(program=w.program).first()
    return found or stored_report(w.program)
