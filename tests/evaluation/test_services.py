"""The writes: catalogues and their versions, self-evaluations, evaluations, level decisions, imports."""

from __future__ import annotations

import datetime
import json
from dataclasses import replace
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from programkontor.core import services as core_services
from programkontor.core.models import SearchEntry
from programkontor.core.registry import key_of
from programkontor.evaluation import scoring, services
from programkontor.evaluation.formats.catalogue import catalogue_from_json
from programkontor.evaluation.models import (
    Catalogue,
    Evaluation,
    EvaluationStatus,
    Finding,
    FindingStatus,
    Rating,
    SelfEvaluation,
    SelfEvaluationStatus,
)
from programkontor.evaluation.repository.checks import CheckResult
from programkontor.evaluation.repository.checks import Finding as FoundFinding
from programkontor.governance.models import Decision
from tests.evaluation import factories as ef
from tests.evaluation.conftest import read

pytestmark = pytest.mark.django_db


def new_version(catalogue: Catalogue, version: str = "1.2.0") -> Catalogue:
    """A next version of OS2's catalogue: F7 moves to level 2, G14 goes, G15 comes."""
    data = catalogue.data()
    requirements = [
        replace(r, level="2") if r.code == "F7" else r for r in data.requirements if r.code != "G14"
    ]
    requirements.append(replace(data.requirement("G13"), code="G15", title="Ny styring"))  # type: ignore[arg-type]
    return services.import_catalogue(
        data=replace(data, version=version, requirements=tuple(requirements)), actor=None
    ).catalogue


# Catalogues


def test_the_shipped_catalogue_is_installed_and_current(catalogue: Catalogue) -> None:
    assert catalogue.is_current
    assert catalogue.requirements.count() == 43
    assert catalogue.themes.count() == 4
    assert catalogue.history.count() >= 1


def test_a_new_version_becomes_current_and_the_old_one_stays(catalogue: Catalogue, world: Any) -> None:
    used = ef.evaluation(world.product, catalogue)
    newer = new_version(catalogue)
    catalogue.refresh_from_db()
    assert newer.is_current and not catalogue.is_current
    assert newer.requirements.count() == 43
    assert used.catalogue_id == catalogue.pk
    assert Catalogue.objects.filter(standard=catalogue.standard, is_current=True).count() == 1


def test_importing_os2s_templates_for_an_existing_version_adds_the_official_texts(
    catalogue: Catalogue,
) -> None:
    from programkontor.evaluation.formats.catalogue import catalogue_from_templates, parse_template

    data = catalogue_from_templates(
        [parse_template(read("governance_template.md")), parse_template(read("assessments_template.md"))],
        standard=catalogue.standard,
        name=catalogue.name,
    )
    result = services.import_catalogue(data=data, actor=None)
    assert not result.created
    assert result.updated_texts == 43
    f2 = catalogue.requirements.get(code="F2")
    assert f2.guidance.startswith("Angiv hvilken OSI-godkendt licens")
    assert f2.title == "Koden har en OSI-godkendt open source-licens"  # our own title stays
    assert f2.history.count() == 2


def test_an_existing_version_with_other_requirements_is_refused(catalogue: Catalogue) -> None:
    data = catalogue.data()
    changed = replace(data, requirements=data.requirements[:-1])
    with pytest.raises(ValidationError, match="already exists with other requirements"):
        services.import_catalogue(data=changed, actor=None)


def test_another_standard_lives_beside_os2s(catalogue: Catalogue) -> None:
    from tests.evaluation.test_catalogue_format import OTHER_STANDARD

    other = services.import_catalogue(
        data=catalogue_from_json(json.dumps(OTHER_STANDARD)), actor=None
    ).catalogue
    catalogue.refresh_from_db()
    assert other.is_current and catalogue.is_current
    assert other.level_keys == ["a", "aa", "aaa"]


# Self-evaluations


def test_a_new_draft_carries_over_the_latest_submitted_answers(catalogue: Catalogue, world: Any) -> None:
    first = ef.self_evaluation(
        world.product, catalogue, answers={"R1": "no", "F2": None}, actor=world["carol"]
    )
    draft = services.start_self_evaluation(product=world.product, actor=world["dave"])
    assert draft.number == first.number + 1
    assert draft.status == SelfEvaluationStatus.DRAFT
    answers = dict(draft.answers.values_list("requirement__code", "answer"))
    assert answers["R1"] == "no" and answers["F2"] == "" and answers["F1"] == "yes"
    assert draft.filled_by == "Dave Testsen"
    with pytest.raises(ValidationError, match="already has a draft"):
        services.start_self_evaluation(product=world.product, actor=world["dave"])


