"""The dialogue log in a real browser (issue 18): the program manager logs a call with a supplier with a
follow-up for herself, finds it on *Til mig*, marks it done there from the entry's page; then adds a
contract with the supplier with a notice period and finds the notice deadline on *Til mig* too; at
1280 px and on a 390 px phone. Elements are found by id, name or URL."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from programkontor.dialogue.models import Entry
from programkontor.suppliers.models import Contract
from programkontor.suppliers.terms import months_before
from tests import factories as f
from tests.browser.conftest import Portfolio, Problems, log_in
from tests.suppliers.factories import one_month_after

pytestmark = pytest.mark.browser


def test_a_call_with_a_follow_up_and_a_contract_with_a_notice_date_wait_on_til_mig(
    page: Any, portfolio: Portfolio, problems: Problems
) -> None:
    supplier = f.SupplierFactory(name="Fjordbyte ApS", slug="fjordbyte")
    today = timezone.localdate()
    due = today + datetime.timedelta(days=4)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "birgitte")

    # From the supplier's page: log a call, with a follow-up for herself.
    page.goto(supplier.get_absolute_url())
    page.locator("#dialogue-panel a[href*='/dialog/ny/']").click()
    expect(page.locator("select[name=organisations] option:checked")).to_have_text("Fjordbyte ApS")
    page.select_option("select[name=kind]", "call")
    page.fill("input[name=title]", "Opkald om opsigelse af driftsaftalen")
    page.fill("textarea[name=summary]", "Leverandøren vil gerne **forlænge**.")
    page.select_option("select[name=product]", str(portfolio.alpha.pk))
    page.fill("input[name=follow_up_text]", "Indstil til styregruppen om forlængelse")
    page.select_option("select[name=follow_up_owner]", str(portfolio.manager.person.pk))
    page.fill("input[name=follow_up_due]", due.isoformat())
    page.locator("main form button[type=submit]").click()

    entry = Entry.objects.get(title="Opkald om opsigelse af driftsaftalen")
    expect(page).to_have_url(re.compile(re.escape(entry.get_absolute_url()) + "$"))
    assert entry.party == "supplier"  # the supplier's page started it as a conversation with a supplier
    expect(page.locator("#entry-facts")).to_contain_text("Fjordbyte ApS")
    expect(page.get_by_text("forlænge", exact=True)).to_be_visible()

    # Til mig: the follow-up, with the one click to the entry, where it is marked done.
    page.goto(reverse("core:for_me"))
    follow_ups = page.locator("section.pk-for-me[data-kind='dialogue.follow_ups']")
    expect(follow_ups).to_contain_text("Indstil til styregruppen om forlængelse")
    expect(follow_ups).to_contain_text("Opfølgning på Opkald om opsigelse af driftsaftalen")
    follow_ups.get_by_role("link", name=re.compile("^Markér udført")).first.click()
    expect(page).to_have_url(re.compile(re.escape(entry.get_absolute_url()) + "#follow-up-\\d+$"))
    page.locator("#follow-ups button[type=submit]").click()
    expect(page.locator("#follow-ups")).to_contain_text(f"Udført {today:%d.%m.%Y}")
    page.goto(reverse("core:for_me"))
    expect(page.locator("section.pk-for-me[data-kind='dialogue.follow_ups']")).to_have_count(0)

    # A contract with the supplier, with a notice period: its notice date waits on Til mig as well.
    end = one_month_after(today + datetime.timedelta(days=14))
    notice = months_before(end, 1)
    page.goto(reverse("suppliers:contract_add") + f"?supplier={supplier.pk}")
    page.fill("input[name=title]", "Drift af OS2alpha")
    page.select_option("select[name=product]", str(portfolio.alpha.pk))
    page.select_option("select[name=kind]", "operations")
    page.fill("input[name=value]", "480.000")
    page.fill("input[name=start_date]", (today - datetime.timedelta(days=300)).isoformat())
    page.fill("input[name=end_date]", end.isoformat())
    page.fill("input[name=notice_months]", "1")
    page.select_option("select[name=data_processing]", "no")
    page.locator("main form button[type=submit]").click()
    contract = Contract.objects.get(title="Drift af OS2alpha")
    expect(page).to_have_url(re.compile(re.escape(contract.get_absolute_url()) + "$"))
    page.goto(reverse("core:for_me"))
    deadlines = page.locator("section.pk-for-me[data-kind='suppliers.deadlines']")
    with translation.override("da"):
        day = formats.date_format(notice, "j. b. Y")
    expect(deadlines).to_contain_text("Kontrakt Drift af OS2alpha (Fjordbyte ApS)")
    expect(deadlines).to_contain_text(f"Opsig senest {day}")
    assert problems.console_errors == [] and problems.page_errors == []
    assert problems.csp_violations(page) == []

    # On a phone: the dialogue log, the entry and the supplier's history fit the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    for url in (reverse("dialogue:entry_list"), entry.get_absolute_url(), supplier.get_absolute_url()):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width} px wide on a 390 px phone"
