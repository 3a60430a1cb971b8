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
from django.utils import translation

from programkontor.governance.models import AgendaItem, Attendance, Decision, Meeting
from programkontor.governance.repository.conversion import decision_record, meeting_record
from tests import factories as f
from tests.git_http import loopback_allowed, serving
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
        "changed": [],  # what an update changes (the fields)
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
    with translation.override("en"):
        with pytest.raises(CommandError, match="is neither a directory nor an http"):
            run("import_governance", str(tmp_path / "mangler"), "--product", "os2alpha")
        for address in (
            f"file://{tmp_path}",
            "ssh://git@github.com/OS2/os2alpha-governance.git",
            "git@github.com:OS2/os2alpha-governance.git",
            "git://github.com/OS2/os2alpha-governance.git",
        ):
            with pytest.raises(CommandError, match="only http\\(s\\) URLs and local directories"):
                run("import_governance", address, "--product", "os2alpha")
        with pytest.raises(CommandError, match="user name or password") as refused:
            run("import_governance", "https://bruger:hemmelig@github.com/OS2/x.git", "--product", "os2alpha")
        assert "hemmelig" not in str(refused.value)
        with pytest.raises(CommandError, match=r"not accepted: its host is on an internal network"):
            run("import_governance", "http://127.0.0.1:9/ikke-et-repo.git", "--product", "os2alpha")
        with (
            loopback_allowed(),
            pytest.raises(CommandError, match=r"Git could not fetch http://127\.0\.0\.1:9/"),
        ):
            run("import_governance", "http://127.0.0.1:9/ikke-et-repo.git", "--product", "os2alpha")
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


def git(repo: Path, *args: str) -> None:
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


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_an_http_git_url_is_cloned_shallowly_and_imported(
    world: Any, coordination: Any, repo: Path, tmp_path: Path
) -> None:
    git(repo, "init", "--quiet")
    git(repo, "add", ".")
    git(repo, "commit", "--quiet", "-m", "Governance")
    with serving(repo, tmp_path / "served", "os2alpha-governance.git") as url:
        result = import_json(url)
    assert len(result["decisions"]) == 7 and len(result["meetings"]) == 4
    assert Decision.objects.count() == 7


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_local_git_working_copy_is_read_as_a_folder(world: Any, coordination: Any, repo: Path) -> None:
    git(repo, "init", "--quiet")
    git(repo, "add", ".")
    git(repo, "commit", "--quiet", "-m", "Governance")
    (repo / "beslutninger" / "2025-02-10-frikoeb-af-produktkoordinator.md").unlink()  # not committed
    result = import_json(repo)
    assert len(result["decisions"]) == 6 and len(result["meetings"]) == 4


def test_the_internal_export_writes_the_os2_layout_and_reimports_unchanged(
    world: Any, tmp_path: Path
) -> None:
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
    out, _err = run("export_governance", str(tmp_path / "export"), "--product", "os2alpha", "--internal")
    assert "Intern eksport" in out and "1 beslutninger og 1 mødereferater" in out
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


@pytest.fixture
def public_and_private(world: Any) -> dict[str, Any]:
    """OS2gamma (published) with a published steering group: an approved, published meeting chaired by a
    public contact with a private minute-taker, a draft meeting, and a published and an internal decision."""
    body = f.BodyFactory(product=world.published_product, name="Styregruppen for OS2gamma", is_published=True)
    public = f.PersonFactory(first_name="Offentlig", last_name="Formand", is_public=True)
    private = f.PersonFactory(first_name="Hemmelig", last_name="Medlem", is_public=False)
    approved = MeetingFactory(
        body=body,
        title="Styregruppemøde",
        starts_at=datetime.datetime(2026, 3, 5, 13, tzinfo=datetime.UTC),
        status="minutes_approved",
        minutes_approved_on=datetime.date(2026, 4, 2),
        is_published=True,
        chair=public,
        minute_taker=private,
    )
    AgendaItemFactory(meeting=approved, title="Budget", minutes="Budgettet blev godkendt.", owner=private)
    AttendanceFactory(meeting=approved, person=public, status="present", note="Formand")
    AttendanceFactory(meeting=approved, person=private, status="present")
    AttendanceFactory(meeting=approved, person=None, name="Gæst Udenfor", is_guest=True, status="present")
    draft = MeetingFactory(
        body=body, title="Udkast til møde", starts_at=datetime.datetime(2026, 5, 7, 13, tzinfo=datetime.UTC)
    )
    DecisionFactory(
        product=world.published_product,
        title="Offentlig beslutning",
        status="decided",
        decided_by_body=body,
        is_published=True,
        decision="Vi gør det.",
        source_fields={"Status": "Vedtaget på mødet, intern formulering"},
    )
    DecisionFactory(product=world.published_product, title="Intern beslutning", decided_by_body=body)
    return {"body": body, "approved": approved, "draft": draft}


