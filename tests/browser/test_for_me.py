"""*Til mig* in a real browser (issue 16, item 1): the demo's program manager signs in, sees what waits
for them — the invoice to approve, the risk due for review, the red product — with the count in the
header, and follows an action in one click; at 1280 px and on a 390 px phone."""

from __future__ import annotations

import datetime
import io
import os
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


def test_show_more_adds_the_next_items_in_place_and_the_keyboard_goes_on_there(
    page: Any, demo: None, problems: Problems
) -> None:
    """A program manager with forty risks to review: Til mig shows ten; "Vis flere" brings the next 25
    under them without leaving the page (focus on the first new one), then the rest; on a phone."""
    from programkontor.planning.models import Risk
    from tests.planning.factories import RiskFactory

    product = Risk.objects.get(title="KOMBIT flytter tidsplanen for NemLog-in-brokeren").product
    soon = datetime.date.today() + datetime.timedelta(days=3)
    for i in range(39):
        RiskFactory(product=product, title=f"Gennemgangsrisiko {i:02d}", review_date=soon)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_as_the_program_manager(page)
    risks = section(page, "Risici, der skal gennemgås")
    heading = re.search(r"\((\d+)\)", risks.locator("h2").inner_text())
    assert heading is not None
    total = int(heading.group(1))
    assert total >= 40
    rows = risks.locator("li:not(.pk-for-me-more)")
    expect(rows).to_have_count(10)
    more = risks.get_by_role("link", name=re.compile("^Vis flere"))
    expect(more).to_have_text(f"Vis flere (10 af {total} vist)")
    address = page.url
    more.click()
    expect(rows).to_have_count(35)
    assert page.url == address  # in place: the page was not left
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == rows.nth(10).get_by_role("link").first.inner_text()
    expect(more).to_have_text(f"Vis flere (35 af {total} vist)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if folder := os.environ.get("PK_SCREENSHOTS"):
        more.scroll_into_view_if_needed()
        page.screenshot(path=os.path.join(folder, "for-me-more-390.png"))
    more.click()
    expect(rows).to_have_count(min(total, 60))
    if total <= 60:
        expect(more).to_have_count(0)
    titles = rows.locator(".pk-for-me-what > a").all_inner_texts()
    assert len(set(titles)) == len(titles)  # no row twice
    assert problems.console_errors == [] and problems.page_errors == []
    assert problems.csp_violations(page) == []
