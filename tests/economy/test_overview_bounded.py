"""The quarterly overview lists a page of products at a time; its totals and charts are for all of them."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse

from programkontor.core import services
from programkontor.economy.models import Actual
from programkontor.economy.views import home
from tests.economy.factories import YEAR, accounts_for, economy_of


def text(response: Any) -> str:
    return response.content.decode()


def product_rows(page: str) -> list[str]:
    body = page[page.index("<tbody>", page.index('id="overview-table"')) : page.index("</tbody>")]
    return re.findall(r'href="(/oekonomi/[^"]+)"', body)


def test_a_page_of_products_with_the_totals_of_all_and_a_next_page(
    world: Any, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    economy_of(world)
    other = accounts_for(world.other_product)
    services.create(
        Actual,
        actor=None,
        fields={
            "product": world.other_product,
            "account": other["00005"],
            "date": datetime.date(YEAR, 2, 1),
            "amount": 100_00,
        },
    )
    client.force_login(world["alice"])
    url = reverse("economy:overview") + f"?year={YEAR}&quarter=1"
    everything = text(client.get(url))
    all_rows = product_rows(everything)
    assert len(all_rows) >= 2
    total = everything[everything.index('class="pk-total"') : everything.index("</tfoot>")]
    monkeypatch.setattr(home, "ROWS_PER_PAGE", 1)
    first = text(client.get(url))
    assert product_rows(first) == all_rows[:1]
    assert "Side 1 af" in first and "page=2" in first
    # The total row still adds up every product, and says so.
    paged_total = first[first.index('class="pk-total"') : first.index("</tfoot>")]
    assert re.sub(r"<span class=\"small-text pk-muted\">.*?</span>", "", paged_total).replace(
        " ", ""
    ) == total.replace(" ", "")
    assert f"alle {len(all_rows)} rækker" in paged_total
    second = text(client.get(url + "&page=2"))
    assert product_rows(second) == all_rows[1:2]
