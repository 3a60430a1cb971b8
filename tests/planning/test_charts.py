"""Planning's charts on its pages: drawn by core's template, titles and names escaped."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from programkontor.core import services
from programkontor.planning.models import IndicatorReading

HOSTILE = '<script>alert("x")</script> "Alpha"'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &quot;Alpha&quot;"


def svg_with(page: str, marker: str) -> str:
    at = page.index(marker)
    return page[page.rindex("<svg", 0, at) : page.index("</svg>", at)]


def test_the_roadmap_escapes_the_titles_of_items_milestones_and_products(
    world: Any, pw: Any, client: Any
) -> None:
    type(pw.roadmap_item).objects.filter(pk=pw.roadmap_item.pk).update(title=HOSTILE)
    type(pw.milestone).objects.filter(pk=pw.milestone.pk).update(title=HOSTILE)
    type(world.product).objects.filter(pk=world.product.pk).update(name=HOSTILE)
    client.force_login(world["bob"])
    page = client.get(reverse("planning:roadmap", args=[world.program.slug])).content.decode()
    svg = svg_with(page, 'id="roadmap-svg"')
    assert "<script" not in svg and 'alert("x")' not in svg
    assert f"<title>{ESCAPED} (" in svg  # the item's and the milestone's tooltips
    assert svg.count(f"<title>{ESCAPED} (") == 2
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/scr…</text>" in svg  # the product's lane, cut to 24
    assert f'data-item="{pw.roadmap_item.pk}"' in svg and 'marker-end="url(#arrowhead)"' in svg
    assert 'aria-labelledby="roadmap-title roadmap-desc"' in svg


def test_the_capacity_bar_names_each_priority_and_the_capacity(world: Any, pw: Any, client: Any) -> None:
    client.force_login(world["carol"])
    page = client.get(reverse("planning:timebox_detail", args=[pw.timebox.pk])).content.decode()
    svg = svg_with(page, 'aria-labelledby="capacity-title capacity-desc"')
    assert '<title id="capacity-title">Kapacitet</title>' in svg
    assert 'data-priority="could"' in svg and "<title>COULD: " in svg
    assert 'class="pk-bar-capacity"' in svg and 'class="pk-bar-limit"' in svg


def test_an_indicator_shows_its_measurements_and_progress(world: Any, pw: Any, client: Any) -> None:
    services.create(
        IndicatorReading, actor=None, fields={"indicator": pw.indicator, "date": "2026-01-01", "value": 20}
    )
    type(pw.indicator).objects.filter(pk=pw.indicator.pk).update(current_value=20)
    client.force_login(world["carol"])
    page = client.get(pw.goal.get_absolute_url()).content.decode()
    spark = svg_with(page, 'class="pk-spark"')
    assert 'aria-label="Målinger over tid"' in spark and 'class="pk-spark-dot"' in spark
    meter = svg_with(page, 'class="pk-meter"')
    assert (
        'aria-label="25 %"' in meter
        and '<rect class="pk-meter-fill" x="0" y="0" width="25" height="10">' in meter
    )
