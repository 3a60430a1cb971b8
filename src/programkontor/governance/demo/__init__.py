"""Governance demo data: meetings, decisions, mandates and the annual cycle on the demo portfolio.

Runs after the portfolio's demo (``programkontor demo``). The data are files in ``data/``: a story
per subject (``association.toml``, ``os2rollekatalog.toml``, ``os2forms.toml``; the format is in
:mod:`.stories`), the portfolio-wide decision log (``portfolio_log.toml``), more products' annual
cycle (``product_cycle.toml``) and how a meeting is set up (``meetings.toml``).

Idempotent: rows are matched on natural keys (a body's meeting on a day, a decision's product and
title, a mandate's title, an event's title and owner) and only what is missing is created. Dates
are relative to today, so the home page's "due in the next 30 days" always has something to show.
Every text is fictitious.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from programkontor.governance import models as governance_models
from programkontor.governance.demo import stories
from programkontor.governance.demo.loader import Loader

__all__ = ["delete_demo", "demo_totals", "load_demo"]

MODELS = (
    governance_models.DecisionLink,
    governance_models.AgendaItemReference,
    governance_models.AgendaAttachment,
    governance_models.Attendance,
    governance_models.AgendaItem,
    governance_models.Decision,
    governance_models.Mandate,
    governance_models.CycleEvent,
    governance_models.Meeting,
)

#: What the demo command's totals show of governance, counted in the database.
TOTALS: tuple[tuple[str, type[Any]], ...] = (
    ("Møder", governance_models.Meeting),
    ("Beslutninger", governance_models.Decision),
    ("Mandater", governance_models.Mandate),
    ("Årshjulsbegivenheder", governance_models.CycleEvent),
)
_CREATED_LABELS = {
    "meetings": "møder",
    "decisions": "beslutninger",
    "mandates": "mandater",
    "events": "årshjulsbegivenheder",
}


def load_demo(*, stdout: Any) -> list[str]:
    """Create what is missing of governance's demo; return one Danish line saying what was created.

    The totals are :func:`demo_totals`: the evaluation and economy demos add decisions and mandates.
    """
    loader = Loader()
    with transaction.atomic():
        stories.load(loader)
    created = loader.created
    if not any(created.values()):
        return ["Styring: demodata var allerede indlæst; intet nyt er oprettet."]
    parts = ", ".join(f"{count} {_CREATED_LABELS[key]}" for key, count in created.items() if count)
    return [f"Styring: oprettet {parts}."]


def demo_totals() -> list[tuple[str, int]]:
    return [(label, model._default_manager.count()) for label, model in TOTALS]


def delete_demo() -> None:
    """Delete governance's rows and their history (the portfolio's reset follows)."""
    governance_models.Decision.objects.filter(supersedes__isnull=False).update(supersedes=None)
    governance_models.Decision.objects.update(mandate=None, meeting=None, agenda_item=None)
    governance_models.Mandate.objects.update(granted_by_decision=None)
    governance_models.AgendaItem.objects.update(approves_meeting=None)
    governance_models.Meeting.objects.update(minutes_approved_at_meeting=None)
    for model in MODELS:
        model._default_manager.all().delete()
        model.history.all().delete()
