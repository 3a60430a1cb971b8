"""Writing through the API: create, versioned update (ETag / If-Match, 409/412/428) and delete or
archive — every write recorded in history with the user who made it."""

from __future__ import annotations

from typing import Any

import pytest

from programkontor.core import services
from programkontor.portfolio.models import (
    Body,
    Membership,
    Organisation,
    Participation,
    Person,
    Product,
    Program,
    RoleAssignment,
)
from tests import factories as f
from tests.api.conftest import detail_url, list_url

# One changeable field per endpoint, on an object of the shared world.
EDITS = [
    ("program", lambda w: w.program, "summary", "Et nyt resumé"),
    ("product", lambda w: w.product, "summary", "Et nyt resumé"),
    ("organisation", lambda w: w.municipality, "description", "En ny beskrivelse"),
    ("person", lambda w: w["bob"].person, "title", "Programleder"),
    ("body", lambda w: w.steering, "description", "Et nyt mandat"),
    ("participation", lambda w: Participation.objects.get(product=w.product), "notes", "Betalt"),
    ("membership", lambda w: Membership.objects.get(body=w.steering), "role", "chair"),
    (
        "roleassignment",
        lambda w: RoleAssignment.objects.get(person__user=w["carol"]),
        "start_date",
        "2024-01-01",
    ),
]
EDIT_IDS = [edit[0] for edit in EDITS]


def stored(obj: Any, field: str) -> Any:
    value = getattr(type(obj).objects.get(pk=obj.pk), field)
    return value.isoformat() if hasattr(value, "isoformat") else value


# Create


