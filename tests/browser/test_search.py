"""Search in a real browser, on a phone and on a desk: the header's box leads to the grouped results,
typing in the page's field updates them without a reload, and the page is never wider than the screen."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, Portfolio, Problems
from tests.browser.test_portfolio_flow import log_in
from tests.planning.factories import MilestoneFactory, RiskFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1280])
def test_the_header_search_finds_the_plans_that_name_a_word(
    page: Any, portfolio: Portfolio, problems: Problems, width: int
) -> None:
    risk = RiskFactory(
        product=portfolio.alpha,
        title="KOMBIT flytter tidsplanen for NemLog-in-brokeren",
        description="Tidsplanen for NemLog-in-brokeren <script>alert(1)</script> flytter sig.",
    )
    MilestoneFactory(product=portfolio.alpha, title="NemLog-in-broker i produktion")
    RiskFactory(product=portfolio.gamma, title="NemLog-in i et andet program")  # not Birgitte's
    page.set_viewport_size({"width": width, "height": 844})
    log_in(page, "birgitte", PASSWORD)

    page.fill("#header-search", "NemLog")
    page.press("#header-search", "Enter")
    expect(page).to_have_url(re.compile(re.escape(reverse("core:search")) + r"\?q=NemLog$"))
    results = page.locator("#results")
    expect(results.locator("h2")).to_have_count(2)
    hit = results.locator(f"a[href='{risk.get_absolute_url()}']")
    expect(hit).to_have_text(risk.title)
    expect(results.locator(".pk-snippet mark").first).to_have_text("NemLog-in-brokeren")
    expect(results).not_to_contain_text("et andet program")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # Typing in the page's own field updates the results in place (htmx), and the address follows.
    page.fill("#search-q", "sagsbeh")
    expect(results.locator(f"a[href='{portfolio.alpha.get_absolute_url()}']")).to_be_visible()
    expect(page).to_have_url(re.compile(r"\?q=sagsbeh$"))
    assert problems.console_errors == [] and problems.page_errors == []
    assert problems.csp_violations(page) == []
