"""The annual cycle reads no more meetings than a month lists (PER_MONTH each), counts the rest per
month in SQL, and lists the first 50 recurring events: its queries do not grow with the meetings."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programkontor.governance.selectors import PER_MONTH
from programkontor.governance.views.cycle import EVENTS_LISTED
from tests.governance.factories import CycleEventFactory, MeetingFactory

YEAR = 2031


def meetings_in_march(world: Any, number: int) -> None:
    for index in range(number):
        day = 1 + index % 28
        MeetingFactory(
            body=world.steering,
            title=f"Marts-møde {index:03d}",
            starts_at=timezone.make_aware(datetime.datetime(YEAR, 3, day, 9 + index % 8)),
        )


def cycle(client: Any) -> str:
    return client.get(reverse("governance:cycle"), {"year": YEAR}).content.decode()


def march(page: str) -> str:
    start = page.index('aria-labelledby="month-3"')
    return page[start : page.index("</section>", start)]


def test_a_month_lists_its_first_dates_and_counts_the_others(world: Any, client: Any) -> None:
    meetings_in_march(world, PER_MONTH + 7)
    client.force_login(world["alice"])
    listed = march(cycle(client))
    assert listed.count("Marts-møde") == PER_MONTH
    assert "og 7 datoer mere" in listed
    assert "Marts-møde 000" in listed  # the 1st of March comes first


def test_the_queries_do_not_grow_with_the_meetings_or_the_events(world: Any, client: Any) -> None:
    client.force_login(world["alice"])
    meetings_in_march(world, 3)
    cycle(client)
    with CaptureQueriesContext(connection) as few:
        cycle(client)
    meetings_in_march(world, PER_MONTH * 2)
    for index in range(EVENTS_LISTED + 5):
        CycleEventFactory(title=f"Begivenhed {index:03d}", months=[5], day=2)
    with CaptureQueriesContext(connection) as many:
        page = cycle(client)
    assert len(many) == len(few)
    assert march(page).count("Marts-møde") == PER_MONTH
    events = page[page.index('id="events-heading"') :]
    assert events.count("Begivenhed ") == EVENTS_LISTED
    assert 'id="more-events"' in events
