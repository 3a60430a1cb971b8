"""Input that once made the server fail (500) is answered as what it is: a bad request (400), or a page
that ignores the filter it cannot use. Found by schemathesis and by hand (issue 10, defect 8)."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

import django_filters
import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from icalendar import Calendar
from rest_framework.test import APIClient

from programkontor.portfolio.filters import GatedFilterSet
from tests.governance.factories import AgendaItemFactory, MeetingFactory
from tests.planning.factories import TimeboxFactory

BAD_YEARS = ["0", "-1", "10000", "99999999999", "1e400", "x"]


def api_client(world: Any, name: str | None) -> APIClient:
    client = APIClient()
    if name:
        client.force_authenticate(world[name])
    return client


@pytest.mark.parametrize(
    "route", ["api:decision-list", "api:actual-list", "api:budget-list", "api:tariffsheet-list"]
)
@pytest.mark.parametrize("user", [None, "alice"])
@pytest.mark.parametrize("year", BAD_YEARS)
def test_a_year_that_no_date_has_is_a_bad_request(
    world: Any, route: str, user: str | None, year: str
) -> None:
    response = api_client(world, user).get(reverse(route), {"year": year})

    assert response.status_code == 400, response.content
    assert "year" in response.json()


@pytest.mark.parametrize("route", ["api:decision-list", "api:actual-list"])
def test_a_real_year_still_filters(world: Any, route: str) -> None:
    response = api_client(world, "alice").get(reverse(route), {"year": "2026"})

    assert response.status_code == 200


@pytest.mark.parametrize("page", ["governance:decision_list", "economy:actual_list", "economy:budget_list"])
@pytest.mark.parametrize("year", ["0", "99999999999"])
def test_a_web_list_ignores_a_year_it_cannot_use(world: Any, page: str, year: str) -> None:
    client = Client()
    client.force_login(world["alice"])

    assert client.get(reverse(page), {"year": year}).status_code == 200


@pytest.mark.parametrize("user", [None, "alice", "carol"])
def test_agenda_references_can_be_searched(world: Any, user: str | None) -> None:
    item = AgendaItemFactory(meeting=MeetingFactory(body=world.steering), title="Budgetopfølgning")
    response = api_client(world, user).get(reverse("api:agendareference-list"), {"q": "budget"})

    assert response.status_code == 200, response.content
    assert item.pk  # the search runs on the item's title (nothing refers to it yet)


def _filter_sets() -> list[type[GatedFilterSet]]:
    for config in apps.get_app_configs():
        if config.name.startswith("programkontor.") and importlib.util.find_spec(f"{config.name}.filters"):
            importlib.import_module(f"{config.name}.filters")
    found: list[type[GatedFilterSet]] = []
    pending = list(GatedFilterSet.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if getattr(getattr(cls, "Meta", None), "model", None) is not None:
            found.append(cls)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


@pytest.mark.parametrize("filter_set", _filter_sets(), ids=lambda cls: cls.__name__)
def test_every_search_runs_on_fields_its_model_has(db: Any, filter_set: type[GatedFilterSet]) -> None:
    if "q" not in filter_set.base_filters:
        pytest.skip("no search")
    found = filter_set({"q": "ord to"}, queryset=filter_set.Meta.model.objects.all())

    assert found.is_valid()
    list(found.qs[:1])  # runs the query: a field the model lacks raises FieldError


@pytest.mark.parametrize("filter_set", _filter_sets(), ids=lambda cls: cls.__name__)
def test_no_number_filter_takes_a_number_the_database_cannot_hold(filter_set: type[GatedFilterSet]) -> None:
    for name, declared in filter_set.base_filters.items():
        if isinstance(declared, django_filters.NumberFilter):
            field = declared.field
            assert field.min_value is not None and field.max_value is not None, f"{name} is unbounded"


@pytest.mark.parametrize("shrink", ["1e400", "-1", "1000001", "NaN", "Infinity", "x"])
def test_the_moscow_analysis_refuses_a_shrink_it_cannot_count(world: Any, shrink: str) -> None:
    timebox = TimeboxFactory(product=world.product)
    response = api_client(world, "alice").get(
        reverse("api:timebox-moscow", args=[timebox.pk]), {"shrink": shrink}
    )

    assert response.status_code == 400, response.content
    assert "shrink" in response.json()


def test_the_moscow_analysis_takes_a_large_but_countable_shrink(world: Any) -> None:
    timebox = TimeboxFactory(product=world.product)
    url = reverse("api:timebox-moscow", args=[timebox.pk])

    response = api_client(world, "alice").get(url, {"shrink": "1000000"})

    assert response.status_code == 200, response.content
    assert response.json()["if_capacity_shrinks"]["by_hours"] == 1000000


def test_a_meeting_title_on_two_lines_gives_a_valid_invitation(world: Any) -> None:
    meeting = MeetingFactory(
        body=world.steering, title="Styregruppemøde\r\nekstraordinært", location="Rum 1\nBygning B"
    )
    AgendaItemFactory(meeting=meeting, title="Punkt\npå to linjer")
    client = Client()
    client.force_login(world["alice"])

    response = client.get(reverse("governance:meeting_ics", args=[meeting.pk]))

    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    event = calendar.walk("VEVENT")[0]
    assert str(calendar["X-WR-CALNAME"]).startswith("Styregruppemøde ekstraordinært")
    assert str(event["SUMMARY"]).startswith("Styregruppemøde ekstraordinært")
    assert str(event["LOCATION"]) == "Rum 1 Bygning B"
    assert "Punkt\npå to linjer" in str(event["DESCRIPTION"])
