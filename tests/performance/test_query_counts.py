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
import fcntl
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from tests import factories as f
from tests.conftest import World

BASELINE_FILE = Path(__file__).with_name("query_baselines.json")
UPDATE = os.environ.get("UPDATE_QUERY_BASELINES") == "1"
FEW, MANY = 5, 50
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
    "portfolio:search": lambda p: reverse("portfolio:search") + "?q=test",
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


def load_baselines() -> dict[str, int]:
    return json.loads(BASELINE_FILE.read_text()) if BASELINE_FILE.exists() else {}  # type: ignore[no-any-return]


class Baselines:
    def __init__(self) -> None:
        self.committed: dict[str, int] = load_baselines()
        self.measured: dict[str, int] = {}

    def save(self) -> None:
        """Merge what this process measured into the file; several pytest-xdist workers may write,
        so the file is locked while it is read and rewritten."""
        with BASELINE_FILE.open("a+") as file:
            fcntl.flock(file, fcntl.LOCK_EX)
            file.seek(0)
            text = file.read()
            current: dict[str, int] = json.loads(text) if text.strip() else {}
            # Keep only pages that are still measured, then add what this process measured.
            current = {key: value for key, value in current.items() if key in BASELINE_KEYS}
            current.update(self.measured)
            file.seek(0)
            file.truncate()
            file.write(json.dumps(dict(sorted(current.items())), indent=2) + "\n")


@pytest.fixture(scope="session")
def baselines() -> Iterator[Baselines]:
    found = Baselines()
    yield found
    if UPDATE and found.measured:
        found.save()


# Counting


def count(client: APIClient, url: str) -> tuple[CaptureQueriesContext, int]:
    """The queries of one request to ``url``, and the size of the page it returned."""
    client.get(url)  # warm-up: process-wide caches (content types, templates) are filled once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return queries, len(response.content)


def shape(sql: str) -> str:
    """The query with its literal values blanked, to group repeats of the same query."""
    return re.sub(r"\b\d+\b|'[^']*'", "?", sql)[:300]


def growth_report(few: CaptureQueriesContext, many: CaptureQueriesContext) -> str:
    before = Counter(shape(q["sql"]) for q in few.captured_queries)
    after = Counter(shape(q["sql"]) for q in many.captured_queries)
    grown = [(n - before.get(sql, 0), sql) for sql, n in after.items() if n > before.get(sql, 0)]
    lines = [f"  +{extra}x {sql}" for extra, sql in sorted(grown, reverse=True)[:5]]
    return "\n".join(["Queries that repeat with the number of rows:", *lines])


@pytest.mark.parametrize("role", sorted(ROLES))
@pytest.mark.parametrize("page", list(PAGES))
def test_the_query_count_does_not_grow_with_rows(
    portfolio: Portfolio, baselines: Baselines, page: str, role: str
) -> None:
    client = APIClient()
    client.force_login(portfolio.world[ROLES[role]])
    url = PAGES[page](portfolio)

    portfolio.grow_to(FEW)
    few, few_size = count(client, url)
    portfolio.grow_to(MANY)
    many, many_size = count(client, url)

    assert many_size > few_size, f"{page} as {role} shows no more with {MANY} rows than with {FEW}"

    assert len(many) == len(few), (
        f"{page} as {role}: {len(few)} queries with {FEW} rows but {len(many)} with {MANY} rows (N+1).\n"
        + growth_report(few, many)
    )
    key = f"{page}|{role}"
    baselines.measured[key] = len(many)
    if UPDATE:
        return
    baseline = baselines.committed.get(key)
    assert baseline is not None, (
        f"No query baseline for {key!r} ({len(many)} queries). Record it on purpose with "
        f"UPDATE_QUERY_BASELINES=1 and commit {BASELINE_FILE.name}."
    )
    assert len(many) <= baseline, (
        f"{page} as {role} now makes {len(many)} queries; the baseline is {baseline}.\n"
        + "\n".join(f"  {q['sql'][:200]}" for q in many.captured_queries)
        + f"\nIf the extra queries are deliberate, update the baseline with UPDATE_QUERY_BASELINES=1 "
        f"and commit {BASELINE_FILE.name}."
    )


@pytest.mark.skipif(UPDATE, reason="the baselines are being rewritten")
def test_every_measured_page_has_a_baseline_and_no_other() -> None:
    """A new page needs a baseline; a renamed or removed page must not leave a stale one behind."""
    committed = json.loads(BASELINE_FILE.read_text())

    assert set(committed) == BASELINE_KEYS
