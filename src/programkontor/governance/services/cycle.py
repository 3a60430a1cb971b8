"""The annual cycle: meetings generated from a recurring event."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programkontor.governance.models import (
    CycleEvent,
    Meeting,
)
from programkontor.governance.services.meetings import create_meeting

if TYPE_CHECKING:
    from programkontor.core.actors import Actor


@transaction.atomic
def generate_meetings(event: CycleEvent, *, actor: Actor, until: datetime.date) -> list[Meeting]:
    """Create the body's meetings from a recurring event up to ``until`` (skipping days that already
    have a meeting of the body). Each new meeting starts as a draft agenda."""
    if event.body_id is None:
        raise ValidationError(_("Only an event with a body creates meetings."))
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    taken = {
        timezone.localdate(starts)
        for starts in Meeting.objects.filter(body_id=event.body_id, starts_at__date__gte=today).values_list(
            "starts_at", flat=True
        )
    }
    created = []
    start_time = event.start_time or datetime.time(10, 0)
    for day in event.dates(today, until):
        if day in taken:
            continue
        starts = datetime.datetime.combine(day, start_time, tzinfo=tz)
        ends = starts + datetime.timedelta(minutes=event.duration_minutes) if event.duration_minutes else None
        created.append(
            create_meeting(
                actor=actor,
                fields={
                    "body_id": event.body_id,
                    "title": event.title,
                    "starts_at": starts,
                    "ends_at": ends,
                    "location": event.location,
                },
            )
        )
    return created
