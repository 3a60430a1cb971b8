"""Contract deadlines on governance's annual cycle: each notice date, end and reach of the options in
its month, for those who may see the contract, narrowed like the cycle's own events."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse

from tests.conftest import World
from tests.suppliers.factories import ContractFactory

YEAR = 2031


def cycle(client: Any, **query: str) -> str:
    response = client.get(reverse("governance:cycle"), {"year": str(YEAR), **query})
    assert response.status_code == 200
    return response.content.decode()


def month_of(html: str, title: str) -> str:
    """The heading of the month whose list names ``title``."""
    sections = html.split('<section aria-labelledby="month-')[1:]
    found = [
        s.split(">", 2)[2].split("<", 1)[0] for s in sections if f">{title}</a>" in s.split("</section>")[0]
    ]
    assert len(found) == 1, found
    return found[0]


def contract(world: World, **fields: Any) -> Any:
    values = {
        "product": world.product,
        "supplier": world.supplier,
        "title": "Alpha-drift",
        "start_date": datetime.date(YEAR - 2, 1, 1),
        "end_date": datetime.date(YEAR, 9, 30),
        "notice_months": 3,
        "notice_by": datetime.date(YEAR, 6, 30),
        "options_left": 1,
        "options_until": datetime.date(YEAR + 1, 9, 30),
    }
    return ContractFactory(**{**values, **fields})


def test_the_cycle_shows_the_notice_date_and_the_end_in_their_months(world: World, client: Any) -> None:
    contract(world)
    client.force_login(world["bob"])
    html = cycle(client)
    assert month_of(html, "Opsigelsesfrist: Alpha-drift") == "Juni"
    assert month_of(html, "Kontrakten udløber: Alpha-drift") == "September"
    assert "Optionerne rækker til: Alpha-drift" not in html  # next year's date is not this year's
    assert "Optionerne rækker til: Alpha-drift" in cycle(client, year=str(YEAR + 1))


def test_notice_given_leaves_only_the_end_and_an_archived_contract_nothing(world: World, client: Any) -> None:
    contract(world, notice_given_on=datetime.date(YEAR, 5, 1))
    contract(world, title="Gammel aftale", archived_at=datetime.datetime(YEAR, 1, 1, tzinfo=datetime.UTC))
    client.force_login(world["alice"])
    html = cycle(client)
    assert "Opsigelsesfrist: Alpha-drift" not in html and "Kontrakten udløber: Alpha-drift" in html
    assert "Gammel aftale" not in html


def test_only_those_who_may_see_the_contract_see_its_dates(world: World, client: Any) -> None:
    contract(world)
    client.force_login(world["mallory"])
    assert "Alpha-drift" not in cycle(client)
    client.logout()
    assert "Alpha-drift" not in cycle(client)


def test_the_filters_narrow_the_contract_dates_like_the_events(world: World, client: Any) -> None:
    contract(world)
    client.force_login(world["alice"])
    assert "Alpha-drift" in cycle(client, product=world.product.slug)
    assert "Alpha-drift" not in cycle(client, product=world.other_product.slug)
    assert "Alpha-drift" in cycle(client, program=world.program.slug)  # the program's product's contract
    assert "Alpha-drift" not in cycle(client, association="true")
    only = cycle(client, kind="suppliers.contracts")
    assert "Alpha-drift" in only and 'value="suppliers.contracts" selected' in only
    assert "Alpha-drift" not in cycle(client, kind="budget")
    assert "Alpha-drift" not in cycle(client, q="Alpha")  # the text search is the events' own
