"""The acceptance of issue 17, item 1: the demo published as HTML, opened by nothing but a browser
from the disk, shows the portfolio; no title of anything unpublished is anywhere in the output."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from playwright.sync_api import expect

from programkontor.core import gate
from programkontor.portfolio.models import Product, Program

pytestmark = pytest.mark.browser


def unpublished_titles() -> set[str]:
    """The title or name of every publishable row an anonymous reader may not see, less those that a
    visible row has too (a generic meeting title, say)."""
    hidden: set[str] = set()
    shown: set[str] = set()
    for model in apps.get_models():
        names = {f.name for f in model._meta.get_fields()}
        label = "title" if "title" in names else "name" if "name" in names else None
        if "is_published" not in names or label is None:
            continue
        visible = gate.restrict(model, None, "view").values("pk")
        hidden.update(
            t for t in model._default_manager.exclude(pk__in=visible).values_list(label, flat=True) if t
        )
        shown.update(
            t for t in model._default_manager.filter(pk__in=visible).values_list(label, flat=True) if t
        )
    return hidden - shown


def test_the_published_demo_shows_the_portfolio_from_the_disk_and_nothing_unpublished(
    transactional_db: None, browser: Any, tmp_path: Path
) -> None:
    call_command("demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("publish_site", str(tmp_path), "--format", "html", stdout=out, stderr=io.StringIO())
    assert ", 0 changed, 0 removed, 0 unchanged in" in out.getvalue()

    secrets = unpublished_titles()
    assert len(secrets) > 10  # the demo has unpublished programs' and products' work to hide
    texts = {p: p.read_text(encoding="utf-8") for p in tmp_path.rglob("*") if p.suffix in (".html", ".svg")}
    for title in sorted(secrets):
        pattern = re.compile(rf"(?<!\w){re.escape(title)}(?!\w)")
        found = [str(p.relative_to(tmp_path)) for p, text in texts.items() if pattern.search(text)]
        assert not found, f"the unpublished {title!r} is in {found}"

    programs = list(Program.objects.restrict(None, "view").filter(archived_at__isnull=True))
    products = list(Product.objects.restrict(None, "view").filter(archived_at__isnull=True))
    assert programs and products
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto((tmp_path / "index.html").as_uri())
    expect(page.locator("h1")).to_have_text("Portefølje")
    for program in programs:
        expect(page.get_by_role("link", name=program.name, exact=True)).to_be_visible()
    for product in products:
        expect(page.get_by_role("link", name=product.name, exact=True)).to_be_visible()
    # DKFDS's CSS came along: the page is styled by it, not by the browser's defaults.
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "IBM Plex Sans" in font
    page.get_by_role("link", name=products[0].name, exact=True).click()
    expect(page.locator("h1")).to_have_text(products[0].name)
    page.get_by_role("link", name="Evalueringsrapporter").first.click()
    expect(page.locator("h1")).to_have_text("Evalueringsrapporter")
    assert not failed, failed
    context.close()
