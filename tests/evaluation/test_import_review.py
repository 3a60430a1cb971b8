"""The review step of an upload (issue 12): a file with cells that name no answer, level or date waits
in the uploader's session; the page shows each cell as written with its line, the user maps it
(``Delvist`` → Ved ikke) and only then is anything saved."""

from __future__ import annotations

import base64
import re
import zlib
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from programkontor.evaluation import scoring
from programkontor.evaluation.models import Catalogue, Evaluation, SelfEvaluation
from programkontor.evaluation.views import imports
from tests.conftest import os2_corpus
from tests.evaluation.conftest import read

pytestmark = pytest.mark.django_db

HEATCONTROL = os2_corpus("self-evaluations", "ai-heatcontrol-2026-08-14-selvevaluering.md")
CELLS = ["R2", "F2", "F3", "F4", "F6", "G4", "G5", "G11", "G12", "G13"]


def client_for(world: Any, name: str) -> Client:
    client = Client()
    client.force_login(world[name])
    return client


def upload_heatcontrol(client: Client, world: Any) -> str:
    url = reverse("evaluation:selfevaluation_import", args=[world.product.slug])
    response = client.post(url, {"file": SimpleUploadedFile("heat.md", HEATCONTROL.read_bytes())})
    assert response.status_code == 302
    assert re.search(rf"/produkter/{world.product.slug}/import/[\w-]+/$", response["Location"])
    return str(response["Location"])


def field_names(response: Any) -> dict[str, str]:
    """requirement id → the name of its field on the review page."""
    form = response.context["form"]
    return {cell.code: form.field_name(cell.key) for cell in form.cells}


def test_an_upload_with_cells_to_map_is_reviewed_before_anything_is_saved(
    world: Any, catalogue: Catalogue
) -> None:
    carol = client_for(world, "carol")
    review = upload_heatcontrol(carol, world)
    assert not SelfEvaluation.objects.exists()

    page = carol.get(review)
    assert page.status_code == 200
    html = page.content.decode()
    for value in ("Delvist", "I gang / afventer", "Afventer - men i planen"):
        assert value in html
    assert 'id="cell-23-answer-F2"' in html  # F2's cell, on line 23 of the file
    names = field_names(page)
    assert list(names) == CELLS

    incomplete = carol.post(review, {names["F2"]: scoring.UNKNOWN})
    assert incomplete.status_code == 400
    assert not SelfEvaluation.objects.exists()

    choices = dict.fromkeys(names.values(), "unanswered")
    choices[names["F2"]] = scoring.UNKNOWN  # "Delvist" → Ved ikke
    choices[names["G4"]] = scoring.YES
    saved = carol.post(review, choices)
    imported = SelfEvaluation.objects.get()
    assert saved["Location"] == imported.get_absolute_url()
    answers = dict(imported.answers.values_list("requirement__code", "answer"))
    assert (answers["F2"], answers["G4"], answers["R2"]) == (scoring.UNKNOWN, scoring.YES, "")
    assert sum(1 for answer in answers.values() if answer == scoring.YES) == 17
    kept = {cell["requirement"]: (cell["value"], cell["resolution"]) for cell in imported.unresolved_cells}
    assert kept["F2"] == ("Delvist", scoring.UNKNOWN)
    assert kept["R2"] == ("?", "")
    assert carol.get(review).status_code == 404  # the file no longer waits


def test_the_waiting_file_is_the_uploaders_alone_and_can_be_discarded(
    world: Any, catalogue: Catalogue
) -> None:
    carol = client_for(world, "carol")
    review = upload_heatcontrol(carol, world)
    assert client_for(world, "bob").get(review).status_code == 404  # bob may import, but not carol's file
    assert client_for(world, "erin").get(review).status_code == 403  # erin may import nothing here
    assert client_for(world, "grace").get(review).status_code == 404  # grace does not see the product
    discarded = carol.post(review, {"discard": "1"})
    assert discarded.status_code == 302
    assert carol.get(review).status_code == 404
    assert not SelfEvaluation.objects.exists()


