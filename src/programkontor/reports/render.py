"""A board report's figures (``selectors.gather``) as HTML, Markdown and PDF.

Everything is drawn from the stored data alone, so an issued report renders the same tomorrow. The
charts are ``core.charts`` data drawn by core's chart template: the economy's own charts for budget
against actual (and, for the portfolio, the cumulative expenses) and the report's MoSCoW completion.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from programkontor.core.charts import Chart
from programkontor.economy import charts as economy_charts
from programkontor.governance.interfaces import font_faces, html_to_pdf
from programkontor.reports import charts
from programkontor.reports.selectors import Data

CSS = Path(__file__).resolve().parent / "static" / "reports" / "report.css"
PRIORITY_LABELS = {"must": "MUST", "should": "SHOULD", "could": "COULD", "wont": "WON'T"}


def title_of(data: Data) -> str:
    scope = data["program"]["name"] if data.get("program") else _("the whole portfolio")
    return _("Status report to the board: %(scope)s, %(period)s") % {
        "scope": scope,
        "period": data["period"]["label"],
    }


def _charts(data: Data) -> Data:
    economy = data["economy"]
    as_of = datetime.date.fromisoformat(economy["as_of"])
    rows = [r for r in economy["rows"] if r["expenses"]["budget"] or r["expenses"]["actual"]]
    found: Data = {
        "budget": charts.painted(
            economy_charts.comparison(
                chart_id="report-budget",
                title=_("Expenses: budget against actual to %(date)s") % {"date": as_of.strftime("%d.%m.%Y")},
                bars=[
                    economy_charts.Bar(
                        r["name"], r["expenses"]["budget_to_date"], r["expenses"]["actual"], r["flagged"]
                    )
                    for r in rows
                ],
                budget_label=_("Budget to date"),
                actual_label=_("Actual to date"),
            )
        )
        if rows
        else None,
        "cumulative": None,
        "timeboxes": [],
    }
    if any(economy["months_budget"]) or any(economy["months_actual"]):
        found["cumulative"] = charts.painted(
            economy_charts.cumulative(
                chart_id="report-cumulative",
                title=_("Expenses across the portfolio %(year)s, cumulative") % {"year": economy["year"]},
                months_budget=economy["months_budget"],
                months_actual=economy["months_actual"],
                through_month=as_of.month if as_of.year == economy["year"] else 12,
                budget_label=_("Budget"),
                actual_label=_("Actual"),
            )
        )
    for index, box in enumerate(data["timeboxes"]):
        found["timeboxes"].append(timebox_chart(index, box))
    return found


def timebox_chart(index: int, box: Data) -> Chart:
    return charts.completion(
        chart_id=f"report-timebox-{index}",
        title=_("MoSCoW completion in %(timebox)s") % {"timebox": box["name"]},
        rows=[
            charts.CompletionRow(
                row["priority"], PRIORITY_LABELS[row["priority"]], Decimal(row["hours"]), Decimal(row["done"])
            )
            for row in box["priorities"]
            if row["priority"] != "wont"
        ],
        done_label=_("done"),
    )


def context(data: Data) -> Data:
    chart = _charts(data)
    timeboxes = [
        {
            **box,
            "chart": drawn,
            "priorities": [{**row, "label": PRIORITY_LABELS[row["priority"]]} for row in box["priorities"]],
        }
        for box, drawn in zip(data["timeboxes"], chart["timeboxes"], strict=True)
    ]
    return {
        "data": data,
        "title": title_of(data),
        "timeboxes": timeboxes,
        "chart_budget": chart["budget"],
        "chart_cumulative": chart["cumulative"],
    }


def body_html(data: Data) -> str:
    """The report itself (no page around it): the web page includes it, the document wraps it."""
    return render_to_string("reports/_report.html", context(data))


def document_html(body: str, title: str) -> str:
    """A whole HTML document around ``body``: the printed look, the vendored fonts."""
    return render_to_string(
        "reports/report_document.html",
        {"body": body, "title": title, "font_faces": font_faces(), "css": CSS.read_text(encoding="utf-8")},
    )


def markdown(data: Data) -> str:
    return render_to_string("reports/report.md", context(data))


def pdf(body: str, title: str) -> bytes:
    return html_to_pdf(document_html(body, title))
