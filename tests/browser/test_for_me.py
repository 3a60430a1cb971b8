"""*Til mig* in a real browser (issue 16, item 1): the demo's program manager signs in, sees what waits
for them — the invoice to approve, the risk due for review, the red product — with the count in the
header, and follows an action in one click; at 1280 px and on a 390 px phone."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from programkontor.portfolio.demo import DEMO_PASSWORD
from tests.browser.conftest import Problems

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("demo", stdout=io.StringIO())


def sign_in_as_the_program_manager(page: Any) -> None:
    page.goto(reverse("accounts:login"))
    page.fill("main form input[name=username]", "programleder")
    page.fill("main form input[name=password]", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(re.escape(reverse("core:for_me")) + "$"))  # Til mig is the front page


def section(page: Any, heading: str) -> Any:
    return page.locator("section.pk-for-me", has=page.locator("h2", has_text=heading))


def test_monday_morning_the_program_manager_sees_what_waits_and_acts_in_one_click(
    page: Any, demo: None, problems: Problems
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_as_the_program_manager(page)
    expect(page.locator("h1")).to_have_text("Til mig")
    found = re.search(r"(\d+) ting venter", page.locator(".font-lead").inner_text())
    assert found is not None
    total = int(found.group(1))
    expect(page.locator("header .pk-for-me-link .pk-for-me-count")).to_have_text(re.compile(rf"^{total}\b"))

    invoices = section(page, "Fakturaer til godkendelse")
    expect(invoices).to_contain_text("Fjordbyte ApS")
    expect(invoices).to_contain_text("Forfalden siden")
    risks = section(page, "Risici, der skal gennemgås")
    expect(risks).to_contain_text("KOMBIT flytter tidsplanen for NemLog-in-brokeren")
    red = section(page, "Produkter, der bliver røde")
    expect(red).to_contain_text("OS2rollekatalog")
    expect(red).to_contain_text("to eller flere åbne høje risici")
    # Nothing for the secretariat's step: the program manager does not check invoices.
    expect(section(page, "Fakturaer til kontrol")).to_have_count(0)

    # One click: "Godkend" opens the invoice, where the approval is.
    invoices.get_by_role("link", name=re.compile("^Godkend")).first.click()
    expect(page).to_have_url(re.compile(r"/oekonomi/fakturaer/\d+/$"))
    page.locator("main").get_by_role("link", name="Godkend", exact=True).click()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Godkendt")

    # On another page the header fetches the count by itself: one less now.
    expect(page.locator("header .pk-for-me-link .pk-for-me-count")).to_have_text(
        re.compile(rf"^{total - 1}\b")
    )
    page.goto(reverse("core:for_me"))
    expect(section(page, "Fakturaer til godkendelse")).to_have_count(0)
    assert problems.console_errors == [] and problems.page_errors == []
    assert problems.csp_violations(page) == []

    # On a phone (the demo loaded once for both widths): the list fits, an action is one tap away.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("header .pk-for-me-link")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    risks = section(page, "Risici, der skal gennemgås")
    action = risks.get_by_role("link", name=re.compile("^Gennemgå")).first
    expect(action).to_be_visible()
    box = action.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    action.click()
    expect(page).to_have_url(re.compile(r"/planlaegning/risici/\d+/$"))
    expect(page.locator("h1")).to_be_visible()
