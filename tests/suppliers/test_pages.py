"""Supplier contracts as their users read and write them: the list and its filters, a contract's page
(the value and the terms only for internal readers), the form in Danish amounts, and the supplier's
organisation page with its contracts, the spending against each contract's value and the deliveries.

    alice the secretariat, bob the program manager of Velfærd (OS2alpha), carol OS2alpha's product
    coordinator, erin the contact of Leverandør ApS on OS2alpha, grace another program's manager.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from programkontor.core.history import history_for
from programkontor.economy.models import ReceivedInvoice
from programkontor.suppliers.models import Contract
from tests import factories as f
from tests.conftest import World
from tests.economy.factories import accounts_for
from tests.planning.factories import WorkItemFactory
from tests.suppliers.factories import ContractFactory, contract_world

TODAY = timezone.localdate


def client_for(world: World, name: str) -> Client:
    client = Client()
    client.force_login(world[name])
    return client


def get(world: World, name: str, url: str) -> str:
    response = client_for(world, name).get(url)
    assert response.status_code == 200
    return response.content.decode()


def invoice(world: World, contract: Contract, number: str, amount: int, status: str) -> ReceivedInvoice:
    return ReceivedInvoice.objects.create(
        product=world.product,
        supplier=contract.supplier,
        supplier_invoice_number=number,
        invoice_date=TODAY(),
        description="Udvikling",
        account=accounts_for(world.product)["00008"],
        amount=amount,
        status=status,
        contract=contract,
        checked_by=world["alice"] if status in ("checked", "approved") else None,
        approved_by=world["bob"] if status == "approved" else None,
    )


def test_the_list_filters_by_supplier_kind_and_what_expires_soon(world: World) -> None:
    contract_world(world)  # ends in a year, notice in nine months
    other = f.SupplierFactory(name="Drift A/S")
    ContractFactory(
        product=world.product,
        supplier=other,
        title="Driftsaftale",
        kind="operations",
        end_date=TODAY() + datetime.timedelta(days=100),
        notice_months=3,
    )
    url = reverse("suppliers:contract_list")
    everything = get(world, "bob", url)
    assert "Alpha-udviklingskontrakt" in everything and "Driftsaftale" in everything
    by_supplier = get(world, "bob", f"{url}?supplier={other.pk}")
    assert "Driftsaftale" in by_supplier and "Alpha-udviklingskontrakt" not in by_supplier
    by_kind = get(world, "bob", f"{url}?kind=development")
    assert "Alpha-udviklingskontrakt" in by_kind and "Driftsaftale" not in by_kind
    # Notice for the operations contract is due within 30 days (100 days less three months).
    soon = get(world, "bob", f"{url}?expiring_within=30")
    assert "Driftsaftale" in soon and "Alpha-udviklingskontrakt" not in soon
    assert "Udvikling" in everything and "Drift" in everything  # the kinds, in Danish
    assert "Alpha-udviklingskontrakt" not in get(world, "grace", url)


def test_the_contract_page_shows_the_terms_to_internal_readers_and_not_the_value_to_the_supplier(
    world: World,
) -> None:
    contract = contract_world(world)
    contract.documents = "Kontrakt https://example.org/kontrakt.pdf\nhttps://example.org/bilag.pdf"
    contract.sla = "Svar inden for **4 timer**."
    contract.save()
    url = contract.get_absolute_url()
    page = get(world, "bob", url)
    assert "1.000.000,00 DKK" in page
    assert "MPL-2.0" in page and "Til de deltagende myndigheder" in page
    assert '<a href="https://example.org/kontrakt.pdf" rel="noopener">Kontrakt</a>' in page
    assert "<strong>4 timer</strong>" in page
    notice = contract.notice_by
    assert notice is not None and f"Opsigelse senest {notice:%d.%m.%Y}" in page
    supplier_page = get(world, "erin", url)
    assert "Alpha-udviklingskontrakt" in supplier_page
    assert "1.000.000,00" not in supplier_page and "kontrakt.pdf" not in supplier_page


def test_a_contract_without_floss_clauses_is_flagged(world: World) -> None:
    contract = ContractFactory(
        product=world.product, supplier=world.supplier, licence="", copyright_to="none"
    )
    page = get(world, "carol", contract.get_absolute_url())
    assert "FLOSS-klausulerne er ufuldstændige" in page
    assert "Ingen licensklausul" in page and "Ingen ophavsretsoverdragelse" in page


def test_the_program_manager_adds_a_contract_in_danish_kroner_and_the_history_names_him(world: World) -> None:
    client = client_for(world, "bob")
    response = client.post(
        reverse("suppliers:contract_add"),
        {
            "title": "Udvikling af borgervendt modul",
            "supplier": world.supplier.pk,
            "product": world.product.pk,
            "kind": "development",
            "value": "1.250.000,50",
            "currency": "DKK",
            "start_date": "2027-01-01",
            "end_date": "2027-12-31",
            "notice_months": "3",
            "options_left": "2",
            "options_until": "2029-12-31",
            "licence": "MPL-2.0",
            "copyright_to": "os2",
            "data_processing": "na",
            "documents": "Kontrakt https://example.org/k.pdf",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    contract = Contract.objects.get(title="Udvikling af borgervendt modul")
    assert contract.value == 125_000_050
    assert contract.notice_by == datetime.date(2027, 9, 30)
    assert contract.history.get().history_user == world["bob"]
    assert history_for(contract, 5)[0].kind == "+"


def test_the_form_says_what_is_wrong_and_saves_nothing(world: World) -> None:
    response = client_for(world, "bob").post(
        reverse("suppliers:contract_add"),
        {
            "title": "Forkert",
            "supplier": world.supplier.pk,
            "product": world.product.pk,
            "program": world.program.pk,
            "kind": "support",
            "value": "12,345",
            "currency": "DKK",
            "start_date": "2027-06-01",
            "end_date": "2027-01-01",
            "notice_months": "0",
            "options_left": "0",
            "copyright_to": "authorities",
            "data_processing": "no",
            "documents": "bare tekst",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Et beløb har højst to decimaler (øre)." in page
    assert not Contract.objects.filter(title="Forkert").exists()


def test_the_model_refuses_what_does_not_add_up(world: World) -> None:
    contract = ContractFactory.build(
        product=world.product,
        supplier=world.municipality,
        start_date=datetime.date(2027, 6, 1),
        end_date=datetime.date(2027, 1, 1),
        options_left=1,
        options_until=None,
        documents="ingen adresse",
    )
    with pytest.raises(ValidationError) as raised:
        contract.full_clean()
    assert set(raised.value.message_dict) >= {"supplier", "end_date", "options_until", "documents"}


def test_the_supplier_page_shows_contracts_spending_against_the_value_and_deliveries(world: World) -> None:
    contract = contract_world(world)  # 1.000.000 kr.
    invoice(world, contract, "F-1", 300_000_00, "approved")
    invoice(world, contract, "F-2", 100_000_00, "checked")
    invoice(world, contract, "F-3", 999_000_00, "rejected")
    WorkItemFactory(product=world.product, title="Login med MitID", contract=contract, status="done")
    page = get(world, "bob", world.supplier.get_absolute_url())
    assert 'id="contracts-panel"' in page and "Alpha-udviklingskontrakt" in page
    # Spent 300.000, awaiting 100.000, left 600.000 of 1.000.000 (40 % used); rejected counts for nothing.
    assert "300.000,00 kr." in page and "100.000,00 kr." in page and "600.000,00 kr. (40 %)" in page
    assert "Login med MitID" in page
    contract_page = get(world, "bob", contract.get_absolute_url())
    assert "F-1" in contract_page and "F-3" in contract_page and "40 % brugt" in contract_page
    # erin sees her contract and her delivered work, not the spending.
    supplier_view = get(world, "erin", world.supplier.get_absolute_url())
    assert "Alpha-udviklingskontrakt" in supplier_view and 'id="supplier-spending"' not in supplier_view


def test_spending_over_the_value_is_flagged(world: World) -> None:
    contract = ContractFactory(product=world.product, supplier=world.supplier, value=100_00)
    invoice(world, contract, "F-9", 200_00, "approved")
    page = get(world, "alice", contract.get_absolute_url())
    assert "Over kontraktens værdi" in page


def test_an_invoice_and_a_work_item_must_match_the_contract(world: World) -> None:
    contract = contract_world(world)
    stranger = f.SupplierFactory(name="Anden ApS")
    wrong = ReceivedInvoice(
        product=world.product,
        supplier=stranger,
        supplier_invoice_number="X",
        invoice_date=TODAY(),
        description="x",
        account=accounts_for(world.product)["00008"],
        amount=1,
        contract=contract,
    )
    with pytest.raises(ValidationError) as raised:
        wrong.full_clean()
    assert "contract" in raised.value.message_dict
    item = WorkItemFactory.build(product=world.other_product, title="Andet", contract=contract)
    with pytest.raises(ValidationError) as raised:
        item.full_clean()
    assert "contract" in raised.value.message_dict


def test_a_decision_can_link_to_a_contract(world: World) -> None:
    from programkontor.core.registry import registered_linkable

    contract = contract_world(world)
    linkable = registered_linkable("suppliers.contract")
    assert linkable is not None
    assert list(linkable.candidates(world["bob"], world.product.pk, None)) == [contract]
    assert list(linkable.candidates(world["grace"], world.product.pk, None)) == []


def test_the_approving_decisions_page_lists_the_contract(world: World) -> None:
    from tests.governance.factories import DecisionFactory

    decision = DecisionFactory(
        product=world.product, title="Udviklingskontrakten godkendes", status="decided"
    )
    contract = ContractFactory(
        product=world.product, supplier=world.supplier, title="Godkendt kontrakt", decision=decision
    )
    page = get(world, "bob", decision.get_absolute_url())
    assert contract.get_absolute_url() in page and "Godkendt kontrakt" in page
