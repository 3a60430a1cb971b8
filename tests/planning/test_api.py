"""Planning through the API: CRUD through the gate, filters, the priority reason, moves and status,
the MoSCoW analysis, the week plan, and optimistic locking (ETag 412 / 409 / 428)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework.test import APIClient

from programkontor.planning.models import Indicator, WorkItem
from tests.planning.factories import WorkItemFactory


def api(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def rows(response: Any, field: str = "title") -> set[Any]:
    assert response.status_code == 200, response.content
    return {row[field] for row in response.json()["results"]}


def test_lists_show_what_the_reader_may_see(world: Any, pw: Any) -> None:
    url = reverse("api:workitem-list")
    assert rows(api().get(url)) == {"Gamma-opgave"}
    assert rows(api(world["erin"]).get(url)) == {"Alpha-opgave", "Gamma-opgave"}
    assert rows(api(world["bob"]).get(url)) == {"Alpha-opgave", "Gamma-opgave"}
    assert rows(api(world["mallory"]).get(url)) == {"Gamma-opgave"}
    assert rows(api(world["mallory"]).get(reverse("api:risk-list"))) == set()
    assert rows(api(world["dave"]).get(reverse("api:risk-list"))) == {"Alpha-risiko"}


def test_published_readers_do_not_get_internal_fields(world: Any, pw: Any) -> None:
    WorkItem.objects.filter(pk=pw.public_item.pk).update(notes="intern", estimated_cost="100.00")
    anonymous = api().get(reverse("api:workitem-detail", args=[pw.public_item.pk])).json()
    assert "notes" not in anonymous and "estimated_cost" not in anonymous
    timebox = api().get(reverse("api:timebox-detail", args=[pw.public_timebox.pk])).json()
    assert "capacity_hours" not in timebox and "capacity" not in timebox
    inside = api(world["grace"]).get(reverse("api:workitem-detail", args=[pw.public_item.pk])).json()
    assert inside["notes"] == "intern" and inside["estimated_cost"] == "100.00"


def test_filters_are_shared_with_the_pages(world: Any, pw: Any) -> None:
    WorkItemFactory(timebox=pw.timebox, product=world.product, title="Mærket", tags=["gdpr"], priority="must")
    client = api(world["bob"])
    url = reverse("api:workitem-list")
    assert rows(client.get(url, {"tag": "gdpr"})) == {"Mærket"}
    assert rows(client.get(url, {"priority": "must"})) == {"Mærket"}
    assert rows(client.get(url, {"timebox": pw.timebox.pk})) == {"Alpha-opgave", "Mærket"}
    assert rows(client.get(reverse("api:risk-list"), {"level": "medium"})) == {"Alpha-risiko"}
    assert rows(client.get(reverse("api:risk-list"), {"level": "high"})) == set()


def test_a_priority_change_through_the_api_needs_a_reason(world: Any, pw: Any) -> None:
    client = api(world["carol"])
    url = reverse("api:workitem-detail", args=[pw.item.pk])
    response = client.patch(url, {"priority": "must"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 400 and "reason" in response.json()
    response = client.patch(
        url, {"priority": "must", "reason": "Aftalt i styregruppen"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200, response.content
    assert response["ETag"] == '"2"'
    assert "reason" not in response.json()
    item = WorkItem.objects.get(pk=pw.item.pk)
    assert item.history.first().history_change_reason == "Aftalt i styregruppen"


def test_stale_writes_are_refused_412_409_and_428(world: Any, pw: Any) -> None:
    client = api(world["carol"])
    url = reverse("api:workitem-detail", args=[pw.item.pk])
    assert client.patch(url, {"title": "x"}, format="json", HTTP_IF_MATCH='"9"').status_code == 412
    assert client.patch(url, {"title": "x", "version": 9}, format="json").status_code == 409
    assert client.patch(url, {"title": "x"}, format="json").status_code == 428
    assert WorkItem.objects.get(pk=pw.item.pk).title == "Alpha-opgave"


def test_create_propose_and_delete_archives(world: Any, pw: Any, cora: Any) -> None:
    created = api(world["bob"]).post(
        reverse("api:workitem-list"),
        {
            "title": "Ny",
            "product": world.product.pk,
            "priority": "should",
            "status": "agreed",
            "estimate_hours": "4",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "agreed" and created.json()["rank"] == 1
    proposed = api(cora).post(
        reverse("api:workitem-list"),
        {"title": "Forslag", "product": world.product.pk, "status": "agreed", "is_published": True},
        format="json",
    )
    assert proposed.status_code == 201, proposed.content
    assert proposed.json()["status"] == "proposed" and proposed.json()["is_published"] is False
    deleted = api(world["bob"]).delete(
        reverse("api:workitem-detail", args=[created.json()["id"]]),
        HTTP_IF_MATCH=f'"{created.json()["version"]}"',
    )
    assert deleted.status_code == 204
    assert WorkItem.objects.get(pk=created.json()["id"]).archived_at is not None


def test_moving_and_status_through_the_api(world: Any, pw: Any) -> None:
    moved = api(world["dave"]).post(
        reverse("api:workitem-move", args=[pw.item.pk]),
        {"priority": "must", "reason": "Mandat", "version": 1},
    )
    assert moved.status_code == 200 and moved.json()["priority"] == "must"
    assert moved.json()["prioritised_by"] == world.steering.pk
    stale = api(world["bob"]).post(
        reverse("api:workitem-move", args=[pw.item.pk]), {"priority": "could", "reason": "x", "version": 1}
    )
    assert stale.status_code == 409
    done = api(world["erin"]).post(
        reverse("api:workitem-status", args=[pw.item.pk]), {"status": "done", "version": 2}
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    refused = api(world["erin"]).post(
        reverse("api:workitem-status", args=[pw.item.pk]), {"status": "dropped", "version": 3}
    )
    assert refused.status_code == 400


def test_the_moscow_endpoint_gives_hours_shares_warnings_and_the_drop_list(world: Any, pw: Any) -> None:
    WorkItemFactory(
        timebox=pw.timebox, product=world.product, priority="must", estimate_hours=70, title="Stor"
    )
    data = api(world["bob"]).get(reverse("api:timebox-moscow", args=[pw.timebox.pk]), {"shrink": "25"}).json()
    assert data["capacity"] == 100.0
    assert data["hours"] == {"MUST": 70.0, "SHOULD": 0.0, "COULD": 10.0, "WONT": 0.0}
    assert [w["code"] for w in data["warnings"]] == ["must_over_60", "could_under_20"]
    assert data["drop"] == [] and data["fits"] is True
    shrunk = data["if_capacity_shrinks"]
    assert shrunk["by_hours"] == 25.0 and [d["title"] for d in shrunk["drop"]] == ["Alpha-opgave"]
    assert (
        api(world["bob"])
        .get(reverse("api:timebox-moscow", args=[pw.timebox.pk]), {"shrink": "x"})
        .status_code
        == 400
    )
    assert api(world["erin"]).get(reverse("api:timebox-moscow", args=[pw.timebox.pk])).status_code == 404


def test_the_week_endpoint_plans_the_iso_week(world: Any, pw: Any) -> None:
    data = (
        api(world["bob"])
        .get(reverse("api:roleplan-week", args=[pw.plan.pk]), {"year": 2025, "week": 16})
        .json()
    )
    assert data["available_hours"] == 22.2
    assert [d["label"] for d in data["days_off"]] == ["Skærtorsdag", "Langfredag"]
    assert data["tasks"][0]["fit"] == "planned" and data["tasks"][0]["recurring"] is True
    bad = api(world["bob"]).get(reverse("api:roleplan-week", args=[pw.plan.pk]), {"year": 2025, "week": 53})
    assert bad.status_code == 400


def test_a_new_measurement_through_the_api_updates_the_indicator(world: Any, pw: Any) -> None:
    response = api(world["bob"]).post(
        reverse("api:indicatorreading-list"),
        {"indicator": pw.indicator.pk, "date": "2026-01-01", "value": "45"},
    )
    assert response.status_code == 201, response.content
    indicator = Indicator.objects.get(pk=pw.indicator.pk)
    assert indicator.current_value == 45
    detail = api(world["bob"]).get(reverse("api:indicator-detail", args=[indicator.pk])).json()
    assert detail["progress"] == 87.5


def test_the_schema_describes_the_planning_endpoints(world: Any) -> None:
    schema = api().get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json").content.decode()
    for path in (
        "/api/work-items/{id}/move/",
        "/api/timeboxes/{id}/moscow/",
        "/api/role-plans/{id}/week/",
        "/api/risks/",
    ):
        assert path in schema
