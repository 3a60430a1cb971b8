"""The evaluation flow in a real browser: the coordinator fills in and submits the self-evaluation, the
secretariat turns it into an evaluation, adjusts a light, decides the level and downloads the report.

Elements are found by URL, form field name or id, not by their (translated) text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from programkontor.evaluation import services
from programkontor.evaluation.formats.report import parse_report
from programkontor.evaluation.models import Evaluation, SelfEvaluation
from programkontor.governance.models import Decision
from tests import factories as f
from tests.browser.conftest import PASSWORD, Portfolio, Problems

pytestmark = pytest.mark.browser


def log_in(page: Any, username: str) -> None:
    page.goto(reverse("accounts:login") + "?next=" + reverse("portfolio:overview"))
    page.fill("main form input[name=username]", username)
    page.fill("main form input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(re.escape(reverse("portfolio:overview")) + "$"))


def log_out(page: Any) -> None:
    page.click(f"header form[action='{reverse('accounts:logout')}'] button[type=submit]")
    page.wait_for_load_state()


@pytest.fixture
def people(portfolio: Portfolio) -> dict[str, Any]:
    coordinator = f.UserFactory(
        username="karen", first_name="Karen", last_name="Koordinator", password=PASSWORD
    )
    f.RoleAssignmentFactory(
        person=f.PersonFactory(first_name="Karen", last_name="Koordinator", user=coordinator),
        role="product_coordinator",
        product=portfolio.alpha,
    )
    secretariat = f.UserFactory(
        username="sekretær",
        first_name="Sofie",
        last_name="Sekretariat",
        password=PASSWORD,
        is_secretariat=True,
    )
    return {
        "coordinator": coordinator,
        "secretariat": secretariat,
        "catalogue": services.load_shipped_catalogue(),
    }


def test_a_self_evaluation_becomes_an_evaluation_a_level_and_a_report(
    page: Any, portfolio: Portfolio, people: dict[str, Any], problems: Problems, tmp_path: Path
) -> None:
    alpha = portfolio.alpha
    # 1. The coordinator starts the self-evaluation from the product page, answers and submits it.
    log_in(page, "karen")
    page.goto(alpha.get_absolute_url())
    page.click(f"a[href='{reverse('evaluation:selfevaluation_add', args=[alpha.slug])}']")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/selvevalueringer/\d+/rediger/$"))
    expect(page.locator("fieldset#req-R1 input[type=radio]")).to_have_count(5)
    catalogue = people["catalogue"]
    for code in catalogue.requirements.order_by("order").values_list("code", flat=True):
        page.check(f"input[name='answer-{code}'][value='yes']")
    page.check("input[name='answer-F13'][value='no']")
    page.check("input[name='answer-R4'][value='not_relevant']")
    page.fill("textarea[name='documentation-R1']", "Se business casen på os2.eu")
    page.click("button[name=submit][value='1']")
    page.wait_for_url(re.compile(r"/selvevalueringer/\d+/$"))
    expect(page.locator("td[data-answer='no']")).to_have_count(1)
    self_evaluation = SelfEvaluation.objects.get(product=alpha)
    assert self_evaluation.status == "submitted"
    assert self_evaluation.answers.get(requirement__code="R1").documentation == "Se business casen på os2.eu"
    assert problems.csp_violations(page) == []
    log_out(page)

    # 2. The secretariat makes the evaluation from it and changes one light.
    log_in(page, "sekretær")
    page.goto(reverse("evaluation:product_history", args=[alpha.slug]))
    page.click(f"a[href='{reverse('evaluation:evaluation_add', args=[alpha.slug])}']")
    expect(page.locator("select[name=self_evaluation]")).to_have_value(str(self_evaluation.pk))
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/evalueringer/\d+/rediger/$"))
    evaluation = Evaluation.objects.get(product=alpha)
    expect(page.locator("input[name='light-F13'][value='red']")).to_be_checked()
    expect(page.locator("input[name='light-R4'][value='gray']")).to_be_checked()
    page.check("input[name='light-F13'][value='yellow']")
    page.fill("textarea[name='evidence-F13']", "Slides findes, men er ikke offentliggjort.")
    page.fill("textarea[name=summary]", "Produktet er godt på vej mod niveau 2.")
    page.click("#evaluation-form button[type=submit]")
    page.wait_for_url(re.compile(re.escape(evaluation.get_absolute_url()) + "$"))
    expect(page.locator("#strict-level")).not_to_have_text("—")
    expect(page.locator("#level-counts tr[data-level='2'] td[data-light='yellow']")).to_have_text("1")

    # 3. The level is decided: a decision in the log, the product's level set, the evaluation final.
    page.click(f"a[href='{reverse('evaluation:evaluation_level', args=[evaluation.pk])}']")
    page.select_option("select[name=level]", "2")
    page.fill("textarea[name=reason]", "Styregruppen har vedtaget en plan for præsentationsmaterialet.")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(re.escape(evaluation.get_absolute_url()) + "$"))
    alpha.refresh_from_db()
    evaluation.refresh_from_db()
    assert alpha.level == "2"
    assert evaluation.status == "final" and evaluation.decided_level == "2"
    decision = Decision.objects.get(product=alpha, kind="level_change")
    assert evaluation.decision == decision
    expect(
        page.locator(f"a[href='{reverse('evaluation:evaluation_edit', args=[evaluation.pk])}']")
    ).to_have_count(0)

    # 4. The report downloads in OS2's layout and reads back with the same lights.
    with page.expect_download() as markdown:
        page.click("#download-markdown")
    path = tmp_path / "rapport.md"
    markdown.value.save_as(path)
    parsed = parse_report(path.read_bytes(), catalogue.data())
    assert parsed.ratings["F13"] == "yellow"
    assert parsed.ratings["R4"] == "gray"
    assert parsed.evidence["F13"] == "Slides findes, men er ikke offentliggjort."
    assert parsed.summary == "Produktet er godt på vej mod niveau 2."
    with page.expect_download() as pdf:
        page.click("#download-pdf")
    pdf_path = tmp_path / "rapport.pdf"
    pdf.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")

    # The product page shows the level and the evaluation.
    page.goto(alpha.get_absolute_url())
    expect(page.locator("#evaluation-panel #decided-level")).not_to_have_text("—")
    expect(page.locator(f"#evaluation-trend a[href='{evaluation.get_absolute_url()}']")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    assert problems.csp_violations(page) == []
    assert problems.console_errors == []
    assert problems.page_errors == []


def test_the_heatmap_filters_without_reloading_the_page(
    page: Any, portfolio: Portfolio, people: dict[str, Any], problems: Problems
) -> None:
    from tests.evaluation import factories as ef

    ef.evaluation(portfolio.alpha, people["catalogue"], level="1")
    ef.evaluation(portfolio.gamma, people["catalogue"], level="1", published=True)
    log_in(page, "sekretær")
    page.goto(reverse("evaluation:portfolio"))
    # Across the portfolio: a row per program, each cell the lights counted.
    expect(page.locator("#heatmap tbody tr")).to_have_count(2)
    expect(page.locator("#heatmap tbody tr").first.locator("td.pk-ev-agg").first).to_have_text("✓\u202f1")
    page.wait_for_function("window.htmx !== undefined")
    with page.expect_response(lambda response: "theme=relevans" in response.url) as filtered:
        page.select_option("select[name=theme]", "relevans")
    assert filtered.value.request.headers.get("hx-request") == "true"
    expect(page.locator("#heatmap thead th.pk-ev-heat-code")).to_have_count(4)
    # A program's link opens its products, keeping the theme.
    page.locator("#heatmap tbody a", has_text="Velfærd").click()
    expect(page).to_have_url(re.compile(r"program=velfaerd.*theme=relevans"))
    expect(page.locator("#heatmap tbody tr")).to_have_count(2)
    expect(page.locator("#heatmap thead th.pk-ev-heat-code")).to_have_count(4)
    page.wait_for_function("window.htmx !== undefined")
    with page.expect_response(lambda response: "program=infrastruktur" in response.url):
        page.select_option("select[name=program]", "infrastruktur")
    expect(page.locator("#heatmap tbody tr")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    assert problems.csp_violations(page) == []
    assert problems.console_errors == []


@pytest.mark.parametrize("width", [1280, 390])
def test_the_import_review_maps_each_cell_at_desktop_and_phone_width(
    page: Any, portfolio: Portfolio, people: dict[str, Any], problems: Problems, width: int
) -> None:
    from tests.conftest import os2_corpus

    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "karen")
    page.goto(reverse("evaluation:selfevaluation_import", args=[portfolio.alpha.slug]))
    page.set_input_files(
        "main form input[type=file]",
        str(os2_corpus("self-evaluations", "ai-heatcontrol-2026-08-14-selvevaluering.md")),
    )
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/import/[\w-]+/$"))
    rows = page.locator("table.pk-ev-review tbody tr")
    expect(rows).to_have_count(10)
    # Nothing is wider than the window: the table stacks its cells on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    select = page.locator("tr#cell-23-answer-F2 select")
    expect(select).to_be_visible()
    box = select.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    for index in range(10):
        rows.nth(index).locator("select").select_option("unanswered")
    select.select_option("unknown")
    page.click("main form button[name=save]")
    page.wait_for_url(re.compile(r"/selvevalueringer/\d+/$"))
    imported = SelfEvaluation.objects.get()
    assert imported.answers.get(requirement__code="F2").answer == "unknown"
    assert problems.csp_violations(page) == []
    assert problems.console_errors == []
