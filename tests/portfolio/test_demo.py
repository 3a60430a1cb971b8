"""``programkontor demo``: a realistic demo portfolio, loaded idempotently, only where it is allowed."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import RequestFactory

from programkontor.accounts.models import User
from programkontor.core.access import Access, compute_access
from programkontor.portfolio import demo
from programkontor.portfolio.models import (
    Body,
    Membership,
    Organisation,
    Participation,
    Person,
    PopulationFigure,
    Product,
    Program,
    RoleAssignment,
    SizeClassRule,
)
from programkontor.portfolio.sizeclass import SizeClass
from tests import factories as f
from tests.conftest import kept_for_module

PORTFOLIO_MODELS = (
    Organisation,
    PopulationFigure,
    SizeClassRule,
    Program,
    Product,
    Participation,
    Person,
    Body,
    Membership,
    RoleAssignment,
)


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in PORTFOLIO_MODELS}
    counts["User"] = User.objects.count()
    return counts


def history_count() -> int:
    return sum(model.history.count() for model in PORTFOLIO_MODELS)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """The demo loaded once for the module's tests (each test's own changes are rolled back after it,
    and the demo itself when the module is done): the module's time is its tests', not twenty loads."""
    with kept_for_module(django_db_blocker):
        yield run_demo()


@pytest.fixture
def output(loaded: str, db: Any) -> str:
    return loaded


def test_it_loads_all_municipalities_with_code_region_and_population(output: str) -> None:
    municipalities = Organisation.objects.filter(kind="municipality")
    assert municipalities.count() == 98
    assert municipalities.filter(municipality_code__regex=r"^\d{3}$").count() == 98
    assert set(municipalities.values_list("region__kind", flat=True)) == {"region"}
    assert Organisation.objects.filter(kind="region").count() == 5
    assert PopulationFigure.objects.filter(organisation__kind="municipality", date="2020-01-01").count() == 98
    copenhagen = Organisation.objects.get(municipality_code="101")
    assert copenhagen.name == "Københavns Kommune"
    assert copenhagen.population_figures.get().population == 632_340
    assert copenhagen.region is not None
    assert copenhagen.region.name == "Region Hovedstaden"
    assert 80 <= municipalities.filter(is_member=True).count() < 98


def test_it_loads_the_other_kinds_of_organisation(output: str) -> None:
    kinds = Counter(Organisation.objects.values_list("kind", flat=True))
    assert kinds["association"] == 1
    assert kinds["state"] >= 2
    assert kinds["partner"] >= 1
    assert kinds["supplier"] == 6
    assert Organisation.objects.filter(kind="state", name="Digitaliseringsstyrelsen").exists()


def test_suppliers_have_cvr_numbers_that_no_real_company_can_have(output: str) -> None:
    weights = (2, 7, 6, 5, 4, 3, 2, 1)
    for cvr in Organisation.objects.filter(kind="supplier").values_list("cvr", flat=True):
        assert len(cvr) == 8
        assert cvr.isdigit()
        assert sum(int(d) * w for d, w in zip(cvr, weights, strict=True)) % 11 != 0, cvr


def test_it_loads_programs_and_products_of_every_kind_stage_and_level(output: str) -> None:
    assert Program.objects.count() >= 5
    products = Product.objects.all()
    assert products.count() >= 25
    assert set(products.values_list("kind", flat=True)) == {"project", "product"}
    assert {"idea", "sandbox", "product", "paused", "closed"} <= set(products.values_list("stage", flat=True))
    assert {"none", "sandbox", "1", "2", "3"} <= set(products.values_list("level", flat=True))
    assert products.filter(is_published=True).count() > products.filter(is_published=False).count() > 0
    assert products.filter(licence="MPL-2.0").count() > products.count() / 2
    assert not products.filter(program__isnull=True).exists()


def test_every_product_passes_full_clean(output: str) -> None:
    for product in Product.objects.all():
        product.full_clean()


def test_cost_elements_come_from_the_handbook_list(output: str) -> None:
    path = Path(demo.__file__).parent.parent / "data" / "product_psp_elements.csv"
    with path.open(encoding="utf-8") as handle:
        psp = {row["product"]: row["psp_element"] for row in csv.DictReader(handle)}
    with_cost_element = Product.objects.exclude(cost_element="")
    assert with_cost_element.count() >= 25
    for product in with_cost_element:
        assert psp[product.name] == product.cost_element


def test_participation_ranges_from_two_to_more_than_forty(output: str) -> None:
    counts = Counter(dict(Product.objects.annotate(n=Count("participations")).values_list("name", "n")))
    assert max(counts.values()) >= 40
    assert 2 in counts.values()
    years = {d.year for d in Participation.objects.values_list("accession_date", flat=True)}
    assert len(years) >= 8
    assert Participation.objects.filter(exit_date__isnull=False).exists()
    for participation in Participation.objects.filter(exit_date__isnull=False):
        assert participation.exit_date is not None
        assert participation.exit_date > participation.accession_date


def test_size_classes_for_2021_split_17_56_21_4(output: str) -> None:
    boundaries = SizeClassRule.boundaries_for(2021)
    split = Counter(
        municipality.size_class_for(2021, boundaries).size_class
        for municipality in Organisation.objects.filter(kind="municipality").prefetch_related(
            "population_figures"
        )
    )
    assert split == {SizeClass.SMALL: 17, SizeClass.MEDIUM: 56, SizeClass.LARGE: 21, SizeClass.VERY_LARGE: 4}
    rule = SizeClassRule.objects.get()
    assert (rule.valid_from_year, rule.medium_from, rule.large_from, rule.very_large_from) == (
        2000,
        25_000,
        60_000,
        120_000,
    )
    assert rule.boundary_in_upper_class
    assert rule.decision_note


def test_regions_and_state_bodies_have_a_size_class_set_by_hand_with_a_reason(output: str) -> None:
    boundaries = SizeClassRule.boundaries_for(2021)
    for authority in Organisation.objects.filter(kind__in=["region", "state"]):
        decision = authority.size_class_for(2021, boundaries)
        assert decision.size_class is not None
        assert decision.basis is None
        assert decision.reason.strip()


def test_every_product_past_the_idea_stage_has_staffed_steering_and_coordination_groups(output: str) -> None:
    for product in Product.objects.exclude(stage="idea"):
        for kind in ("steering", "coordination"):
            body = product.bodies.get(kind=kind)
            roles = Counter(body.memberships.values_list("role", flat=True))
            assert (roles["chair"], roles["secretary"]) == (1, 1), body
            assert roles["member"] >= 1, body


def test_group_members_represent_municipalities_that_participate(output: str) -> None:
    seats = Membership.objects.filter(body__kind__in=["steering", "coordination"], represents__isnull=False)
    assert seats.count() > 100
    for seat in seats.select_related("body"):
        assert Participation.objects.filter(
            product_id=seat.body.product_id, organisation_id=seat.represents_id
        ).exists()
        assert seat.person.organisation_id == seat.represents_id


def test_it_loads_the_board_and_interest_groups(output: str) -> None:
    board = Body.objects.get(kind="board")
    assert board.product_id is None
    assert board.program_id is None
    assert board.memberships.filter(role="chair").count() == 1
    interest = Body.objects.filter(kind="interest")
    assert interest.filter(product__isnull=True).exists()
    assert interest.filter(product__isnull=False).exists()


def test_it_assigns_the_operative_roles(output: str) -> None:
    assert set(
        RoleAssignment.objects.filter(role="program_manager").values_list("program_id", flat=True)
    ) == set(Program.objects.values_list("pk", flat=True))
    coordinated = RoleAssignment.objects.filter(role="product_coordinator", end_date__isnull=True)
    assert set(coordinated.values_list("product_id", flat=True)) == set(
        Product.objects.values_list("pk", flat=True)
    )
    for role in ("product_owner", "community_manager", "supplier_contact"):
        assert RoleAssignment.objects.filter(role=role).exists(), role
    for contact in RoleAssignment.objects.filter(role="supplier_contact").select_related("organisation"):
        assert contact.organisation is not None
        assert contact.organisation.kind == "supplier"


def test_people_are_fictitious_with_example_addresses(output: str) -> None:
    people = Person.objects.all()
    assert 150 <= people.count() <= 250
    assert all(email.endswith(".dk.example") for email in people.values_list("email", flat=True))
    assert 0 < people.filter(is_public=True).count() < people.count() / 5
    domains: dict[int, set[str]] = {}
    for organisation_id, email in people.values_list("organisation_id", "email"):
        domains.setdefault(organisation_id, set()).add(email.split("@")[1])
    assert all(len(found) == 1 for found in domains.values())


def test_it_records_the_creation_in_history(output: str) -> None:
    assert Product.history.filter(history_type="+").count() == Product.objects.count()  # type: ignore[attr-defined]
    assert Participation.history.count() == Participation.objects.count()  # type: ignore[attr-defined]
    assert set(Person.history.values_list("history_change_reason", flat=True)) == {"Demodata"}  # type: ignore[attr-defined]


ROLE_CHECKS = {
    "sekretariat": lambda a, u: a.is_secretariat and u.is_secretariat and u.is_staff,
    "programleder": lambda a, u: bool(a.programs_write),
    "produktkoordinator": lambda a, u: bool(a.products_write) and not a.programs_write,
    "productowner": lambda a, u: bool(a.products_write) and not a.programs_write,
    "styregruppe": lambda a, u: bool(a.products_read) and not a.products_write and not a.is_board,
    "koordinationsgruppe": lambda a, u: bool(a.products_read) and not a.products_write and not a.is_board,
    "leverandoer": lambda a, u: bool(a.products_supplier) and not a.products_read and not a.products_write,
    "bestyrelse": lambda a, u: a.is_board and not a.is_secretariat and not a.products_write,
}


def test_each_demo_login_authenticates_and_holds_the_role_it_is_named_for(output: str) -> None:
    assert (
        set(User.objects.values_list("username", flat=True)) == set(ROLE_CHECKS) == set(demo.DEMO_USERNAMES)
    )
    request = RequestFactory().post("/accounts/login/")
    for username, holds_role in ROLE_CHECKS.items():
        user = authenticate(request, username=username, password=demo.DEMO_PASSWORD)
        assert user is not None, username
        access: Access = compute_access(user)
        assert access.person_id is not None, username
        assert holds_role(access, user), (username, access)
        assert user.is_superuser == (username == "sekretariat"), username


def test_the_group_logins_sit_in_the_kind_of_group_they_are_named_for(output: str) -> None:
    for username, kind in (("styregruppe", "steering"), ("koordinationsgruppe", "coordination")):
        person = Person.objects.get(user__username=username)
        assert person.memberships.filter(body__kind=kind, end_date__isnull=True).exists()


def test_it_prints_counts_and_the_logins_table(output: str) -> None:
    assert "Demoporteføljen er indlæst." in output
    assert "Tilslutninger" in output
    for username in ROLE_CHECKS:
        assert username in output
    assert output.count(demo.DEMO_PASSWORD) >= len(ROLE_CHECKS)


def test_running_it_again_creates_nothing_and_writes_no_history(output: str) -> None:
    before, history = row_counts(), history_count()
    again = run_demo()
    assert row_counts() == before
    assert history_count() == history
    assert "intet nyt er oprettet" in again


def test_it_completes_a_partly_deleted_demo(output: str) -> None:
    before = row_counts()
    User.objects.filter(username="leverandoer").delete()
    Participation.objects.filter(product__slug="os2kitos").delete()
    run_demo()
    assert row_counts() == before
    assert (
        Person.objects.get(user__username="leverandoer")
        .role_assignments.filter(role="supplier_contact")
        .exists()
    )


def test_reset_deletes_everything_in_the_portfolio_and_loads_it_again(output: str) -> None:
    before = row_counts()
    f.ProductFactory(name="OS2fremmed", slug="os2fremmed")
    Product.objects.filter(slug="os2rollekatalog").update(summary="Rettet i demoen")
    run_demo("--reset")
    assert row_counts() == before
    assert not Product.objects.filter(slug="os2fremmed").exists()
    assert Product.objects.get(slug="os2rollekatalog").summary != "Rettet i demoen"
    # One "created" record per product: nothing of the old history survives (later apps may add changes).
    assert Product.history.filter(history_type="+").count() == Product.objects.count()  # type: ignore[attr-defined]


def test_it_refuses_to_run_where_the_demo_is_not_allowed(db: Any, settings: Any) -> None:
    settings.PROGRAMKONTOR_DEMO_ALLOWED = False
    before = row_counts()
    with pytest.raises(CommandError, match="DEMO_ALLOWED=1"):
        run_demo("--reset")
    assert row_counts() == before  # nothing written, nothing reset


def test_the_plan_is_the_same_every_time() -> None:
    first, second = demo.build_plan(), demo.build_plan()
    assert first == second
    assert len(first.people) == len({p.email for p in first.people.values()})
