"""Planning's charts on pages: the translated texts around ``planning.charts``, drawn by core's template."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from programkontor.core.templatetags.core_charts import CHART_TEMPLATE
from programkontor.planning import charts
from programkontor.planning.templatetags.planning_tags import width_percent
from programkontor.planning.timeline import ItemIn, Layout, MilestoneIn
from programkontor.planning.wording import hours, percent

register = template.Library()


@register.inclusion_tag(CHART_TEMPLATE)
def capacity_chart(summary: Any, bar: charts.CapacityBar) -> dict[str, Any]:
    """The capacity bar of a timebox (``summary`` as from ``selectors.timebox_summary``)."""
    analysis = summary.analysis
    description = _("%(total)s hours planned of a capacity of %(capacity)s hours (%(share)s).") % {
        "total": hours(analysis.total),
        "capacity": hours(summary.capacity),
        "share": percent(analysis.total_share),
    }
    tooltips = [f"{segment.priority.label}: {hours(segment.hours)} {_('hours')}" for segment in bar.segments]
    chart = charts.capacity_chart(
        bar,
        title=_("Capacity"),
        description=description,
        segment_tooltips=tooltips,
        over_tooltip=_("Over capacity"),
    )
    return {"chart": chart}


@register.inclusion_tag(CHART_TEMPLATE)
def sparkline_chart(spark: charts.Sparkline | None) -> dict[str, Any]:
    """An indicator's measurements over time (nothing without measurements)."""
    return {"chart": charts.sparkline_chart(spark, title=_("Measurements over time")) if spark else None}


@register.inclusion_tag(CHART_TEMPLATE)
def meter_chart(done: Any) -> dict[str, Any]:
    """An indicator's progress (a share in per cent) as a meter, labelled with the share."""
    return {"chart": charts.meter_chart(width_percent(done), title=percent(done))}


def _period(item: ItemIn) -> str:
    if item.end == item.start:
        return item.start.label
    return f"{item.start.label} \u2013 {item.end.label}"


def _day(milestone: MilestoneIn) -> str:
    return date_format(milestone.date, "d.m.Y")


@register.inclusion_tag(CHART_TEMPLATE)
def roadmap_chart(layout: Layout, program: Any, roadmap: Any) -> dict[str, Any]:
    """The program's roadmap (``roadmap`` as from ``selectors.roadmap``, ``layout`` its drawing)."""
    description = _(
        "%(count)s items from %(first)s to %(last)s; the same items are listed in the table below."
    ) % {"count": len(roadmap.items), "first": roadmap.first.label, "last": roadmap.last.label}
    chart = charts.roadmap_chart(
        layout,
        title=_("Roadmap of %(name)s") % {"name": program.name},
        description=description,
        today=_("Today"),
        period=_period,
        day=_day,
    )
    return {"chart": chart}
