"""Issue 13, item 4 in a real browser: a program manager sets a product's governance repository (a
local Git repository made in the test), fetches its changes, looks at the preview and applies it,
finds the meetings and decisions, changes one meeting, writes back and reads the diff.

Elements are found by URL, form field name or id; the texts asserted are the Danish ones users read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from programkontor.governance.models import Meeting, RepositorySync
from tests import factories as f
from tests.browser.conftest import PASSWORD, Portfolio, Problems
from tests.browser.test_portfolio_flow import log_in
from tests.governance.test_repository_sync import FIXTURE, make_repository

pytestmark = pytest.mark.browser


def follow_the_job(page: Any) -> None:
    """From a job's page (it ran inline) to its result."""
    page.wait_for_url(re.compile(r"/opgaver/\d+/$"))
    page.locator("#job-progress a.button").click()
    page.wait_for_url(re.compile(r"/styring/synkroniseringer/\d+/$"))


def test_a_program_manager_syncs_the_governance_repository_both_ways(
    page: Any, portfolio: Portfolio, problems: Problems, settings: Any, tmp_path: Path
) -> None:
    settings.GOVERNANCE_WORKING_COPIES = tmp_path / "working-copies"
    settings.PROGRAMKONTOR_GOVERNANCE_LOCAL_ROOTS = [str(tmp_path / "repositories")]
    origin = make_repository(FIXTURE, tmp_path / "repositories" / "os2alpha-governance")
    f.BodyFactory(kind="steering", name="Styregruppen for OS2alpha", product=portfolio.alpha)
    f.BodyFactory(kind="coordination", name="Koordinationsgruppen for OS2alpha", product=portfolio.alpha)
    log_in(page, "birgitte", PASSWORD)

    # The product page offers to set the repository; set it.
    page.goto(reverse("portfolio:product_detail", kwargs={"slug": "os2alpha"}))
    expect(page.locator("#governance-repository")).to_contain_text("Governance-repositorie")
    page.click("#repository-settings")
    page.fill("main form [name=address]", str(origin))
    page.fill("main form [name=branch]", "main")
    page.check("main form [name=write_internal]")
    page.click("#repository-save")
    expect(page.locator(".alert-success")).to_contain_text("gemt")

    # Fetch the changes: the preview lists what would be created and what could not be read.
    page.click("#repository-preview")
    follow_the_job(page)
    expect(page.locator("h1")).to_contain_text("Hent ændringer")
    expect(page.locator("#sync-created")).to_contain_text("Oprettes")
    expect(page.locator("main")).to_contain_text("20260806_OS2alphaStyregruppe.md")
    expect(page.locator("#sync-unmapped")).to_contain_text("Kunne ikke læses")
    expect(page.locator("main")).to_contain_text("beslutninger/uden-dato.md")
    assert not Meeting.objects.filter(body__product=portfolio.alpha).exists()

    # Apply it: the meetings and decisions are there.
    page.click("#sync-apply")
    follow_the_job(page)
    expect(page.locator("#sync-state")).to_contain_text("Anvendt")
    expect(page.locator("#sync-state")).to_contain_text("Birgitte Nyborg")
    page.goto(reverse("governance:decision_list") + "?product=os2alpha")
    expect(page.locator("main")).to_contain_text("Frikøb af produktkoordinator hos Testrup Kommune")
    page.goto(reverse("governance:meeting_list") + "?product=os2alpha")
    expect(page.locator("main")).to_contain_text("OS2alpha styregruppemøde")

    # Change one meeting in Programkontor.
    meeting = Meeting.objects.get(source_path__endswith="20260806_OS2alphaStyregruppe.md")
    page.goto(reverse("governance:meeting_edit", kwargs={"pk": meeting.pk}))
    page.fill("main form [name=title]", "Ekstraordinært styregruppemøde")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(rf"/styring/moeder/{meeting.pk}/$"))

    # Write back: the diff shows the change, and how to push it by hand (no token on this server).
    page.goto(reverse("portfolio:product_detail", kwargs={"slug": "os2alpha"}))
    page.click("#repository-export")
    follow_the_job(page)
    expect(page.locator("h1")).to_contain_text("Skriv til repositorie")
    diff = page.locator("#sync-diff")
    expect(diff.locator(".pk-diff-del")).to_contain_text(["-**Mødenavn**: OS2alpha styregruppemøde"])
    expect(diff.locator(".pk-diff-add")).to_contain_text(["+**Mødenavn**: Ekstraordinært styregruppemøde"])
    expect(page.locator("#sync-by-hand")).to_contain_text("git push")
    expect(page.locator("#sync-push")).to_have_count(0)
    export = RepositorySync.objects.get(kind="export")
    with page.expect_download() as download:
        page.click("#sync-patch")
    patch = Path(download.value.path()).read_text(encoding="utf-8")
    assert patch == export.diff and "+**Mødenavn**: Ekstraordinært styregruppemøde" in patch
    assert problems.console_errors == []
    assert problems.page_errors == []
    assert problems.csp_violations(page) == []
