"""Creating one meeting, decision, mandate or annual-cycle event of the demo, unless it exists."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from programkontor.core import services
from programkontor.governance import services as governance
from programkontor.governance.models import (
    AgendaAttachment,
    AttendanceStatus,
    CycleEvent,
    Decision,
    Mandate,
    Meeting,
    MeetingStatus,
)
from programkontor.portfolio.demo.files import read_toml
from programkontor.portfolio.models import Body

PACKAGE = "programkontor.governance.demo"


class Loader:
    """Creates what is missing, matched on natural keys, and counts what it created."""

    def __init__(self) -> None:
        self.created: dict[str, int] = {"meetings": 0, "decisions": 0, "mandates": 0, "events": 0}
        self.today = timezone.localdate()
        self.tz = timezone.get_current_timezone()
        self.setup = read_toml(PACKAGE, "meetings.toml")

    def at(self, days: int) -> datetime.datetime:
        day = self.today + datetime.timedelta(days=days)
        return datetime.datetime.combine(day, datetime.time(self.setup["hour"], 0), tzinfo=self.tz)

    def meeting(
        self,
        body: Body,
        days: int,
        title: str,
        items: list[dict[str, str]],
        *,
        status: str,
        location: str | None = None,
        publish: bool = False,
        absent: int = 0,
        apologies: int = 0,
    ) -> Meeting:
        """The body's meeting ``days`` from today, taken as far as ``status``; ``items`` are the
        agenda items (title, description and, once the minutes are written, minutes)."""
        setup = self.setup
        starts = self.at(days)
        existing = Meeting.objects.filter(body=body, starts_at__date=starts.date()).first()
        if existing is not None:
            return existing
        meeting = governance.create_meeting(
            actor=None,
            fields={
                "body": body,
                "title": title,
                "starts_at": starts,
                "ends_at": starts + datetime.timedelta(minutes=setup["duration_minutes"]),
                "location": location or setup["location"],
                "video_url": setup["video_url"] + body.name.lower().replace(" ", "-"),
            },
        )
        self.created["meetings"] += 1
        for position, spec in enumerate(items, start=2):
            item = governance.add_agenda_item(
                actor=None,
                meeting=meeting,
                fields={
                    "title": spec["title"],
                    "description": spec["description"],
                    "duration_minutes": setup["item_minutes"],
                    "position": position,
                },
            )
            if position == 2:
                services.create(AgendaAttachment, actor=None, fields={"item": item, **setup["attachment"]})
            minutes = spec.get("minutes", "")
            if minutes and status in (MeetingStatus.MINUTES_READY, MeetingStatus.MINUTES_APPROVED):
                services.update(item, actor=None, expected_version=item.version, changes={"minutes": minutes})
        if status == MeetingStatus.DRAFT_AGENDA:
            return meeting
        meeting = governance.transition_meeting(
            meeting, actor=None, expected_version=meeting.version, target=MeetingStatus.AGENDA_SENT
        )
        if status == MeetingStatus.AGENDA_SENT:
            return meeting
        attendances = list(meeting.attendances.order_by("pk"))
        statuses = {}
        for index, attendance in enumerate(attendances):
            if index < absent:
                statuses[attendance.pk] = (AttendanceStatus.ABSENT, "")
            elif index < absent + apologies:
                statuses[attendance.pk] = (AttendanceStatus.APOLOGIES, setup["apologies_note"])
            else:
                statuses[attendance.pk] = (AttendanceStatus.PRESENT, "")
        governance.record_attendance(actor=None, meeting=meeting, statuses=statuses)
        meeting.refresh_from_db()
        meeting = governance.transition_meeting(
            meeting, actor=None, expected_version=meeting.version, target=MeetingStatus.MINUTES_READY
        )
        if status == MeetingStatus.MINUTES_APPROVED:
            # Approved at the body's next meeting once it has taken place; until then by circulation.
            following = (
                Meeting.objects.filter(
                    body=body, starts_at__gt=meeting.starts_at, starts_at__lte=timezone.now()
                )
                .order_by("starts_at")
                .first()
            )
            meeting = governance.transition_meeting(
                meeting,
                actor=None,
                expected_version=meeting.version,
                target=MeetingStatus.MINUTES_APPROVED,
                at_meeting=following,
                publish=publish,
            )
        return meeting

    def decision(self, title: str, **fields: Any) -> Decision:
        """The product's decision titled ``title`` (``fields`` must name the product, maybe None)."""
        existing = Decision.objects.filter(product=fields["product"], title=title).first()
        if existing is not None:
            return existing
        publish = fields.pop("publish", False)
        decision = services.create(Decision, actor=None, fields={"title": title, **fields})
        if publish:
            decision = services.set_published(
                decision, actor=None, expected_version=decision.version, published=True
            )
        self.created["decisions"] += 1
        return decision

    def mandate(self, title: str, **fields: Any) -> Mandate:
        existing = Mandate.objects.filter(title=title).first()
        if existing is not None:
            return existing
        publish = fields.pop("publish", False)
        mandate = services.create(Mandate, actor=None, fields={"title": title, **fields})
        if publish:
            services.set_published(mandate, actor=None, expected_version=mandate.version, published=True)
        self.created["mandates"] += 1
        return mandate

    def event(self, title: str, **fields: Any) -> CycleEvent:
        if fields.get("body") is not None:
            existing = CycleEvent.objects.filter(title=title, body=fields["body"]).first()
        else:
            existing = CycleEvent.objects.filter(
                title=title, product=fields.get("product"), program=fields.get("program"), body=None
            ).first()
        if existing is not None:
            return existing
        publish = fields.pop("publish", False)
        event = services.create(CycleEvent, actor=None, fields={"title": title, **fields})
        if publish:
            services.set_published(event, actor=None, expected_version=event.version, published=True)
        self.created["events"] += 1
        return event