def test_answers_carry_over_to_a_new_catalogue_version_by_id(catalogue: Catalogue, world: Any) -> None:
    ef.self_evaluation(world.product, catalogue, answers={"F7": "unknown", "G14": "no"})
    newer = new_version(catalogue)
    draft = services.start_self_evaluation(product=world.product, actor=None, catalogue=newer)
    answers = dict(draft.answers.values_list("requirement__code", "answer"))
    assert answers["F7"] == "unknown"
    assert "G14" not in answers
    assert answers["G15"] == ""


def test_saving_answers_bumps_the_version_and_refuses_a_stale_form(catalogue: Catalogue, world: Any) -> None:
    draft = services.start_self_evaluation(product=world.product, actor=world["carol"], catalogue=catalogue)
    seen = draft.version
    services.save_self_evaluation(
        self_evaluation=draft,
        actor=world["carol"],
        expected_version=seen,
        answers={"R1": ("yes", "Se bilag")},
    )
    row = draft.answers.get(requirement__code="R1")
    assert (row.answer, row.documentation, row.version) == ("yes", "Se bilag", 2)
    assert row.history.first().history_user == world["carol"]
    with pytest.raises(core_services.ConflictError):
        services.save_self_evaluation(
            self_evaluation=SelfEvaluation.objects.get(pk=draft.pk),
            actor=world["dave"],
            expected_version=seen,
            answers={"R1": ("no", "")},
        )
    assert draft.answers.get(requirement__code="R1").answer == "yes"


def test_bad_answers_and_unknown_requirements_are_refused(catalogue: Catalogue, world: Any) -> None:
    draft = services.start_self_evaluation(product=world.product, actor=None, catalogue=catalogue)
    with pytest.raises(ValidationError, match="not an answer"):
        services.save_self_evaluation(
            self_evaluation=draft, actor=None, expected_version=draft.version, answers={"R1": ("maybe", "")}
        )
    with pytest.raises(ValidationError, match="Not requirements of this self-evaluation: X1"):
        services.save_self_evaluation(
            self_evaluation=draft, actor=None, expected_version=draft.version, answers={"X1": ("yes", "")}
        )


def test_a_submitted_version_is_fixed(catalogue: Catalogue, world: Any) -> None:
    submitted = ef.self_evaluation(world.product, catalogue)
    assert submitted.status == SelfEvaluationStatus.SUBMITTED and submitted.submitted_at is not None
    with pytest.raises(ValidationError, match="cannot change"):
        services.save_self_evaluation(
            self_evaluation=submitted,
            actor=None,
            expected_version=submitted.version,
            answers={"R1": ("no", "")},
        )
    with pytest.raises(ValidationError, match="cannot change"):
        services.submit_self_evaluation(
            self_evaluation=submitted, actor=None, expected_version=submitted.version
        )


def test_importing_a_self_evaluation_twice_gives_back_the_same_version(
    catalogue: Catalogue, world: Any
) -> None:
    data = read("example_self_evaluation.md").encode()
    first = services.import_self_evaluation(product=world.product, data=data, actor=world["carol"])
    again = services.import_self_evaluation(product=world.product, data=data, actor=world["carol"])
    assert first.created and not again.created
    assert again.self_evaluation.pk == first.self_evaluation.pk
    assert first.self_evaluation.status == SelfEvaluationStatus.SUBMITTED
    assert first.self_evaluation.filled_on == datetime.date(2026, 5, 6)
    assert any("OS2-test-selvevaluering" in warning for warning in first.warnings)
    assert SelfEvaluation.objects.filter(product=world.product).count() == 1


def test_a_strict_import_of_a_cell_to_map_saves_nothing(catalogue: Catalogue, world: Any) -> None:
    text = read("example_self_evaluation.md").replace("| Ja | Det er en løsning", "| Jo | Det er en løsning")
    with pytest.raises(services.ImportFailed) as raised:
        services.import_self_evaluation(product=world.product, data=text.encode(), actor=None, strict=True)
    assert raised.value.reason == "unresolved"
    assert any("R1" in message and "'Jo'" in message for message in raised.value.messages)
    assert not SelfEvaluation.objects.exists()


