"""The dialogue demo: conversations with the demo suppliers, members, the board and a partner; their
follow-ups on the demo logins' *Til mig*; deliveries under the demo contracts; loading twice creates
nothing new, and the reset deletes what it made."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from programkontor.accounts.models import User
from programkontor.dialogue import demo
from programkontor.dialogue.models import Entry, FollowUp
from programkontor.governance import demo as governance_demo
from programkontor.planning.models import WorkItem
from programkontor.portfolio import demo as portfolio_demo
from programkontor.portfolio.models import Organisation
from programkontor.suppliers import demo as suppliers_demo


@pytest.fixture
def loaded(db: Any) -> list[str]:
    portfolio_demo.load_demo(stdout=io.StringIO())
    governance_demo.load_demo(stdout=io.StringIO())
    suppliers_demo.load_demo(stdout=io.StringIO())
    return demo.load_demo(stdout=io.StringIO())


def test_it_loads_the_dialogue_and_the_deliveries_once(loaded: list[str]) -> None:
    assert loaded == ["Dialog: oprettet 8 samtaler og 5 leverancer under leverandørkontrakter."]
    assert demo.load_demo(stdout=io.StringIO()) == [
        "Dialog: demodata var allerede indlæst; intet nyt er oprettet."
    ]
    assert {entry.kind for entry in Entry.objects.all()} == {
        "call",
        "meeting",
        "email",
        "workshop",
        "site_visit",
    }
    assert {entry.party for entry in Entry.objects.all()} == {"supplier", "member", "board", "partner"}
    option = Entry.objects.get(title="Option på videreudviklingskontrakten")
    assert [o.name for o in option.organisations.all()] == ["Fjordbyte ApS"] and option.people.count() == 1
    assert demo.demo_totals() == [("Samtaler i dialogloggen", 8), ("Åbne opfølgninger", 8)]
    fjordbyte = Organisation.objects.get(name="Fjordbyte ApS")
    assert WorkItem.objects.filter(contract__supplier=fjordbyte, owner_organisation=fjordbyte).count() == 3


def test_the_program_manager_finds_a_follow_up_and_the_supplier_page_its_history(loaded: list[str]) -> None:
    client = Client()
    client.force_login(User.objects.get(username="programleder"))
    html = client.get(reverse("core:for_me")).content.decode()
    assert "Forbered indstilling om optionen til styregruppen" in html
    page = client.get(Organisation.objects.get(name="Fjordbyte ApS").get_absolute_url()).content.decode()
    assert "Kvartalsmøde om drift og SLA" in page and "Rapport over rolletildelinger til revisionen" in page
    client.force_login(User.objects.get(username="leverandoer"))  # Fjordbyte's contact reads no notes
    assert "Kvartalsmøde om drift og SLA" not in client.get(reverse("dialogue:entry_list")).content.decode()


def test_the_reset_deletes_the_dialogue_and_its_deliveries_only(loaded: list[str]) -> None:
    before = WorkItem.objects.count()
    demo.delete_demo()
    assert not Entry.objects.exists() and not FollowUp.objects.exists() and not Entry.history.exists()
    assert WorkItem.objects.count() == before - 5
