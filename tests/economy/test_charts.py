"""The economy's charts on its pages: drawn by core's template, a product's name escaped."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tests.economy.factories import YEAR, economy_of

HOSTILE = '<script>alert("x")</script> & "OS2alpha"'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;OS2alpha&quot;"


def svg_labelled(page: str, chart_id: str) -> str:
    at = page.index(f'aria-labelledby="{chart_id}-title {chart_id}-desc"')
    return page[page.rindex("<svg", 0, at) : page.index("</svg>", at)]


def test_the_overview_charts_escape_a_products_name(world: Any, client: Any) -> None:
    economy_of(world)
    type(world.product).objects.filter(pk=world.product.pk).update(name=HOSTILE)
    client.force_login(world["alice"])
    page = client.get(reverse("economy:overview") + f"?year={YEAR}&quarter=1").content.decode()
    deviations = svg_labelled(page, "overview-deviations")
    assert ESCAPED in deviations  # in the description read by screen readers
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/scr…</text>" in deviations  # the bar's label, cut to 24
    assert "<script" not in deviations and 'alert("x")' not in deviations
    assert 'class="pk-chart-budget-bar"' in deviations and 'class="pk-chart-actual' in deviations
    months = svg_labelled(page, "overview-months")
    assert 'class="pk-chart-budget" points="' in months and ">jan</text>" in months


def test_the_ledger_draws_budget_against_actual(world: Any, client: Any) -> None:
    economy_of(world)
    client.force_login(world["alice"])
    page = client.get(reverse("economy:ledger", args=[world.product.slug, YEAR])).content.decode()
    chart = svg_labelled(page, "ledger-expenses")
    assert f'<title id="ledger-expenses-title">Udgifter {YEAR}' in chart
    # 50.000 kr. of expenses a year phased by days, and the actual of 1.234,56 kr. in whole kroner (rounded).
    assert "jan: Budget 4.247 kr., Regnskab 0 kr.; feb: Budget 8.082 kr., Regnskab 1.235 kr.;" in chart
