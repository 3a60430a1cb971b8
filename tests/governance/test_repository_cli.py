"""``import_governance`` and ``export_governance`` on real folders (and a Git repository) in tmp_path."""

from __future__ import annotations

import datetime
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from programkontor.governance.models import AgendaItem, Attendance, Decision, Meeting
from programkontor.governance.repository.sync import decision_record, meeting_record
from tests import factories as f
from tests.governance.factories import AgendaItemFactory, AttendanceFactory, DecisionFactory, MeetingFactory

FIXTURE = Path(__file__).with_name("repo_fixture")


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def import_json(path: Path | str, product: str = "os2alpha", *extra: str) -> dict[str, Any]:
    out, _err = run("import_governance", str(path), "--product", product, "--format", "json", *extra)
    return json.loads(out)  # type: ignore[no-any-return]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(FIXTURE, target)
    return target


@pytest.fixture
def coordination(world: Any) -> Any:
    return f.BodyFactory(kind="coordination", name="Koordinationsgruppen for OS2alpha", product=world.product)


def test_the_json_output_follows_the_cli_contract(world: Any, coordination: Any, repo: Path) -> None:
    result = import_json(repo)
    decisions = {row["source_file"]: row for row in result["decisions"]}
    assert set(result) >= {"decisions", "meetings", "unmapped"}
    first = decisions["beslutninger/2025-02-10-frikoeb-af-produktkoordinator.md"]
    assert first == {
        "date": "2025-02-10",
        "title": "Frikøb af produktkoordinator hos Testrup Kommune",
        "record_type": "operational",
        "status": "decided",
        "decided_by": ["steering_group"],
        "source_file": "beslutninger/2025-02-10-frikoeb-af-produktkoordinator.md",
        "action": "created",
    }
    both = decisions["beslutninger/2026-05-07-ny-version-i-2027.md"]
    assert both["decided_by"] == ["steering_group", "coordination_group"]
    assert decisions["beslutninger/2026-09-17-levetidsforlaengelse.md"]["status"] == "ratification_pending"
    assert decisions["beslutninger/2026-09-17-levetidsforlaengelse.md"]["decided_by"] == []
    assert decisions["beslutninger/2026-11-02-bestyrelse.md"]["decided_by"] == ["board"]
    assert "beslutninger/skabelon.md" not in decisions
    meetings = {row["source_file"]: row for row in result["meetings"]}
    june = meetings["dagsordner-og-referater/styregruppe/20260604_OS2alphaStyregruppe.md"]
    assert (june["date"], june["body"], june["present"], june["absent"], june["minutes_approved"]) == (
        "2026-06-04",
        "steering_group",
        3,
        1,
        True,
    )
    assert (
        meetings["dagsordner-og-referater/styregruppe/20260806_OS2alphaStyregruppe.md"]["minutes_approved"]
        is False
    )
    unmapped = {(u["source_file"], u["field"]) for u in result["unmapped"]}
    assert ("beslutninger/2026-09-17-levetidsforlaengelse.md", "Beslutningstagere") in unmapped
    assert ("beslutninger/uden-dato.md", "Dato") in unmapped
    assert ("strategisk-beslutningslog/noter.md", "file") in unmapped
    assert (
        "dagsordner-og-referater/styregruppe/20260604_OS2alphaStyregruppe.md",
        "Mødeleder",
    ) not in unmapped
    assert result["skipped_templates"] == [
        "beslutninger/skabelon.md",
        "dagsordner-og-referater/styregruppe/skabelon.md",
    ]


