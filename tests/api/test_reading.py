"""Reading the API: lists with filters and pages, single objects with their ETag, and what each
reader sees — anonymous visitors only published rows and never internal fields."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from programkontor.core import pagination, services
from programkontor.portfolio.models import Membership, Participation, Product, RoleAssignment
from tests import factories as f
from tests.api.conftest import detail_url, list_url, names

SECRET = "hemmelig-intern-note"


# Lists and filters


def test_it_lists_products_filtered_by_stage_and_program(world: Any, api: Any) -> None:
    f.ProductFactory(
        program=world.program, name="OS2projekt", kind="project", stage="sandbox", level="sandbox"
    )
    f.ProductFactory(program=world.other_program, name="OS2andet", kind="product", stage="product")

    client = api("alice")

    assert names(client.get(list_url("product", stage="product", program="velfaerd"))) == {"OS2alpha"}
    assert names(client.get(list_url("product", program="velfaerd"))) == {"OS2alpha", "OS2projekt"}
    assert names(client.get(list_url("product", stage="sandbox"))) == {"OS2projekt"}


def test_it_filters_products_by_kind_and_level(world: Any, api: Any) -> None:
    f.ProductFactory(program=world.program, name="OS2niveau3", level="3")
    f.ProductFactory(program=None, name="OS2ide", kind="project", stage="idea", level="none")

    client = api("alice")

    assert names(client.get(list_url("product", level="3"))) == {"OS2niveau3"}
    assert names(client.get(list_url("product", kind="project"))) == {"OS2ide"}


def test_it_lists_organisations_filtered_by_kind_and_search(world: Any, api: Any) -> None:
    f.MunicipalityFactory(name="Andeby Kommune", municipality_code="998")
    f.SupplierFactory(name="Testrup Software ApS")

    response = api("alice").get(list_url("organisation", kind="municipality", q="Testrup"))

    assert names(response) == {"Testrup Kommune"}


def test_a_search_matches_every_word_in_any_field(world: Any, api: Any) -> None:
    f.MunicipalityFactory(name="Testrup Nord Kommune", municipality_code="997")

    client = api("alice")

    assert names(client.get(list_url("organisation", q="Testrup+Nord"))) == {"Testrup Nord Kommune"}
    assert names(client.get(list_url("organisation", q="999"))) == {"Testrup Kommune"}


def test_it_lists_people_of_one_organisation(world: Any, api: Any) -> None:
    employee = f.PersonFactory(first_name="Ida", last_name="Kommunesen", organisation=world.municipality)

    response = api("alice").get(list_url("person", organisation=world.municipality.pk))

    assert names(response, "id") == {employee.pk}


def test_it_lists_bodies_of_a_kind_and_of_a_product(world: Any, api: Any) -> None:
    client = api("alice")

    assert names(client.get(list_url("body", kind="board"))) == {"Bestyrelsen"}
    assert names(client.get(list_url("body", product="os2alpha"))) == {"Styregruppen for OS2alpha"}


def test_it_lists_participations_of_a_product(world: Any, api: Any) -> None:
    other = f.ParticipationFactory(product=world.published_product, organisation=world.municipality)
    alpha = Participation.objects.get(product=world.product)

    client = api("alice")

    assert names(client.get(list_url("participation", product=world.product.pk)), "id") == {alpha.pk}
    assert names(client.get(list_url("participation", organisation=world.municipality.pk)), "id") == {
        alpha.pk,
        other.pk,
    }


def test_it_lists_participations_active_on_a_day(world: Any, api: Any) -> None:
    left = f.ParticipationFactory(
        product=world.published_product,
        organisation=world.municipality,
        accession_date="2020-01-01",
        exit_date="2021-06-30",
    )
    client = api("alice")

    assert left.pk in names(client.get(list_url("participation", active_on="2021-01-01")), "id")
    assert left.pk not in names(client.get(list_url("participation", active_on="2023-01-01")), "id")


def test_it_lists_memberships_of_a_body(world: Any, api: Any) -> None:
    membership = Membership.objects.get(body=world.steering)

    response = api("alice").get(list_url("membership", body=world.steering.pk))

    assert names(response, "id") == {membership.pk}


def test_it_lists_role_assignments_by_role(world: Any, api: Any) -> None:
    managers = RoleAssignment.objects.filter(role="program_manager")

    response = api("alice").get(list_url("roleassignment", role="program_manager"))

    assert names(response, "id") == {assignment.pk for assignment in managers}
    assert len(managers) == 2


def test_it_searches_programs(world: Any, api: Any) -> None:
    assert names(api("alice").get(list_url("program", q="Infra"))) == {"Infrastruktur"}


def test_an_invalid_filter_value_is_a_400_naming_the_filter(world: Any, api: Any) -> None:
    response = api("alice").get(list_url("product", stage="bogus"))

    assert response.status_code == 400
    assert "stage" in response.json()


def test_a_program_filter_does_not_reveal_a_program_the_reader_cannot_see(world: Any, api: Any) -> None:
    client = api("mallory")

    hidden = client.get(list_url("product", program="velfaerd"))
    missing = client.get(list_url("product", program="findes-ikke"))

    assert hidden.status_code == missing.status_code == 400
    assert hidden.json().keys() == missing.json().keys() == {"program"}


def test_archived_rows_are_left_out_unless_asked_for(world: Any, api: Any) -> None:
    services.set_archived(world.municipality, actor=world["alice"], expected_version=1, archived=True)
    client = api("alice")

    assert names(client.get(list_url("organisation"))) == {"Leverandør ApS"}
    assert names(client.get(list_url("organisation", archived="true"))) == {"Testrup Kommune"}


# Pagination


def test_it_pages_a_list_with_count_and_next(world: Any, api: Any) -> None:
    for _ in range(7):
        f.OrganisationFactory()
    client = api("alice")

    first = client.get(list_url("organisation", page_size=4)).json()

    assert first["count"] == 9
    assert len(first["results"]) == 4
    assert first["previous"] is None
    assert "page=2" in first["next"]
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    assert len(third["results"]) == 1
    assert third["next"] is None
    seen = [row["id"] for page in (first, second, third) for row in page["results"]]
    assert len(seen) == len(set(seen)) == 9


def test_the_default_page_holds_fifty_rows(world: Any, api: Any) -> None:
    for _ in range(55):
        f.OrganisationFactory()

    page = api("alice").get(list_url("organisation")).json()

    assert page["count"] == 57
    assert len(page["results"]) == 50
    assert page["next"] is not None


def test_a_page_beyond_the_last_is_not_found(world: Any, api: Any) -> None:
    assert api("alice").get(list_url("organisation", page=99)).status_code == 404


def test_a_short_list_is_counted_exactly(world: Any, api: Any) -> None:
    page = api("alice").get(list_url("organisation")).json()

    assert (page["count"], page["count_is_exact"]) == (2, True)


def test_a_long_list_is_estimated_on_postgresql_and_still_paged_to_its_end(
    world: Any, api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past ``EXACT_UP_TO`` rows the count is PostgreSQL's estimate (lowered here to 5 rows); the
    pages still run to the last row and no further, whatever the estimate. SQLite counts exactly."""
    monkeypatch.setattr(pagination, "EXACT_UP_TO", 5)
    for _ in range(10):
        f.OrganisationFactory()
    client = api("alice")

    first = client.get(list_url("organisation", page_size=4)).json()

    postgresql = connection.vendor == "postgresql"
    assert first["count_is_exact"] is not postgresql
    assert first["count"] == 12 if not postgresql else first["count"] >= 6
    seen, page = [], first
    while True:
        seen += [row["id"] for row in page["results"]]
        if page["next"] is None:
            break
        page = client.get(page["next"]).json()
    assert len(seen) == len(set(seen)) == 12
    assert len(page["results"]) == 4  # the third page is the last, and says so
    assert client.get(list_url("organisation", page_size=4, page=4)).status_code == 404


