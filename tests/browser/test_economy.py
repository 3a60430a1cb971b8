"""The economy in a real browser: a program manager imports actuals from the finance system.

A file with one bad row is refused with the row's number and nothing is saved; the corrected file is
previewed, confirmed, and the budget against actual shows the new postings. Elements are found by
id, name or URL, not by their (translated) text.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from programkontor.economy.models import Actual, ActualImport
from tests.browser.conftest import Portfolio, Problems, log_in
from tests.economy.factories import approve, budget_with_lines, decision

pytestmark = pytest.mark.browser


def upload(page: Any, content: str) -> None:
    page.set_input_files(
        "#import-form input[name=file]",
        files=[{"name": "posteringer.csv", "mimeType": "text/csv", "buffer": content.encode("utf-8")}],
    )
    page.click("#import-form button[type=submit]")


def test_importing_actuals_with_a_bad_row_then_the_corrected_file(
    page: Any, portfolio: Portfolio, problems: Problems
) -> None:
    today = timezone.localdate()
    _budget, version = budget_with_lines(
        portfolio.manager, portfolio.alpha, {"00005": 12_000_00}, year=today.year
    )
    approve(portfolio.manager, version, decision(product=portfolio.alpha))
    ledger = reverse("economy:ledger", args=[portfolio.alpha.slug, today.year])
    day = today.strftime("%d.%m.%Y")

    log_in(page, "birgitte")
    page.goto(ledger)
    expect(page.locator("#expenses-budget")).to_have_text(re.compile(r"12\.000,00"))
    expect(page.locator("#expenses-actual")).to_have_text(re.compile(r"^\s*0,00"))

    # One bad row: the amount is not a number. The page names the row; nothing is saved.
    page.click("#import-actuals")
    expect(page).to_have_url(re.compile(re.escape(reverse("economy:actual_import")) + r"\?product=os2alpha$"))
    header = "dato;konto;beløb;tekst;bilagsnummer\n"
    upload(page, header + f"{day};00005;1.000,00;Hosting;B-1\n{day};00005;35O,50;Domæner;B-2\n")
    errors = page.locator("#import-errors")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text("3")
    expect(errors).to_contain_text("35O,50")
    assert Actual.objects.count() == 0
    assert ActualImport.objects.count() == 0

    # The corrected file: a preview first, then saved on confirmation.
    upload(page, header + f"{day};00005;1.000,00;Hosting;B-1\n{day};00005;350,50;Domæner;B-2\n")
    expect(page.locator("#import-postings")).to_have_text("2")
    assert Actual.objects.count() == 0
    page.click("#confirm-import button[name=confirm]")

    page.wait_for_url(re.compile(re.escape(ledger) + "$"))
    expect(page.locator("#expenses-actual")).to_have_text(re.compile(r"1\.350,50"))
    assert sorted(Actual.objects.values_list("amount", flat=True)) == [350_50, 1_000_00]
    assert Actual.objects.get(document_number="B-1").history.get().history_user == portfolio.manager

    page.wait_for_load_state("networkidle")
    assert problems.csp_violations(page) == []
    # The refused file was answered with 400 on purpose (the browser logs that); nothing else went wrong.
    unexpected = [error for error in problems.console_errors if "status of 400" not in error]
    assert unexpected == []
    assert problems.page_errors == []


def test_the_overview_renders_its_charts_without_csp_violations(
    page: Any, portfolio: Portfolio, problems: Problems
) -> None:
    today = timezone.localdate()
    _budget, version = budget_with_lines(
        portfolio.manager, portfolio.alpha, {"00005": 12_000_00}, year=today.year
    )
    approve(portfolio.manager, version, decision(product=portfolio.alpha))
    log_in(page, "birgitte")
    page.goto(reverse("economy:overview"))
    expect(page.locator("#overview-table")).to_contain_text("OS2alpha")
    expect(page.locator("svg[aria-labelledby^='overview-months-title']")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert problems.csp_violations(page) == []
    assert problems.console_errors == []
