"""Initiative pages as their users see them: the business case's table and key figures, the lines and
requirements forms, the stale-edit refusal, and the specification exported as PDF and DOCX."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from programkontor.initiatives.models import CaseLine, Initiative, Requirement
from tests.conftest import World
from tests.economy.factories import tariff_sheet
from tests.initiatives.factories import initiative, initiative_world, line, requirement
from tests.planning.factories import WorkItemFactory

pytestmark = pytest.mark.django_db


def logged_in(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def text_of(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:dd|table)>', html, re.S)
    assert match, element_id
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def test_the_program_manager_sees_the_business_case_with_npv_payback_and_break_even(
    world: World, client: Client
) -> None:
    tariff_sheet(world.product, 2026)  # medium member: joining 70.000 kr., annual 34.880 kr.
    case = initiative_world(world)  # 1 mio. in 2027; 10 authorities x 50.000 kr. a year from 2028
    html = logged_in(client, world["bob"]).get(case.get_absolute_url()).content.decode()
    years = text_of(html, "case-years")
    assert "2027 1.000.000,00 kr." in years and "-1.000.000,00 kr." in years
    assert "2029 0,00 kr. 0,00 kr. 500.000,00 kr. 50.000,00 kr. 500.000,00 kr. 0,00 kr." in years
    assert "I alt 1.000.000,00 kr." in years and "2.000.000,00 kr. 1.000.000,00 kr." in years
    # -1M + 500k/1.04 + 500k/1.04² + 500k/1.04³ + 500k/1.04⁴ = 814.947,61 kr.
    assert text_of(html, "case-npv") == "814.947,61 kr."
    assert text_of(html, "case-payback") == "2029"
    break_even = text_of(html, "case-break-even")
    # 1M / (70.000 + 34.880 x 4.6299 present-value years) = 1M / 231.491 → 5 authorities
    assert break_even.startswith("5 (Takstblad 2026, OS2alpha, medlem, Mellem")
    assert "Risici" in html and "For få kommuner tilslutter sig." in html
    assert "K-01" in html and "MUST" in html and "Mørkt tema" in html


def test_a_program_initiative_says_why_there_is_no_break_even(world: World, client: Client) -> None:
    case = initiative(program=world.program, title="Programinitiativ")
    html = logged_in(client, world["alice"]).get(case.get_absolute_url()).content.decode()
    assert text_of(html, "case-break-even") == "Kun for et initiativ på et produkt med et takstblad."
    assert text_of(html, "case-payback") == "2027"  # nothing costs anything: even from year 0


def test_the_steering_group_member_reads_but_cannot_edit(world: World, client: Client) -> None:
    case = initiative_world(world)
    html = logged_in(client, world["dave"]).get(case.get_absolute_url()).content.decode()
    assert "Tilføj en linje" not in html and "Tilføj et krav" not in html
    assert "Hent som PDF" in html
    assert client.get(reverse("initiatives:line_add", args=[case.pk])).status_code == 403


def test_the_coordinator_adds_a_line_in_kroner_and_is_refused_a_year_outside_the_case(
    world: World, client: Client
) -> None:
    case = initiative_world(world)
    logged_in(client, world["carol"])
    url = reverse("initiatives:line_add", args=[case.pk])
    data = {"year": 2030, "kind": "cost", "recurrence": "one_off", "basis": "total", "amount": "12.500,50",
            "text": "Sikkerhedsgennemgang"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    assert CaseLine.objects.get(text="Sikkerhedsgennemgang").amount == 1_250_050
    refused = client.post(url, {**data, "year": 2040, "text": "For sent"})
    assert refused.status_code == 400
    assert "Vælg et år i business casen: 2027 til 2031." in refused.content.decode()
    assert not CaseLine.objects.filter(text="For sent").exists()


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(world: World, client: Client) -> None:
    case = initiative_world(world)
    row = case.lines.first()
    assert row is not None
    logged_in(client, world["bob"])
    url = reverse("initiatives:line_edit", args=[row.pk])
    data = {"year": 2027, "kind": "cost", "recurrence": "one_off", "basis": "total", "amount": "1,00",
            "text": "Min ændring", "version": row.version}  # fmt: skip
    CaseLine.objects.filter(pk=row.pk).update(version=row.version + 1, text="Deres ændring")
    assert client.post(url, data).status_code == 409
    assert CaseLine.objects.get(pk=row.pk).text == "Deres ændring"


def test_a_requirement_links_only_to_work_items_of_the_same_product(world: World, client: Client) -> None:
    case = initiative_world(world)
    own = WorkItemFactory(product=world.product, timebox=None, title="Login-flow")
    foreign = WorkItemFactory(product=world.other_product, timebox=None, title="Fremmed opgave")
    logged_in(client, world["bob"])
    url = reverse("initiatives:requirement_add", args=[case.pk])
    form = client.get(url).content.decode()
    assert "Login-flow" in form and "Fremmed opgave" not in form and 'value="K-03"' in form
    data = {"number": "K-03", "priority": "should", "text": "Log ind med MitID", "work_item": own.pk}
    assert client.post(url, data).status_code == 302
    assert Requirement.objects.get(number="K-03").work_item == own
    assert client.post(url, {**data, "number": "K-04", "work_item": foreign.pk}).status_code == 400
    html = client.get(case.get_absolute_url()).content.decode()
    assert html.index("K-01") < html.index("K-03") < html.index("K-02")  # MUST, SHOULD, COULD


def test_the_specification_exports_as_a_word_document_grouped_by_priority(
    world: World, client: Client
) -> None:
    from docx import Document

    case = initiative_world(world)
    requirement(case, "K-03", "should", text="Status på sager", rationale="Færre opkald")
    response = logged_in(client, world["dave"]).get(reverse("initiatives:specification_docx", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="kravspecifikation-selvbetjening-til-borgere.docx"'
    )
    document = Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[:2] == ["Kravspecifikation", "Selvbetjening til borgere"]
    assert paragraphs[2].startswith("OS2alpha — krav: 3 — ")
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 2")]
    assert headings == ["MUST", "SHOULD", "COULD"]
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert rows == [
        ["Nr.", "Krav", "Begrundelse"], ["K-01", "Login med MitID", ""],
        ["Nr.", "Krav", "Begrundelse"], ["K-03", "Status på sager", "Færre opkald"],
        ["Nr.", "Krav", "Begrundelse"], ["K-02", "Mørkt tema", ""],
    ]  # fmt: skip
    assert "1.000.000" not in " ".join(paragraphs)  # the business case stays internal


def test_the_specification_exports_as_a_pdf(world: World, client: Client) -> None:
    case = initiative_world(world)
    response = logged_in(client, world["bob"]).get(reverse("initiatives:specification_pdf", args=[case.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_list_shows_only_what_the_reader_may_see(world: World, client: Client) -> None:
    initiative_world(world)
    initiative(product=world.other_product, title="Betas initiativ")
    html = logged_in(client, world["bob"]).get(reverse("initiatives:initiative_list")).content.decode()
    assert "Selvbetjening til borgere" in html and "Betas initiativ" not in html
    assert "1 initiativ" in html
    assert Initiative.objects.count() == 2


def test_the_api_gives_the_computed_business_case(world: World, api: Any) -> None:
    case = initiative_world(world)
    body = api("bob").get(reverse("api:initiative-detail", args=[case.pk])).json()
    figures = body["business_case"]
    assert figures["npv"] == 81_494_761 and figures["payback_year"] == 2029
    assert figures["break_even_authorities"] is None  # no tariff sheet
    assert [row["net"] for row in figures["years"]] == [-100_000_000] + [50_000_000] * 4


def test_a_decision_can_link_to_an_initiative_of_its_product_or_program(world: World) -> None:
    from programkontor.core.registry import registered_linkable

    on_product = initiative_world(world)
    on_program = initiative(program=world.program, title="Programinitiativ")
    initiative(product=world.other_product, title="Betas initiativ")
    linkable = registered_linkable("initiatives.initiative")
    assert linkable is not None
    assert list(linkable.candidates(world["bob"], world.product.pk, None)) == [on_product]
    assert set(linkable.candidates(world["bob"], None, world.program.pk)) == {on_product, on_program}
    assert list(linkable.candidates(world["mallory"], world.product.pk, None)) == []


def test_shortening_the_horizon_warns_about_the_lines_left_outside(world: World, client: Client) -> None:
    case = initiative_world(world)
    line(case, 2031, "cost", 10_000_00, text="Sidste år")
    Initiative.objects.filter(pk=case.pk).update(horizon=3)
    html = logged_in(client, world["bob"]).get(case.get_absolute_url()).content.decode()
    assert "1 linje ligger uden for 2027–2029" in html  # noqa: RUF001 - the en dash the page writes
    assert "Sidste år" in html and "2029 0,00 kr." in text_of(html, "case-years")