def test_a_cell_to_map_is_kept_verbatim_on_the_imported_version(catalogue: Catalogue, world: Any) -> None:
    text = read("example_self_evaluation.md").replace("| Ja | Det er en løsning", "| Jo | Det er en løsning")
    result = services.import_self_evaluation(product=world.product, data=text.encode(), actor=None)
    (cell,) = result.self_evaluation.unresolved_cells
    assert (cell["requirement"], cell["value"], cell["resolution"]) == ("R1", "Jo", None)
    assert result.self_evaluation.answers.get(requirement__code="R1").answer == ""


def test_a_broken_self_evaluation_saves_nothing(catalogue: Catalogue, world: Any) -> None:
    text = read("example_self_evaluation.md").replace("| R2 | Løsningen er", "| R1 | Løsningen er", 1)
    with pytest.raises(services.ImportFailed) as raised:
        services.import_self_evaluation(product=world.product, data=text.encode(), actor=None)
    assert any("R1 appears twice" in message for message in raised.value.messages)
    assert not SelfEvaluation.objects.exists()


# Evaluations


def test_a_new_evaluation_takes_its_lights_from_the_latest_submitted_self_evaluation(
    catalogue: Catalogue, world: Any
) -> None:
    ef.self_evaluation(world.product, catalogue, default="no")
    latest = ef.self_evaluation(
        world.product,
        catalogue,
        answers={"R1": "yes", "R2": "no", "R3": "not_relevant", "R4": "unknown", "F1": None},
        default="yes",
    )
    evaluation = services.start_evaluation(product=world.product, actor=world["alice"])
    lights = dict(evaluation.ratings.values_list("requirement__code", "light"))
    assert evaluation.self_evaluation_id == latest.pk
    assert (lights["R1"], lights["R2"], lights["R3"], lights["R4"], lights["F1"]) == (
        scoring.GREEN,
        scoring.RED,
        scoring.GRAY,
        scoring.YELLOW,
        scoring.RED,
    )
    evidence = dict(evaluation.ratings.values_list("requirement__code", "evidence"))
    assert evidence["R1"] == "Se README."
    assert evidence["F1"] == "Ingen data i selvevalueringsrapport."
    assert evaluation.evaluator == "Alice Testsen"
    assert evaluation.status == EvaluationStatus.DRAFT


def test_without_a_self_evaluation_every_requirement_starts_red(catalogue: Catalogue, world: Any) -> None:
    evaluation = services.start_evaluation(product=world.product, actor=None)
    assert set(evaluation.ratings.values_list("light", flat=True)) == {scoring.RED}


def test_deciding_the_level_records_a_decision_sets_the_level_and_makes_the_evaluation_final(
    catalogue: Catalogue, world: Any
) -> None:
    product = world.product
    assert product.level == "1"
    evaluation = ef.evaluation(product, catalogue, lights={"G14": scoring.RED})
    services.decide_level(
        evaluation=evaluation,
        actor=world["alice"],
        expected_version=evaluation.version,
        level="2",
        reason="Styregruppen er på plads.",
        decided_on=datetime.date(2026, 6, 1),
        base_url="https://programkontor.example/",
    )
    evaluation.refresh_from_db()
    product.refresh_from_db()
    assert product.level == "2"
    assert product.history.first().history_user == world["alice"]
    assert evaluation.status == EvaluationStatus.FINAL
    assert (evaluation.decided_level, evaluation.previous_level) == ("2", "1")
    decision = evaluation.decision
    assert decision is not None
    assert (decision.kind, decision.status, decision.product_id, decision.date) == (
        "level_change",
        "decided",
        product.pk,
        datetime.date(2026, 6, 1),
    )
    assert decision.decided_by_role == "secretariat"
    assert "Styregruppen er på plads." in decision.decision
    assert evaluation.get_absolute_url() in decision.decision
    assert "Niveau 2" in decision.decision or "Level 2" in decision.decision
    # Final: the lights no longer change.
    with pytest.raises(ValidationError, match="final"):
        services.save_evaluation(
            evaluation=evaluation,
            actor=None,
            expected_version=evaluation.version,
            ratings={"R1": services.RatingInput(scoring.RED, "")},
        )


