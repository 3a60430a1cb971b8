"""The MoSCoW board is bounded by what a person reads: 25 cards per column, "Show more" for the next
25 (htmx, or a plain link), while each column's count and hours and the capacity bar count every card."""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programkontor.planning.board import PER_COLUMN
from tests.planning.conftest import text
from tests.planning.factories import WorkItemFactory


def add_cards(world: Any, pw: Any, priority: str, number: int, *, hours: int = 1) -> list[Any]:
    return [
        WorkItemFactory(
            timebox=pw.timebox,
            product=world.product,
            priority=priority,
            estimate_hours=hours,
            rank=index + 1,
            title=f"{priority}-{index + 1:03d}",
        )
        for index in range(number)
    ]


def column(page: str, priority: str) -> str:
    start = page.index(f'id="col-{priority}"')
    end = page.find("</section>", start)
    return page[start:end]


def cards_in(page: str, priority: str) -> list[str]:
    return re.findall(r'data-item="(\d+)"', column(page, priority))


def board_url(pw: Any, query: str = "") -> str:
    return reverse("planning:timebox_board", args=[pw.timebox.pk]) + query


def test_a_column_shows_its_first_25_cards_and_counts_them_all(world: Any, pw: Any, client: Any) -> None:
    must = add_cards(world, pw, "must", 60)
    client.force_login(world["bob"])
    page = text(client.get(board_url(pw)))
    shown = cards_in(page, "must")
    assert shown == [str(item.pk) for item in must[:PER_COLUMN]]
    heading = column(page, "must")
    assert 'data-count="60"' in heading and "60 kort" in heading
    # The capacity bar counts all 60 hours of MUST, not the 25 shown.
    assert re.search(r"rect[^>]*data-priority=\"must\"[^>]*data-hours=\"60", page)
    assert "Vis flere (25 af 60 vist)" in heading
    # The last card shown is not the column's last: it can still move down.
    last = page[page.index(f'id="item-{must[PER_COLUMN - 1].pk}"') :]
    assert 'value="down"' in last[: last.index("</li>")]


def test_show_more_adds_the_next_25_cards_of_that_column_only(world: Any, pw: Any, client: Any) -> None:
    must = add_cards(world, pw, "must", 60)
    could = add_cards(world, pw, "could", 30)
    client.force_login(world["bob"])
    page = text(client.get(board_url(pw)))
    link = re.search(r'href="(\?[^"#]*must=50[^"#]*)#col-must"', column(page, "must"))
    assert link is not None
    more = link.group(1).replace("&amp;", "&")
    # htmx asks for the board alone; the first new card takes the focus.
    swapped = text(client.get(board_url(pw, more), HTTP_HX_REQUEST="true"))
    assert swapped.startswith('<div id="board"') or 'id="board"' in swapped[:200]
    assert cards_in(swapped, "must") == [str(item.pk) for item in must[:50]]
    assert f'id="item-{must[PER_COLUMN].pk}" data-item="{must[PER_COLUMN].pk}" data-focus' in swapped
    assert len(cards_in(swapped, "could")) == PER_COLUMN  # the other columns stay as they were
    assert "Vis flere (50 af 60 vist)" in column(swapped, "must")
    # Without JavaScript the same address is a whole page; the last page has no "Show more".
    last = text(client.get(board_url(pw, "?must=75&could=50")))
    assert cards_in(last, "must") == [str(item.pk) for item in must]
    assert set(cards_in(last, "could")) >= {str(item.pk) for item in could}
    assert "Vis flere" not in column(last, "must") and "Vis flere" not in column(last, "could")
    # The forms on the cards carry how many cards each column shows, so a move keeps the view.
    assert '<input type="hidden" name="must" value="60">' in last


def test_a_move_keeps_the_columns_as_long_as_they_were_and_shows_the_moved_card(
    world: Any, pw: Any, client: Any
) -> None:
    must = add_cards(world, pw, "must", 60)
    could = add_cards(world, pw, "could", 40)
    client.force_login(world["bob"])
    response = client.post(
        reverse("planning:workitem_move", args=[could[0].pk]),
        {"version": 1, "priority": "must", "reason": "Lovkrav", "must": "50", "could": "25"},
        HTTP_HX_REQUEST="true",
    )
    page = text(response)
    shown = cards_in(page, "must")
    # MUST showed 50 and still does - plus the moved card, wherever its rank put it.
    assert [pk for pk in shown if pk != str(could[0].pk)][:50] == [str(item.pk) for item in must[:50]]
    assert str(could[0].pk) in shown
    assert f'id="item-{could[0].pk}" data-item="{could[0].pk}" data-moved' in page
    # (COULD also holds the world's own item.)
    assert 'data-count="61"' in column(page, "must") and 'data-count="40"' in column(page, "could")


def test_a_bookmarked_address_asks_for_no_more_than_the_most_a_column_shows(
    world: Any, pw: Any, client: Any
) -> None:
    add_cards(world, pw, "should", 30)
    client.force_login(world["bob"])
    page = text(client.get(board_url(pw, "?should=99999999&must=x&could=-3")))
    assert len(cards_in(page, "should")) == 30


def test_the_board_costs_the_same_queries_with_5_or_120_cards(world: Any, pw: Any, client: Any) -> None:
    client.force_login(world["bob"])
    add_cards(world, pw, "must", 5)
    client.get(board_url(pw))
    with CaptureQueriesContext(connection) as few:
        small = text(client.get(board_url(pw)))
    add_cards(world, pw, "could", 120)
    add_cards(world, pw, "should", 60)
    with CaptureQueriesContext(connection) as many:
        big = text(client.get(board_url(pw)))
    assert len(many) == len(few)
    # And the page does not grow with the cards it does not show.
    assert len(cards_in(big, "could")) == PER_COLUMN == len(cards_in(big, "should"))
    assert len(big) < len(small) + 2 * PER_COLUMN * 3000
