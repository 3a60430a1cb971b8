"""The annual cycle's wheel: drawn by core's template, an event's title escaped."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from tests.governance.factories import CycleEventFactory


def test_the_wheel_shows_each_date_with_its_title_escaped(world: Any, client: Any) -> None:
    CycleEventFactory(product=world.product, title='<script>alert("x")</script>', is_published=True)
    client.force_login(world["carol"])
    page = client.get(reverse("governance:cycle"), {"year": timezone.localdate().year}).content.decode()
    at = page.index('aria-labelledby="wheel-title"')
    svg = page[page.rindex("<svg", 0, at) : page.index("</svg>", at)]
    assert '<title id="wheel-title">Årshjul</title>' in svg
    assert svg.count('class="pk-wheel-month') == 12
    assert "<script" not in svg and 'alert("x")' not in svg
    assert svg.count("<title>01.03: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</title>") == 1
    assert "<title>01.09: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</title>" in svg
