"""A program's public roadmap as a standalone SVG file, drawn by planning's chart.

The roadmap is planning's (``planning.selectors.roadmap`` with ``public=True``: what an anonymous
visitor sees) and so is the drawing (``planning_charts.roadmap_chart``, core's chart template); only
the links change — to the site's own pages instead of the application's — and the file carries its
styles (planning's ``pk-rm-`` rules), because an SVG shown as an image sees no page's CSS.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from programkontor.core.templatetags.core_charts import CHART_TEMPLATE
from programkontor.planning import selectors
from programkontor.planning.models import RoadmapItem
from programkontor.planning.templatetags.planning_charts import roadmap_chart
from programkontor.planning.timeline import LaneIn, layout
from programkontor.portfolio.models import Program


@dataclass(frozen=True)
class DrawnRoadmap:
    svg: str
    items: list[RoadmapItem]


@cache
def _styles() -> str:
    """Planning's roadmap rules (``.pk-rm-…``), for the SVG file's own ``<style>``."""
    found = finders.find("planning/planning.css")
    text = Path(str(found)).read_text(encoding="utf-8") if found else ""
    rules = [line.strip() for line in text.splitlines() if line.strip().startswith(".pk-rm")]
    return "\n".join(["text { font-family: 'IBM Plex Sans', Arial, sans-serif; font-size: 13px; }", *rules])


def roadmap_svg(program: Program, *, today: datetime.date) -> DrawnRoadmap | None:
    """The program's public roadmap (``None`` when nothing on it is published)."""
    roadmap = selectors.roadmap(AnonymousUser(), program, public=True, today=today)
    if not roadmap.items and not roadmap.milestones:
        return None
    own = f"{program.slug}.html"
    lanes = [LaneIn("program", program.name, own)] + [
        LaneIn(product.pk, product.name, f"../produkter/{product.slug}.html") for product in roadmap.products
    ]
    drawn = roadmap.layout
    relinked = layout(
        lanes,
        [replace(bar.item, url=own) for lane in drawn.lanes for bar in lane.bars],
        [replace(d.milestone, url=own) for lane in drawn.lanes for d in lane.diamonds],
        [(d.item_id, d.depends_on_id) for d in roadmap.dependencies],
        first=roadmap.first,
        last=roadmap.last,
        today=today,
    )
    chart = roadmap_chart(relinked, program, roadmap)["chart"]
    svg = render_to_string(CHART_TEMPLATE, {"chart": chart}).strip()
    opening = svg.index(">") + 1
    svg = f"{svg[:opening]}\n<style>\n{_styles()}\n</style>{svg[opening:]}\n"
    return DrawnRoadmap(svg, roadmap.items)
