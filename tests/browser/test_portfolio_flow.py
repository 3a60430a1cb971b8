"""The portfolio in a real browser: log in, filter, edit a product, and what anonymous visitors see.

Elements are found by URL, form field name or id rather than by their (translated) text.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, Portfolio, Problems

pytestmark = pytest.mark.browser


def product_links(page: Any) -> Any:
    return page.locator("#results a[href^='/produkter/']")


def log_in(page: Any, username: str, password: str) -> None:
    page.goto(reverse("accounts:login") + "?next=" + reverse("portfolio:overview"))
    page.fill("main form input[name=username]", username)
    page.fill("main form input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(re.escape(reverse("portfolio:overview")) + "$"))  # no longer the login page


def test_a_program_manager_filters_the_overview_and_edits_a_product(page: Any, portfolio: Portfolio) -> None:
    log_in(page, "birgitte", PASSWORD)
    expect(page.locator("header")).to_contain_text("Birgitte Nyborg")

    # The overview shows the manager's own products and the published one.
    expect(product_links(page)).to_have_count(3)
    page.wait_for_function("window.htmx !== undefined")

    # Choosing a stage swaps only #results (htmx) and pushes the filter into the address.
    with page.expect_response(lambda response: "stage=sandbox" in response.url) as filtered:
        page.select_option("select[name=stage]", "sandbox")
    assert filtered.value.request.headers.get("hx-request") == "true"
    expect(product_links(page)).to_have_count(1)
    expect(product_links(page)).to_have_attribute("href", portfolio.delta.get_absolute_url())
    expect(page.locator("#result-count")).to_have_text(re.compile(r"^\s*1\b"))
    expect(page).to_have_url(re.compile(r"stage=sandbox"))

    # Back to all stages, then narrow by program instead.
    with page.expect_response(lambda response: "program=velfaerd" in response.url):
        page.select_option("select[name=stage]", "")
        page.select_option("select[name=program]", "velfaerd")
    expect(product_links(page)).to_have_count(2)
    expect(page.locator("#results")).not_to_contain_text("OS2gamma")

    # Open the product, edit its summary, save.
    page.click(f"#results a[href='{portfolio.alpha.get_absolute_url()}']")
    expect(page.locator("h1")).to_contain_text("OS2alpha")
    page.click(f"a[href='{reverse('portfolio:product_edit', args=['os2alpha'])}']")
    summary = page.locator("main form [name=summary]")
    expect(summary).to_have_value("Sagsbehandling for borgere")
    summary.fill("Digital sagsbehandling for alle kommuner")
    page.click("main form button[type=submit]")

    # Back on the product page: the new summary, and a history entry naming the change and the user.
    page.wait_for_url(re.compile(re.escape(portfolio.alpha.get_absolute_url()) + "$"))
    expect(page.locator("main .font-lead")).to_have_text("Digital sagsbehandling for alle kommuner")
    latest = page.locator("section[aria-labelledby=history-heading] tbody tr").first
    expect(latest).to_contain_text("Birgitte Nyborg")
    expect(latest).to_contain_text("Sagsbehandling for borgere → Digital sagsbehandling for alle kommuner")

    portfolio.alpha.refresh_from_db()
    assert portfolio.alpha.summary == "Digital sagsbehandling for alle kommuner"
    assert portfolio.alpha.history.first().history_user == portfolio.manager


def test_an_anonymous_visitor_sees_published_products_only(page: Any, portfolio: Portfolio) -> None:
    page.goto(reverse("portfolio:overview"))
    expect(product_links(page)).to_have_count(1)
    expect(product_links(page)).to_have_attribute("href", portfolio.gamma.get_absolute_url())

    response = page.goto(portfolio.gamma.get_absolute_url())
    assert response is not None
    assert response.status == 200
    expect(page.locator("h1")).to_contain_text("OS2gamma")
    expect(page.locator(f"a[href='{reverse('portfolio:product_edit', args=['os2gamma'])}']")).to_have_count(0)
    expect(page.locator("section[aria-labelledby=history-heading]")).to_have_count(0)

    response = page.goto(portfolio.alpha.get_absolute_url())
    assert response is not None
    assert response.status == 404
    expect(page.locator("main")).not_to_contain_text("OS2alpha")
    expect(page.locator("main")).not_to_contain_text("Sagsbehandling for borgere")


def test_the_overview_has_no_console_errors_and_no_csp_violations(
    page: Any, portfolio: Portfolio, problems: Problems
) -> None:
    response = page.goto(reverse("portfolio:overview"))
    assert response is not None
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy, policy
    assert "style-src 'self'" in policy, policy
    page.wait_for_load_state("networkidle")  # the favicon, fonts and scripts have all been fetched
    assert problems.csp_violations(page) == []

    # Logged in, with the results swapped in by htmx.
    log_in(page, "birgitte", PASSWORD)
    page.wait_for_function("window.htmx !== undefined")
    with page.expect_response(lambda response: "stage=product" in response.url):
        page.select_option("select[name=stage]", "product")
    expect(product_links(page)).to_have_count(2)
    page.wait_for_load_state("networkidle")
    assert problems.csp_violations(page) == []

    # The API's interactive docs (drf-spectacular's page, whose inline <style> we override).
    page.goto(reverse("api:docs"))
    # Swagger UI fetches and renders the whole schema (every app's endpoints) before it shows this.
    expect(page.locator("#swagger-ui .info")).to_be_visible(timeout=20_000)
    assert problems.csp_violations(page) == []

    assert problems.console_errors == []
    assert problems.page_errors == []

    # The watch itself works: an inline style attribute is refused and reported.
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert any("style-src" in violation for violation in problems.csp_violations(page))