def test_a_level_the_product_cannot_hold_is_refused_and_nothing_is_written(
    catalogue: Catalogue, world: Any
) -> None:
    evaluation = ef.evaluation(world.product, catalogue)
    with pytest.raises(ValidationError) as raised:
        services.decide_level(
            evaluation=evaluation,
            actor=None,
            expected_version=evaluation.version,
            level="sandbox",
            reason="x",
        )
    assert "level" in raised.value.message_dict
    with pytest.raises(ValidationError, match="reason"):
        services.decide_level(
            evaluation=evaluation, actor=None, expected_version=evaluation.version, level="2", reason=" "
        )
    assert not Decision.objects.exists()
    evaluation.refresh_from_db()
    assert evaluation.is_draft


def test_a_stale_level_decision_writes_nothing(catalogue: Catalogue, world: Any) -> None:
    evaluation = ef.evaluation(world.product, catalogue)
    with pytest.raises(core_services.ConflictError):
        services.decide_level(
            evaluation=evaluation,
            actor=None,
            expected_version=evaluation.version - 1,
            level="3",
            reason="Fordi",
        )
    world.product.refresh_from_db()
    assert world.product.level == "1"
    assert not Decision.objects.exists()


def test_the_same_level_is_decided_without_changing_the_product(catalogue: Catalogue, world: Any) -> None:
    evaluation = ef.evaluation(world.product, catalogue)
    before = world.product.version
    services.decide_level(
        evaluation=evaluation, actor=None, expected_version=evaluation.version, level="1", reason="Uændret"
    )
    world.product.refresh_from_db()
    assert world.product.version == before
    assert Decision.objects.filter(kind="level_change", product=world.product).count() == 1


def test_importing_a_published_report_recomputes_counts_and_keeps_the_disagreements(
    catalogue: Catalogue, world: Any
) -> None:
    text = read("example_evaluation_report.md").replace(
        "| Niveau 3 | 4 | 0 | 0 | 4 |", "| Niveau 3 | 5 | 0 | 0 | 3 |"
    )
    result = services.import_evaluation(
        product=world.product, data=text.encode(), actor=world["alice"], publish=True
    )
    evaluation = result.evaluation
    assert evaluation.status == EvaluationStatus.FINAL
    assert evaluation.is_published
    assert evaluation.evaluated_on == datetime.date(2026, 5, 6)
    assert evaluation.ratings.count() == 43
    assert [m["row"] for m in evaluation.published_mismatches] == ["Niveau 3"]
    again = services.import_evaluation(product=world.product, data=text.encode(), actor=None)
    assert not again.created and again.evaluation.pk == evaluation.pk
    assert Evaluation.objects.count() == 1


def test_many_reports_are_imported_at_once_in_order_and_a_repeat_gives_back_what_it_made(
    catalogue: Catalogue, world: Any
) -> None:
    text = read("example_evaluation_report.md")
    changed = text.replace("| Niveau 3 | 4 | 0 | 0 | 4 |", "| Niveau 3 | 5 | 0 | 0 | 3 |")
    earlier = services.import_evaluation(product=world.product, data=text.encode(), actor=world["alice"])
    results = services.import_evaluations(
        reports=[
            (world.other_product, text.encode()),
            (world.product, text.encode()),  # imported before
            (world.product, changed.encode()),
            (world.other_product, text.encode()),  # twice in the same batch
        ],
        actor=world["alice"],
    )
    assert [result.created for result in results] == [True, False, True, False]
    assert results[1].evaluation.pk == earlier.evaluation.pk
    assert results[3].evaluation.pk == results[0].evaluation.pk
    assert [result.evaluation.product for result in results] == [
        world.other_product,
        world.product,
        world.product,
        world.other_product,
    ]
    assert [m["row"] for m in results[2].evaluation.published_mismatches] == ["Niveau 3"]
    assert Evaluation.objects.count() == 3 and Rating.objects.count() == 3 * 43
    assert list(results[2].evaluation.ratings.values_list("requirement__order", flat=True)) == sorted(
        results[2].evaluation.ratings.values_list("requirement__order", flat=True)
    )


def test_one_bad_report_among_many_saves_none_of_them(catalogue: Catalogue, world: Any) -> None:
    with pytest.raises(services.ImportFailed):
        services.import_evaluations(
            reports=[
                (world.product, read("example_evaluation_report.md").encode()),
                (world.other_product, read("example_self_evaluation.md").encode()),
            ],
            actor=world["alice"],
        )
    assert not Evaluation.objects.exists() and not Rating.objects.exists()