def test_a_file_without_cells_to_map_is_imported_at_once(world: Any, catalogue: Catalogue) -> None:
    carol = client_for(world, "carol")
    url = reverse("evaluation:selfevaluation_import", args=[world.product.slug])
    text = os2_corpus("self-evaluations", "os2-test-governancerapport.md").read_bytes()
    response = carol.post(url, {"file": SimpleUploadedFile("rapport.md", text)})
    assert response["Location"] == SelfEvaluation.objects.get().get_absolute_url()


def test_an_evaluation_report_with_an_unreadable_level_is_mapped_by_the_secretariat(
    world: Any, catalogue: Catalogue
) -> None:
    alice = client_for(world, "alice")
    text = read("example_evaluation_report.md").replace("| F12 | 2 |", "| F12 | Niveau to |")
    url = reverse("evaluation:evaluation_import", args=[world.product.slug])
    review = alice.post(url, {"file": SimpleUploadedFile("rapport.md", text.encode())})["Location"]
    page = alice.get(review)
    assert page.status_code == 200 and "Niveau to" in page.content.decode()
    assert not Evaluation.objects.exists()
    (name,) = field_names(page).values()
    wrong = alice.post(review, {name: "7"})  # not a level of the catalogue
    assert wrong.status_code == 400 and not Evaluation.objects.exists()
    alice.post(review, {name: "2"})
    evaluation = Evaluation.objects.get()
    (cell,) = evaluation.unresolved_cells
    assert (cell["requirement"], cell["value"], cell["resolution"]) == ("F12", "Niveau to", "2")
    assert evaluation.ratings.get(requirement__code="F12").light == scoring.GREEN


def test_the_review_page_reads_the_stored_file_not_the_browser(world: Any, catalogue: Catalogue) -> None:
    carol = client_for(world, "carol")
    review = upload_heatcontrol(carol, world)
    names = field_names(carol.get(review))
    choices = dict.fromkeys(names.values(), "unanswered")
    choices["cell-1-answer-R1"] = scoring.NO  # a cell the file does not have: ignored
    carol.post(review, choices)
    answers = dict(SelfEvaluation.objects.get().answers.values_list("requirement__code", "answer"))
    assert answers["R1"] == scoring.YES


def test_a_waiting_file_that_cannot_be_read_any_more_shows_why_and_is_dropped(
    world: Any, catalogue: Catalogue
) -> None:
    carol = client_for(world, "carol")
    review = upload_heatcontrol(carol, world)
    session = carol.session
    waiting = session[imports.SESSION_KEY]
    (token,) = waiting
    waiting[token]["data"] = base64.b64encode(zlib.compress(b"# Ingen krav her")).decode("ascii")
    session[imports.SESSION_KEY] = waiting
    session.save()
    response = carol.get(review)
    assert response.status_code == 400
    assert response.context["problems"] and response.context.get("form") is None
    assert carol.post(review, {}).status_code == 404  # dropped
    assert not SelfEvaluation.objects.exists()


def test_the_imported_version_lists_the_cells_as_written_and_what_they_became(
    world: Any, catalogue: Catalogue
) -> None:
    carol = client_for(world, "carol")
    review = upload_heatcontrol(carol, world)
    names = field_names(carol.get(review))
    choices = dict.fromkeys(names.values(), "unanswered")
    choices[names["F2"]] = scoring.UNKNOWN
    detail = carol.get(carol.post(review, choices)["Location"])
    html = detail.content.decode()
    assert 'id="file-cells"' in html
    assert re.search(
        r"<td>23</td><td>F2</td><td>Efterlevet\?</td>\s*<td><span[^>]*>Delvist</span></td>", html
    )
    assert html.count("<tr>", html.index('id="file-cells"')) >= 10


def test_a_command_line_import_shows_its_unresolved_cells_on_the_page(
    world: Any, catalogue: Catalogue
) -> None:
    from programkontor.evaluation import services

    result = services.import_self_evaluation(product=world.product, data=HEATCONTROL.read_bytes(), actor=None)
    html = client_for(world, "bob").get(result.self_evaluation.get_absolute_url()).content.decode()
    table = html[html.index('id="file-cells"') :]
    assert table.count('class="badge badge-warning"') == 10
