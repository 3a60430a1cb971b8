"""Governance repositories with hostile files: refused or left out clearly, nothing half-saved, and the
export writes user text inert and reads it back as written (issue 10)."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from programkontor.governance.models import Decision, Meeting
from programkontor.governance.repository import scan as scan_module
from programkontor.governance.repository.conversion import decision_record, meeting_record
from programkontor.governance.repository.parse import parse_decision, parse_minutes
from programkontor.governance.repository.scan import RepositoryLimits, RepositoryTooLarge, scan_folder
from tests import factories as f
from tests.conftest import os2_corpus
from tests.governance.factories import AgendaItemFactory, AttendanceFactory, DecisionFactory, MeetingFactory

FIXTURE = Path(__file__).with_name("repo_fixture")
HEATCONTROL = os2_corpus("project-group-ai-heatcontrol")
SCRIPT = "<script>alert(1)</script>"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def import_json(path: Path, product: str = "os2alpha") -> dict[str, Any]:
    return json.loads(run("import_governance", str(path), "--product", product, "--format", "json"))  # type: ignore[no-any-return]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(FIXTURE, target)
    return target


# --- Reading -----------------------------------------------------------------------------------

LONG = 200_000
PATHOLOGICAL = [
    "# a" + " " * LONG + "b",
    "# a" + " #" * LONG + "b",
    "- **Dato**: " + " " * LONG + "x",
    "- [x] " + " " * LONG + "x",
    " " * LONG + "x",
    "- " + "(" * LONG,
    "#" * LONG,
    "**Bilag**:\n- " + "[" * LONG,
    "gæster" + " " * LONG + "x",
    "## Mødefakta\n**Mødenavn**: a" + "(" * LONG + "\n## Dagsorden\n**Tid**: 1.1.2025",
]


@pytest.mark.parametrize("text", PATHOLOGICAL, ids=range(len(PATHOLOGICAL)))
def test_a_pathological_line_is_read_in_linear_time(text: str) -> None:
    """These lines took the old patterns quadratic or cubic time (minutes and more); now at once."""
    parse_decision(text, "beslutninger/2025-01-01-x.md")
    parse_minutes(text, "dagsordner-og-referater/styregruppe/20250101_x.md")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("#*-[]x() :.\n0123456789abÆøå>|`")), max_size=300) | st.text())
def test_any_text_parses_to_a_record_or_to_what_could_not_be_mapped(text: str) -> None:
    for parse, path in (
        (parse_decision, "beslutninger/2025-01-01-x.md"),
        (parse_minutes, "styregruppe/x.md"),
    ):
        parsed = parse(text, path)
        assert parsed.record is not None or parsed.unmapped


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"# [SDR] Titel\x00\n- **Dato**: 2025-01-01\n", "ikke tekst"),
        (b"PK\x03\x04" + bytes(range(256)), "ikke tekst"),
        (b"\xef\xbb\xbf# [SDR] \xff\xfe\n", "ikke tekst i UTF-8"),
        (b"x" * (1024 * 1024 + 1), "større end 1 MB"),
        (b"# [SDR] x\n" * 20_001, "mere end 20000 linjer"),
    ],
)
def test_a_file_that_is_not_readable_text_is_left_out_and_listed(
    repo: Path, content: bytes, reason: str
) -> None:
    (repo / "beslutninger" / "2025-03-03-ond.md").write_bytes(content)
    scan = scan_folder(repo)
    assert "beslutninger/2025-03-03-ond.md" not in [path for path, _record in scan.decisions]
    (left_out,) = [item for item in scan.unmapped if item.source_file == "beslutninger/2025-03-03-ond.md"]
    assert reason in left_out.reason


def test_hidden_folders_and_symbolic_links_are_not_read(repo: Path, tmp_path: Path) -> None:
    (repo / ".git").mkdir()
    (repo / ".git" / "2025-01-01-skjult.md").write_text("# [SDR] Skjult\n- **Dato**: 2025-01-01\n")
    outside = tmp_path / "udenfor.md"
    outside.write_text("# [SDR] Udenfor\n- **Dato**: 2025-01-01\n")
    (repo / "beslutninger" / "2025-01-01-link.md").symlink_to(outside)
    scan = scan_folder(repo)
    titles = {record.title for _path, record in scan.decisions}
    assert not {"Skjult", "Udenfor"} & titles
    assert any(item.reason == "symbolsk link; ikke fulgt" for item in scan.unmapped)


def test_a_repository_past_the_limits_is_refused_before_it_is_read(repo: Path) -> None:
    with pytest.raises(RepositoryTooLarge, match="more than 3 Markdown files"):
        scan_module.markdown_files(repo, RepositoryLimits(max_files=3))
    with pytest.raises(RepositoryTooLarge, match="add up to more than 1 KB"):
        scan_module.markdown_files(repo, RepositoryLimits(max_bytes=1024))


# --- Importing -----------------------------------------------------------------------------------


def test_the_command_refuses_a_repository_past_the_limits_and_saves_nothing(
    world: Any, repo: Path, settings: Any
) -> None:
    settings.PROGRAMKONTOR_GOVERNANCE_IMPORT = {**settings.PROGRAMKONTOR_GOVERNANCE_IMPORT, "max_files": 3}
    with pytest.raises(CommandError, match="Intet er importeret: Repositoriet indeholder mere end 3"):
        import_json(repo)
    assert Decision.objects.count() == 0 and Meeting.objects.count() == 0


def test_a_value_the_database_cannot_store_names_its_file_and_saves_nothing(world: Any, repo: Path) -> None:
    folder = repo / ("a" * 200) / ("b" * 200) / ("c" * 100)
    folder.mkdir(parents=True)
    (folder / "2025-03-03-dyb.md").write_text(
        "# [SDR] Dybt gemt\n- **Dato**: 2025-03-03\n- **Status**: Besluttet\n"
    )
    with pytest.raises(
        CommandError, match=r"Intet er gemt: a{200}/b{200}/c{100}/2025-03-03-dyb\.md indeholder en værdi"
    ):
        import_json(repo)
    assert Decision.objects.count() == 0 and Meeting.objects.count() == 0


def test_the_clone_timeout_comes_from_the_settings(
    world: Any, repo: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from contextlib import contextmanager

    from programkontor.governance.management.commands import import_governance

    seen: list[float] = []

    @contextmanager
    def working_tree(location: str, *, timeout: float) -> Any:
        seen.append(timeout)
        yield Path(location)

    monkeypatch.setattr(import_governance, "working_tree", working_tree)
    settings.PROGRAMKONTOR_GOVERNANCE_IMPORT = {
        **settings.PROGRAMKONTOR_GOVERNANCE_IMPORT,
        "clone_timeout": 7,
    }
    import_json(repo)
    assert seen == [7.0]


@pytest.mark.skipif(not HEATCONTROL.is_dir(), reason=f"OS2's corpus is not at {HEATCONTROL}")
def test_the_real_project_group_repository_still_scans(tmp_path: Path) -> None:
    scan = scan_folder(HEATCONTROL)
    assert len(scan.meetings) == 7


# --- Exporting -------------------------------------------------------------------------------------


def test_the_export_writes_user_text_inert_and_imports_it_back_as_written(world: Any, tmp_path: Path) -> None:
    meeting = MeetingFactory(
        body=world.steering, status="minutes_ready", title="Møde {{ site }}", location="<b>Sal</b>"
    )
    item = AgendaItemFactory(
        meeting=meeting,
        title="Punkt <img src=x onerror=alert(1)>",
        description="Se [bilag](javascript:alert(1))",
        minutes=f"Referat {SCRIPT}\n\n{{: onclick=alert(1)}}",
    )
    item.attachments.create(title="Ondt [bilag]", url="https://example.org/bilag.pdf")
    AttendanceFactory(meeting=meeting, person=None, name="Gæst <i>x</i>", status="present")
    DecisionFactory(
        product=world.product,
        title=f"Beslutning {SCRIPT}",
        status="decided",
        decided_by_body=world.steering,
        context="[klik](&#106;avascript:alert(1))\n\n[ref]: vbscript:x",
        decision="{% include x.html %} &lt;allerede escapet&gt;",
    )
    run("export_governance", str(tmp_path / "export"), "--product", "os2alpha", "--internal")
    files = {p.name: p.read_text() for p in (tmp_path / "export").rglob("*.md")}
    everything = "\n".join(files.values())
    for raw in ("<script", "<img", "<b>", "<i>", "](javascript", "](&#106;avascript", "{{", "{%", "{:"):
        assert raw not in everything, raw
    assert "[ref]: vbscript" not in everything

    other = f.ProductFactory(name="OS2omega", slug="os2omega", program=world.program)
    f.BodyFactory(product=other, name="Styregruppen for OS2omega")
    import_json(tmp_path / "export", "os2omega")
    copy, original = Decision.objects.get(product=other), Decision.objects.get(product=world.product)
    assert decision_record(copy).content() == decision_record(original).content()
    copied = Meeting.objects.get(body__product=other)
    assert meeting_record(copied).content()[2:] == meeting_record(meeting).content()[2:]
