"""A portfolio with public and secret things side by side, for the transparency site's tests.

Everything whose text contains ``SECRET`` must never reach the site: unpublished decisions,
products, programs, meetings, minutes, evaluations, roadmap items and tariff sheets, the internal
fields of published ones, and private people's contact data.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from programkontor.economy.models import BudgetLine
from programkontor.evaluation import services as evaluation_services
from programkontor.governance.models import Decision, Meeting
from programkontor.portfolio.models import Body, Person, Product
from tests import factories as f
from tests.conftest import World
from tests.economy import factories as economy
from tests.evaluation.factories import evaluation
from tests.governance.factories import AgendaItemFactory, DecisionFactory, MeetingFactory, at
from tests.planning.factories import MilestoneFactory, RoadmapItemFactory

TODAY = datetime.date(2026, 12, 6)


@dataclass
class PublicWorld:
    world: World
    product: Product
    public_decision: Decision
    meeting: Meeting
    secrets: list[str]
    public: list[str]


def publish(*rows: Any) -> None:
    for row in rows:
        type(row).objects.filter(pk=row.pk).update(is_published=True)


@pytest.fixture
def catalogue(db: Any) -> Any:
    return evaluation_services.load_shipped_catalogue()


@pytest.fixture
def public_world(world: World, catalogue: Any) -> PublicWorld:
    gamma = world.published_product  # published, in the published program "Infrastruktur"
    Product.objects.filter(pk=gamma.pk).update(
        notes="SECRET product note", cost_element="SECRET-PSP-42", description="OS2gamma **samler** data."
    )
    gamma.refresh_from_db()
    # The unpublished program Velfærd and product OS2alpha are secret by name.
    private = Person.objects.create(
        first_name="Hemmelig", last_name="Hansen", email="secret.person@example.org", phone="+45 11 22 33 44"
    )
    body = f.BodyFactory(product=gamma, name="Styregruppen for OS2gamma", notes="SECRET body note")
    publish(body)
    shown = MeetingFactory(
        body=body,
        title="Styregruppemøde",
        starts_at=at(-30),
        status="minutes_approved",
        chair=private,
        chair_name="SECRET chair name",
        notes="SECRET meeting note",
        minutes_summary="Styregruppen godkendte køreplanen.",
    )
    publish(shown)
    AgendaItemFactory(
        meeting=shown, title="Køreplan 2027", minutes="Godkendt.", owner=private, owner_name="SECRET owner"
    )
    hidden = MeetingFactory(
        body=body, title="SECRET meeting unpublished", starts_at=at(-60), status="minutes_approved"
    )
    AgendaItemFactory(meeting=hidden, title="SECRET item of an unpublished meeting", minutes="SECRET minutes")
    draft = MeetingFactory(
        body=body, title="SECRET meeting not approved", starts_at=at(-10), status="minutes_ready"
    )
    publish(draft)
    decided = DecisionFactory(
        product=gamma,
        title="OS2gamma optages i porteføljen",
        status="decided",
        notes="SECRET decision note",
        decision="OS2gamma **optages**.",
    )
    publish(decided)
    DecisionFactory(product=gamma, title="SECRET decision unpublished", status="decided")
    on_alpha = DecisionFactory(
        product=world.product, title="Beslutning om et ukendt produkt", status="decided"
    )
    publish(on_alpha)  # published, but about the unpublished OS2alpha: the product stays unnamed

    final = evaluation(gamma, catalogue, level="1", published=True, evaluated_on=datetime.date(2026, 9, 1))
    type(final).objects.filter(pk=final.pk).update(notes="SECRET evaluation note")
    secret_evaluation = evaluation(gamma, catalogue, evaluated_on=datetime.date(2026, 11, 1))
    type(secret_evaluation).objects.filter(pk=secret_evaluation.pk).update(
        summary="SECRET evaluation summary"
    )

    item = RoadmapItemFactory(product=gamma, title="Ny login-flade", notes="SECRET roadmap note")
    publish(item)
    RoadmapItemFactory(product=gamma, title="SECRET roadmap item")
    RoadmapItemFactory(product=world.product, title="SECRET roadmap item of OS2alpha")
    stone = MilestoneFactory(
        product=gamma, title="Version 2 frigivet", due_date=TODAY + datetime.timedelta(days=20)
    )
    publish(stone)
    MilestoneFactory(product=gamma, title="SECRET milestone")

    sheet = economy.tariff_sheet(gamma, notes="SECRET tariff note")
    publish(sheet)
    economy.tariff_sheet(world.product)  # of the unpublished OS2alpha
    alice = world["alice"]
    _budget, version = economy.budget_with_lines(alice, gamma, {"00005": 12_345_600})
    BudgetLine.objects.filter(budget_version=version).update(note="SECRET budget line note")
    approved = economy.approve(
        alice, version, economy.decision(product=gamma, title="SECRET budget decision")
    )
    publish(approved)
    _budget, unpublished = economy.budget_with_lines(alice, gamma, {"00005": 98_765_400}, year=2028)
    economy.approve(alice, unpublished, economy.decision(product=gamma, title="SECRET budget decision 2028"))
    Body.objects.filter(pk=body.pk).update(description="Styrer OS2gamma.")
    return PublicWorld(
        world=world,
        product=gamma,
        public_decision=decided,
        meeting=shown,
        secrets=[
            "SECRET",
            "OS2alpha",
            "Velfærd",
            "secret.person@example.org",
            "+45 11 22 33 44",
            "Hemmelig Hansen",
            "987.654",
            "alice@example.org",
        ],
        public=[
            "OS2gamma",
            "Infrastruktur",
            "OS2gamma optages i porteføljen",
            "Beslutning om et ukendt produkt",
            "Køreplan 2027",
            "Ny login-flade",
            "123.456",
            "Evaluering af OS2-produkt: OS2gamma",
        ],
    )