EVALUATION_SAME = ("product_id", "source_checksum", "id")


def test_the_bulk_import_writes_the_history_one_by_one_creation_wrote(
    catalogue: Catalogue, world: Any
) -> None:
    """The evaluation's history row as ``core.services.create`` writes it (the import before it wrote
    in bulk), and one history row per rating with the importer."""
    alice = world["alice"]
    imported = services.import_evaluation(
        product=world.product, data=read("example_evaluation_report.md").encode(), actor=alice
    ).evaluation
    tracked = [f.attname for f in Evaluation.history.model.tracked_fields if f.attname not in EVALUATION_SAME]
    fields = {name: getattr(imported, name) for name in tracked}
    one_by_one = core_services.create(
        Evaluation,
        actor=alice,
        fields={**fields, "product": world.other_product, "source_checksum": "x" * 64},
        reason="imported",
    )

    def history(evaluation: Evaluation) -> tuple[Any, ...]:
        row = evaluation.history.get()
        meta = (row.history_type, row.history_user_id, row.history_change_reason)
        return (*meta, *(getattr(row, name) for name in tracked))

    assert history(imported) == history(one_by_one)
    assert history(imported)[:3] == ("+", alice.pk, "imported")

    def search_entry(evaluation: Evaluation) -> tuple[Any, ...]:
        entry = SearchEntry.objects.get(kind=key_of(Evaluation), object_id=evaluation.pk)
        title = entry.title.replace(evaluation.product.name, "P")
        return (title, entry.url == evaluation.get_absolute_url(), entry.body, entry.internal)

    # The entry written from the objects in hand is the one ``post_save`` writes for ``create``.
    assert search_entry(imported) == search_entry(one_by_one)
    assert search_entry(imported)[:2] == (str(imported).replace(imported.product.name, "P"), True)
    ratings = Rating.history.filter(evaluation_id=imported.pk)
    assert ratings.count() == 43
    assert set(ratings.values_list("history_type", "history_user_id", "history_change_reason")) == {
        ("+", alice.pk, None)
    }
    assert {(r.requirement_id, r.light, r.evidence) for r in ratings} == set(
        imported.ratings.values_list("requirement_id", "light", "evidence")
    )


def test_an_import_by_someone_who_may_not_change_evaluations_stores_nothing(
    catalogue: Catalogue, world: Any
) -> None:
    """The gate is checked on the batch after it is written; a refusal leaves no evaluation, rating,
    history row or search entry behind."""
    data = read("example_evaluation_report.md").encode()
    with pytest.raises(core_services.WriteRefused):
        services.import_evaluations(reports=[(world.product, data)], actor=world["carol"])
    assert not Evaluation.objects.exists() and not Rating.objects.exists()
    assert not Evaluation.history.exists() and not Rating.history.exists()
    assert not SearchEntry.objects.filter(kind=key_of(Evaluation)).exists()


def test_a_file_that_is_not_a_report_saves_nothing(catalogue: Catalogue, world: Any) -> None:
    with pytest.raises(services.ImportFailed):
        services.import_evaluation(
            product=world.product, data=read("example_self_evaluation.md").encode(), actor=None
        )
    assert not Evaluation.objects.exists() and not Rating.objects.exists()


# Repository findings in the evaluation


def recorded(world: Any) -> Finding:
    result = CheckResult(
        source="https://github.com/OS2/alpha.git",
        commit="a" * 40,
        branch="main",
        checked_at=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC),
        findings=[
            FoundFinding("licence", "F2", scoring.GREEN, "LICENSE holds MPL-2.0.", "LICENSE", "a" * 40)
        ],
    )
    check = services.record_repository_check(product=world.product, result=result, actor=world["alice"])
    return check.findings.get()


def test_accepting_a_finding_sets_the_light_and_adds_the_evidence(catalogue: Catalogue, world: Any) -> None:
    finding = recorded(world)
    evaluation = ef.evaluation(world.product, catalogue, lights={"F2": scoring.RED})
    services.apply_finding(
        evaluation=evaluation, finding=finding, actor=world["alice"], expected_version=evaluation.version
    )
    rating = evaluation.ratings.get(requirement__code="F2")
    finding.refresh_from_db()
    assert rating.light == scoring.GREEN
    assert "LICENSE holds MPL-2.0." in rating.evidence and "aaaaaaaaaaaa" in rating.evidence
    assert rating.finding_id == finding.pk
    assert (finding.status, finding.evaluation_id) == (FindingStatus.ACCEPTED, evaluation.pk)


