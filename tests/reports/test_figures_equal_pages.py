"""The board report of a demo program shows the figures of the apps' own pages for the same period:
the program dashboard's lights and reasons, the economy overview's budget, actual, forecast and
contributions, the timebox page's MoSCoW hours, the product page's level."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from programkontor.accounts.models import User
from programkontor.planning import wording
from programkontor.planning.models import Timebox
from programkontor.portfolio.models import Program
from programkontor.reports import periods, selectors
from tests.conftest import kept_for_module

SLUG = "selvbetjening-og-automatisering"


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with kept_for_module(django_db_blocker):
        call_command("demo", stdout=io.StringIO())
        yield


def test_the_report_shows_the_figures_of_the_pages(demo: None, db: None) -> None:
    user = User.objects.get(username="sekretariat")
    client = Client()
    client.force_login(user)
    program = Program.objects.get(slug=SLUG)
    period = periods.containing(timezone.localdate())
    data = selectors.gather(user, program, period)

    dashboard = client.get(reverse("planning:dashboard", kwargs={"slug": SLUG})).context["rows"]
    assert [p["name"] for p in data["products"]] == [row.product.name for row in dashboard]
    for shown, row in zip(data["products"], dashboard, strict=True):
        assert shown["light"] == row.status.light
        assert shown["reasons"] == [str(wording.reason_text(r)) for r in row.status.reasons]
        assert shown["level"] == row.product.get_level_display()
    assert any(p["light"] == "red" for p in data["products"])

    found = client.get(
        reverse("economy:overview"), {"year": period.year, "quarter": period.end_quarter}
    ).context["overview"]
    page_rows = {
        r.name: r for r in found.rows if r.product is not None and r.product.program_id == program.pk
    }
    assert page_rows and {r["name"] for r in data["economy"]["rows"]} == set(page_rows)
    for shown in data["economy"]["rows"]:
        row = page_rows[shown["name"]]
        assert (shown["expenses"]["budget"], shown["expenses"]["actual"], shown["expenses"]["forecast"]) == (
            row.expenses.budget,
            row.expenses.actual,
            row.expenses.forecast,
        )
        assert (shown["invoiced"], shown["paid"]) == (row.invoiced, row.paid)

    assert data["timeboxes"]
    for box in data["timeboxes"]:
        timebox = Timebox.objects.get(pk=box["pk"])
        summary = client.get(reverse("planning:timebox_detail", kwargs={"pk": timebox.pk})).context["summary"]
        assert box["capacity"] == str(summary.capacity)
        assert {r["priority"]: r["hours"] for r in box["priorities"]} == {
            p.value: str(h) for p, h in summary.analysis.hours.items()
        }

    product_page = client.get(
        reverse("portfolio:product_detail", kwargs={"slug": "os2forms"})
    ).content.decode()
    os2forms = next(p for p in data["products"] if p["name"] == "OS2forms")
    assert os2forms["strict_level"] and f'id="strict-level">{os2forms["strict_level"]}<' in product_page