def test_the_import_stores_decisions_meetings_and_keeps_the_original_text(
    world: Any, coordination: Any, repo: Path
) -> None:
    run("import_governance", str(repo), "--product", "os2alpha")
    decision = Decision.objects.get(source_path="beslutninger/2026-05-07-ny-version-i-2027.md")
    assert decision.product == world.product
    assert decision.decided_by_body == world.steering and decision.co_decided_by_body == coordination
    assert decision.source_fields["Status"] == "Godkendt på styregruppemødet den 7. maj 2026"
    assert decision.history.count() == 1
    june = Meeting.objects.get(source_path__endswith="20260604_OS2alphaStyregruppe.md")
    assert june.body == world.steering and june.status == "minutes_approved"
    assert june.chair == world["dave"].person and june.minute_taker == world["carol"].person
    assert june.minutes_approved_on == datetime.date(2026, 6, 4) + datetime.timedelta(days=63)
    attendance = {a.display_name: a.status for a in june.attendances.all()}
    assert attendance["Dave Testsen"] == "present" and attendance["Bjarne Fraværende"] == "absent"
    assert Attendance.objects.get(meeting=june, name="Tove Ukendt").person is None
    assert AgendaItem.objects.filter(meeting=june).count() == 5
    august = Meeting.objects.get(source_path__endswith="20260806_OS2alphaStyregruppe.md")
    assert august.video_url == "https://meet.example.org/os2alpha" and august.location == ""


def test_reimporting_the_same_repository_changes_nothing(world: Any, coordination: Any, repo: Path) -> None:
    import_json(repo)
    versions = dict(Decision.objects.values_list("pk", "version"))
    meeting_versions = dict(Meeting.objects.values_list("pk", "version"))
    history = Decision.history.count() + Meeting.history.count() + AgendaItem.history.count()
    again = import_json(repo)
    assert {row["action"] for row in again["decisions"] + again["meetings"]} == {"unchanged"}
    assert dict(Decision.objects.values_list("pk", "version")) == versions
    assert dict(Meeting.objects.values_list("pk", "version")) == meeting_versions
    assert Decision.history.count() + Meeting.history.count() + AgendaItem.history.count() == history


def test_a_changed_file_is_updated_with_history(world: Any, coordination: Any, repo: Path) -> None:
    import_json(repo)
    path = repo / "beslutninger/2026-10-01-afvist-forslag.md"
    path.write_text(path.read_text().replace("Afvist", "Accepteret"))
    result = import_json(repo)
    changed = [row for row in result["decisions"] if row["action"] == "updated"]
    assert [row["source_file"] for row in changed] == ["beslutninger/2026-10-01-afvist-forslag.md"]
    decision = Decision.objects.get(source_path="beslutninger/2026-10-01-afvist-forslag.md")
    assert decision.status == "decided" and decision.version == 2
    assert decision.history.count() == 2


def test_a_dry_run_shows_what_would_change_and_saves_nothing(
    world: Any, coordination: Any, repo: Path
) -> None:
    result = import_json(repo, "os2alpha", "--dry-run")
    assert result["dry_run"] is True
    assert {row["action"] for row in result["decisions"]} == {"created"}
    assert Decision.objects.count() == 0 and Meeting.objects.count() == 0
    text, _err = run("import_governance", str(repo), "--product", "os2alpha", "--dry-run")
    assert "Prøvekørsel" in text and "oprettes" in text


def test_minutes_of_a_body_the_product_lacks_are_listed_not_guessed(world: Any, repo: Path) -> None:
    result = import_json(repo)
    reasons = [u for u in result["unmapped"] if u["field"] == "body"]
    assert {u["source_file"].split("/")[1] for u in reasons} == {"koordinationsgruppe"}
    assert not Meeting.objects.filter(source_path__contains="koordinationsgruppe").exists()