def test_it_creates_a_product_and_records_the_user_in_history(world: Any, api: Any) -> None:
    response = api("alice").post(
        list_url("product"),
        {"name": "OS2ny", "program": world.program.pk, "kind": "product", "stage": "product", "level": "1"},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "os2ny"
    assert body["version"] == 1
    product = Product.objects.get(pk=body["id"])
    assert product.program == world.program
    assert product.is_published is False
    record = product.history.get()
    assert record.history_type == "+"
    assert record.history_user == world["alice"]


@pytest.mark.parametrize(
    ("basename", "payload"),
    [
        ("program", lambda w: {"name": "Digitalisering", "summary": "Nyt program"}),
        (
            "organisation",
            lambda w: {"name": "Nyby Kommune", "kind": "municipality", "municipality_code": "555"},
        ),
        ("person", lambda w: {"first_name": "Ny", "last_name": "Person", "organisation": w.municipality.pk}),
        ("body", lambda w: {"kind": "coordination", "name": "Koordinationsgruppen", "product": w.product.pk}),
        (
            "participation",
            lambda w: {
                "product": w.published_product.pk,
                "organisation": w.municipality.pk,
                "accession_date": "2024-01-01",
            },
        ),
        (
            "membership",
            lambda w: {"body": w.steering.pk, "person": w["mallory"].person.pk, "role": "secretary"},
        ),
        (
            "roleassignment",
            lambda w: {"person": w["mallory"].person.pk, "role": "product_owner", "product": w.product.pk},
        ),
    ],
)
def test_the_secretariat_creates_every_kind_of_object(
    world: Any, api: Any, basename: str, payload: Any
) -> None:
    response = api("alice").post(list_url(basename), payload(world))

    assert response.status_code == 201, response.content
    viewset_model = {
        "program": Program,
        "organisation": Organisation,
        "person": Person,
        "body": Body,
        "participation": Participation,
        "membership": Membership,
        "roleassignment": RoleAssignment,
    }[basename]
    created = viewset_model.objects.get(pk=response.json()["id"])
    assert created.history.get().history_user == world["alice"]


def test_a_version_sent_on_create_is_ignored(world: Any, api: Any) -> None:
    response = api("alice").post(list_url("program"), {"name": "Nyt", "version": 7})

    assert response.status_code == 201
    assert Program.objects.get(name="Nyt").version == 1


def test_anonymous_may_not_write(world: Any, api: Any) -> None:
    response = api(None).post(list_url("program"), {"name": "Anonymt"})

    assert response.status_code == 401
    assert not Program.objects.filter(name="Anonymt").exists()


def test_a_user_without_the_add_permission_is_denied(world: Any, api: Any) -> None:
    response = api("mallory").post(
        list_url("product"), {"name": "OS2mallory", "kind": "project", "stage": "idea", "level": "none"}
    )

    assert response.status_code == 403
    assert not Product.objects.filter(name="OS2mallory").exists()


# Versioned update


@pytest.mark.parametrize(("basename", "pick", "field", "value"), EDITS, ids=EDIT_IDS)
def test_it_updates_with_a_matching_if_match(
    world: Any, api: Any, basename: str, pick: Any, field: str, value: Any
) -> None:
    obj = pick(world)

    response = api("alice").patch(detail_url(basename, obj.pk), {field: value}, HTTP_IF_MATCH='"1"')

    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    assert response["ETag"] == '"2"'
    assert stored(obj, field) == value
    latest = type(obj).history.filter(id=obj.pk).latest("history_date")
    assert latest.history_type == "~"
    assert latest.history_user == world["alice"]


@pytest.mark.parametrize(("basename", "pick", "field", "value"), EDITS, ids=EDIT_IDS)
def test_it_refuses_a_stale_if_match_with_412(
    world: Any, api: Any, basename: str, pick: Any, field: str, value: Any
) -> None:
    obj = pick(world)
    before = stored(obj, field)
    services.update(obj, actor=world["bob"], expected_version=1, changes={})  # someone else saves: version 2

    response = api("alice").patch(detail_url(basename, obj.pk), {field: value}, HTTP_IF_MATCH='"1"')

    assert response.status_code == 412, response.content
    assert stored(obj, field) == before
    assert type(obj).objects.get(pk=obj.pk).version == 2


@pytest.mark.parametrize(("basename", "pick", "field", "value"), EDITS, ids=EDIT_IDS)
def test_it_refuses_a_stale_body_version_with_409(
    world: Any, api: Any, basename: str, pick: Any, field: str, value: Any
) -> None:
    obj = pick(world)
    before = stored(obj, field)
    services.update(obj, actor=world["bob"], expected_version=1, changes={})

    response = api("alice").patch(detail_url(basename, obj.pk), {field: value, "version": 1})

    assert response.status_code == 409, response.content
    assert stored(obj, field) == before
    assert type(obj).objects.get(pk=obj.pk).version == 2


@pytest.mark.parametrize(("basename", "pick", "field", "value"), EDITS, ids=EDIT_IDS)
def test_it_refuses_a_write_that_names_no_version_with_428(
    world: Any, api: Any, basename: str, pick: Any, field: str, value: Any
) -> None:
    obj = pick(world)
    before = stored(obj, field)

    response = api("alice").patch(detail_url(basename, obj.pk), {field: value})

    assert response.status_code == 428, response.content
    assert stored(obj, field) == before
    assert type(obj).objects.get(pk=obj.pk).version == 1


def test_a_current_body_version_updates(world: Any, api: Any) -> None:
    response = api("alice").patch(detail_url("product", world.product.pk), {"summary": "Ny", "version": 1})

    assert response.status_code == 200
    assert response["ETag"] == '"2"'
    assert Product.objects.get(pk=world.product.pk).summary == "Ny"


def test_a_weak_etag_is_accepted(world: Any, api: Any) -> None:
    response = api("alice").patch(
        detail_url("product", world.product.pk), {"summary": "Ny"}, HTTP_IF_MATCH='W/"1"'
    )

    assert response.status_code == 200


def test_if_match_wins_over_the_body_version(world: Any, api: Any) -> None:
    response = api("alice").patch(
        detail_url("product", world.product.pk), {"summary": "Ny", "version": 1}, HTTP_IF_MATCH='"7"'
    )

    assert response.status_code == 412


def test_a_malformed_if_match_is_a_400_naming_the_header(world: Any, api: Any) -> None:
    response = api("alice").patch(
        detail_url("product", world.product.pk), {"summary": "Ny"}, HTTP_IF_MATCH="*"
    )

    assert response.status_code == 400
    assert "If-Match" in response.json()
    assert Product.objects.get(pk=world.product.pk).version == 1


def test_a_full_update_with_put_bumps_the_version(world: Any, api: Any) -> None:
    client = api("alice")
    current = client.get(detail_url("program", world.program.pk))
    data = {
        key: value
        for key, value in current.json().items()
        if key in ("name", "summary", "description", "goals")
    }
    data["summary"] = "Helt nyt"

    response = client.put(detail_url("program", world.program.pk), data, HTTP_IF_MATCH=current["ETag"])

    assert response.status_code == 200, response.content
    assert response["ETag"] == '"2"'
    assert Program.objects.get(pk=world.program.pk).summary == "Helt nyt"


def test_two_writers_with_the_same_etag_do_not_overwrite_each_other(world: Any, api: Any) -> None:
    url = detail_url("product", world.product.pk)
    etag = api("alice").get(url)["ETag"]

    first = api("alice").patch(url, {"summary": "Alices"}, HTTP_IF_MATCH=etag)
    second = api("bob").patch(url, {"summary": "Bobs"}, HTTP_IF_MATCH=etag)

    assert (first.status_code, second.status_code) == (200, 412)
    assert Product.objects.get(pk=world.product.pk).summary == "Alices"


def test_read_only_fields_are_not_written(world: Any, api: Any) -> None:
    response = api("alice").patch(
        detail_url("product", world.product.pk),
        {"slug": "ny-slug", "is_published": True, "archived_at": "2024-01-01T00:00:00Z"},
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 200
    product = Product.objects.get(pk=world.product.pk)
    assert (product.slug, product.is_published, product.archived_at) == ("os2alpha", False, None)


def test_a_reader_who_may_not_change_is_denied(world: Any, api: Any) -> None:
    # Dave sits in OS2alpha's steering group: he reads its internal data, but does not edit it.
    response = api("dave").patch(
        detail_url("product", world.product.pk), {"summary": "Daves"}, HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 403
    assert Product.objects.get(pk=world.product.pk).summary == "Et testprodukt"


def test_a_change_to_an_invisible_object_is_not_found(world: Any, api: Any) -> None:
    response = api("mallory").patch(
        detail_url("product", world.product.pk), {"summary": "x"}, HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 404


# Delete and archive


@pytest.mark.parametrize(
    ("basename", "pick"),
    [
        ("participation", lambda w: Participation.objects.get(product=w.product)),
        ("membership", lambda w: Membership.objects.get(body=w.steering)),
        ("roleassignment", lambda w: RoleAssignment.objects.get(person__user=w["carol"])),
    ],
)
def test_delete_removes_a_relation_and_keeps_its_history(
    world: Any, api: Any, basename: str, pick: Any
) -> None:
    obj = pick(world)

    response = api("alice").delete(detail_url(basename, obj.pk), HTTP_IF_MATCH=f'"{obj.version}"')

    assert response.status_code == 204
    assert not type(obj).objects.filter(pk=obj.pk).exists()
    deleted = type(obj).history.filter(id=obj.pk).latest("history_date")
    assert deleted.history_type == "-"
    assert deleted.history_user == world["alice"]


@pytest.mark.parametrize(
    ("basename", "pick"),
    [
        ("product", lambda w: w.product),
        ("program", lambda w: w.program),
        ("organisation", lambda w: w.municipality),
        ("person", lambda w: w["mallory"].person),
        ("body", lambda w: w.steering),
    ],
)
def test_delete_archives_an_object_others_refer_to(world: Any, api: Any, basename: str, pick: Any) -> None:
    obj = pick(world)

    response = api("alice").delete(detail_url(basename, obj.pk), HTTP_IF_MATCH=f'"{obj.version}"')

    assert response.status_code == 204
    archived = type(obj).objects.get(pk=obj.pk)
    assert archived.archived_at is not None
    assert archived.version == 2
    record = type(obj).history.filter(id=obj.pk).latest("history_date")
    assert record.history_user == world["alice"]
    assert record.history_change_reason == "archived"


def test_an_archived_product_drops_out_of_the_list(world: Any, api: Any) -> None:
    client = api("alice")
    client.delete(detail_url("product", world.product.pk), HTTP_IF_MATCH='"1"')

    listed = {row["name"] for row in client.get(list_url("product")).json()["results"]}

    assert "OS2alpha" not in listed


def test_delete_with_a_stale_if_match_is_refused(world: Any, api: Any) -> None:
    services.update(world.product, actor=world["bob"], expected_version=1, changes={"summary": "Bobs"})
    participation = Participation.objects.get(product=world.product)
    services.update(participation, actor=world["bob"], expected_version=1, changes={})
    client = api("alice")

    archive = client.delete(detail_url("product", world.product.pk), HTTP_IF_MATCH='"1"')
    delete = client.delete(detail_url("participation", participation.pk), HTTP_IF_MATCH='"1"')

    assert (archive.status_code, delete.status_code) == (412, 412)
    assert Product.objects.get(pk=world.product.pk).archived_at is None
    assert Participation.objects.filter(pk=participation.pk).exists()


@pytest.mark.parametrize("basename", ["participation", "product"])
def test_delete_without_a_version_is_refused_with_428_and_changes_nothing(
    world: Any, api: Any, basename: str
) -> None:
    obj = Participation.objects.get(product=world.product) if basename == "participation" else world.product

    response = api("alice").delete(detail_url(basename, obj.pk))

    assert response.status_code == 428
    stored = type(obj).objects.get(pk=obj.pk)
    assert (stored.version, getattr(stored, "archived_at", None)) == (1, None)


def test_delete_with_a_current_if_match_proceeds(world: Any, api: Any) -> None:
    participation = Participation.objects.get(product=world.product)

    response = api("alice").delete(detail_url("participation", participation.pk), HTTP_IF_MATCH='"1"')

    assert response.status_code == 204
    assert not Participation.objects.filter(pk=participation.pk).exists()


def test_a_program_manager_deletes_a_participation_in_their_program(world: Any, api: Any) -> None:
    participation = Participation.objects.get(product=world.product)

    response = api("bob").delete(detail_url("participation", participation.pk), HTTP_IF_MATCH='"1"')

    assert response.status_code == 204
    assert not Participation.objects.filter(pk=participation.pk).exists()


@pytest.mark.parametrize(("who", "status"), [("dave", 403), ("erin", 403), ("grace", 404), ("mallory", 404)])
def test_delete_by_someone_who_may_not_change_is_refused(world: Any, api: Any, who: str, status: int) -> None:
    participation = f.ParticipationFactory(product=world.product, organisation=world.supplier)

    response = api(who).delete(detail_url("participation", participation.pk), HTTP_IF_MATCH='"1"')

    assert response.status_code == status
    assert Participation.objects.filter(pk=participation.pk).exists()
