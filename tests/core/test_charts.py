"""Core's charts: the geometry every app's chart uses, and the one template that draws them."""

from __future__ import annotations

import math
import re
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from programkontor.core import charts as c

HOSTILE = '<script>alert("x")</script>'


def draw(chart: c.Chart | None) -> str:
    with translation.override("da"):
        return Template("{% load core_charts %}{% chart drawing %}").render(Context({"drawing": chart}))


def test_numbers_are_written_for_svg_whatever_the_language() -> None:
    assert c.number(12) == "12"
    assert c.number(12.5) == "12.5"
    assert c.number(12.0) == "12"
    assert c.number(1234.5678) == "1234.57"
    assert c.number(-0.001) == "0"


def test_a_round_step_covers_the_maximum_in_about_four_ticks() -> None:
    assert c.nice_step(0) == 100
    assert c.nice_step(7_110_000_00) == 200_000_000
    assert c.nice_step(95) == 50
    axis = c.axis([-150, 930])
    assert (axis.bottom, axis.top, axis.step) == (-500, 1000, 500)
    assert axis.ticks == [-500, 0, 500, 1000]
    assert c.axis([0, 0]).span == 100


@given(st.lists(st.integers(min_value=-(10**12), max_value=10**12), min_size=1, max_size=20))
def test_the_axis_shows_every_value_and_zero_on_a_tick_grid(values: list[int]) -> None:
    axis = c.axis(values)
    assert axis.bottom <= min(0, *values) and max(0, *values) <= axis.top
    assert 0 in axis.ticks and axis.bottom % axis.step == 0 and axis.top % axis.step == 0


def test_a_scale_maps_a_range_onto_another_either_way() -> None:
    up = c.Scale(0, 200, 10, 110)
    assert (up(0), up(100), up(200)) == (10, 60, 110)
    down = c.Scale(-100, 100, 200, 0)
    assert (down(-100), down(0), down(100)) == (200, 100, 0)


def test_stacked_values_start_where_the_one_before_ends() -> None:
    assert c.stack([3, 0, 4]) == [(0, 3), (3, 3), (3, 7)]
    assert c.stack([Decimal("1.5"), Decimal("2")]) == [
        (Decimal(0), Decimal("1.5")),
        (Decimal("1.5"), Decimal("3.5")),
    ]
    assert c.stack([]) == []


def test_pie_slices_and_ring_segments_run_clockwise_from_twelve_o_clock() -> None:
    assert c.pie_angles([1, 1]) == [(0, math.pi), (math.pi, 2 * math.pi)]
    assert c.pie_angles([0, 0]) == []
    assert c.polar(100, 100, 50, 0) == (100, 50)
    right = c.polar(100, 100, 50, math.pi / 2)
    assert (round(right[0], 6), round(right[1], 6)) == (150, 100)
    assert c.sector_path(60, 60, 56, 0, math.pi / 2) == "M 60 60 L 60 4 A 56 56 0 0 1 116 60 Z"
    assert c.sector_path(60, 60, 56, 0, 1.5 * math.pi).split()[10] == "1"  # the large arc
    ring = c.sector_path(160, 160, 150, 0, math.pi / 2, inner=95)
    assert ring == "M 160 10 A 150 150 0 0 1 310 160 L 255 160 A 95 95 0 0 0 160 65 Z"


def test_overlapping_intervals_get_rows_of_their_own() -> None:
    assert c.pack_rows([(1, 3), (2, 4), (4, 5), (5, 6)]) == [0, 1, 0, 1]
    assert c.pack_rows([]) == []


def test_text_is_cut_with_an_ellipsis() -> None:
    assert c.truncate("OS2rollekatalog", 20) == "OS2rollekatalog"
    assert c.truncate("OS2rollekatalog", 6) == "OS2ro…"
    assert c.truncate("OS2rollekatalog", 1) == ""


