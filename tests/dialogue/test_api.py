"""The dialogue log's API: entries with their organisations, people and follow-ups, through the gate;
only organisations and people the writer may see; the owner marks a follow-up done."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from rest_framework.test import APIClient

from programkontor.dialogue.models import Entry
from tests.conftest import World
from tests.dialogue.factories import entry_world, follow_up_world


def test_an_entry_reads_with_its_organisations_people_and_follow_ups(
    world: World, api: Callable[[str | None], APIClient]
) -> None:
    entry = entry_world(world)
    data = api("bob").get(reverse("api:dialogue-entry-detail", args=[entry.pk])).json()
    assert data["title"] == "Opkald med Leverandør ApS" and data["organisations"] == [world.supplier.pk]
    assert data["author"] == world["alice"].pk
    [follow_up] = data["follow_ups"]
    assert follow_up["text"] == "Send referatet til styregruppen" and follow_up["done_on"] is None
    assert api("erin").get(reverse("api:dialogue-entry-list")).json()["count"] == 0


def test_the_list_filters_by_organisation_and_kind(
    world: World, api: Callable[[str | None], APIClient]
) -> None:
    entry_world(world)
    client = api("alice")
    url = reverse("api:dialogue-entry-list")
    assert client.get(url, {"organisation": world.supplier.pk}).json()["count"] == 1
    assert client.get(url, {"organisation": world.municipality.pk}).json()["count"] == 0
    assert client.get(url, {"kind": "workshop"}).json()["count"] == 0
    assert client.get(url, {"date_from": "not a date"}).status_code == 400


def test_carol_logs_an_entry_and_is_its_author(world: World, api: Callable[[str | None], APIClient]) -> None:
    response = api("carol").post(
        reverse("api:dialogue-entry-list"),
        {
            "kind": "site_visit",
            "party": "member",
            "date": "2026-11-30",
            "title": "Besøg i Testrup",
            "product": world.product.pk,
            "organisations": [world.municipality.pk],
            "people": [world["dave"].person.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    entry = Entry.objects.get(title="Besøg i Testrup")
    assert entry.author == world["carol"] and list(entry.people.all()) == [world["dave"].person]


def test_an_unknown_organisation_is_refused_and_nothing_is_saved(
    world: World, api: Callable[[str | None], APIClient]
) -> None:
    # (Everyone who may log dialogue may see every organisation and person: they are master data to
    # pick from. The serializer still checks the gate for the many-to-many choices.)
    response = api("carol").post(
        reverse("api:dialogue-entry-list"),
        {"kind": "call", "party": "member", "date": "2026-11-30", "title": "X", "organisations": [999_999]},
        format="json",
    )
    assert response.status_code == 400 and "organisations" in response.json()
    assert not Entry.objects.filter(title="X").exists()


def test_a_patch_keeps_the_organisations_it_does_not_name(
    world: World, api: Callable[[str | None], APIClient]
) -> None:
    entry = entry_world(world)
    response = api("bob").patch(
        reverse("api:dialogue-entry-detail", args=[entry.pk]),
        {"title": "Opkald om release"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.title == "Opkald om release" and list(entry.organisations.all()) == [world.supplier]
    stale = api("bob").patch(
        reverse("api:dialogue-entry-detail", args=[entry.pk]),
        {"title": "Igen"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert stale.status_code == 412


def test_the_owner_marks_the_follow_up_done(world: World, api: Callable[[str | None], APIClient]) -> None:
    follow_up = follow_up_world(world)
    url = reverse("api:dialogue-follow-up-detail", args=[follow_up.pk])
    response = api("dave").patch(url, {"done_on": "2026-12-01"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200 and response.json()["done_on"] == "2026-12-01"
    # Handing it to someone else would take it out of dave's reach: refused, nothing changed.
    refused = api("dave").patch(url, {"owner": world["carol"].person.pk}, format="json", HTTP_IF_MATCH='"2"')
    assert refused.status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.owner == world["dave"].person
