"""Navigation a person can use on a phone and on a desk (issue 16, item 4): the DKFDS mobile menu
below 992 px with the main menu, the user's links and log out; every app in the header at 1280 px;
no page wider than a 390 px screen (a wide table scrolls inside its own box)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, Portfolio, Problems
from tests.browser.test_portfolio_flow import log_in

pytestmark = pytest.mark.browser


def menu() -> list[str]:
    """Every app's entry in the main menu (its address), as the program manager sees it."""
    return [
        reverse("portfolio:overview"),
        reverse("portfolio:program_list"),
        reverse("portfolio:organisation_list"),
        reverse("portfolio:person_list"),
        reverse("portfolio:body_list"),
        reverse("governance:index"),
        reverse("planning:home"),
        reverse("evaluation:portfolio"),
        reverse("economy:home"),
        reverse("suppliers:contract_list"),
        reverse("dialogue:entry_list"),
        reverse("api:docs"),
    ]


def main_pages(portfolio: Portfolio) -> list[str]:
    return [
        *menu()[:-1],  # (the API's Swagger page is a tool of its own)
        portfolio.welfare.get_absolute_url(),
        portfolio.alpha.get_absolute_url(),
        reverse("governance:decision_list"),
        reverse("governance:meeting_list"),
    ]


def open_phone_menu(page: Any) -> Any:
    """Open the mobile menu once the page's scripts have started DKFDS (a click before that is lost)."""
    page.wait_for_load_state("load")
    page.click(".js-menu-open")
    drawer = page.locator(".mobile-drawer")
    expect(drawer).to_be_visible()
    return drawer


def test_on_a_phone_the_menu_button_opens_the_whole_menu_and_the_users_links(
    page: Any, portfolio: Portfolio, problems: Problems
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "birgitte", PASSWORD)

    expect(page.locator(".navigation-menu .mainmenu")).to_be_hidden()
    expect(page.locator(".mobile-drawer")).to_be_hidden()
    drawer = open_phone_menu(page)
    entries = drawer.locator(".navigation-menu-mobile a")
    assert [entries.nth(i).get_attribute("href") for i in range(entries.count())] == menu()
    expect(drawer.locator(".portal-info-mobile .user")).to_have_text("Birgitte Nyborg")
    expect(drawer.locator(f".portal-info-mobile a[href='{reverse('accounts:calendar')}']")).to_be_visible()

    # A menu item leads to its app; the menu closes again.
    drawer.locator(f".navigation-menu-mobile a[href='{reverse('governance:index')}']").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("governance:index")) + "$"))
    expect(page.locator(".mobile-drawer")).to_be_hidden()

    # Log out from the mobile menu.
    open_phone_menu(page).locator(".portal-info-mobile button[type=submit]").click()
    page.wait_for_url(lambda url: not url.endswith(reverse("governance:index")))
    expect(
        open_phone_menu(page).locator(f".portal-info-mobile a[href^='{reverse('accounts:login')}']")
    ).to_be_visible()
    assert problems.console_errors == [] and problems.page_errors == []


def test_on_a_phone_no_page_is_wider_than_the_screen(page: Any, portfolio: Portfolio) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "birgitte", PASSWORD)
    too_wide = {}
    for url in main_pages(portfolio):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[url] = width
    assert too_wide == {}


def test_at_1280_px_every_app_is_in_the_header_and_nothing_hides_behind_more(
    page: Any, portfolio: Portfolio
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "birgitte", PASSWORD)
    for url in (reverse("portfolio:overview"), portfolio.alpha.get_absolute_url()):
        page.goto(url)
        page.wait_for_load_state("load")
        for target in menu():
            expect(
                page.locator(f".navigation-menu .mainmenu > li:not(.more-option) a[href='{target}']")
            ).to_be_visible()
        expect(page.locator(".navigation-menu .more-option")).to_be_hidden()
        expect(page.locator(".js-menu-open")).to_be_hidden()
        expect(page.locator("#header-search")).to_be_visible()


@pytest.mark.parametrize("width", [390, 1280])
def test_a_long_list_pages_on_a_phone_and_on_a_desk(
    page: Any, portfolio: Portfolio, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's number and the previous and next buttons show at both widths (below 768 px DKFDS
    hides the numbered list, and shows its ``pagination-mobile`` instead)."""
    from programkontor.core.views import ObjectListView

    monkeypatch.setattr(ObjectListView, "paginate_by", 1)  # the two programs: two pages
    page.set_viewport_size({"width": width, "height": 844})
    log_in(page, "birgitte", PASSWORD)
    page.goto(reverse("portfolio:program_list"))
    pages = page.locator("nav.pagination")
    expect(pages.get_by_text("Side 1 af 2", exact=True).locator("visible=true")).to_have_count(1)
    expect(pages.get_by_role("link", name="Forrige")).to_have_count(0)
    pages.get_by_role("link", name="Næste").click()
    expect(pages.get_by_text("Side 2 af 2", exact=True).locator("visible=true")).to_have_count(1)
    expect(pages.get_by_role("link", name="Næste")).to_have_count(0)
    expect(pages.get_by_role("link", name="Forrige")).to_be_visible()