def test_the_template_draws_every_shape_in_a_labelled_svg() -> None:
    chart = c.Chart(
        width=640,
        height=260.5,
        title="Udgifter",
        description="jan: 12 kr.",
        chart_id="demo",
        element_id="demo-svg",
        css="pk-chart",
        sized=True,
        markers=(c.Marker("arrowhead", "pk-arrow"),),
        shapes=(
            c.Rect(css="pk-bar", x=1.25, y=2, width=30.5, height=4, rx=3, data=(("item", "7"),)),
            c.Line(css="pk-grid", x1=0, y1=0.5, x2=10, y2=0.5),
            c.Polyline(css="pk-line", points=c.points([(0, 1.5), (2, 3)])),
            c.Polygon(points="0,0 1,1 0,2"),
            c.Path(d="M0,0 H10", marker_end="arrowhead", fill="#008000", stroke="#fff", stroke_width="1"),
            c.Circle(cx=5, cy=5, r=4, tooltip="01.02: Møde"),
            c.Link(href="/roadmap/1/", shapes=(c.Text(x=8, y=9.75, text="K3 2026", anchor="middle"),)),
        ),
    )
    svg = draw(chart)
    assert svg.startswith('<svg id="demo-svg" class="pk-chart" xmlns="http://www.w3.org/2000/svg"')
    assert 'viewBox="0 0 640 260.5" width="640" height="260.5" role="img"' in svg
    assert 'aria-labelledby="demo-title demo-desc"' in svg
    assert '<title id="demo-title">Udgifter</title><desc id="demo-desc">jan: 12 kr.</desc>' in svg
    assert '<marker id="arrowhead"' in svg and 'class="pk-arrow"' in svg
    assert '<rect class="pk-bar" x="1.25" y="2" width="30.5" height="4" rx="3" data-item="7"></rect>' in svg
    assert '<line class="pk-grid" x1="0" y1="0.5" x2="10" y2="0.5"></line>' in svg
    assert '<polyline class="pk-line" points="0,1.5 2,3"></polyline>' in svg
    assert '<polygon points="0,0 1,1 0,2"></polygon>' in svg
    path = '<path d="M0,0 H10" marker-end="url(#arrowhead)" fill="#008000" stroke="#fff" stroke-width="1">'
    assert path + "</path>" in svg
    assert '<circle cx="5" cy="5" r="4"><title>01.02: Møde</title></circle>' in svg
    assert '<a href="/roadmap/1/"><text x="8" y="9.75" text-anchor="middle">K3 2026</text>' in svg
    coordinate = r'\b(?:x|y|x1|x2|y1|y2|width|height|cx|cy|r|rx)="-?\d+,\d'
    assert not re.search(coordinate, svg), "a coordinate was written with a decimal comma"


def test_without_an_id_the_chart_is_labelled_by_its_title_and_description() -> None:
    svg = draw(c.Chart(width=120, height=120, title="Niveau 1", description="Grøn 3 (100 %)"))
    assert 'aria-label="Niveau 1: Grøn 3 (100 %)"' in svg and "<title>Niveau 1: Grøn 3 (100 %)</title>" in svg
    assert "aria-labelledby" not in svg and "<desc" not in svg
    assert draw(None).strip() == ""


def test_text_from_users_is_escaped_everywhere_in_a_chart() -> None:
    chart = c.Chart(
        width=10,
        height=10,
        title=HOSTILE,
        description=HOSTILE,
        chart_id="x",
        shapes=(
            c.Link(
                href='/a/"onmouseover="alert(1)',
                shapes=(c.Rect(x=0, y=0, width=1, height=1, tooltip=HOSTILE, data=(("item", HOSTILE),)),),
            ),
            c.Text(x=0, y=0, text=HOSTILE),
        ),
    )
    svg = draw(chart)
    assert "<script" not in svg and 'alert("x")' not in svg
    assert svg.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") == 5
    assert 'href="/a/&quot;onmouseover=&quot;alert(1)"' in svg
