"""What the reports show on other apps' pages: the reports issued to a meeting, on the meeting's page."""

from __future__ import annotations

from django.http import HttpRequest

from programkontor.core import gate
from programkontor.governance.models import Meeting
from programkontor.reports.models import BoardReport


def meeting_panel(request: HttpRequest, meeting: Meeting) -> dict[str, list[BoardReport]] | None:
    """The reports issued to ``meeting`` that the user may read (one query); nothing without any."""
    reports = list(
        gate.restrict(BoardReport, request.user, "view")
        .filter(meeting=meeting)
        .only("pk", "title", "issued_at")
        .order_by("issued_at", "pk")
    )
    return {"reports": reports} if reports else None
