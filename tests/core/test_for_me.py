"""The front page *Til mig*: what waits for the signed-in user, from every app's provider, only what
they may act on or open; its count in the header; a fixed number of queries.

    alice the secretariat, bob the program manager of Velfærd (OS2alpha), carol OS2alpha's product
    coordinator, dave a member of OS2alpha's steering group, grace the manager of another program,
    mallory signed in with no role.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from programkontor.dialogue import services as comments
from programkontor.economy.models import Account
from programkontor.economy.services import invoices as invoice_services
from tests.conftest import World
from tests.dialogue.factories import EntryFactory, FollowUpFactory
from tests.economy.factories import accounts_for
from tests.governance.factories import DecisionFactory, MeetingFactory, at
from tests.performance.support import (
    Baselines,
    assert_constant_queries,
    baseline_completeness_test,
    baselines_fixture,
)
from tests.planning.factories import MilestoneFactory, RiskFactory, TimeboxFactory, WorkItemFactory
from tests.suppliers.factories import ContractFactory, one_month_after

TODAY = timezone.localdate


def grow(world: World, start: int, stop: int) -> None:
    """Items ``start`` to ``stop`` of each kind that waits, all on OS2alpha (private, program Velfærd)."""
    alice, product, today = world["alice"], world.product, TODAY()
    account = (
        Account.objects.filter(product=product, number="00008").first() or accounts_for(product)["00008"]
    )
    for i in range(start, stop):
        risk = RiskFactory(
            product=product, title=f"Risiko {i} om NemLog", review_date=today - datetime.timedelta(3)
        )
        # A comment mentioning bob (who sees the risk) and erin and grace (who do not).
        comments.add_comment(actor=world["carol"], target=risk, text=f"Kig på {i}, @bob @erin @grace")
        MilestoneFactory(product=product, title=f"Milepæl {i}", due_date=today - datetime.timedelta(5))
        MeetingFactory(body=world.steering, title=f"Møde {i}", starts_at=at(3), status="draft_agenda")
        DecisionFactory(
            product=product,
            title=f"Beslutning {i} til ratifikation",
            status="ratification_pending",
            decided_by_body=world.steering,
            ratification_body=world.steering,
            ratification_due=today + datetime.timedelta(10),
        )
        box = TimeboxFactory(product=product, name=f"Tidsboks {i}", capacity_hours=Decimal(10))
        WorkItemFactory(timebox=box, priority="must", estimate_hours=Decimal(20))
        fields = {
            "product": product,
            "supplier": world.supplier,
            "invoice_date": today - datetime.timedelta(20),
            "due_date": today - datetime.timedelta(2),
            "description": "Udvikling",
            "account": account,
            "amount": 1_000_00,
        }
        # One registered (the secretariat checks it), one checked by alice (someone else approves it).
        invoice_services.register(actor=alice, fields={**fields, "supplier_invoice_number": f"R-{i}"})
        checked = invoice_services.register(
            actor=alice, fields={**fields, "supplier_invoice_number": f"C-{i}"}
        )
        invoice_services.check(actor=alice, invoice=checked, expected_version=checked.version)
        # A follow-up of a call with the supplier, bob's to do.
        FollowUpFactory(
            entry=EntryFactory(product=product, title=f"Opkald {i}"),
            owner=world["bob"].person,
            text=f"Ring {i}",
        )
        # Notice must be given within 30 days (a month before an end some 40 days ahead).
        ContractFactory(
            product=product,
            supplier=world.supplier,
            title=f"Kontrakt {i}",
            end_date=one_month_after(today + datetime.timedelta(10)),
            notice_months=1,
        )


@pytest.fixture
def waiting(world: World) -> World:
    grow(world, 0, 1)
    # Two open high risks turn OS2alpha's light red.
    RiskFactory(product=world.product, title="Høj risiko A", probability=5, impact=5)
    RiskFactory(product=world.product, title="Høj risiko B", probability=5, impact=4)
    return world


def page(world: World, name: str) -> str:
    client = APIClient()
    client.force_login(world[name])
    response = client.get(reverse("core:for_me"))
    assert response.status_code == 200
    return response.content.decode()


def kinds(html: str) -> set[str]:
    return set(re.findall(r'data-kind="([^"]+)"', html))


PLANNING = {"planning.risks", "planning.milestones", "planning.red", "planning.capacity"}
GOVERNANCE = {"governance.agendas", "governance.ratifications"}


#: Who sees each kind of the fixture's items: the users who may act on them, no one else.
WHO = {
    "economy.invoices_to_check": {"alice"},
    "economy.invoices_to_approve": {"bob", "carol"},  # alice checked it: someone else approves
    "governance.agendas": {"alice", "bob", "carol", "dave"},
    "governance.ratifications": {"alice", "bob", "carol", "dave"},
    "planning.risks": {"alice", "bob", "carol"},
    "planning.milestones": {"alice", "bob", "carol"},
    "planning.red": {"alice", "bob", "carol"},
    "planning.capacity": {"alice", "bob", "carol"},
    "suppliers.deadlines": {"alice", "bob", "carol"},  # the contract's writers
    "dialogue.follow_ups": {"bob"},  # the owner only
    "dialogue.mentions": {"bob"},  # mentioned and may see the risk
}
EVERYONE = ("alice", "bob", "grace", "carol", "dave", "erin", "frank", "mallory")


@pytest.mark.parametrize("key", sorted(WHO))
def test_each_provider_gives_its_items_to_those_who_act_on_them_only(waiting: World, key: str) -> None:
    from programkontor.core.registry import waiting_for

    seeing = {
        name
        for name in EVERYONE
        if any(group.key == key and group.total for group in waiting_for(waiting[name], TODAY()))
    }
    assert seeing == WHO[key]


@pytest.mark.parametrize("name", ["bob", "carol"])
def test_the_program_manager_and_the_product_coordinator_see_what_waits_for_them(
    waiting: World, name: str
) -> None:
    html = page(waiting, name)
    assert {"economy.invoices_to_approve", *PLANNING, *GOVERNANCE} <= kinds(html)
    assert "economy.invoices_to_check" not in kinds(html)  # the secretariat checks
    assert "Faktura C-0 fra Leverandør ApS" in html and "R-0" not in html
    assert "Risiko 0 om NemLog" in html and "Forfalden siden" in html
    assert "Rød: to eller flere åbne høje risici" in html
    assert ">Godkend<" in html and ">Gennemgå<" in html and ">Send dagsordenen<" in html


def test_the_secretariat_checks_but_never_approves_what_it_checked(waiting: World) -> None:
    html = page(waiting, "alice")
    assert "economy.invoices_to_check" in kinds(html)
    assert "Faktura R-0 fra Leverandør ApS" in html
    assert "C-0" not in html  # alice checked it: someone else approves it


def test_a_steering_group_member_sees_the_groups_agendas_and_ratifications_only(waiting: World) -> None:
    found = kinds(page(waiting, "dave"))
    assert found >= GOVERNANCE
    assert not (found & PLANNING) and not any(kind.startswith("economy.") for kind in found)


@pytest.mark.parametrize("name", ["grace", "mallory"])
def test_an_outsider_is_told_that_nothing_waits(waiting: World, name: str) -> None:
    html = page(waiting, name)
    assert kinds(html) == set()
    assert "Intet venter på dig" in html
    assert "NemLog" not in html and "Tidsboks" not in html


@pytest.mark.parametrize("name", ["alice", "bob", "carol", "dave"])
def test_every_link_on_the_page_opens_for_the_user(waiting: World, name: str) -> None:
    client = APIClient()
    client.force_login(waiting[name])
    html = client.get(reverse("core:for_me")).content.decode()
    section = html[html.index("<main") : html.index("</main>")]
    links = set(re.findall(r'href="(/[^"#]*)"', section))
    assert len(links) >= 3
    for link in sorted(links):
        assert client.get(link).status_code == 200, link


def test_the_items_are_grouped_by_kind_most_urgent_first(waiting: World) -> None:
    html = page(waiting, "bob")
    order = re.findall(r'data-kind="([^"]+)"', html)
    overdue = {"economy.invoices_to_approve", "planning.risks", "planning.milestones", "governance.agendas"}
    assert set(order[: len(overdue)]) == overdue  # kinds with overdue items come before the rest
    assert order.index("governance.ratifications") > order.index("planning.risks")


def test_the_header_shows_the_count_and_it_costs_other_pages_nothing(waiting: World) -> None:
    client = APIClient()
    client.force_login(waiting["bob"])
    html = client.get(reverse("core:for_me")).content.decode()
    found = re.search(r"(\d+) ting venter på dig", html)
    assert found is not None
    total = int(found.group(1))
    assert re.search(rf'id="for-me-count">{total}<', html)
    other = client.get(reverse("portfolio:program_list")).content.decode()
    assert 'hx-get="/til-mig/antal/"' in other and f'id="for-me-count">{total}<' not in other
    badge = client.get(reverse("core:for_me_count")).content.decode()
    assert f">{total}<" in badge


def test_the_old_front_page_address_leads_to_the_portfolio(waiting: World) -> None:
    client = APIClient()
    assert client.get("/")["Location"] == reverse("portfolio:overview")
    client.force_login(waiting["bob"])
    assert client.get("/?stage=product")["Location"] == reverse("portfolio:overview") + "?stage=product"
    assert "OS2alpha" in client.get(reverse("portfolio:overview")).content.decode()


BASELINE_FILE = Path(__file__).with_name("query_baselines.json")
ROLES = {"secretariat": "alice", "program_manager": "bob", "steering_member": "dave"}
BASELINE_KEYS = {f"core:for_me|{role}" for role in ROLES} | {"core:for_me_kind|program_manager"}
baselines = baselines_fixture(BASELINE_FILE, BASELINE_KEYS)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_the_query_count_does_not_grow_with_the_items(world: World, baselines: Baselines, role: str) -> None:
    client = APIClient()
    client.force_login(world[ROLES[role]])
    size = {"n": 0}

    def grow_to(n: int) -> None:
        grow(world, size["n"], n)
        size["n"] = n

    assert_constant_queries(
        client, reverse("core:for_me"), grow=grow_to, key=f"core:for_me|{role}", baselines=baselines
    )


def test_a_kinds_own_page_reads_a_fixed_number_of_queries(world: World, baselines: Baselines) -> None:
    """The risks to review from the third on (``?fra=2``): 3 rows with five, 25 with fifty."""
    client = APIClient()
    client.force_login(world["bob"])
    size = {"n": 0}

    def grow_to(n: int) -> None:
        grow(world, size["n"], n)
        size["n"] = n

    url = reverse("core:for_me_kind", args=["planning.risks"]) + "?fra=2"
    assert_constant_queries(
        client, url, grow=grow_to, key="core:for_me_kind|program_manager", baselines=baselines
    )


test_every_measured_page_has_a_baseline_and_no_other = baseline_completeness_test(
    BASELINE_FILE, BASELINE_KEYS
)
