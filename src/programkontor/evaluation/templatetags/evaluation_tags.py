"""Template helpers of the evaluation pages: lights, answers, levels, pies and the heatmap's rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from programkontor.core.templatetags.core_charts import CHART_TEMPLATE
from programkontor.core.templatetags.core_tags import query_with
from programkontor.evaluation import charts, scoring
from programkontor.evaluation.models import Answer
from programkontor.evaluation.selectors import Heatmap, level_label

register = template.Library()

#: Symbols of the heatmap: the light is never told by colour alone.
SYMBOLS = {scoring.GREEN: "✓", scoring.YELLOW: "!", scoring.RED: "✗", scoring.GRAY: "\u2013"}


def light_names() -> dict[str, str]:
    return {
        scoring.GREEN: _("Green"),
        scoring.YELLOW: _("Yellow"),
        scoring.RED: _("Red"),
        scoring.GRAY: _("Gray"),
    }


@register.filter
def light_name(light: str | None) -> str:
    return light_names().get(light or "", _("Not rated"))


@register.filter
def light_badge(light: str | None) -> SafeString:
    """A light as a coloured dot and its name."""
    name = light_names().get(light or "", _("Not rated"))
    return format_html(
        '<span class="pk-ev-light pk-ev-light--{}">'
        '<span class="pk-ev-dot" aria-hidden="true"></span>{}</span>',
        light or "none",
        name,
    )


@register.filter
def answer_label(answer: str | None) -> str:
    return str(dict(Answer.choices).get(answer or "", _("Not answered")))


@register.filter
def level_name(key: str | None) -> str:
    return level_label(key) or _("none")


@register.filter
def get_item(mapping: Mapping[str, Any] | None, key: Any) -> Any:
    if mapping is None:
        return None
    return mapping.get(key)


@register.inclusion_tag(CHART_TEMPLATE)
def pie(row: Mapping[str, int], title: str) -> dict[str, Any]:
    """A pie of the lights in ``row``, drawn by core's chart template."""
    return {"chart": charts.pie(row, title, light_names())}


@register.simple_tag
def lights() -> tuple[str, ...]:
    return scoring.LIGHTS


@register.simple_tag
def heatmap_body(heatmap: Heatmap) -> SafeString:
    """The heatmap's rows, built in Python: 400 products x 43 requirements are 17,200 cells."""
    # Each cell is only its class and symbol (the column header names the requirement): 17,200 cells.
    cell = {light: f'<td class="pk-ev-h-{light}">{symbol}</td>' for light, symbol in SYMBOLS.items()}
    empty = '<td class="pk-ev-h-n"></td>'
    evaluation_url = reverse("evaluation:evaluation_detail", kwargs={"pk": 0})[: -len("0/")]
    lines = []
    for row in heatmap.rows:
        product = row.product
        head = format_html(
            '<th scope="row" class="pk-ev-heat-product"><a href="{}">{}</a></th>',
            reverse("evaluation:product_history", kwargs={"slug": product.slug}),
            product.name,
        )
        if row.evaluation_id:
            date = row.evaluated_on.strftime("%d.%m.%Y") if row.evaluated_on else ""
            when = format_html(
                '<td class="pk-nowrap"><a href="{}{}/">{}</a></td>', evaluation_url, row.evaluation_id, date
            )
        else:
            when = format_html('<td class="pk-muted">{}</td>', _("none"))
        level = format_html("<td>{}</td>", level_label(product.level) or "—")
        strict = format_html("<td>{}</td>", level_label(row.strict_level) if row.evaluation_id else "")
        cells = [cell[light] if light else empty for light in row.cells]
        lines.append(f"<tr>{head}{when}{level}{strict}{''.join(cells)}</tr>")
    return mark_safe("\n".join(lines))  # noqa: S308 - built from escaped values and fixed markup


@register.simple_tag(takes_context=True)
def heatmap_programs_body(context: dict[str, Any], heatmap: Heatmap) -> SafeString:
    """The portfolio view's rows: per program, each cell the number of each light (symbol and number,
    never colour alone); the program's name links to its products, keeping the other filters."""
    names = light_names()
    # A count's markup before its number, escaped once per light (20 programs x 43 columns x 4 lights).
    opening = {
        light: format_html('<span class="pk-ev-h-{}" title="{}">{}&#8239;', light, names[light], symbol)
        for light, symbol in SYMBOLS.items()
    }
    lines = []
    for program in heatmap.programs:
        link = query_with(context, program=program.slug, page=None)
        name = program.name or _("No program")
        head = format_html(
            '<th scope="row" class="pk-ev-heat-product"><a href="{}">{}</a></th><td>{}</td><td>{}</td>',
            link,
            name,
            program.products,
            program.evaluated,
        )
        cells = []
        for counts in program.cells:
            parts = [f"{opening[light]}{int(counts[light])}</span>" for light in SYMBOLS if counts.get(light)]
            cells.append(
                f'<td class="pk-ev-agg">{"".join(parts)}</td>' if parts else '<td class="pk-ev-h-n"></td>'
            )
        lines.append(f"<tr>{head}{''.join(cells)}</tr>")
    return mark_safe("\n".join(lines))  # noqa: S308 - built from escaped values and fixed markup
