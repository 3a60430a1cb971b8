"""A kind with more items than *Til mig* shows (``PER_CATEGORY``): "Vis flere" adds the next ``MORE`` in
place (htmx: only the rows and the next button come back), or without JavaScript opens them as the
kind's own page, which pages through every item in the list's order. Only the user's own items: a
kind with nothing for the user, an unknown kind or a start past the last item is not found."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from programkontor.core.registry import MORE, PER_CATEGORY
from tests.conftest import World
from tests.core.test_for_me import grow
from tests.factories import ProductFactory
from tests.planning.factories import RiskFactory

TITLE = re.compile(r'<a href="/[^"]*">(Risiko \d\d|Forsinket \d)</a>')


@pytest.fixture
def risks(world: World) -> World:
    """40 risks on OS2alpha for bob to review: 37 within the month, 3 overdue (those come first)."""
    today = datetime.date.today()
    for i in range(37):
        RiskFactory(product=world.product, title=f"Risiko {i:02d}", review_date=today + datetime.timedelta(5))
    for days in (1, 9, 4):
        RiskFactory(
            product=world.product, title=f"Forsinket {days}", review_date=today - datetime.timedelta(days)
        )
    return world


def client_of(world: World, name: str) -> APIClient:
    client = APIClient()
    client.force_login(world[name])
    return client


def kind_url(start: int | None = None, key: str = "planning.risks") -> str:
    url = reverse("core:for_me_kind", args=[key])
    return url if start is None else f"{url}?fra={start}"


EVERY = ["Forsinket 9", "Forsinket 4", "Forsinket 1", *(f"Risiko {i:02d}" for i in range(37))]


def test_til_mig_shows_the_first_ten_and_a_button_for_the_next(risks: World) -> None:
    html = client_of(risks, "bob").get(reverse("core:for_me")).content.decode()
    section = html[html.index('data-kind="planning.risks"') :]
    section = section[: section.index("</section>")]
    assert TITLE.findall(section) == EVERY[:PER_CATEGORY]
    assert 'Risici, der skal gennemgås <span class="pk-muted">(40)</span>' in section
    more = re.search(r'<a class="button button-secondary" data-more href="([^"]+)" hx-get="([^"]+)"', section)
    assert more is not None and more.group(1) == more.group(2) == kind_url(PER_CATEGORY)
    assert f"Vis flere ({PER_CATEGORY} af 40 vist)" in section


def test_show_more_by_htmx_gives_the_next_rows_and_the_next_button_only(risks: World) -> None:
    client = client_of(risks, "bob")
    fragment = client.get(kind_url(PER_CATEGORY), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "<h1" not in fragment
    assert TITLE.findall(fragment) == EVERY[PER_CATEGORY : PER_CATEGORY + MORE]
    shown = PER_CATEGORY + MORE
    assert f'hx-get="{kind_url(shown)}"' in fragment
    assert f"Vis flere ({shown} af 40 vist)" in fragment
    # The last rows: no button after them.
    last = client.get(kind_url(shown), HTTP_HX_REQUEST="true").content.decode()
    assert TITLE.findall(last) == EVERY[shown:]
    assert "Vis flere" not in last and "data-more" not in last


def test_without_javascript_the_kind_has_its_own_pages(risks: World) -> None:
    client = client_of(risks, "bob")
    first = client.get(kind_url()).content.decode()
    assert re.search(r"<h1>Risici, der skal gennemgås <span[^>]*>\(40\)</span></h1>", first)
    assert f"Viser nr. 1 til {MORE} af 40." in first
    assert TITLE.findall(first) == EVERY[:MORE]
    assert 'rel="prev"' not in first
    assert f'href="{kind_url(MORE)}"' in first
    second = client.get(kind_url(MORE)).content.decode()
    assert f"Viser nr. {MORE + 1} til 40 af 40." in second
    assert TITLE.findall(second) == EVERY[MORE:]
    assert 'rel="prev" href="?fra=0"' in second and "Forrige" in second
    assert 'href="/">Til mig</a>' in second  # the way back, in the breadcrumbs


@pytest.mark.parametrize("start", ["40", "400", "-1", "abc", "1.5", "²", "9" * 30])
def test_a_start_past_the_end_or_not_a_number_is_not_found(risks: World, start: str) -> None:
    response = client_of(risks, "bob").get(
        reverse("core:for_me_kind", args=["planning.risks"]), {"fra": start}
    )
    assert response.status_code == 404


def test_an_unknown_kind_is_not_found(risks: World) -> None:
    assert client_of(risks, "bob").get(kind_url(key="planning.nothing")).status_code == 404


def test_only_the_users_own_items(risks: World) -> None:
    # dave reads OS2alpha's risks but may not change them: nothing of this kind waits for him.
    assert client_of(risks, "dave").get(kind_url()).status_code == 404
    assert client_of(risks, "grace").get(kind_url()).status_code == 404
    # alice (the secretariat) may change every risk: the same forty.
    html = client_of(risks, "alice").get(kind_url(MORE)).content.decode()
    assert TITLE.findall(html) == EVERY[MORE:]


def test_anonymous_visitors_are_asked_to_log_in(risks: World) -> None:
    response = APIClient().get(kind_url())
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_products_turning_red_page_through_their_own_window(world: World) -> None:
    """The red products are a provider that cuts its rows itself (``core.registry.due_window``): the
    kind's later rows are the products after the first ten, by name, each with its reasons."""
    names = [f"OS2rød {i:02d}" for i in range(13)]
    for name in names:
        product = ProductFactory(name=name, program=world.program)
        RiskFactory(product=product, title="Høj risiko A", probability=5, impact=5)
        RiskFactory(product=product, title="Høj risiko B", probability=5, impact=4)
    client = client_of(world, "bob")
    home = client.get(reverse("core:for_me")).content.decode()
    section = home[home.index('data-kind="planning.red"') :]
    section = section[: section.index("</section>")]
    assert re.findall(r">(OS2rød \d\d)</a>", section) == names[:PER_CATEGORY]
    more = client.get(kind_url(PER_CATEGORY, "planning.red"), HTTP_HX_REQUEST="true").content.decode()
    assert re.findall(r">(OS2rød \d\d)</a>", more) == names[PER_CATEGORY:]
    assert more.count("Rød: to eller flere åbne høje risici") == len(names) - PER_CATEGORY
    assert "Vis flere" not in more


def test_the_governance_overview_links_a_cut_kind_to_its_own_page(world: World) -> None:
    grow(world, 0, PER_CATEGORY + 2)
    html = client_of(world, "bob").get(reverse("governance:index")).content.decode()
    link = f'<a href="{kind_url(key="governance.agendas")}">Se dem alle</a>'
    assert f"Viser {PER_CATEGORY} af {PER_CATEGORY + 2}. {link}" in html
    page = client_of(world, "bob").get(kind_url(key="governance.agendas")).content.decode()
    assert len(re.findall(r'<a href="/[^"]+">Møde \d+ [\d.]+</a>', page)) == PER_CATEGORY + 2
