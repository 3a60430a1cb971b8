"""Every Markdown file Programkontor writes for publishing carries user text inert (issue 10, defect 10):
the public decision log, the evaluation report, the governance report and export_governance. Users
type script, event handlers, javascript: links, Liquid and kramdown syntax into the fields these
files show; none of it may reach the file live, and the file still imports as it was written."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from programkontor.evaluation import scoring, services
from programkontor.evaluation.formats import report as report_format
from programkontor.evaluation.formats.self_evaluation import parse_self_evaluation
from programkontor.evaluation.models import Catalogue
from tests.evaluation import factories as ef
from tests.governance.factories import AgendaItemFactory, DecisionFactory, MeetingFactory

HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> [klik](javascript:alert(3)) "
    "{{ site.github }} {% include x %} {: onclick=alert(4)}"
)
LIVE = re.compile(r"<script|<img|\]\(javascript|\{\{|\{%|\{:", re.IGNORECASE)


@pytest.fixture
def catalogue(db: Any) -> Catalogue:
    return services.load_shipped_catalogue()  # type: ignore[no-any-return]


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_public_decision_log_in_markdown_is_inert(world: Any) -> None:
    DecisionFactory(
        product=world.published_product,
        title=f"Optagelse {HOSTILE}",
        kind="admission",
        status="decided",
        date=datetime.date(2026, 5, 15),
        is_published=True,
        basis=HOSTILE,
        decided_by_role="secretariat",
        reference_label="Referat](javascript:alert(5)) [x",
        reference_url="https://os2.eu/referat",
    )
    text = Client().get(reverse("governance:public_log_markdown")).content.decode()
    assert (
        "Optagelse" in text and "[Referat&#93;(javascript:alert(5)) &#91;x](https://os2.eu/referat)" in text
    )
    assert not LIVE.search(text), LIVE.search(text)


def test_the_evaluation_report_in_markdown_is_inert_and_reads_back(world: Any, catalogue: Catalogue) -> None:
    evaluation = ef.evaluation(world.product, catalogue)
    services.save_evaluation(
        evaluation=evaluation,
        actor=None,
        expected_version=evaluation.version,
        changes={"summary": HOSTILE},
        ratings={"R1": services.RatingInput(scoring.GREEN, HOSTILE)},
    )
    response = client_for(world["alice"]).get(reverse("evaluation:evaluation_markdown", args=[evaluation.pk]))
    text = response.content.decode()
    assert not LIVE.search(text), LIVE.search(text)
    parsed = report_format.parse_report(response.content, catalogue.data())
    assert (parsed.summary, parsed.evidence["R1"]) == (HOSTILE, HOSTILE)


def test_the_governance_report_in_markdown_is_inert_and_reads_back(world: Any, catalogue: Catalogue) -> None:
    submitted = ef.self_evaluation(world.product, catalogue, documentation=HOSTILE)
    response = client_for(world["dave"]).get(
        reverse("evaluation:selfevaluation_markdown", args=[submitted.pk])
    )
    assert not LIVE.search(response.content.decode())
    parsed = parse_self_evaluation(response.content, catalogue.data())
    assert set(parsed.documentation.values()) == {HOSTILE}


def test_export_governance_writes_inert_files(world: Any, tmp_path: Path) -> None:
    meeting = MeetingFactory(body=world.steering, status="minutes_ready", title=f"Møde {HOSTILE}")
    AgendaItemFactory(meeting=meeting, title=HOSTILE, description=HOSTILE, minutes=HOSTILE)
    DecisionFactory(product=world.product, title=HOSTILE, status="decided", context=HOSTILE, decision=HOSTILE)
    call_command(
        "export_governance",
        str(tmp_path),
        "--product",
        world.product.slug,
        "--internal",
        stdout=io.StringIO(),
    )
    files = list(tmp_path.rglob("*.md"))
    assert len(files) == 2
    for path in files:
        assert not LIVE.search(path.read_text()), (path, LIVE.search(path.read_text()))
