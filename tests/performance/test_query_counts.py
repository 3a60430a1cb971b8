"""SQL query counts of the list and detail pages and the API lists: they must not grow with the
number of rows (no N+1), and must not grow above the committed baselines.

Each test builds the portfolio with 5 rows of everything the page shows, counts the queries of one
request, grows the portfolio to 50 rows and counts again: the two counts must be equal. The count
must also be at most the baseline in ``query_baselines.json`` (key ``"<page>|<role>"``), so a
change that adds queries to a page fails here and has to update the file on purpose:

    UPDATE_QUERY_BASELINES=1 PROGRAMKONTOR_TESTING=1 .venv/bin/pytest tests/performance

Every request is counted whole (session, user, access, page) after one warm-up request, and the
user object is loaded afresh for each request, so no cached access decision carries over.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests import factories as f
from tests.conftest import World
from tests.performance.support import (
    Baselines,
    assert_constant_queries,
    baseline_completeness_test,
    baselines_fixture,
)

BASELINE_FILE = Path(__file__).with_name("query_baselines.json")
ROLES = {"secretariat": "alice", "program_manager": "bob"}


@dataclass
class Portfolio:
    """The shared world plus rows that grow: everything hangs on objects the program manager (bob)
    may see, so that his scoped pages grow as much as the secretariat's."""

    world: World
    region: Any
    focus: Any  # a person whose page lists their memberships and roles
    size: int = 0
    extra: dict[str, list[Any]] = field(default_factory=dict)

    def grow_to(self, size: int) -> None:
        world = self.world
        for i in range(self.size, size):
            published = i % 2 == 0
            municipality = f.MunicipalityFactory(region=self.region, is_published=published)
            f.PopulationFigureFactory(organisation=municipality, population=10_000 + 1_000 * i)
            f.PopulationFigureFactory(organisation=world.municipality, date=datetime.date(1960 + i, 1, 1))
            person = f.PersonFactory(organisation=world.municipality, is_public=published, title="Tester")

            product = f.ProductFactory(program=world.program, is_published=published)
            f.ParticipationFactory(product=product, organisation=municipality)
            f.ParticipationFactory(product=product, organisation=world.municipality)
            f.ParticipationFactory(product=world.product, organisation=municipality)
            f.RoleAssignmentFactory(person=person, role="product_coordinator", product=product)
            f.RoleAssignmentFactory(person=person, role="community_manager", product=world.product)
            f.RoleAssignmentFactory(
                person=person, role="supplier_contact", product=world.product, organisation=world.supplier
            )

            product_body = f.BodyFactory(product=product, is_published=published)
            f.MembershipFactory(body=product_body, person=person, represents=municipality)
            f.MembershipFactory(body=world.steering, person=person, represents=municipality)
            program_body = f.BodyFactory(kind="coordination", product=None, program=world.program)
            f.MembershipFactory(body=program_body, person=person)

            f.MembershipFactory(body=product_body, person=self.focus, role="chair")
            f.RoleAssignmentFactory(person=self.focus, role="product_owner", product=product)

            program = f.ProgramFactory(is_published=True)
            f.ProductFactory(program=program, is_published=True)
            f.RoleAssignmentFactory(person=person, role="program_manager", program=program, product=None)
        self.size = size


@pytest.fixture
def portfolio(world: World) -> Portfolio:
    region = f.OrganisationFactory(name="Region Testland", slug="region-testland", kind="region")
    world.municipality.region = region
    world.municipality.save()
    focus = f.PersonFactory(first_name="Fokus", last_name="Personsen", organisation=world.municipality)
    f.MembershipFactory(body=world.steering, person=focus)
    return Portfolio(world=world, region=region, focus=focus)


def web(name: str, **kwargs: Any) -> Callable[[Portfolio], str]:
    return lambda p: reverse(name, kwargs=kwargs or None)


def api_list(basename: str) -> Callable[[Portfolio], str]:
    return lambda p: reverse(f"api:{basename}-list")


PAGES: dict[str, Callable[[Portfolio], str]] = {
    # Web lists
    "portfolio:overview": web("portfolio:overview"),
    "portfolio:program_list": web("portfolio:program_list"),
    "portfolio:organisation_list": web("portfolio:organisation_list"),
    "portfolio:person_list": web("portfolio:person_list"),
    "portfolio:body_list": web("portfolio:body_list"),
    "core:search": lambda p: reverse("core:search") + "?q=test",
    # Web detail pages
    "portfolio:product_detail": lambda p: p.world.product.get_absolute_url(),
    "portfolio:program_detail": lambda p: p.world.program.get_absolute_url(),
    "portfolio:organisation_detail": lambda p: p.world.municipality.get_absolute_url(),
    "portfolio:organisation_detail(region)": lambda p: p.region.get_absolute_url(),
    "portfolio:person_detail": lambda p: p.focus.get_absolute_url(),
    "portfolio:body_detail": lambda p: p.world.steering.get_absolute_url(),
    # API lists
    "api:program-list": api_list("program"),
    "api:product-list": api_list("product"),
    "api:organisation-list": api_list("organisation"),
    "api:person-list": api_list("person"),
    "api:body-list": api_list("body"),
    "api:participation-list": api_list("participation"),
    "api:membership-list": api_list("membership"),
    "api:roleassignment-list": api_list("roleassignment"),
}


# Baselines

BASELINE_KEYS = {f"{page}|{role}" for page in PAGES for role in ROLES}


baselines = baselines_fixture(BASELINE_FILE, BASELINE_KEYS)


@pytest.mark.parametrize("role", sorted(ROLES))
@pytest.mark.parametrize("page", list(PAGES))
def test_the_query_count_does_not_grow_with_rows(
    portfolio: Portfolio, baselines: Baselines, page: str, role: str
) -> None:
    client = APIClient()
    client.force_login(portfolio.world[ROLES[role]])
    url = PAGES[page](portfolio)

    assert_constant_queries(client, url, grow=portfolio.grow_to, key=f"{page}|{role}", baselines=baselines)


test_every_measured_page_has_a_baseline_and_no_other = baseline_completeness_test(
    BASELINE_FILE, BASELINE_KEYS
)
