"""The iCalendar feed of milestones (RFC 5545), built with ``icalendar``.

Each milestone is an all-day event on its date. The feed holds what the reader may see through the
gate: the public feed only published milestones of published products and programs, a personal
feed (a secret token in its address) what its user may see.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone
from icalendar import Event

from programkontor.core.ical import new_calendar
from programkontor.planning.models import Milestone, MilestoneStatus

STATUS_LABELS = {
    MilestoneStatus.PLANNED: "Planlagt",
    MilestoneStatus.MET: "Nået",
    MilestoneStatus.MISSED: "Ikke nået",
}


def milestone_calendar(milestones: Iterable[Milestone], *, name: str, base_url: str, host: str) -> bytes:
    calendar = new_calendar(name)
    stamp = timezone.now()
    for milestone in milestones:
        target = milestone.product if milestone.product_id else milestone.program
        status = STATUS_LABELS.get(MilestoneStatus(milestone.status), milestone.status)
        event = Event()
        event.add("uid", f"milestone-{milestone.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("last-modified", milestone.updated_at)
        event.add("dtstart", milestone.due_date)
        event.add("dtend", milestone.due_date + datetime.timedelta(days=1))
        event.add("summary", f"{target}: {milestone.title}" if target else milestone.title)
        event.add("description", f"Milepæl ({status}). {milestone.description}".strip())
        event.add("url", base_url + milestone.get_absolute_url())
        event.add("categories", ["Milepæl", str(target) if target else "OS2"])
        event.add("transp", "TRANSPARENT")
        if milestone.status == MilestoneStatus.MISSED:
            event.add("status", "CANCELLED")
        else:
            event.add("status", "CONFIRMED")
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
