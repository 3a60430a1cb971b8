"""The portfolio overview is bounded by what a person reads: 50 products a page, counted in SQL, and
"Show more" (htmx) or a plain link for the next 50; the queries do not grow with the products."""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programkontor.portfolio.views.overview import PER_PAGE
from tests import factories as f


def text(response: Any) -> str:
    return response.content.decode()


def rows(page: str) -> list[str]:
    return re.findall(r'<tr data-product="(\d+)">', page)


def many_products(world: Any, number: int) -> list[Any]:
    return [
        f.ProductFactory(program=world.program, name=f"Velfærd {index:03d}", slug=f"velfaerd-{index:03d}")
        for index in range(number)
    ]


def test_the_overview_shows_50_products_and_counts_them_all(world: Any, client: Any) -> None:
    many_products(world, 70)
    client.force_login(world["alice"])
    page = text(client.get(reverse("portfolio:overview")))
    total = re.search(r'id="result-count">(\d+) produkter og projekter', page)
    assert total is not None and int(total.group(1)) > PER_PAGE
    assert len(rows(page)) == PER_PAGE
    assert f"Vis flere ({PER_PAGE} af {total.group(1)} vist)" in page


def test_show_more_brings_the_next_page_under_the_last_and_names_the_program_as_continued(
    world: Any, client: Any
) -> None:
    many_products(world, 70)
    client.force_login(world["alice"])
    first = text(client.get(reverse("portfolio:overview")))
    more = re.search(r'hx-get="\?page=2" hx-target="#more-2"', first)
    assert more is not None and 'id="more-2"' in first
    # htmx: only the next page's groups, to put in place of the button.
    swapped = text(
        client.get(
            reverse("portfolio:overview"), {"page": "2"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="more-2"
        )
    )
    assert "<html" not in swapped and 'id="result-count"' not in swapped
    assert set(rows(swapped)).isdisjoint(rows(first))
    assert 'Velfærd</a> <span class="pk-muted">(fortsat)</span>' in swapped
    # Together the pages show every product once; the last page has no "Show more".
    total = int(re.search(r'id="result-count">(\d+)', first).group(1))  # type: ignore[union-attr]
    assert len(rows(first)) + len(rows(swapped)) == total
    assert "Vis flere" not in swapped
    # Without JavaScript the link is the whole page 2, with a way back.
    plain = text(client.get(reverse("portfolio:overview"), {"page": "2"}))
    assert rows(plain) == rows(swapped) and 'rel="prev"' in plain and "<html" in plain


def test_the_filter_is_kept_in_the_next_pages_address(world: Any, client: Any) -> None:
    many_products(world, 60)
    client.force_login(world["alice"])
    page = text(client.get(reverse("portfolio:overview"), {"program": world.program.slug}))
    assert f'href="?program={world.program.slug}&amp;page=2"' in page


def test_the_queries_do_not_grow_with_the_products(world: Any, client: Any) -> None:
    client.force_login(world["alice"])
    many_products(world, 5)
    client.get(reverse("portfolio:overview"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("portfolio:overview"))
    many_products_more = [
        f.ProductFactory(program=world.other_program, name=f"Infra {index:03d}", slug=f"infra-{index:03d}")
        for index in range(120)
    ]
    assert many_products_more
    with CaptureQueriesContext(connection) as many:
        page = text(client.get(reverse("portfolio:overview")))
    assert len(many) == len(few)
    assert len(rows(page)) == PER_PAGE
