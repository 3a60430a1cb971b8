"""The evaluation API: catalogues, self-evaluations, evaluations with computed counts, repository checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rest_framework.test import APIClient

from programkontor.evaluation import scoring
from programkontor.evaluation.models import Catalogue, Evaluation, RepositoryCheck, SelfEvaluation
from programkontor.governance.models import Decision
from tests.api.conftest import detail_url, list_url
from tests.evaluation import factories as ef
from tests.evaluation.test_catalogue_format import OTHER_STANDARD

pytestmark = pytest.mark.django_db


def api(world: Any, name: str | None) -> APIClient:
    client = APIClient()
    if name:
        client.force_login(world[name])
    return client


# Catalogues


def test_catalogues_are_public_with_their_requirements(world: Any, catalogue: Catalogue) -> None:
    listing = api(world, None).get(list_url("catalogue")).json()
    assert listing["results"][0]["requirement_count"] == 43
    detail = api(world, None).get(detail_url("catalogue", catalogue.pk)).json()
    assert detail["standard_version"] == "1.1.0"
    assert [t["name"] for t in detail["themes"]] == [
        "Relevans",
        "Formkrav",
        "Strategisk sammenhæng",
        "Governance",
    ]
    f12 = next(r for r in detail["requirements"] if r["id"] == "F12")
    assert (f12["level"], f12["theme"]) == ("2", "formkrav")


def test_the_secretariat_posts_a_catalogue_of_another_standard(world: Any, catalogue: Catalogue) -> None:
    payload = {key: value for key, value in OTHER_STANDARD.items() if key != "format"}
    assert api(world, "bob").post(list_url("catalogue"), payload, format="json").status_code == 403
    response = api(world, "alice").post(list_url("catalogue"), payload, format="json")
    assert response.status_code == 201, response.content
    assert len(response.json()["requirements"]) == 3
    broken = dict(payload, requirements=[{"id": "P1", "theme": "x", "level": "a", "title": "T"}])
    broken["version"] = "3.0"
    bad = api(world, "alice").post(list_url("catalogue"), broken, format="json")
    assert bad.status_code == 400 and "theme 'x'" in json.dumps(bad.json())


# Self-evaluations


def test_the_steering_group_starts_fills_in_and_submits_a_self_evaluation(
    world: Any, catalogue: Catalogue
) -> None:
    client = api(world, "dave")
    created = client.post(list_url("selfevaluation"), {"product": world.product.pk}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and len(body["answers"]) == 43
    url = detail_url("selfevaluation", body["id"])

    # A write must name the version it changes.
    assert client.patch(url, {"answers": []}, format="json").status_code == 428
    changed = client.patch(
        url,
        {
            "answers": [
                {"requirement": "r1", "answer": "yes", "documentation": "Se README"},
                {"requirement": "R2", "answer": None},
            ]
        },
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert changed.status_code == 200, changed.content
    answers = {a["requirement"]: a for a in changed.json()["answers"]}
    assert answers["R1"]["answer"] == "yes" and answers["R1"]["documentation"] == "Se README"
    assert changed["ETag"] == '"2"'
    assert client.patch(url, {"filled_by": "x"}, format="json", HTTP_IF_MATCH='"1"').status_code == 412
    assert client.patch(url, {"filled_by": "x", "version": 1}, format="json").status_code == 409

    submitted = client.patch(url, {"status": "submitted"}, format="json", HTTP_IF_MATCH='"2"')
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"
    assert submitted["ETag"] == '"3"'
    again = client.patch(
        url, {"answers": [{"requirement": "R1", "answer": "no"}]}, format="json", HTTP_IF_MATCH='"3"'
    )
    assert again.status_code == 400
    assert client.delete(url).status_code == 428
    assert client.delete(url, HTTP_IF_MATCH=f'"{submitted.json()["version"]}"').status_code == 409
    assert SelfEvaluation.objects.get(pk=body["id"]).answers.get(requirement__code="R1").answer == "yes"


def test_a_self_evaluation_of_a_product_the_user_does_not_write_is_refused(
    world: Any, catalogue: Catalogue
) -> None:
    response = api(world, "dave").post(
        list_url("selfevaluation"), {"product": world.other_product.pk}, format="json"
    )
    assert response.status_code == 400
    assert (
        api(world, "erin")
        .post(list_url("selfevaluation"), {"product": world.product.pk}, format="json")
        .status_code
        == 403
    )


def test_self_evaluation_lists_are_compact_and_gated(world: Any, catalogue: Catalogue) -> None:
    ef.self_evaluation(world.product, catalogue)
    ef.self_evaluation(world.other_product, catalogue)
    rows = api(world, "carol").get(list_url("selfevaluation")).json()["results"]
    assert [row["product"] for row in rows] == [world.product.pk]
    assert "answers" not in rows[0]
    assert api(world, None).get(list_url("selfevaluation")).json()["results"] == []


# Evaluations


def test_evaluations_carry_their_computed_counts(world: Any, catalogue: Catalogue) -> None:
    evaluation = ef.evaluation(
        world.product, catalogue, lights={"F12": scoring.RED, "G14": scoring.GRAY}, level="1"
    )
    listing = api(world, "bob").get(list_url("evaluation")).json()["results"]
    (row,) = listing
    assert row["counts"]["levels"]["2"] == {"green": 18, "yellow": 0, "red": 1, "gray": 0}
    assert row["counts"]["cumulative"]["3"]["green"] == 41
    assert row["counts"]["totals"] == {"green": 41, "yellow": 0, "red": 1, "gray": 1}
    assert row["counts"]["themes"]["governance"]["3"]["gray"] == 1
    assert row["counts"]["strict_level"] == "1"
    assert "ratings" not in row
    detail = api(world, "bob").get(detail_url("evaluation", evaluation.pk)).json()
    assert {r["requirement"]: r["light"] for r in detail["ratings"]}["F12"] == "red"


def test_the_secretariat_makes_rates_and_decides_an_evaluation_through_the_api(
    world: Any, catalogue: Catalogue
) -> None:
    ef.self_evaluation(world.product, catalogue, answers={"R2": "unknown"})
    client = api(world, "alice")
    assert (
        api(world, "bob")
        .post(list_url("evaluation"), {"product": world.product.pk}, format="json")
        .status_code
        == 403
    )
    created = client.post(list_url("evaluation"), {"product": world.product.pk}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert {r["requirement"]: r["light"] for r in body["ratings"]}["R2"] == "yellow"
    url = detail_url("evaluation", body["id"])
    rated = client.patch(
        url,
        {
            "summary": "Fint.",
            "ratings": [{"requirement": "R2", "light": "green", "evidence": "Referat 3.3.2026"}],
        },
        format="json",
        HTTP_IF_MATCH=f'"{body["version"]}"',
    )
    assert rated.status_code == 200, rated.content
    assert rated.json()["counts"]["levels"]["2"]["green"] == 19
    decided = client.patch(
        url,
        {"decide_level": "3", "decide_reason": "Alle krav er opfyldt."},
        format="json",
        HTTP_IF_MATCH=f'"{rated.json()["version"]}"',
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "final" and decided.json()["decided_level"] == "3"
    world.product.refresh_from_db()
    assert world.product.level == "3"
    assert Decision.objects.get(kind="level_change").evaluations.get().pk == body["id"]
    assert (
        api(world, "bob").patch(url, {"summary": "x"}, format="json", HTTP_IF_MATCH='"9"').status_code == 403
    )
    assert client.delete(url, HTTP_IF_MATCH=f'"{decided.json()["version"]}"').status_code == 409


def test_anonymous_readers_get_published_evaluations_without_internal_notes(
    world: Any, catalogue: Catalogue
) -> None:
    published = ef.evaluation(world.published_product, catalogue, level="1", published=True)
    ef.evaluation(world.published_product, catalogue)
    rows = api(world, None).get(list_url("evaluation")).json()["results"]
    assert [row["id"] for row in rows] == [published.pk]
    assert "notes" not in rows[0] and "counts" in rows[0]
    assert "notes" in api(world, "alice").get(list_url("evaluation")).json()["results"][0]


def test_evaluations_filter_by_product_program_and_status(world: Any, catalogue: Catalogue) -> None:
    ef.evaluation(world.product, catalogue, level="1")
    ef.evaluation(world.other_product, catalogue)
    client = api(world, "alice")
    assert len(client.get(list_url("evaluation", product=world.product.slug)).json()["results"]) == 1
    assert len(client.get(list_url("evaluation", program="infrastruktur")).json()["results"]) == 1
    assert len(client.get(list_url("evaluation", status="final")).json()["results"]) == 1


# Repository checks


def test_a_repository_check_runs_only_on_the_products_own_repositories(
    world: Any, catalogue: Catalogue, tmp_path: Path
) -> None:
    from programkontor.core import services as core_services
    from tests.evaluation.repositories import GOOD_FILES, make_repository
    from tests.git_http import serving

    origin = make_repository(tmp_path / "origin", GOOD_FILES)
    with serving(origin, tmp_path / "served", "os2alpha.git") as url:
        core_services.update(
            world.product,
            actor=None,
            expected_version=world.product.version,
            changes={"repository_urls": [url]},
        )
        client = api(world, "bob")
        refused = client.post(
            list_url("repositorycheck"),
            {"product": world.product.pk, "repository_url": "https://evil.example/x"},
            format="json",
        )
        assert refused.status_code == 400 and "repository_url" in refused.json()
        made = client.post(
            list_url("repositorycheck"),
            {"product": world.product.pk, "repository_url": url},
            format="json",
        )
        assert made.status_code == 201, made.content
        findings = {f["check_key"]: f for f in made.json()["findings"]}
        assert findings["licence"]["requirement_code"] == "F2" and findings["licence"]["light"] == "green"
        assert RepositoryCheck.objects.get().checked_by == world["bob"]
        assert api(world, "erin").get(list_url("repositorycheck")).json()["results"] == []
        assert Evaluation.objects.count() == 0