# Single objects


@pytest.mark.parametrize(
    ("basename", "pick"),
    [
        ("program", lambda w: w.program),
        ("product", lambda w: w.product),
        ("organisation", lambda w: w.municipality),
        ("person", lambda w: w["bob"].person),
        ("body", lambda w: w.steering),
        ("participation", lambda w: Participation.objects.get(product=w.product)),
        ("membership", lambda w: Membership.objects.get(body=w.steering)),
        ("roleassignment", lambda w: RoleAssignment.objects.get(person__user=w["carol"])),
    ],
)
def test_retrieve_returns_the_version_as_etag(world: Any, api: Any, basename: str, pick: Any) -> None:
    obj = pick(world)

    response = api("alice").get(detail_url(basename, obj.pk))

    assert response.status_code == 200
    assert response["ETag"] == f'"{obj.version}"'
    assert response.json()["version"] == obj.version == 1


def test_the_etag_follows_the_version_after_a_change(world: Any, api: Any) -> None:
    services.update(world.product, actor=world["alice"], expected_version=1, changes={"summary": "Ny"})

    response = api("alice").get(detail_url("product", world.product.pk))

    assert response["ETag"] == '"2"'


@pytest.mark.parametrize("who", [None, "mallory", "erin"])
def test_an_object_the_reader_may_not_see_is_not_found(world: Any, api: Any, who: str | None) -> None:
    # Erin, the supplier contact, reads OS2alpha but not its steering group (governance data).
    target = (
        detail_url("body", world.steering.pk) if who == "erin" else detail_url("product", world.product.pk)
    )

    assert api(who).get(target).status_code == 404


