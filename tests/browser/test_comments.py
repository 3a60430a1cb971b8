"""Comments in a real browser (issue 18 item 1): the program manager opens a risk, follows the
comments panel to the thread, writes a comment mentioning a colleague, and sees it in the thread and
in the panel; the colleague finds the mention on *Til mig* and it leaves when she opens the thread; at
1280 px and on a 390 px phone. ``PK_SCREENSHOTS=<dir>`` keeps screenshots of the pages."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.browser.conftest import PASSWORD, Portfolio, Problems, log_in
from tests.planning.factories import RiskFactory

pytestmark = pytest.mark.browser


def shot(page: Any, name: str) -> None:
    if folder := os.environ.get("PK_SCREENSHOTS"):
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_comment_with_a_mention_reaches_the_colleague(
    page: Any, portfolio: Portfolio, problems: Problems, width: int
) -> None:
    risk = RiskFactory(product=portfolio.alpha, title="Leverandøren når det ikke")
    colleague = f.UserFactory(username="karen", first_name="Karen", last_name="Holm", password=PASSWORD)
    person = f.PersonFactory(first_name="Karen", last_name="Holm", user=colleague)
    f.RoleAssignmentFactory(person=person, role="product_coordinator", product=portfolio.alpha, program=None)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "birgitte")

    page.goto(risk.get_absolute_url())
    expect(page.locator("#comments-panel h2")).to_have_text("Kommentarer (0)")
    page.locator("#comments-panel a").click()
    page.fill("#comment-form textarea[name=text]", "Kan du tjekke **kontrakten**, @karen?")
    page.click("#comment-form button[type=submit]")
    expect(page.locator("#comments article")).to_have_count(1)
    expect(page.locator("#comments article strong").last).to_have_text("kontrakten")
    shot(page, f"thread-{width}")

    page.goto(risk.get_absolute_url())
    expect(page.locator("#comments-panel h2")).to_have_text("Kommentarer (1)")
    expect(page.locator("#comments-panel")).to_contain_text("Birgitte Nyborg")
    shot(page, f"risk-panel-{width}")

    page.context.clear_cookies()
    log_in(page, "karen")
    mention = page.locator("a[href*='/dialog/kommentarer/planning.risk/']")
    expect(mention.first).to_be_visible()
    mention.first.click()
    expect(page.locator("#comments")).to_contain_text("Kan du tjekke")
    page.goto("/")
    expect(page.locator("a[href*='/dialog/kommentarer/planning.risk/']")).to_have_count(0)
    assert problems.console_errors == [] and problems.page_errors == []
    assert problems.csp_violations(page) == []
