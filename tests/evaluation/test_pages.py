"""What the evaluation pages show to whom, and what their forms do."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from programkontor.core import services as core_services
from programkontor.core.models import Job
from programkontor.evaluation import scoring, services
from programkontor.evaluation.cycle import add_months
from programkontor.evaluation.formats import report as report_format
from programkontor.evaluation.formats.self_evaluation import parse_self_evaluation
from programkontor.evaluation.models import Catalogue, Evaluation, RepositoryCheck, SelfEvaluation
from programkontor.governance.models import Decision
from tests.evaluation import factories as ef
from tests.evaluation.conftest import read
from tests.evaluation.repositories import GOOD_FILES, make_repository

pytestmark = pytest.mark.django_db


def client_for(world: Any, name: str | None) -> Client:
    client = Client()
    if name:
        client.force_login(world[name])
    return client


def form_data(response: Any) -> dict[str, Any]:
    """The values a browser would send back for the form on the page (the initial values)."""
    form = response.context["form"]
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    return data


# The product page: level and trend


def test_the_product_page_shows_level_strict_level_and_the_latest_evaluations_side_by_side(
    world: Any, catalogue: Catalogue
) -> None:
    ef.evaluation(
        world.product,
        catalogue,
        lights={"R2": scoring.RED},
        level="1",
        evaluated_on=datetime.date(2025, 11, 1),
    )
    ef.evaluation(
        world.product,
        catalogue,
        lights={"G14": scoring.YELLOW},
        level="2",
        evaluated_on=datetime.date(2026, 5, 1),
    )
    response = client_for(world, "bob").get(world.product.get_absolute_url())
    panel = response.content.decode()
    (context,) = [
        ctx for template, ctx in response.context["panels"] if template == "evaluation/_product_panel.html"
    ]
    assert context["latest"].evaluation.decided_level == "2"
    assert context["latest"].summary.strict_level == "2"
    assert [v.evaluation.evaluated_on for v in context["trend"].views] == [
        datetime.date(2026, 5, 1),
        datetime.date(2025, 11, 1),
    ]
    assert [c.code for c in context["trend"].diff.turned_green] == ["R2"]
    assert [c.code for c in context["trend"].diff.other_changes] == ["G14"]
    assert 'id="evaluation-trend"' in panel
    assert re.search(r'id="turned-green">.*R2', panel)


def test_the_trend_spans_the_previous_model_by_requirement_id(world: Any, catalogue: Catalogue) -> None:
    previous = services.load_previous_catalogue()
    assert previous.standard_version == "1.0" and not previous.is_current
    ef.evaluation(
        world.product,
        previous,
        lights={"R2": scoring.RED, "R5": scoring.RED, "F8": scoring.YELLOW},
        level="1",
        evaluated_on=datetime.date(2023, 1, 26),
    )
    ef.evaluation(world.product, catalogue, level="2", evaluated_on=datetime.date(2026, 5, 1))
    response = client_for(world, "bob").get(world.product.get_absolute_url())
    (context,) = [
        ctx for template, ctx in response.context["panels"] if template == "evaluation/_product_panel.html"
    ]
    diff = context["trend"].diff
    assert [c.code for c in diff.turned_green] == ["R2"]  # mapped by id across the models
    assert diff.only_old == ("R5", "F8", "F9") and diff.only_new == ("S5",)
    panel = response.content.decode()
    assert re.search(r'id="not-in-model">.*1\.1\.0.*R5, F8, F9', panel)
    assert re.search(r'id="new-in-model">.*1\.0.*S5', panel)
    history = client_for(world, "bob").get(reverse("evaluation:product_history", args=[world.product.slug]))
    assert [v.catalogue.version for v in history.context["views"]] == ["1.1.0", "1.0"]


def test_anonymous_visitors_see_only_published_evaluations_of_published_products(
    world: Any, catalogue: Catalogue
) -> None:
    product = world.published_product
    ef.evaluation(product, catalogue, level="1", published=True, evaluated_on=datetime.date(2026, 1, 10))
    ef.evaluation(product, catalogue, level="2", evaluated_on=datetime.date(2026, 3, 10))  # private
    response = client_for(world, None).get(product.get_absolute_url())
    (context,) = [
        ctx for template, ctx in response.context["panels"] if template == "evaluation/_product_panel.html"
    ]
    assert [v.evaluation.evaluated_on for v in context["trend"].views] == [datetime.date(2026, 1, 10)]
    assert b"10.03.2026" not in response.content


def test_a_product_without_anything_to_show_has_no_panel_for_anonymous_visitors(
    world: Any, catalogue: Catalogue
) -> None:
    response = client_for(world, None).get(world.published_product.get_absolute_url())
    assert all(template != "evaluation/_product_panel.html" for template, _ctx in response.context["panels"])


# The heatmap and the overdue list


def test_the_heatmap_shows_the_latest_lights_of_the_products_the_reader_may_see(
    world: Any, catalogue: Catalogue
) -> None:
    ef.evaluation(world.product, catalogue, lights={"R1": scoring.RED}, level="1")
    ef.evaluation(
        world.published_product, catalogue, lights={"R1": scoring.YELLOW}, level="1", published=True
    )
    # A program's view (the portfolio view counts per program: tests/evaluation/test_heatmap.py).
    url = reverse("evaluation:portfolio")
    secretariat = client_for(world, "alice")
    velfaerd = secretariat.get(url, {"program": "velfaerd"})
    infrastruktur = secretariat.get(url, {"program": "infrastruktur"})
    rows = {row.product.name: row for row in velfaerd.context["heatmap"].rows}
    rows |= {row.product.name: row for row in infrastruktur.context["heatmap"].rows}
    codes = [column.code for column in velfaerd.context["heatmap"].columns]
    assert len(codes) == 43
    assert rows["OS2alpha"].cells[codes.index("R1")] == scoring.RED
    assert rows["OS2gamma"].cells[codes.index("R1")] == scoring.YELLOW
    assert rows["OS2beta"].evaluation_id is None
    html = velfaerd.content.decode()
    first_row = html[html.index('<tbody><tr><th scope="row"') :].split("</tr>")[0]
    assert first_row.count('<td class="pk-ev-h-') == 43
    assert '<td class="pk-ev-h-red">' in first_row

    anonymous = client_for(world, None).get(url, {"program": "infrastruktur"})
    assert [row.product.name for row in anonymous.context["heatmap"].rows] == ["OS2gamma"]


def test_the_heatmap_filters_by_program_level_and_theme(world: Any, catalogue: Catalogue) -> None:
    ef.evaluation(world.product, catalogue, level="1")
    client = client_for(world, "alice")
    by_program = client.get(reverse("evaluation:portfolio"), {"program": "velfaerd"})
    assert [row.product.name for row in by_program.context["heatmap"].rows] == ["OS2alpha"]
    by_theme = client.get(reverse("evaluation:portfolio"), {"theme": "relevans"})
    assert [column.code for column in by_theme.context["heatmap"].columns] == ["R1", "R2", "R3", "R4"]
    by_level = client.get(reverse("evaluation:portfolio"), {"level": "3"})
    assert by_level.context["heatmap"].rows == [] and by_level.context["heatmap"].programs == []
    partial = client.get(reverse("evaluation:portfolio"), {"theme": "governance"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content and b'id="heatmap"' in partial.content


def test_the_overdue_list_follows_the_twice_yearly_cycle(world: Any, catalogue: Catalogue) -> None:
    today = timezone.localdate()
    ef.evaluation(world.product, catalogue, level="1", evaluated_on=add_months(today, -8))
    ef.evaluation(world.published_product, catalogue, level="1", evaluated_on=add_months(today, -2))
    response = client_for(world, "alice").get(reverse("evaluation:overdue"))
    assert [row.product.name for row in response.context["overdue"]] == ["OS2alpha"]
    assert response.context["overdue"][0].due.days_overdue == (today - add_months(today, -2)).days
    assert [row.product.name for row in response.context["never"]] == ["OS2beta"]
    # Program managers see their own products.
    response = client_for(world, "grace").get(reverse("evaluation:overdue"))
    assert response.context["overdue"] == []
    assert [row.product.name for row in response.context["never"]] == ["OS2beta"]


def test_the_overdue_selector_is_registered_in_the_governance_due_list(
    world: Any, catalogue: Catalogue
) -> None:
    from programkontor.core.registry import due_for

    today = timezone.localdate()
    ef.evaluation(world.product, catalogue, level="1", evaluated_on=add_months(today, -7))
    groups = {group.key: group for group in due_for(world["alice"], today)}
    (item,) = groups["evaluation.overdue"].items
    assert item.overdue and "OS2alpha" in item.title
    assert "evaluation.overdue" not in {group.key for group in due_for(world["mallory"], today)}


# The self-evaluation form


def test_the_coordinator_fills_in_saves_and_submits_the_self_evaluation(
    world: Any, catalogue: Catalogue
) -> None:
    client = client_for(world, "carol")
    response = client.post(
        reverse("evaluation:selfevaluation_add", args=[world.product.slug]), {"catalogue": catalogue.pk}
    )
    draft = SelfEvaluation.objects.get(product=world.product)
    assert response["Location"] == reverse("evaluation:selfevaluation_edit", args=[draft.pk])

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert [group.name for group in page.context["groups"]] == [
        "Relevans",
        "Formkrav",
        "Strategisk sammenhæng",
        "Governance",
    ]
    html = page.content.decode()
    assert html.count('type="radio" name="answer-R1"') == 5  # Ja, Nej, Ikke relevant, Ved ikke, not answered

    data = form_data(page)
    data.update(
        {"answer-R1": "yes", "documentation-R1": "Se [business case](https://os2.eu)", "answer-R2": "no"}
    )
    saved = client.post(response["Location"], data)
    assert saved.status_code == 302
    draft.refresh_from_db()
    assert draft.is_draft and draft.version == 2
    assert draft.answers.get(requirement__code="R1").documentation == "Se [business case](https://os2.eu)"

    data["version"] = draft.version
    data["submit"] = "1"
    submitted = client.post(response["Location"], data)
    draft.refresh_from_db()
    assert submitted.status_code == 302 and draft.status == "submitted"
    detail = client.get(draft.get_absolute_url())
    assert b'data-answer="no"' in detail.content
    # A submitted version cannot be edited any more.
    assert client.get(response["Location"]).status_code == 403


def test_a_stale_self_evaluation_form_is_refused_with_409(world: Any, catalogue: Catalogue) -> None:
    draft = services.start_self_evaluation(product=world.product, actor=world["carol"], catalogue=catalogue)
    url = reverse("evaluation:selfevaluation_edit", args=[draft.pk])
    carol, dave = client_for(world, "carol"), client_for(world, "dave")
    carols, daves = form_data(carol.get(url)), form_data(dave.get(url))
    carols["answer-R1"] = "yes"
    assert carol.post(url, carols).status_code == 302
    daves["answer-R1"] = "no"
    response = dave.post(url, daves)
    assert response.status_code == 409
    assert draft.answers.get(requirement__code="R1").answer == "yes"


def test_exports_of_a_self_evaluation_read_back(world: Any, catalogue: Catalogue) -> None:
    submitted = ef.self_evaluation(world.product, catalogue, answers={"R1": "no", "R2": None})
    client = client_for(world, "dave")
    for name in ("selfevaluation_markdown", "selfevaluation_json"):
        response = client.get(reverse(f"evaluation:{name}", args=[submitted.pk]))
        assert response["Content-Disposition"].startswith("attachment;")
        parsed = parse_self_evaluation(response.content, catalogue.data())
        assert parsed.answers["R1"] == "no" and parsed.answers["R2"] is None


# Evaluations


def test_the_secretariat_starts_edits_decides_and_downloads_an_evaluation(
    world: Any, catalogue: Catalogue
) -> None:
    ef.self_evaluation(world.product, catalogue, answers={"F13": "no"})
    client = client_for(world, "alice")
    start = client.get(reverse("evaluation:evaluation_add", args=[world.product.slug]))
    response = client.post(reverse("evaluation:evaluation_add", args=[world.product.slug]), form_data(start))
    evaluation = Evaluation.objects.get(product=world.product)
    assert response["Location"] == reverse("evaluation:evaluation_edit", args=[evaluation.pk])
    assert evaluation.ratings.get(requirement__code="F13").light == scoring.RED

    data = form_data(client.get(response["Location"]))
    data.update(
        {"light-F13": "yellow", "evidence-F13": "Slides findes i et udkast.", "summary": "Godt på vej."}
    )
    assert client.post(response["Location"], data).status_code == 302
    assert evaluation.ratings.get(requirement__code="F13").light == scoring.YELLOW

    level_url = reverse("evaluation:evaluation_level", args=[evaluation.pk])
    level_page = client.get(level_url)
    assert (
        level_page.context["form"]["level"].value() == "1"
    )  # the strict level (F13 is a level-2 requirement)
    data = form_data(level_page)
    data.update({"level": "2", "reason": "Styregruppen har godkendt planen."})
    assert client.post(level_url, data).status_code == 302
    evaluation.refresh_from_db()
    world.product.refresh_from_db()
    assert (evaluation.status, evaluation.decided_level, world.product.level) == ("final", "2", "2")
    decision = Decision.objects.get(product=world.product, kind="level_change")
    assert evaluation.decision == decision
    assert evaluation.get_absolute_url() in decision.decision

    detail = client.get(evaluation.get_absolute_url())
    assert detail.context["summary"].exact["2"]["yellow"] == 1
    assert b'id="level-counts"' in detail.content and b"<svg" in detail.content
    markdown = client.get(reverse("evaluation:evaluation_markdown", args=[evaluation.pk]))
    parsed = report_format.parse_report(markdown.content, catalogue.data())
    assert parsed.ratings["F13"] == scoring.YELLOW
    assert parsed.evidence["F13"] == "Slides findes i et udkast."
    assert parsed.summary == "Godt på vej."
    pdf = client.get(reverse("evaluation:evaluation_pdf", args=[evaluation.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    # Final: no more editing.
    assert client.get(reverse("evaluation:evaluation_edit", args=[evaluation.pk])).status_code == 403
    assert client.get(level_url).status_code == 403


def test_a_level_the_product_cannot_hold_is_not_offered_and_not_accepted(
    world: Any, catalogue: Catalogue
) -> None:
    evaluation = ef.evaluation(world.product, catalogue)
    client = client_for(world, "alice")
    url = reverse("evaluation:evaluation_level", args=[evaluation.pk])
    page = client.get(url)
    assert [value for value, _label in page.context["form"].fields["level"].choices] == [
        "none",
        "1",
        "2",
        "3",
    ]
    data = form_data(page)
    data.update({"level": "sandbox", "reason": "x"})
    assert client.post(url, data).status_code == 400
    assert not Decision.objects.exists()


def test_an_imported_report_with_wrong_counts_shows_them(world: Any, catalogue: Catalogue) -> None:
    text = read("example_evaluation_report.md").replace(
        "| Niveau 1 | 10 | 0 | 0 | 0 |", "| Niveau 1 | 16 | 0 | 0 | 0 |"
    )
    client = client_for(world, "alice")
    url = reverse("evaluation:evaluation_import", args=[world.product.slug])
    response = client.post(url, {"file": SimpleUploadedFile("rapport.md", text.encode())})
    evaluation = Evaluation.objects.get()
    assert response["Location"] == evaluation.get_absolute_url()
    page = client.get(evaluation.get_absolute_url())
    assert b'id="mismatches"' in page.content
    broken = client.post(
        url, {"file": SimpleUploadedFile("x.md", read("example_self_evaluation.md").encode())}
    )
    assert broken.status_code == 400
    assert broken.context["problems"]
    assert Evaluation.objects.count() == 1


def test_a_self_evaluation_file_is_imported_from_the_browser(world: Any, catalogue: Catalogue) -> None:
    client = client_for(world, "dave")
    url = reverse("evaluation:selfevaluation_import", args=[world.product.slug])
    response = client.post(
        url, {"file": SimpleUploadedFile("governance.md", read("example_self_evaluation.md").encode())}
    )
    imported = SelfEvaluation.objects.get()
    assert response["Location"] == imported.get_absolute_url()
    assert imported.answers.filter(answer="yes").count() == 29


def test_published_evaluations_are_public_and_private_ones_are_not_found(
    world: Any, catalogue: Catalogue
) -> None:
    published = ef.evaluation(world.published_product, catalogue, level="1", published=True)
    private = ef.evaluation(world.published_product, catalogue)
    anonymous = client_for(world, None)
    assert anonymous.get(published.get_absolute_url()).status_code == 200
    assert anonymous.get(private.get_absolute_url()).status_code == 404
    assert anonymous.get(reverse("evaluation:evaluation_markdown", args=[published.pk])).status_code == 200
    on_private_product = ef.evaluation(world.product, catalogue, level="1", published=True)
    assert anonymous.get(on_private_product.get_absolute_url()).status_code == 404
    # Published on a private product stays private: even a reader of the product's public parts gets 404.
    assert client_for(world, "erin").get(on_private_product.get_absolute_url()).status_code == 404
    assert client_for(world, "dave").get(on_private_product.get_absolute_url()).status_code == 200


def test_a_public_evaluation_shows_its_self_evaluation_only_to_those_who_may_open_it(
    world: Any, catalogue: Catalogue
) -> None:
    answered = ef.self_evaluation(world.published_product, catalogue, documentation="Intern dokumentation")
    evaluation = ef.evaluation(world.published_product, catalogue, level="1", published=True)
    Evaluation.objects.filter(pk=evaluation.pk).update(self_evaluation=answered)  # not published
    public = client_for(world, None).get(evaluation.get_absolute_url()).content.decode()
    assert answered.get_absolute_url() not in public
    assert "a self-evaluation you cannot open" in public  # (this module's pages are read in English)
    assert "Self-evaluation</th>" not in public  # nor its answers beside the lights
    inside = client_for(world, "alice").get(evaluation.get_absolute_url()).content.decode()
    assert answered.get_absolute_url() in inside and "Self-evaluation</th>" in inside


def test_internal_notes_are_shown_only_to_internal_readers(world: Any, catalogue: Catalogue) -> None:
    evaluation = ef.evaluation(world.published_product, catalogue, level="1", published=True)
    core_services.update(
        evaluation, actor=None, expected_version=evaluation.version, changes={"notes": "Hemmeligt"}
    )
    assert b"Hemmeligt" in client_for(world, "alice").get(evaluation.get_absolute_url()).content
    assert b"Hemmeligt" not in client_for(world, None).get(evaluation.get_absolute_url()).content


# Repository checks from the web


def test_a_repository_check_is_run_from_the_web_and_a_finding_accepted(
    world: Any, catalogue: Catalogue, tmp_path: Path
) -> None:
    from tests.git_http import serving

    origin = make_repository(tmp_path / "origin", GOOD_FILES, history=[(2, {"x": "1"})])
    with serving(origin, tmp_path / "served", "os2alpha.git") as repository:
        missing = repository.replace("os2alpha.git", "mangler.git")
        core_services.update(
            world.product,
            actor=None,
            expected_version=world.product.version,
            changes={"repository_urls": [repository, missing]},
        )
        client = client_for(world, "carol")
        url = reverse("evaluation:repositorycheck_add", args=[world.product.slug])
        failed = client.post(url, {"repository": missing})
        response = client.post(url, {"repository": repository})
    # Each check runs as a background job (here at once, as in development); its page tells how it ended.
    failed_job, job = Job.objects.order_by("pk")
    assert failed["Location"] == failed_job.get_absolute_url()
    assert failed_job.status == "failed"
    assert "The repository could not be checked: Git could not fetch" in failed_job.error
    assert "Git could not fetch" in client.get(failed["Location"]).content.decode()
    check = RepositoryCheck.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.status, job.result_url, job.owner) == ("done", check.get_absolute_url(), world["carol"])
    assert f'href="{check.get_absolute_url()}"' in client.get(response["Location"]).content.decode()
    assert check.findings.get(requirement_code="F2").light == "green"
    assert client.post(url, {"repository": "https://evil.example/x.git"}).status_code == 400

    evaluation = ef.evaluation(world.product, catalogue, lights={"F2": scoring.RED})
    finding = check.findings.get(requirement_code="F2")
    alice = client_for(world, "alice")
    finding_url = reverse("evaluation:evaluation_finding", args=[evaluation.pk, finding.pk])
    assert b"accept or override" in alice.get(evaluation.get_absolute_url()).content
    assert alice.post(finding_url, {"version": evaluation.version, "light": ""}).status_code == 302
    assert evaluation.ratings.get(requirement__code="F2").light == scoring.GREEN
    finding.refresh_from_db()
    assert finding.status == "accepted"


def test_the_catalogue_page_lists_requirements_and_what_a_new_version_changed(
    world: Any, catalogue: Catalogue
) -> None:
    from tests.evaluation.test_services import new_version

    newer = new_version(catalogue)
    response = client_for(world, None).get(newer.get_absolute_url())
    assert response.status_code == 200
    changes = response.context["changes"]
    assert changes.added == ("G15",) and changes.removed == ("G14",)
    assert [c.code for c in changes.level_changed] == ["F7"]
    assert b'id="req-F12"' in response.content


def test_the_secretariat_imports_a_catalogue_from_the_browser(world: Any, catalogue: Catalogue) -> None:
    client = client_for(world, "alice")
    response = client.post(
        reverse("evaluation:catalogue_import"),
        {
            "governance_template": SimpleUploadedFile("g.md", read("governance_template.md").encode()),
            "assessment_template": SimpleUploadedFile("a.md", read("assessments_template.md").encode()),
            "make_current": "on",
        },
    )
    assert response.status_code == 302
    assert catalogue.requirements.get(code="F2").criterion.startswith("Godkendt Open Source Licens")
    bad = client.post(
        reverse("evaluation:catalogue_import"), {"governance_template": SimpleUploadedFile("x.md", b"# x")}
    )
    assert bad.status_code == 400 and bad.context["problems"]


def test_a_product_page_of_the_evaluation_history_lists_what_the_reader_may_see(
    world: Any, catalogue: Catalogue
) -> None:
    ef.evaluation(world.product, catalogue, level="1")
    ef.self_evaluation(world.product, catalogue)
    url = reverse("evaluation:product_history", args=[world.product.slug])
    assert len(client_for(world, "dave").get(url).context["views"]) == 1
    supplier = client_for(world, "erin").get(url)
    assert supplier.context["views"] == [] and supplier.context["self_evaluations"] == []
    assert client_for(world, "mallory").get(url).status_code == 404