def test_overriding_a_finding_keeps_the_human_light(catalogue: Catalogue, world: Any) -> None:
    finding = recorded(world)
    evaluation = ef.evaluation(world.product, catalogue)
    services.apply_finding(
        evaluation=evaluation,
        finding=finding,
        actor=None,
        expected_version=evaluation.version,
        light=scoring.YELLOW,
    )
    finding.refresh_from_db()
    assert evaluation.ratings.get(requirement__code="F2").light == scoring.YELLOW
    assert finding.status == FindingStatus.OVERRIDDEN


def test_a_finding_about_another_product_is_refused(catalogue: Catalogue, world: Any) -> None:
    finding = recorded(world)
    other = ef.evaluation(world.other_product, catalogue)
    with pytest.raises(ValidationError, match="another product"):
        services.apply_finding(evaluation=other, finding=finding, actor=None, expected_version=other.version)


def stored(evaluation: Evaluation) -> dict[str, Any]:
    """What an import stored for ``evaluation``, without what differs by row: ids, product, times."""
    from programkontor.core.models import SearchEntry
    from programkontor.core.registry import key_of

    skip = {"id", "product_id", "created_at", "updated_at", "published_at", "history_date", "history_id"}
    skip |= {"evaluation_id"}

    def plain(row: Any) -> dict[str, Any]:
        return {k: v for k, v in vars(row).items() if not k.startswith("_") and k not in skip}

    entry = SearchEntry.objects.get(kind=key_of(Evaluation), object_id=evaluation.pk)
    name = evaluation.product.name
    return {
        "evaluation": plain(evaluation),
        "ratings": [(r.requirement.code, plain(r)) for r in evaluation.ratings.select_related("requirement")],
        "history": [plain(row) for row in evaluation.history.all()],
        "rating history": sorted(
            (repr(sorted(plain(row).items())) for row in Rating.history.filter(evaluation_id=evaluation.pk)),
        ),
        "search": (
            entry.title.replace(name, "P"),
            entry.body,
            entry.internal,
            entry.url == evaluation.get_absolute_url(),
        ),
    }


def test_a_batch_stores_what_importing_the_files_one_by_one_stores(catalogue: Catalogue, world: Any) -> None:
    """Evaluations, ratings, history rows and search entries: the same from one batch as from one
    import per file (the reports of ``benchmarks.evaluation``'s layout and OS2's example)."""
    text = read("example_evaluation_report.md")
    files = [
        text.encode(),
        text.replace("| Niveau 3 | 4 | 0 | 0 | 4 |", "| Niveau 3 | 5 | 0 | 0 | 3 |").encode(),
        text.replace("OS2-sekretariatet", "Kim").encode(),
    ]
    alice = world["alice"]
    batch = services.import_evaluations(reports=[(world.product, data) for data in files], actor=alice)
    one_by_one = [
        services.import_evaluation(product=world.other_product, data=data, actor=alice) for data in files
    ]
    assert [r.created for r in batch + one_by_one] == [True] * 6
    for together, alone in zip(batch, one_by_one, strict=True):
        assert stored(together.evaluation) == stored(alone.evaluation)
    assert Rating.history.count() == Rating.objects.count() == 6 * 43


def test_index_created_writes_from_the_objects_in_hand_or_reads_them_back(
    catalogue: Catalogue, world: Any
) -> None:
    """``core.search.index_created``: one statement when the objects hold the relations their entry
    reads; objects without them are read back as ``index_objects`` reads them; the same entry."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from programkontor.core import search

    evaluation = ef.evaluation(world.product, catalogue)
    entries = SearchEntry.objects.filter(kind=key_of(Evaluation), object_id=evaluation.pk)
    written = entries.values_list("title", "url", "body", "internal").get()
    for loaded, statements in ((Evaluation.objects.select_related("product"), 1), (Evaluation.objects, 2)):
        entries.delete()
        obj = loaded.get(pk=evaluation.pk)
        with CaptureQueriesContext(connection) as queries:
            search.index_created(Evaluation, [obj])
        assert len(queries) == statements
        assert entries.values_list("title", "url", "body", "internal").get() == written
