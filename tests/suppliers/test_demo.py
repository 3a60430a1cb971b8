"""The suppliers demo: realistic contracts for the demo suppliers, a notice deadline waiting for the
program manager on *Til mig*, loading twice creates nothing new, and the reset deletes them."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from programkontor.accounts.models import User
from programkontor.governance import demo as governance_demo
from programkontor.portfolio import demo as portfolio_demo
from programkontor.suppliers import demo
from programkontor.suppliers.models import Contract


@pytest.fixture
def loaded(db: Any) -> list[str]:
    portfolio_demo.load_demo(stdout=io.StringIO())
    governance_demo.load_demo(stdout=io.StringIO())
    return demo.load_demo(stdout=io.StringIO())


def test_it_loads_contracts_once_with_their_approval_and_clauses(loaded: list[str]) -> None:
    assert loaded == ["Leverandører: oprettet 6 kontrakter."]
    assert demo.load_demo(stdout=io.StringIO()) == [
        "Leverandører: demodata var allerede indlæst; intet nyt er oprettet."
    ]
    development = Contract.objects.get(title="Videreudvikling af OS2rollekatalog 2025-2027")
    assert development.supplier.name == "Fjordbyte ApS" and development.decision is not None
    assert development.approved_by_body is not None and development.options_until is not None
    assert {c.kind for c in Contract.objects.all()} == {"development", "operations", "support", "call_off"}
    assert Contract.objects.get(title__startswith="Integrationsydelser").floss_warnings
    assert demo.demo_totals() == [("Leverandørkontrakter", 6)]


def test_the_program_manager_finds_the_notice_deadline_and_the_supplier_its_contracts(
    loaded: list[str],
) -> None:
    client = Client()
    client.force_login(User.objects.get(username="programleder"))
    html = client.get(reverse("core:for_me")).content.decode()
    assert "Kontrakt Videreudvikling af OS2rollekatalog 2025-2027 (Fjordbyte ApS)" in html
    assert "Opsig senest" in html
    client.force_login(User.objects.get(username="leverandoer"))
    html = client.get(reverse("suppliers:contract_list")).content.decode()
    assert "Drift og hosting af OS2rollekatalog" in html and "Support og vedligehold af OS2mo" not in html


def test_the_reset_deletes_the_contracts(loaded: list[str]) -> None:
    demo.delete_demo()
    assert not Contract.objects.exists() and not Contract.history.exists()


def test_the_whole_demo_bills_invoices_under_the_contracts(db: Any) -> None:
    from django.core.management import call_command

    call_command("demo", stdout=io.StringIO())
    development = Contract.objects.get(title="Videreudvikling af OS2rollekatalog 2025-2027")
    operations = Contract.objects.get(title="Drift og hosting af OS2rollekatalog")
    assert development.received_invoices.count() == 2 and operations.received_invoices.count() == 1
    client = Client()
    client.force_login(User.objects.get(username="programleder"))
    html = client.get(development.supplier.get_absolute_url()).content.decode()
    assert 'id="supplier-spending"' in html and "187.500,00 kr." in html  # the approved invoice