def test_bad_input_gives_a_clear_error_and_saves_nothing(world: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Intet produkt"):
        run("import_governance", str(FIXTURE), "--product", "findes-ikke")
    with pytest.raises(CommandError, match="hverken en mappe"):
        run("import_governance", str(tmp_path / "mangler"), "--product", "os2alpha")
    with pytest.raises(CommandError, match="Git kunne ikke hente"):
        run("import_governance", f"file://{tmp_path}/ikke-et-repo", "--product", "os2alpha")
    assert Decision.objects.count() == 0


def test_symbolic_links_and_unreadable_files_are_listed(world: Any, tmp_path: Path) -> None:
    folder = tmp_path / "repo"
    (folder / "beslutninger").mkdir(parents=True)
    secret = tmp_path / "hemmelig.md"
    secret.write_text("# [SDR] Hemmelig\n\n- **Dato**: 2026-01-01\n")
    (folder / "beslutninger" / "2026-01-01-link.md").symlink_to(secret)
    (folder / "beslutninger" / "2026-01-02-tom.md").write_text("")
    result = import_json(folder)
    assert result["decisions"] == []
    reasons = {u["source_file"]: u["reason"] for u in result["unmapped"]}
    assert "symbolsk link" in reasons["beslutninger/2026-01-01-link.md"]
    assert "hverken en beslutning eller et referat" in reasons["beslutninger/2026-01-02-tom.md"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_git_url_is_cloned_shallowly_and_imported(world: Any, coordination: Any, repo: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(
            [
                str(shutil.which("git")),
                "-c",
                "user.name=Test",
                "-c",
                "user.email=test@example.org",
                "-c",
                "init.defaultBranch=main",
                *args,
            ],
            cwd=repo,
            check=True,
            capture_output=True,
        )

    git("init", "--quiet")
    git("add", ".")
    git("commit", "--quiet", "-m", "Governance")
    result = import_json(f"file://{repo}")
    assert len(result["decisions"]) == 7 and len(result["meetings"]) == 4
    assert Decision.objects.count() == 7


def test_export_writes_the_os2_layout_and_reimports_unchanged(world: Any, tmp_path: Path) -> None:
    meeting = MeetingFactory(body=world.steering, status="minutes_ready", chair=world["dave"].person)
    item = AgendaItemFactory(
        meeting=meeting, title="Status på drift", minutes="Driften er stabil.", duration_minutes=20
    )
    item.attachments.create(title="Rapport", url="https://example.org/rapport.pdf")
    AttendanceFactory(meeting=meeting, person=world["dave"].person, status="present")
    AttendanceFactory(meeting=meeting, person=world["carol"].person, status="apologies")
    DecisionFactory(
        product=world.product,
        title="Opgradering af afhængigheder",
        status="decided",
        decided_by_body=world.steering,
        context="Kendte sårbarheder.",
        decision="Leverandøren opgraderer.",
        risks="Regressionsfejl.",
    )
    out, _err = run("export_governance", str(tmp_path / "export"), "--product", "os2alpha")
    assert "1 beslutninger og 1 mødereferater" in out
    files = sorted(p.relative_to(tmp_path / "export").as_posix() for p in (tmp_path / "export").rglob("*.md"))
    assert files == [
        "beslutninger/2026-05-15-opgradering-af-afhaengigheder.md",
        f"dagsordner-og-referater/styregruppe/{meeting.date:%Y%m%d}_OS2alphaStyregruppe.md",
    ]
    text = (tmp_path / "export" / files[0]).read_text()
    assert text.startswith("# [ODR] Opgradering af afhængigheder")
    assert "- **Beslutningstagere**: Styregruppen" in text

    # Importing the export into the same product recognises the records: nothing new, nothing changed.
    again = import_json(tmp_path / "export")
    assert {row["action"] for row in again["decisions"] + again["meetings"]} == {"unchanged"}
    assert Decision.objects.count() == 1 and Meeting.objects.count() == 1

    # Into another product, the records come out equal to the originals.
    other = f.ProductFactory(name="OS2omega", slug="os2omega", program=world.program)
    f.BodyFactory(product=other, name="Styregruppen for OS2omega")
    import_json(tmp_path / "export", "os2omega")
    copy = Decision.objects.get(product=other)
    original = Decision.objects.get(product=world.product)
    assert decision_record(copy).content() == decision_record(original).content()
    copied_meeting = Meeting.objects.get(body__product=other)
    assert meeting_record(copied_meeting).content()[2:] == meeting_record(meeting).content()[2:]