# What anonymous visitors and scoped readers see


@pytest.fixture
def secrets(world: Any) -> Any:
    """Internal notes (and a cost element) on every object, published or not."""
    for obj in (world.program, world.other_program, world.municipality, world.supplier, world.steering):
        type(obj).objects.filter(pk=obj.pk).update(notes=SECRET)
    Product.objects.update(notes=SECRET, cost_element="PSP-4242")
    Participation.objects.update(notes=SECRET)
    return world


def test_anonymous_lists_only_published_products_without_internal_fields(secrets: Any, api: Any) -> None:
    response = api(None).get(list_url("product"))

    assert names(response) == {"OS2gamma"}
    row = response.json()["results"][0]
    assert "notes" not in row
    assert "cost_element" not in row
    assert row["summary"] == "Et testprodukt"
    assert SECRET not in response.content.decode()
    assert "PSP-4242" not in response.content.decode()


def test_anonymous_retrieves_a_published_product_without_internal_fields(secrets: Any, api: Any) -> None:
    response = api(None).get(detail_url("product", secrets.published_product.pk))

    assert response.status_code == 200
    assert {"notes", "cost_element"}.isdisjoint(response.json())
    assert response.json()["name"] == "OS2gamma"


def test_anonymous_sees_published_programs_organisations_and_bodies_only(secrets: Any, api: Any) -> None:
    f.BodyFactory(kind="interest", name="Faggruppen", product=secrets.published_product, is_published=True)
    client = api(None)

    programs = client.get(list_url("program"))
    organisations = client.get(list_url("organisation"))
    bodies = client.get(list_url("body"))

    assert names(programs) == {"Infrastruktur"}
    assert names(organisations) == {"Testrup Kommune", "Leverandør ApS"}
    assert names(bodies) == {"Faggruppen"}
    for response in (programs, organisations, bodies):
        assert all("notes" not in row for row in response.json()["results"])
        assert SECRET not in response.content.decode()


def test_anonymous_sees_participations_of_published_products_only(secrets: Any, api: Any) -> None:
    public = f.ParticipationFactory(
        product=secrets.published_product, organisation=secrets.municipality, notes=SECRET
    )

    response = api(None).get(list_url("participation"))

    assert names(response, "id") == {public.pk}
    assert "notes" not in response.json()["results"][0]
    assert SECRET not in response.content.decode()


def test_anonymous_sees_public_contacts_without_notes_or_user(world: Any, api: Any) -> None:
    contact = f.PersonFactory(first_name="Offentlig", last_name="Kontakt", is_public=True, notes=SECRET)
    contact.user = f.UserFactory(username="kontakt")
    contact.save()

    response = api(None).get(list_url("person"))

    assert names(response, "id") == {contact.pk}
    row = response.json()["results"][0]
    assert "notes" not in row
    assert "user" not in row
    assert SECRET not in response.content.decode()
    detail = api(None).get(detail_url("person", contact.pk)).json()
    assert {"notes", "user"}.isdisjoint(detail)


def test_anonymous_cannot_see_a_private_person(world: Any, api: Any) -> None:
    assert api(None).get(detail_url("person", world["bob"].person.pk)).status_code == 404


def test_the_secretariat_sees_internal_fields(secrets: Any, api: Any) -> None:
    row = api("alice").get(detail_url("product", secrets.published_product.pk)).json()

    assert row["notes"] == SECRET
    assert row["cost_element"] == "PSP-4242"


def test_a_list_shows_internal_fields_row_by_row(secrets: Any, api: Any) -> None:
    # Bob manages Velfærd: OS2alpha is his, OS2gamma he sees only because it is published.
    rows = {row["name"]: row for row in api("bob").get(list_url("product")).json()["results"]}

    assert set(rows) == {"OS2alpha", "OS2gamma"}
    assert rows["OS2alpha"]["notes"] == SECRET
    assert rows["OS2alpha"]["cost_element"] == "PSP-4242"
    assert {"notes", "cost_element"}.isdisjoint(rows["OS2gamma"])


def test_a_user_without_roles_sees_what_anonymous_sees(secrets: Any, api: Any) -> None:
    response = api("mallory").get(list_url("product"))

    assert names(response) == {"OS2gamma"}
    assert SECRET not in response.content.decode()


def test_a_steering_member_reads_the_internal_data_of_their_product(secrets: Any, api: Any) -> None:
    row = api("dave").get(detail_url("product", secrets.product.pk)).json()

    assert row["notes"] == SECRET
