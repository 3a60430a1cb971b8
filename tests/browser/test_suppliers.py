"""Supplier contracts in a real browser (issue 18): the program manager adds a contract with a notice
period, the contract's page shows the notice date, and *Til mig* shows the deadline with the one click
that opens the contract; at 1280 px and on a 390 px phone. Elements are found by id, name or URL."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from programkontor.suppliers.models import Contract
from programkontor.suppliers.terms import months_before
from tests import factories as f
from tests.browser.conftest import Portfolio, Problems, log_in
from tests.suppliers.factories import one_month_after

pytestmark = pytest.mark.browser


def test_adding_a_contract_with_a_notice_period_puts_the_deadline_on_til_mig(
    page: Any, portfolio: Portfolio, problems: Problems
) -> None:
    supplier = f.SupplierFactory(name="Fjordbyte ApS", slug="fjordbyte")
    today = timezone.localdate()
    end = one_month_after(today + datetime.timedelta(days=14))
    notice = months_before(end, 1)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "birgitte")

    page.goto(reverse("suppliers:contract_list"))
    page.locator(f"main a[href='{reverse('suppliers:contract_add')}']").click()
    page.fill("input[name=title]", "Drift af OS2alpha")
    page.select_option("select[name=supplier]", str(supplier.pk))
    page.select_option("select[name=product]", str(portfolio.alpha.pk))
    page.select_option("select[name=kind]", "operations")
    page.fill("input[name=value]", "480.000")
    page.fill("input[name=start_date]", (today - datetime.timedelta(days=300)).isoformat())
    page.fill("input[name=end_date]", end.isoformat())
    page.fill("input[name=notice_months]", "1")
    page.select_option("select[name=data_processing]", "yes")
    page.fill("input[name=data_processing_url]", "https://example.org/dba.pdf")
    page.locator("main form button[type=submit]").click()

    contract = Contract.objects.get(title="Drift af OS2alpha")
    expect(page).to_have_url(re.compile(re.escape(contract.get_absolute_url()) + "$"))
    assert contract.value == 480_000_00 and contract.notice_by == notice
    expect(page.locator("#contract-facts")).to_contain_text("480.000,00 DKK")
    expect(page.locator("#contract-deadlines")).to_contain_text(f"Opsigelse senest {notice:%d.%m.%Y}")

    # Til mig: the deadline, with what to do and the one click to the contract.
    page.goto(reverse("core:for_me"))
    deadlines = page.locator("section.pk-for-me[data-kind='suppliers.deadlines']")
    expect(deadlines).to_contain_text("Kontrakt Drift af OS2alpha (Fjordbyte ApS)")
    with translation.override("da"):
        day = formats.date_format(notice, "j. b. Y")
    expect(deadlines).to_contain_text(f"Opsig senest {day}")
    deadlines.get_by_role("link", name=re.compile("^Opsig eller lad den løbe")).first.click()
    expect(page).to_have_url(re.compile(re.escape(contract.get_absolute_url()) + "$"))
    assert problems.console_errors == [] and problems.page_errors == []
    assert problems.csp_violations(page) == []

    # On a phone: the contract's facts and the deadline fit the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("#contract-deadlines")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone"
