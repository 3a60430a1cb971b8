"""A long product page a person can find their way in (issue 16, item 6): the sections as links at
the top, and a long list of participating authorities folded to its count until asked for."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.browser.conftest import Portfolio, Problems

pytestmark = pytest.mark.browser


def test_the_product_page_links_its_sections_and_folds_a_long_list_of_participants(
    page: Any, portfolio: Portfolio, problems: Problems
) -> None:
    f.ParticipationFactory.create_batch(12, product=portfolio.gamma)
    f.ParticipationFactory(product=portfolio.gamma)  # the 13th
    portfolio.gamma.goals = "- Flere kommuner"
    portfolio.gamma.save()

    page.goto(portfolio.gamma.get_absolute_url())

    sections = page.locator("nav[data-page-sections]")
    expect(sections).to_be_visible()
    expect(sections.locator("a[href='#participants-heading']")).to_have_text("Deltagende myndigheder (13)")
    expect(sections.locator("a[href='#goals-heading']")).to_be_visible()
    participants = page.locator("#participants-list table")
    expect(participants).to_be_hidden()
    page.locator("#participants-list summary").click()
    expect(participants.locator("tbody tr")).to_have_count(13)

    sections.locator("a[href='#goals-heading']").click()
    expect(page).to_have_url(portfolio.gamma.get_absolute_url() + "#goals-heading")
    assert problems.console_errors == [] and problems.page_errors == []
    assert problems.csp_violations(page) == []
