"""Issue 13: a project group's real governance folder (OS2sandbox/ai-heatcontrol, copied in
``tests/fixtures/os2_corpus``) imports with what a person counts by hand, and an imported repository
that was not changed since exports byte for byte as it was.

Counted by hand in ``projektadministration/møder/pm1.md`` … ``pm7.md``:

* present: pm1 5 (the ``Tilstede`` column; RF and JN marked ``-`` and under Afbud), pm2-pm4 7 each (a
  table without a presence column, in approved minutes), pm5 7 + 1 guest (``Observatører / gæster``),
  pm6 8, pm7 0 (an agenda: 8 invited, nobody ticked);
* apologies: pm1 2, pm2 1, pm3 1, pm4 2, pm5 2, pm6 1 (``- [] Anna-Lis Berg``), pm7 1;
* agenda items (the numbered list under ``Dagsorden``; sub-items ``1.1`` replace their group): pm1 7,
  pm2 8, pm3 5, pm4 6, pm5 8, pm6 9, pm7 6;
* status (only the block under ``**Status**``): pm1-pm4 approved, pm5 and pm6 ready (``Referat sendt til
  godkendelse``; pm6's later ``- [x] Referat godkendt`` approves the previous minutes), pm7 an agenda.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from programkontor.governance.models import Attendance, Meeting
from programkontor.governance.repository.scan import scan_folder
from tests import factories as f
from tests.conftest import os2_corpus

CORPUS = os2_corpus("project-group-ai-heatcontrol")
FIXTURE = Path(__file__).with_name("repo_fixture")

#: file: (present, apologies, guests, agenda items, status)
HAND_COUNTS = {
    "pm1.md": (5, 2, 0, 7, "minutes_approved"),
    "pm2.md": (7, 1, 0, 8, "minutes_approved"),
    "pm3.md": (7, 1, 0, 5, "minutes_approved"),
    "pm4.md": (7, 2, 0, 6, "minutes_approved"),
    "pm5.md": (8, 2, 1, 8, "minutes_ready"),
    "pm6.md": (8, 1, 0, 9, "minutes_ready"),
    "pm7.md": (0, 1, 0, 6, "agenda_sent"),
}


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def import_json(path: Path, product: str) -> dict[str, Any]:
    return json.loads(run("import_governance", str(path), "--product", product, "--format", "json"))  # type: ignore[no-any-return]


def test_it_reads_the_seven_meetings_of_the_project_group_with_the_counts_by_hand() -> None:
    scan = scan_folder(CORPUS)
    found = {path.rsplit("/", 1)[-1]: record for path, record in scan.meetings}
    assert sorted(found) == sorted(HAND_COUNTS)
    for name, (present, apologies, guests, items, status) in HAND_COUNTS.items():
        record = found[name]
        assert record.body_kind == "project_group", name
        guest_count = sum(1 for p in record.participants if p.guest)
        assert (record.count("present"), record.count("apologies"), guest_count, len(record.items)) == (
            present,
            apologies,
            guests,
            items,
        ), name
        assert record.status == status, name


def test_it_splits_names_from_their_organisation_and_keeps_the_guest() -> None:
    scan = scan_folder(CORPUS)
    found = {path.rsplit("/", 1)[-1]: record for path, record in scan.meetings}
    pm1 = {p.name: p for p in found["pm1.md"].participants}
    assert pm1["Jesper Buchhardt"].role == "Projektleder, Silkeborg Kommune, EJD"
    assert pm1["Rasmus Frey"].status == "apologies"
    pm5 = {p.name: p for p in found["pm5.md"].participants}
    assert pm5["Mikkel Groot Andersen"].role == "Silkeborg Kommune, IT"
    assert pm5["Pernille Bech Darbroudi"].guest
    assert pm5["Jakob Thøtt Nørby"].role == "4BC"
    assert found["pm5.md"].chair == "Jakob Thøtt Nørby"
    assert [item.number for item in found["pm1.md"].items] == [str(n) for n in range(1, 8)]
    assert found["pm1.md"].items[0].title == "Økonomi og indsamling (status og beslutninger)"
    assert "94 % af målet" in found["pm1.md"].items[0].minutes


@pytest.fixture
def heatcontrol(db: Any) -> Any:
    product = f.ProductFactory(name="OS2 AI Heat Control", slug="ai-heatcontrol", kind="project")
    return f.BodyFactory(kind="project", name="Projektgruppen", product=product)


def test_the_folder_imports_into_the_products_project_group(heatcontrol: Any, tmp_path: Path) -> None:
    result = import_json(CORPUS, "ai-heatcontrol")
    assert result["summary"]["meetings"] == {"created": 7, "updated": 0, "unchanged": 0}
    for meeting in Meeting.objects.filter(body=heatcontrol):
        name = meeting.source_path.rsplit("/", 1)[-1]
        present, apologies, _guests, items, status = HAND_COUNTS[name]
        attendance = Attendance.objects.filter(meeting=meeting)
        assert attendance.filter(status="present").count() == present, name
        assert attendance.filter(status="apologies").count() == apologies, name
        assert meeting.agenda_items.count() == items, name
        assert meeting.status == status, name
    assert Meeting.objects.get(source_path__endswith="pm6.md").minutes_approved_on is None


def _same_bytes(source: Path, exported: Path, paths: list[str]) -> None:
    assert paths
    for relative in paths:
        assert (exported / relative).read_bytes() == (source / relative).read_bytes(), relative


def test_the_corpus_folder_exports_byte_for_byte_after_an_import(heatcontrol: Any, tmp_path: Path) -> None:
    import_json(CORPUS, "ai-heatcontrol")
    target = tmp_path / "export"
    run("export_governance", str(target), "--product", "ai-heatcontrol", "--internal")
    written = sorted(str(p.relative_to(target)) for p in target.rglob("*.md"))
    assert len(written) == 7
    _same_bytes(CORPUS, target, written)


def test_a_built_repository_exports_as_it_was_and_a_change_is_written(world: Any, tmp_path: Path) -> None:
    f.BodyFactory(kind="coordination", name="Koordinationsgruppen for OS2alpha", product=world.product)
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    import_json(repo, "os2alpha")
    target = tmp_path / "export"
    run("export_governance", str(target), "--product", "os2alpha", "--internal")
    written = sorted(str(p.relative_to(target)) for p in target.rglob("*.md"))
    assert len(written) >= 8
    _same_bytes(repo, target, written)

    meeting = Meeting.objects.get(source_path__endswith="20260806_OS2alphaStyregruppe.md")
    meeting.title = "Ekstraordinært møde"
    meeting.save()
    again = tmp_path / "again"
    run("export_governance", str(again), "--product", "os2alpha", "--internal")
    changed = (again / meeting.source_path).read_text()
    assert "Ekstraordinært møde" in changed
    assert changed != (repo / meeting.source_path).read_text()
    # The written file imports as what Programkontor holds: nothing changes.
    assert import_json(again, "os2alpha")["summary"]["meetings"] == {
        "created": 0,
        "updated": 0,
        "unchanged": 4,
    }


# --- What the other real repository taught -------------------------------------------------------


def test_a_rule_is_not_an_items_description_and_a_subheading_stays_in_its_section(tmp_path: Path) -> None:
    from programkontor.governance.repository.parse import parse_decision, parse_minutes

    minutes = (
        "# Netværksmøde 16.06.2026\n\n## Mødefakta\n**Tid**: 16.06.2026\n\n## Dagsorden\n"
        "#### 1. Velkomst\n- 1.1 Runde\n  ---\n\n#### 2. Evt.\n"
    )
    record = parse_minutes(minutes, "netvaerk/20260616netværksmøde.md").record
    assert record is not None and record.body_kind == "network"
    assert [(item.number, item.description) for item in record.items] == [("1.1", ""), ("2", "")]

    decision = (
        "# [SDR] Fælles sensorer\n- **Dato**: 07-05-2026\n- **Status**: Besluttet\n"
        "- **Beslutningstagere**: Projektgruppen og Jens Hansen\n\n"
        "## Kontekst\n\nBaggrund.\n\n### Økonomi\n\nTal.\n\n## Beslutning\n\nVi køber.\n"
    )
    parsed = parse_decision(decision, "beslutninger/2026-05-07-sensorer.md").record
    assert parsed is not None
    assert parsed.context == "Baggrund.\n\n### Økonomi\n\nTal."
    assert parsed.other_sections == ""


def test_a_file_name_without_a_separator_is_read_not_called_a_link(tmp_path: Path) -> None:
    folder = tmp_path / "netvaerk"
    folder.mkdir()
    (folder / "20260616netværksmøde.md").write_text(
        "# Netværksmøde\n\n## Mødefakta\n**Tid**: 16.06.2026\n\n## Dagsorden\n1. Velkomst\n2. Evt.\n"
    )
    scan = scan_folder(tmp_path)
    assert scan.unmapped == []
    [(_path, record)] = scan.meetings
    assert (record.body_kind, record.date.isoformat(), [i.title for i in record.items]) == (
        "network",
        "2026-06-16",
        ["Velkomst", "Evt."],
    )


def test_a_changed_decision_keeps_its_date_style_and_unmatched_decision_makers(
    world: Any, tmp_path: Path
) -> None:
    from programkontor.governance.models import Decision

    repo = tmp_path / "repo" / "beslutninger"
    repo.mkdir(parents=True)
    (repo / "2026-05-07-sensorer.md").write_text(
        "# [SDR] Fælles sensorer\n- **Dato**: 07-05-2026\n- **Status**: Besluttet\n"
        "- **Beslutningstagere**: Styregruppen og Jens Hansen\n\n## Beslutning\n\nVi køber.\n"
    )
    import_json(tmp_path / "repo", "os2alpha")
    decision = Decision.objects.get(product=world.product)
    decision.decision = "Vi køber fælles."
    decision.save()
    target = tmp_path / "export"
    run("export_governance", str(target), "--product", "os2alpha", "--internal")
    text = (target / "beslutninger/2026-05-07-sensorer.md").read_text()
    assert "- **Dato**: 07-05-2026" in text
    assert "- **Beslutningstagere**: Styregruppen og Jens Hansen" in text
    assert "Vi køber fælles." in text


def test_the_products_folder_mapping_names_the_body_of_a_folder(db: Any, tmp_path: Path) -> None:
    product = f.ProductFactory(name="OS2test", slug="os2test")
    working = f.BodyFactory(kind="working", name="Arbejdsgruppen for data", product=product)
    f.BodyFactory(kind="project", name="Projektgruppen", product=product)
    product.governance_folders = {"projektadministration/møder": "working"}
    product.full_clean()
    product.save()
    target = tmp_path / "repo" / "projektadministration" / "møder"
    target.mkdir(parents=True)
    shutil.copy(CORPUS / "projektadministration" / "møder" / "pm1.md", target / "pm1.md")
    result = import_json(tmp_path / "repo", "os2test")
    assert [row["body"] for row in result["meetings"]] == ["working_group"]
    assert Meeting.objects.get().body == working


def test_a_folder_mapping_to_an_unknown_kind_is_refused_with_the_folder(db: Any) -> None:
    from django.core.exceptions import ValidationError

    product = f.ProductFactory(governance_folders={"møder": "committee"})
    with pytest.raises(ValidationError) as refused:
        product.full_clean()
    assert "møder: committee" in str(refused.value)


def test_the_product_form_reads_the_folder_mapping_in_danish(db: Any) -> None:
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from programkontor.portfolio.forms import FolderMappingField

    field = FolderMappingField(required=False)
    with translation.override("da"):
        assert field.clean("projektadministration/møder/ = Projektgruppe\nnetværk = network\n") == {
            "projektadministration/møder": "project",
            "netværk": "network",
        }
        assert field.prepare_value({"møder": "working"}) == "møder = Arbejdsgruppe"
        with pytest.raises(ValidationError) as refused:
            field.clean("møder = udvalg")
        assert "Linje 1" in str(refused.value)
