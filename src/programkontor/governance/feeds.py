"""iCalendar: a meeting's invitation and the feeds of a person, a body and the public annual cycle."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from icalendar import Event, vCalAddress, vText

from programkontor.core.ical import new_calendar, one_line
from programkontor.governance.models import Meeting
from programkontor.governance.selectors import Occurrence
from programkontor.portfolio.models import Person


def _uid(kind: str, pk: Any) -> str:
    return f"{kind}-{pk}@programkontor.os2"


def meeting_event(
    meeting: Meeting,
    *,
    base_url: str,
    agenda: Iterable[Any] = (),
    attendees: Iterable[Any] = (),
    sequence: int | None = None,
    cancelled: bool = False,
) -> Event:
    """The meeting as an event; its UID is the meeting's for good, its SEQUENCE the meeting's version
    (which grows with every change), or ``sequence``."""
    event = Event()
    event.add("uid", _uid("meeting", meeting.pk))
    event.add("sequence", meeting.version if sequence is None else sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at or meeting.starts_at + datetime.timedelta(hours=1))
    event.add("summary", one_line(meeting.display_title))
    location = meeting.location or meeting.video_url
    if location:
        event.add("location", one_line(location))
    url = base_url + meeting.get_absolute_url()
    event.add("url", url)
    lines = [str(item) for item in agenda]
    description = "\n".join(lines)
    if meeting.video_url:
        description = f"{meeting.video_url}\n\n{description}"
    event.add("description", f"{description}\n\n{url}".strip())
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    for person in attendees:
        if getattr(person, "email", ""):
            attendee = vCalAddress(f"mailto:{person.email}")
            attendee.params["cn"] = vText(one_line(person.full_name))
            attendee.params["role"] = vText("REQ-PARTICIPANT")
            event.add("attendee", attendee, encode=False)
    return event


def organizer(meeting: Meeting, *, internal: bool = False) -> Person | None:
    """The person who organises the meeting, as far as an e-mail address says: the chair, else the
    minute-taker; None when neither has an address. Outside ``internal`` only public contacts."""
    for person in (meeting.chair, meeting.minute_taker):
        if person is not None and person.email and (internal or person.is_public):
            return person
    return None


def invitation(
    meeting: Meeting,
    *,
    base_url: str,
    agenda: Iterable[Any],
    attendees: Iterable[Any],
    internal: bool = False,
    mailed_by: tuple[str, str] | None = None,
    sequence: int | None = None,
    cancel: bool = False,
) -> bytes:
    """The .ics a member imports (or the secretary mails): one event with the agenda and attendees.

    A request (``METHOD:REQUEST``) must name its organiser (RFC 5546): the chair, else the
    minute-taker (for a reader who may not see internal names, only a public contact), else
    ``mailed_by`` (name, address: the program office when it mails the invitation itself). When there
    is none the invitation is published (``METHOD:PUBLISH``) instead, which calendars import as an
    event without replies. ``cancel`` makes it the cancellation (``METHOD:CANCEL``) of the event."""
    person = organizer(meeting, internal=internal)
    sender = (person.full_name, person.email) if person is not None else mailed_by
    method = "PUBLISH" if sender is None else ("CANCEL" if cancel else "REQUEST")
    calendar = new_calendar(meeting.display_title, method=method)
    event = meeting_event(
        meeting, base_url=base_url, agenda=agenda, attendees=attendees, sequence=sequence, cancelled=cancel
    )
    if sender is not None:
        address = vCalAddress(f"mailto:{sender[1]}")
        address.params["cn"] = vText(one_line(sender[0]))
        event.add("organizer", address, encode=False)
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def feed(
    name: str, meetings: Iterable[Meeting], occurrences: Iterable[Occurrence], *, base_url: str
) -> bytes:
    """A subscribable feed: meetings and the annual cycle's dates (all-day unless they have a time)."""
    calendar = new_calendar(name)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, base_url=base_url))
    tz = timezone.get_current_timezone()
    for occurrence in occurrences:
        event = Event()
        event_id = occurrence.event.pk if occurrence.event is not None else occurrence.title
        event.add("uid", _uid("cycle", f"{event_id}-{occurrence.date:%Y%m%d}"))
        event.add("dtstamp", timezone.now())
        if occurrence.time is not None:
            starts = datetime.datetime.combine(occurrence.date, occurrence.time, tzinfo=tz)
            event.add("dtstart", starts)
            minutes = (
                occurrence.event.duration_minutes
                if occurrence.event and occurrence.event.duration_minutes
                else 60
            )
            event.add("dtend", starts + datetime.timedelta(minutes=minutes))
        else:
            event.add("dtstart", occurrence.date)
            event.add("dtend", occurrence.date + datetime.timedelta(days=1))
        event.add("summary", one_line(occurrence.title))
        event.add("description", occurrence.context)
        event.add("url", base_url + occurrence.url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