def exported(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*.md"))}


def test_the_default_export_writes_only_what_anonymous_readers_may_see(
    world: Any, public_and_private: dict[str, Any], tmp_path: Path
) -> None:
    out, _err = run("export_governance", str(tmp_path / "offentlig"), "--product", "os2gamma")

    assert "Offentlig eksport" in out and "--internal" in out
    assert "1 beslutninger og 1 møder er udeladt" in out
    assert "Skrev 1 beslutninger og 1 mødereferater" in out
    files = exported(tmp_path / "offentlig")
    assert sorted(files) == [
        "beslutninger/2026-05-15-offentlig-beslutning.md",
        "dagsordner-og-referater/styregruppe/20260305_OS2gammaStyregruppe.md",
    ]
    everything = "\n".join(files.values())
    assert "Intern beslutning" not in everything and "Udkast til møde" not in everything
    minutes = files["dagsordner-og-referater/styregruppe/20260305_OS2gammaStyregruppe.md"]
    assert "Offentlig Formand (Formand)" in minutes and "- [x] Offentlig Formand (Mødeleder)" in minutes
    assert "Budgettet blev godkendt." in minutes
    assert "Hemmelig" not in minutes and "Gæst Udenfor" not in minutes  # not public contacts
    decision = files["beslutninger/2026-05-15-offentlig-beslutning.md"]
    assert "intern formulering" not in decision  # the source text is internal: the canonical one is written
    assert "- **Status**: " in decision


def test_the_internal_export_writes_everything(
    world: Any, public_and_private: dict[str, Any], tmp_path: Path
) -> None:
    out, _err = run("export_governance", str(tmp_path / "intern"), "--product", "os2gamma", "--internal")

    assert "Intern eksport" in out and "Skrev 2 beslutninger og 2 mødereferater" in out
    everything = "\n".join(exported(tmp_path / "intern").values())
    assert "Intern beslutning" in everything and "Udkast til møde" in everything
    assert "Hemmelig Medlem (Referent)" in everything and "Gæst Udenfor" in everything
    assert "intern formulering" in everything


def test_the_public_export_imports_into_another_product_as_published(
    world: Any, public_and_private: dict[str, Any], tmp_path: Path
) -> None:
    run("export_governance", str(tmp_path / "offentlig"), "--product", "os2gamma")
    other = f.ProductFactory(name="OS2omega", slug="os2omega", program=world.program)
    f.BodyFactory(product=other, name="Styregruppen for OS2omega")

    result = import_json(tmp_path / "offentlig", "os2omega")

    assert [row["action"] for row in result["decisions"] + result["meetings"]] == ["created", "created"]
    copy = Meeting.objects.get(body__product=other)
    original = public_and_private["approved"]
    assert meeting_record(copy).content()[2:] == meeting_record(original, public=True).content()[2:]
    assert sorted(a.display_name for a in copy.attendances.all()) == ["Offentlig Formand"]
    assert copy.minute_taker is None and copy.chair is not None
    assert Decision.objects.get(product=other).title == "Offentlig beslutning"


def test_export_refuses_an_unknown_product_and_a_file_as_folder(world: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Intet produkt"):
        run("export_governance", str(tmp_path), "--product", "findes-ikke")
    target = tmp_path / "fil.md"
    target.write_text("x")
    with pytest.raises(CommandError, match="ikke en mappe"):
        run("export_governance", str(target), "--product", "os2alpha")


# Minutes as OS2's repositories write them, with people Programkontor does not know: a facilitator, a
# minute-taker and item owners who are not persons in the database, and agenda items under group
# headings. Written exactly as the export writes them, so the round trip can compare the files.
UNKNOWN_PEOPLE_MINUTES = """## Dagsorden og referat
# Styregruppemøde 03.12.2026

**Status**
- [x] Referat klar til godkendelse
- [ ] Referat godkendt

## Mødefakta

**Mødenavn**: Styregruppemøde

**Tid**: 03.12.2026 kl. 13:00 - 15:00

**Sted**: Rådhuset

#### Deltagere:
- [x] Hanne Ukendtsen (Formand)
- [ ] Jens Ikkeperson

#### Afbud:

#### Faciliteret af:
- [x] Lise Mødeleder (Mødeleder)
- [x] Ole Referent (Referent)

## Dagsorden

#### 1. Formalia
- 1.1 Godkendelse af dagsorden
- 1.2 Godkendelse af referat fra sidste møde
  **Ansvarlig**: Ole Referent

#### 2. Temaer
- 2.1 Status på drift
  **Ansvarlig**: Hanne Ukendtsen
  **Varighed**: 20 min.

  Leverandøren orienterer om driften.

  **Bilag**:
  - [Driftsrapport](https://example.org/drift.pdf)
- 2.2 Roadmap 2027
  **Ansvarlig**: Jens Ikkeperson

#### 3. Eventuelt
**Ansvarlig**: Lise Mødeleder

## Mødereferat

> #### 2.1 Status på drift

Driften er stabil.
"""
UNKNOWN_PEOPLE_PATH = "dagsordner-og-referater/styregruppe/20261203_OS2alphaStyregruppe.md"


def test_names_of_unknown_people_and_agenda_headings_survive_import_and_internal_export(
    world: Any, tmp_path: Path
) -> None:
    source = tmp_path / "kilde"
    (source / UNKNOWN_PEOPLE_PATH).parent.mkdir(parents=True)
    (source / UNKNOWN_PEOPLE_PATH).write_text(UNKNOWN_PEOPLE_MINUTES)
    result = import_json(source)
    assert [row["action"] for row in result["meetings"]] == ["created"]
    # Not linked to a person, and said so; but kept as written.
    assert {(u["field"], u["value"]) for u in result["unmapped"]} >= {
        ("Mødeleder", "Lise Mødeleder"),
        ("Referent", "Ole Referent"),
        ("Ansvarlig", "Hanne Ukendtsen"),
    }
    meeting = Meeting.objects.get(source_path=UNKNOWN_PEOPLE_PATH)
    assert meeting.chair is None and meeting.chair_name == "Lise Mødeleder"
    assert meeting.minute_taker is None and meeting.minute_taker_name == "Ole Referent"
    items = list(meeting.agenda_items.order_by("position"))
    assert [(i.section, i.number, i.owner_name) for i in items] == [
        ("1. Formalia", "1.1", ""),
        ("1. Formalia", "1.2", "Ole Referent"),
        ("2. Temaer", "2.1", "Hanne Ukendtsen"),
        ("2. Temaer", "2.2", "Jens Ikkeperson"),
        ("", "3", "Lise Mødeleder"),
    ]

    # The internal export writes the file back as it was: facilitators, owners and headings included.
    out, _err = run("export_governance", str(tmp_path / "eksport"), "--product", "os2alpha", "--internal")
    assert "0 beslutninger og 1 mødereferater" in out
    exported = (tmp_path / "eksport" / UNKNOWN_PEOPLE_PATH).read_text()
    assert "- [x] Lise Mødeleder (Mødeleder)" in exported and "- [x] Ole Referent (Referent)" in exported
    assert "#### 1. Formalia" in exported and "#### 2. Temaer" in exported
    assert "**Ansvarlig**: Hanne Ukendtsen" in exported
    assert exported == UNKNOWN_PEOPLE_MINUTES

    # Importing the export changes nothing, and exporting again writes the same file.
    again = import_json(tmp_path / "eksport")
    assert [row["action"] for row in again["meetings"]] == ["unchanged"]
    run("export_governance", str(tmp_path / "igen"), "--product", "os2alpha", "--internal")
    assert (tmp_path / "igen" / UNKNOWN_PEOPLE_PATH).read_text() == exported


def test_the_public_export_leaves_out_names_kept_as_text(world: Any, tmp_path: Path) -> None:
    world.steering.is_published = True
    world.steering.save()
    source = tmp_path / "kilde"
    (source / UNKNOWN_PEOPLE_PATH).parent.mkdir(parents=True)
    (source / UNKNOWN_PEOPLE_PATH).write_text(
        UNKNOWN_PEOPLE_MINUTES.replace("- [ ] Referat godkendt", "- [x] Referat godkendt 10.12.2026")
    )
    import_json(source)
    Meeting.objects.filter(source_path=UNKNOWN_PEOPLE_PATH).update(is_published=True)
    run("export_governance", str(tmp_path / "offentlig"), "--product", "os2alpha")
    exported = (tmp_path / "offentlig" / UNKNOWN_PEOPLE_PATH).read_text()
    assert "#### 1. Formalia" in exported and "Status på drift" in exported
    for name in ("Lise Mødeleder", "Ole Referent", "Hanne Ukendtsen", "Jens Ikkeperson"):
        assert name not in exported


def test_the_fixture_minutes_keep_their_facilitators_and_headings_on_export(
    world: Any, repo: Path, tmp_path: Path
) -> None:
    import_json(repo)
    august = Meeting.objects.get(source_path__endswith="20260806_OS2alphaStyregruppe.md")
    august.chair, august.minute_taker = None, None  # as if Dave and Carol were unknown here
    august.chair_name, august.minute_taker_name = "Dave Testsen", "Carol Testsen"
    august.save()
    run("export_governance", str(tmp_path / "eksport"), "--product", "os2alpha", "--internal")
    text = (tmp_path / "eksport" / august.source_path).read_text()
    assert "- [x] Dave Testsen (Mødeleder)\n- [x] Carol Testsen (Referent)" in text
    assert "#### 1. Formalia\n- 1.1 Godkendelse af referat fra 04.06.2026" in text
    # The same names as text: nothing a reader sees changed, so the file is written as the repository
    # has it (its own ``-2.1`` without a space included).
    assert "#### 2. Temaer\n-2.1 Sikkerhedshenvendelse" in text
    assert text == (repo / august.source_path).read_text()


def test_the_export_message_counts_records_by_kind_not_by_folder(world: Any, tmp_path: Path) -> None:
    # Two decisions imported from files outside "beslutninger/" still count as decisions.
    for day in (1, 2):
        DecisionFactory(
            product=world.product,
            title=f"Beslutning {day}",
            date=datetime.date(2026, 3, day),
            source_path=f"dagsordner-og-referater/bilag/2026-03-0{day}-beslutning.md",
        )
    for day in (3, 4, 5):
        DecisionFactory(product=world.product, title=f"Ny {day}", date=datetime.date(2026, 3, day))
    MeetingFactory(body=world.steering)
    MeetingFactory(body=world.steering, starts_at=datetime.datetime(2026, 2, 1, 12, tzinfo=datetime.UTC))
    out, _err = run("export_governance", str(tmp_path / "eksport"), "--product", "os2alpha", "--internal")
    assert "Skrev 5 beslutninger og 2 mødereferater" in out


def test_a_dato_that_disagrees_with_the_filename_is_listed_and_the_field_kept(
    world: Any, tmp_path: Path
) -> None:
    path = tmp_path / "repo" / "beslutninger" / "2026-03-15-skaev-dato.md"
    path.parent.mkdir(parents=True)
    path.write_text("# [ODR] Skæv dato\n\n- **Dato**: 05.03.2026\n- **Status**: Accepteret\n")
    result = import_json(tmp_path / "repo")
    [listed] = [u for u in result["unmapped"] if u["field"] == "Dato"]
    assert listed["source_file"] == "beslutninger/2026-03-15-skaev-dato.md"
    assert "2026-03-05" in listed["reason"] and "2026-03-15" in listed["reason"]
    assert Decision.objects.get(title="Skæv dato").date == datetime.date(2026, 3, 5)
