"""A contract's deadlines on *Til mig*: the program manager and the secretariat see "notice by DATE"
for the contracts they may change, with the one click to make; nobody else does."""

from __future__ import annotations

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from programkontor.core.registry import DueItem, waiting_for
from programkontor.suppliers.terms import months_before
from tests.conftest import World
from tests.suppliers.factories import ContractFactory, one_month_after

TODAY = timezone.localdate


def items(world: World, name: str) -> list[DueItem]:
    """The user's contract deadlines, read afresh (``waiting_for`` keeps its result on the user object)."""
    user = type(world[name]).objects.get(pk=world[name].pk)
    return [
        item
        for group in waiting_for(user, TODAY())
        if group.key == "suppliers.deadlines"
        for item in group.items
    ]


def test_the_program_manager_sees_the_notice_date_and_what_to_do(world: World) -> None:
    end = one_month_after(TODAY() + datetime.timedelta(days=12))
    contract = ContractFactory(
        product=world.product, supplier=world.supplier, title="Hostingaftale", end_date=end, notice_months=1
    )
    client = Client()
    client.force_login(world["bob"])
    html = client.get(reverse("core:for_me")).content.decode()
    assert 'data-kind="suppliers.deadlines"' in html
    assert "Kontraktfrister" in html and "Kontrakt Hostingaftale (Leverandør ApS)" in html
    assert "Opsig senest" in html and ">Opsig eller lad den løbe<" in html
    assert contract.get_absolute_url() in html
    [item] = items(world, "bob")
    assert item.date == months_before(end, 1) and not item.overdue


def test_a_missed_notice_date_stays_overdue_until_the_end_or_the_notice_is_recorded(world: World) -> None:
    contract = ContractFactory(
        product=world.product,
        supplier=world.supplier,
        end_date=TODAY() + datetime.timedelta(days=45),
        notice_months=3,
    )
    [item] = items(world, "carol")
    assert item.overdue and item.date == contract.notice_by
    contract.notice_given_on = TODAY()
    contract.save()
    assert items(world, "carol") == []


def test_the_end_and_the_reach_of_the_options_are_shown_to_know(world: World) -> None:
    ContractFactory(
        product=world.product,
        supplier=world.supplier,
        end_date=TODAY() + datetime.timedelta(days=5),
        notice_months=0,
        options_left=1,
        options_until=TODAY() + datetime.timedelta(days=20),
    )
    found = items(world, "alice")
    assert [(item.action, item.overdue) for item in found] == [("", False), ("", False)]
    assert "udløber" in found[0].note and "Forlængelsesoptionerne" in found[1].note


def test_readers_who_may_not_change_the_contract_and_outsiders_see_nothing(world: World) -> None:
    ContractFactory(
        product=world.product, supplier=world.supplier, end_date=TODAY() + datetime.timedelta(days=10)
    )
    for name in ("dave", "erin", "frank", "grace", "mallory"):
        assert items(world, name) == [], name
    assert len(items(world, "bob")) >= 1


def test_archived_contracts_and_those_far_ahead_wait_for_nobody(world: World) -> None:
    ContractFactory(
        product=world.product, supplier=world.supplier, end_date=TODAY() + datetime.timedelta(days=400)
    )
    ContractFactory(
        product=world.product,
        supplier=world.supplier,
        end_date=TODAY() + datetime.timedelta(days=10),
        archived_at=timezone.now(),
    )
    assert items(world, "alice") == []
