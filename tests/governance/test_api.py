"""Governance's API: reads through the gate, writes through the services, versions checked."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework.test import APIClient

from programkontor.governance.models import Decision
from tests import factories as f
from tests.governance.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    DecisionFactory,
    MeetingFactory,
    at,
)


def client_for(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def test_a_member_records_a_decision_and_sets_it_to_decided_with_the_version(world: Any) -> None:
    dave = client_for(world["dave"])
    created = dave.post(
        reverse("api:decision-list"),
        {
            "title": "Ny leverandør",
            "date": "2026-06-01",
            "decided_by_body": world.steering.pk,
            "record_type": "strategic",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    url = reverse("api:decision-detail", args=[created.json()["id"]])
    assert created.json()["product"] == world.product.pk
    assert dave.patch(url, {"status": "decided"}, format="json").status_code == 428
    assert dave.patch(url, {"status": "decided"}, format="json", HTTP_IF_MATCH='"7"').status_code == 412
    done = dave.patch(url, {"status": "decided"}, format="json", HTTP_IF_MATCH='"1"')
    assert done.status_code == 200 and done["ETag"] == '"2"'
    assert Decision.objects.get(pk=created.json()["id"]).status == "decided"


def test_the_coordinator_cannot_set_the_groups_decision_to_decided(world: Any) -> None:
    decision = DecisionFactory(product=world.product, decided_by_body=world.steering)
    response = client_for(world["carol"]).patch(
        reverse("api:decision-detail", args=[decision.pk]), {"status": "decided", "version": 1}, format="json"
    )
    assert response.status_code == 400 and "status" in response.json()


def test_anonymous_readers_get_published_decisions_without_internal_fields(world: Any) -> None:
    DecisionFactory(product=world.published_product, title="Offentlig", is_published=True, notes="Hemmelig")
    DecisionFactory(product=world.product, title="Privat")
    rows = client_for().get(reverse("api:decision-list")).json()["results"]
    assert [row["title"] for row in rows] == ["Offentlig"]
    assert "notes" not in rows[0] and "source_fields" not in rows[0]


def test_filters_are_shared_with_the_pages(world: Any) -> None:
    DecisionFactory(product=world.product, title="Strategisk", record_type="strategic")
    DecisionFactory(product=world.product, title="Operationel", record_type="operational")
    rows = (
        client_for(world["alice"])
        .get(reverse("api:decision-list"), {"record_type": "strategic"})
        .json()["results"]
    )
    assert [row["title"] for row in rows] == ["Strategisk"]
    MeetingFactory(body=world.steering, title="Senere", starts_at=at(10))
    MeetingFactory(body=world.steering, title="Tidligere", starts_at=at(-10))
    rows = client_for(world["alice"]).get(reverse("api:meeting-list"), {"when": "upcoming"}).json()["results"]
    assert [row["title"] for row in rows] == ["Senere"]


def test_a_meetings_status_moves_through_the_transition_endpoint(world: Any) -> None:
    meeting = MeetingFactory(body=world.steering)
    url = reverse("api:meeting-transition", args=[meeting.pk])
    dave = client_for(world["dave"])
    refused = dave.post(url, {"target": "minutes_approved", "version": 1}, format="json")
    assert refused.status_code == 400
    assert (
        dave.post(url, {"target": "agenda_sent", "version": 1}, format="json").status_code == 400
    )  # empty agenda
    AgendaItemFactory(meeting=meeting)
    sent = dave.post(url, {"target": "agenda_sent", "version": 1}, format="json")
    assert sent.status_code == 200 and sent.json()["status"] == "agenda_sent"
    assert dave.post(url, {"target": "draft_agenda", "version": 1}, format="json").status_code == 409
    readonly = dave.patch(
        reverse("api:meeting-detail", args=[meeting.pk]),
        {"status": "minutes_approved", "version": 2},
        format="json",
    )
    meeting.refresh_from_db()
    assert readonly.status_code == 200 and meeting.status == "agenda_sent"


def test_approved_minutes_refuse_changes_through_the_api(world: Any) -> None:
    meeting = MeetingFactory(body=world.steering, status="minutes_approved")
    item = AgendaItemFactory(meeting=meeting)
    response = client_for(world["dave"]).patch(
        reverse("api:agendaitem-detail", args=[item.pk]), {"minutes": "Ændret", "version": 1}, format="json"
    )
    assert response.status_code == 409


def test_published_attendance_names_only_public_people(world: Any) -> None:
    body = f.BodyFactory(product=world.published_product, is_published=True)
    meeting = MeetingFactory(body=body, status="minutes_approved", is_published=True)
    AttendanceFactory(
        meeting=meeting, person=f.PersonFactory(first_name="Åben", is_public=True), status="present"
    )
    AttendanceFactory(
        meeting=meeting, person=f.PersonFactory(first_name="Lukket", is_public=False), status="present"
    )
    rows = client_for().get(reverse("api:attendance-list")).json()["results"]
    assert [row["display"].split()[0] for row in rows] == ["Åben"]
    meeting_row = client_for().get(reverse("api:meeting-detail", args=[meeting.pk])).json()
    assert "notes" not in meeting_row


def test_references_name_their_target_as_app_model_pk(world: Any) -> None:
    meeting = MeetingFactory(body=world.steering)
    item = AgendaItemFactory(meeting=meeting)
    decision = DecisionFactory(product=world.product)
    hidden = DecisionFactory(product=world.other_product)
    carol = client_for(world["carol"])
    ok = carol.post(
        reverse("api:agendareference-list"),
        {"item": item.pk, "target": f"governance.decision:{decision.pk}"},
        format="json",
    )
    assert ok.status_code == 201 and ok.json()["target_type"] == "governance.decision"
    refused = carol.post(
        reverse("api:agendareference-list"),
        {"item": item.pk, "target": f"governance.decision:{hidden.pk}"},
        format="json",
    )
    assert refused.status_code == 400


def test_names_kept_as_text_are_internal_in_the_api(world: Any) -> None:
    body = f.BodyFactory(product=world.published_product, is_published=True)
    meeting = MeetingFactory(
        body=body, status="minutes_approved", is_published=True, chair_name="Frida Formand"
    )
    item = AgendaItemFactory(meeting=meeting, section="1. Formalia", owner_name="Ole Opgave")
    url = reverse("api:meeting-detail", args=[meeting.pk])
    assert "chair_name" not in client_for().get(url).json()
    assert client_for(world["alice"]).get(url).json()["chair_name"] == "Frida Formand"
    item_url = reverse("api:agendaitem-detail", args=[item.pk])
    public_item = client_for().get(item_url).json()
    assert public_item["section"] == "1. Formalia"
    assert "owner_name" not in public_item
    assert client_for(world["alice"]).get(item_url).json()["owner_name"] == "Ole Opgave"
