"""The MoSCoW board in a real browser: move an item from COULD to MUST with the keyboard, and see the
capacity bar change and the warning appear — without reloading the page, and without CSP errors.

Elements are found by id, name and data attributes rather than by their (translated) text.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from programkontor.planning.models import WorkItem
from tests.browser.conftest import PASSWORD, Portfolio, Problems
from tests.browser.test_portfolio_flow import log_in
from tests.planning.factories import TimeboxFactory, WorkItemFactory

pytestmark = pytest.mark.browser


def test_moving_an_item_from_could_to_must_updates_the_capacity_bar_and_warns(
    page: Any, portfolio: Portfolio, problems: Problems
) -> None:
    timebox = TimeboxFactory(product=portfolio.alpha, name="K-browser", capacity_hours=Decimal(100))
    WorkItemFactory(
        timebox=timebox, product=portfolio.alpha, title="Kerne", priority="must", estimate_hours=50
    )
    WorkItemFactory(
        timebox=timebox, product=portfolio.alpha, title="Vigtig", priority="should", estimate_hours=20
    )
    wish = WorkItemFactory(
        timebox=timebox, product=portfolio.alpha, title="Ønske", priority="could", estimate_hours=15
    )
    WorkItemFactory(
        timebox=timebox, product=portfolio.alpha, title="Lille", priority="could", estimate_hours=10
    )

    log_in(page, "birgitte", PASSWORD)
    page.goto(reverse("planning:timebox_board", args=[timebox.pk]))
    page.wait_for_function("window.htmx !== undefined")
    page.wait_for_load_state("networkidle")  # the header's "Til mig" count is fetched (and swapped) first

    bar = page.locator("#capacity-bar")
    must_segment = bar.locator("rect[data-priority='must']")
    expect(bar).to_have_attribute("data-warnings", "")
    expect(must_segment).to_have_attribute("data-hours", re.compile(r"^50(\.0+)?$"))
    must_width = float(must_segment.get_attribute("width") or 0)
    expect(page.locator("#warnings [data-code='must_over_60']")).to_have_count(0)
    expect(page.locator("#col-could [data-item]")).to_have_count(2)

    # With the keyboard only: open the card's Move panel, choose MUST, give the reason, press Enter.
    card = page.locator(f"#item-{wish.pk}")
    card.locator("summary").focus()
    page.keyboard.press("Enter")
    choice = card.locator("select[name=priority]")
    expect(choice).to_be_visible()
    choice.focus()
    choice.select_option("must")
    reason = card.locator("input[name=reason]")
    reason.focus()
    page.keyboard.type("Lovkrav fra 1. juli")
    with page.expect_response(lambda response: "/flyt/" in response.url) as moved:
        page.keyboard.press("Enter")
    assert moved.value.status == 200
    assert moved.value.request.headers.get("hx-request") == "true"

    # The board was swapped in place: the card is in MUST, the bar has grown, the warning is there.
    expect(page.locator(f"#col-must #item-{wish.pk}")).to_have_count(1)
    expect(page.locator("#col-could [data-item]")).to_have_count(1)
    expect(page.locator("#capacity-bar")).to_have_attribute("data-warnings", re.compile(r"\bmust_over_60\b"))
    expect(page.locator("#capacity-bar rect[data-priority='must']")).to_have_attribute(
        "data-hours", re.compile(r"^65(\.0+)?$")
    )
    assert (
        float(page.locator("#capacity-bar rect[data-priority='must']").get_attribute("width") or 0)
        > must_width
    )
    expect(page.locator("#warnings [data-code='must_over_60']")).to_be_visible()
    expect(page.locator("#warnings [data-code='could_under_20']")).to_be_visible()
    # The keyboard focus is on the moved card, so the user carries on where they were.
    expect(page.locator(f"#item-{wish.pk}")).to_be_focused()
    assert page.url.endswith(reverse("planning:timebox_board", args=[timebox.pk]))

    # The order buttons work the same way: up one place in MUST, the board swapped in again.
    with page.expect_response(lambda response: "/raekkefoelge/" in response.url):
        page.locator(f"#item-{wish.pk} button[name=direction][value=up]").click()
    expect(page.locator("#col-must [data-item]").first).to_have_attribute("id", f"item-{wish.pk}")

    wish.refresh_from_db()
    assert wish.priority == "must"
    moved_record = wish.history.get(history_change_reason="Lovkrav fra 1. juli")
    assert moved_record.priority == "must" and moved_record.history_user == portfolio.manager

    page.wait_for_load_state("networkidle")
    assert problems.csp_violations(page) == []
    assert problems.console_errors == []
    assert problems.page_errors == []


def test_the_roadmap_and_dashboard_render_without_csp_errors(
    page: Any, portfolio: Portfolio, problems: Problems
) -> None:
    from tests.planning.factories import MilestoneFactory, RoadmapItemFactory

    RoadmapItemFactory(product=portfolio.alpha, title="Roadmap-punkt")
    MilestoneFactory(product=portfolio.alpha, title="Milepæl")
    log_in(page, "birgitte", PASSWORD)
    for url in (
        reverse("planning:roadmap", args=[portfolio.welfare.slug]),
        reverse("planning:dashboard", args=[portfolio.welfare.slug]),
        reverse("planning:risk_list"),
    ):
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        page.wait_for_load_state("networkidle")
        assert problems.csp_violations(page) == [], url
    expect(page.locator("#heat-map")).to_be_visible()
    assert problems.console_errors == []
    assert WorkItem.objects.count() == 0
