"""Issuing a board report: what it shows, who may issue and read it, and that it never changes."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from programkontor.core import services as core_services
from programkontor.governance.models import Meeting
from programkontor.planning.models import Milestone, Risk
from programkontor.reports import periods, services
from programkontor.reports.models import BoardReport
from tests.conftest import World

Q3 = periods.parse("2026-Q3")
TODAY = datetime.date(2026, 12, 6)
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"


@pytest.fixture
def figures(world: World) -> World:
    """A risk and a met milestone on OS2alpha, in Velfærd."""
    Risk.objects.create(product=world.product, title="Leverandøren stopper", probability=4, impact=5)
    Milestone.objects.create(
        product=world.product, title="Version 2 i drift", due_date=datetime.date(2026, 8, 15), status="met",
        met_on=datetime.date(2026, 8, 14),
    )  # fmt: skip
    return world


def issued(world: World, **kwargs: Any) -> BoardReport:
    return services.issue(actor=world["alice"], program=world.program, period=Q3, today=TODAY, **kwargs)


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(content)
    return subprocess.run(
        [PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_issued_pdf_shows_the_headings_and_the_figures(figures: World, tmp_path: Path) -> None:
    report = issued(figures, asks="Godkend den nye køreplan.")
    text = pdf_text(bytes(report.pdf), tmp_path)
    for heading in (
        "Statusrapport til bestyrelsen: Velfærd, 2026-Q3",
        "Produkter: niveau, udvikling og fremdrift",
        "MoSCoW-opfyldelse pr. timeboks",
        "Budget, regnskab og prognose",
        "Største risici",
        "Milepæle siden sidste rapport",
        "Hvad bestyrelsen bedes beslutte",
    ):
        assert heading in text, heading
    assert "Leverandøren stopper" in text and "20 (4×5)" in text  # noqa: RUF001
    assert "Version 2 i drift" in text and "Nået" in text
    assert "Godkend den nye køreplan." in text
    assert "OS2alpha" in text
    assert report.since == Q3.start and report.as_of == Q3.end


def test_markdown_carries_the_same_figures(figures: World) -> None:
    report = issued(figures)
    assert report.markdown.startswith("# Statusrapport til bestyrelsen: Velfærd, 2026-Q3")
    assert "| OS2alpha |" in report.markdown
    assert "- Leverandøren stopper (OS2alpha): 20 (4×5), Høj" in report.markdown  # noqa: RUF001
    assert "- 15.08.2026: Version 2 i drift (OS2alpha), Nået" in report.markdown


def test_an_issued_report_never_changes(figures: World) -> None:
    report = issued(figures)
    stored = (report.html, report.markdown, bytes(report.pdf), report.data)
    with pytest.raises(ValidationError):
        core_services.update(
            report, actor=figures["alice"], expected_version=report.version, changes={"title": "Ny"}
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        BoardReport.objects.filter(pk=report.pk).update(html="<p>Pyntet</p>")
    # The figures change afterwards: the issued report keeps what the board saw.
    Risk.objects.update(title="Omdøbt risiko")
    again = BoardReport.objects.get(pk=report.pk)
    assert (again.html, again.markdown, bytes(again.pdf), again.data) == stored
    assert "Leverandøren stopper" in again.html and "Omdøbt risiko" not in again.html


def test_clearing_the_meeting_is_allowed(figures: World) -> None:
    meeting = Meeting.objects.create(
        body=figures.steering, starts_at=datetime.datetime(2026, 10, 1, 9, tzinfo=datetime.UTC)
    )
    report = issued(figures, meeting=meeting)
    BoardReport.objects.filter(pk=report.pk).update(meeting=None)
    assert BoardReport.objects.get(pk=report.pk).meeting is None


def test_news_run_from_the_last_report(figures: World) -> None:
    first = issued(figures)
    q4 = services.issue(
        actor=figures["alice"], program=figures.program, period=periods.parse("2026-Q4"), today=TODAY
    )
    assert q4.since == first.as_of + datetime.timedelta(days=1)
    assert "Version 2 i drift" not in q4.markdown  # it was news in the Q3 report


def test_the_program_manager_and_the_secretariat_issue_the_board_reads(figures: World) -> None:
    assert services.issue(actor=figures["bob"], program=figures.program, period=Q3, today=TODAY).pk
    for name in ("frank", "grace", "carol", "dave"):
        with pytest.raises(PermissionDenied):
            services.issue(actor=figures[name], program=figures.program, period=Q3, today=TODAY)
    with pytest.raises(PermissionDenied):
        services.issue(actor=figures["bob"], program=None, period=Q3, today=TODAY)
    assert services.issue(actor=figures["alice"], program=None, period=Q3, today=TODAY).scope == "portfolio"


def test_issuing_on_the_page_and_the_meeting_lists_it(figures: World) -> None:
    meeting = Meeting.objects.create(body=figures.steering, starts_at=datetime.datetime.now(datetime.UTC))
    client = Client()
    client.force_login(figures["bob"])
    preview = client.get(reverse("reports:preview"), {"program": "velfaerd", "period": "2026-Q3"})
    assert "Statusrapport til bestyrelsen: Velfærd, 2026-Q3" in preview.content.decode()
    assert "Forhåndsvisning: ikke udsendt" in preview.content.decode()
    response = client.post(
        reverse("reports:preview"),
        {"program": "velfaerd", "period": "2026-Q3", "meeting": meeting.pk, "asks": "Intet"},
    )
    report = BoardReport.objects.get()
    assert response["Location"] == report.get_absolute_url()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Bestyrelsesrapporter til dette møde" in page and report.title in page
    pdf = client.get(reverse("reports:report_download", kwargs={"pk": report.pk, "fmt": "pdf"}))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content == bytes(report.pdf)
    md = client.get(reverse("reports:report_download", kwargs={"pk": report.pk, "fmt": "md"}))
    assert md.content.decode() == report.markdown
    html = client.get(
        reverse("reports:report_download", kwargs={"pk": report.pk, "fmt": "html"})
    ).content.decode()
    assert html.startswith("<!DOCTYPE html>") and report.html in html
    listed = client.get(reverse("reports:report_list")).content.decode()
    assert report.title in listed


def test_a_bad_period_is_named_and_a_hidden_program_is_not_found(world: World) -> None:
    client = Client()
    client.force_login(world["bob"])
    bad = client.get(reverse("reports:preview"), {"program": "velfaerd", "period": "2026-Q7"})
    assert "Skriv perioden som 2026-Q3, 2026-H2 eller 2026." in bad.content.decode()
    hidden = client.get(reverse("reports:preview"), {"program": "infrastruktur", "period": "2026-Q3"})
    assert hidden.status_code == 404
    client.force_login(world["frank"])
    board = client.get(
        reverse("reports:preview"), {"program": "velfaerd", "period": "2026-Q3"}
    ).content.decode()
    assert "Velfærd, 2026-Q3" in board and "Udsend rapporten" not in board


def test_the_command_writes_markdown_and_pdf(figures: World, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command(
        "board_report",
        "--program",
        "velfaerd",
        "--period",
        "2026-Q3",
        "--format",
        "md",
        "--output",
        str(tmp_path / "r.md"),
        stderr=out,
    )
    assert (tmp_path / "r.md").read_text().startswith("# Statusrapport til bestyrelsen: Velfærd, 2026-Q3")
    call_command(
        "board_report",
        "--portfolio",
        "--period",
        "2026",
        "--format",
        "pdf",
        "--output",
        str(tmp_path / "p.pdf"),
        stderr=out,
    )
    assert "Statusrapport til bestyrelsen: hele porteføljen, 2026" in pdf_text(
        (tmp_path / "p.pdf").read_bytes(), tmp_path
    )
    assert not BoardReport.objects.exists()  # the command issues nothing
