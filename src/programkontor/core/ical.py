"""iCalendar (RFC 5545) pieces every app's feeds share: the calendar's header and the HTTP response."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from icalendar import Calendar, vText

PRODID = "-//OS2//Programkontor//DA"


def one_line(text: str) -> str:
    """``text`` on one line: line breaks and runs of white space become one space."""
    return " ".join(text.split())


def new_calendar(name: str, *, method: str = "PUBLISH") -> Calendar:
    """An empty calendar named ``name`` (on one line: a calendar's name has no line breaks) in the
    site's time zone."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", vText(one_line(name)))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def calendar_response(data: bytes, filename: str) -> HttpResponse:
    """A feed for calendar clients: shown inline, cached privately for five minutes."""
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
