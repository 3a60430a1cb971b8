"""Issue 13, item 3: a meeting changed in Programkontor is written back in the repository's own style —
only the lines whose values changed, each written as the file wrote it; a change that cannot be placed
(an agenda item added) falls back to Programkontor's full layout."""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Q
from hypothesis import given
from hypothesis import strategies as st

from programkontor.governance.models import AgendaItem, Attendance, Meeting
from programkontor.governance.repository import records as r
from programkontor.governance.repository.mapping import format_time_range_like
from programkontor.governance.repository.render import render_meeting
from programkontor.governance.repository.restyle import patch_meeting, read_meeting
from tests import factories as f
from tests.conftest import os2_corpus
from tests.governance.test_meeting_formats_property import Meeting as TemplateMeeting
from tests.governance.test_meeting_formats_property import meetings, write

CORPUS = os2_corpus("project-group-ai-heatcontrol")
FIXTURE = Path(__file__).with_name("repo_fixture")
STEERING = "dagsordner-og-referater/styregruppe/20260806_OS2alphaStyregruppe.md"


def meeting_files() -> list[tuple[Path, str]]:
    found = []
    for root in (CORPUS, FIXTURE):
        for path in sorted(root.rglob("*.md")):
            relative = str(path.relative_to(root))
            if read_meeting(path.read_text(encoding="utf-8"), relative) is not None:
                found.append((root, relative))
    return found


MEETINGS = meeting_files()


def changed_lines(before: str, after: str) -> list[str]:
    """The removed (``-``) and added (``+``) lines between two texts, with their whitespace."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def source(root: Path, relative: str) -> tuple[str, r.MeetingRecord]:
    text = (root / relative).read_text(encoding="utf-8")
    record = read_meeting(text, relative)
    assert record is not None
    return text, record


def test_every_meeting_of_the_corpus_and_the_fixture_is_read() -> None:
    assert len([m for m in MEETINGS if m[0] == CORPUS]) == 7
    assert len([m for m in MEETINGS if m[0] == FIXTURE]) >= 3


@pytest.mark.parametrize(("root", "relative"), MEETINGS, ids=[m[1] for m in MEETINGS])
def test_a_patch_that_changes_nothing_gives_the_files_bytes(root: Path, relative: str) -> None:
    text, record = source(root, relative)
    assert patch_meeting(text, relative, record) == text


@pytest.mark.parametrize(("root", "relative"), MEETINGS, ids=[m[1] for m in MEETINGS])
def test_a_new_title_changes_only_the_lines_that_hold_it(root: Path, relative: str) -> None:
    text, record = source(root, relative)
    patched = patch_meeting(text, relative, dataclasses.replace(record, title="Nyt mødenavn"))
    assert patched is not None
    changes = changed_lines(text, patched)
    removed = [line for line in changes if line.startswith("-")]
    assert removed and all(record.title in line for line in removed)
    assert all("Nyt mødenavn" in line for line in changes if line.startswith("+"))
    assert all(line[1:].startswith(("# ", "**Mødenavn**")) for line in changes), changes


def test_the_corpus_keeps_its_hard_line_breaks_and_its_written_dates() -> None:
    text, record = source(CORPUS, "projektadministration/møder/pm2.md")
    patched = patch_meeting(
        text, "projektadministration/møder/pm2.md", dataclasses.replace(record, title="Møde 2")
    )
    assert patched is not None
    assert changed_lines(text, patched) == [
        "-# Referat : OS2 AI Heat Control Projektmøde nr. 2 18. februar 2026",
        "+# Referat : Møde 2 18. februar 2026",
        "-**Mødenavn**: OS2 AI Heat Control Projektmøde nr. 2  ",
        "+**Mødenavn**: Møde 2  ",
    ]
    moved = patch_meeting(
        text,
        "projektadministration/møder/pm2.md",
        dataclasses.replace(record, date=datetime.date(2026, 2, 19)),
    )
    assert moved is not None
    assert changed_lines(text, moved) == ["-**Tid**: 18. februar 2026  ", "+**Tid**: 19. februar 2026  "]


def test_a_new_start_time_changes_only_the_time_line_in_its_format() -> None:
    text, record = source(FIXTURE, STEERING)
    later = patch_meeting(text, STEERING, dataclasses.replace(record, start=datetime.time(13, 30)))
    assert later is not None
    assert changed_lines(text, later) == [
        "-**Tid**: 06.08.26  kl. 13 - 14",
        "+**Tid**: 06.08.26  kl. 13:30 - 14",
    ]
    text6, record6 = source(CORPUS, "projektadministration/møder/pm6.md")
    earlier = patch_meeting(
        text6, "projektadministration/møder/pm6.md", dataclasses.replace(record6, start=datetime.time(9))
    )
    assert earlier is not None
    assert changed_lines(text6, earlier) == [
        "-**Tid**: 03.06.2026  kl. 10.00 - 12.30  ",
        "+**Tid**: 03.06.2026  kl. 9.00 - 12.30  ",
    ]


@pytest.mark.parametrize(
    ("example", "written"),
    [
        ("kl. 13 - 14", "kl. 9:30 - 15"),
        ("kl. 13:00-14:00", "kl. 9:30-15:00"),
        ("kl. 09.30 til 11", "kl. 09.30 til 15.00"),
        ("", "kl. 09:30 - 15:00"),
    ],
)
def test_times_are_written_in_the_shape_of_the_existing_ones(example: str, written: str) -> None:
    assert format_time_range_like(datetime.time(9, 30), datetime.time(15), example) == written


def test_ticking_minutes_approved_changes_only_that_status_line() -> None:
    text, record = source(FIXTURE, STEERING)
    approved = dataclasses.replace(record, status="minutes_approved", approved_on=datetime.date(2026, 9, 3))
    patched = patch_meeting(text, STEERING, approved)
    assert patched is not None
    assert changed_lines(text, patched) == ["-- [ ] Referat godkendt", "+- [x] Referat godkendt 03.09.2026"]


def test_pm6s_own_status_is_ticked_not_the_later_approval_of_the_previous_minutes() -> None:
    relative = "projektadministration/møder/pm6.md"
    text, record = source(CORPUS, relative)
    patched = patch_meeting(text, relative, dataclasses.replace(record, status="minutes_approved"))
    assert patched is not None
    [removed, added] = changed_lines(text, patched)
    assert (removed, added) == ("-- [ ] Referat godkendt", "+- [x] Referat godkendt")
    assert text.index(removed[1:]) < text.index("## Mødefakta")


def test_an_attendance_tick_and_an_agenda_title_change_their_own_lines() -> None:
    text, record = source(FIXTURE, STEERING)
    people = tuple(
        dataclasses.replace(p, status="absent") if p.name == "Dave Testsen" else p
        for p in record.participants
    )
    first = dataclasses.replace(record.items[0], title="Godkendelse af referat")
    patched = patch_meeting(
        text, STEERING, dataclasses.replace(record, participants=people, items=(first, *record.items[1:]))
    )
    assert patched is not None
    assert changed_lines(text, patched) == [
        "-- [x] Dave Testsen",
        "+- [ ] Dave Testsen",
        "-- 1.1 Godkendelse af referat fra 04.06.2026",
        "+- 1.1 Godkendelse af referat",
    ]
    # The chair's own line under "Faciliteret af" is left as it was.
    assert "- [x] Dave Testsen (Mødeleder)" in patched


def test_a_change_that_cannot_be_placed_falls_back_to_the_full_layout() -> None:
    text, record = source(FIXTURE, STEERING)
    added = dataclasses.replace(record, items=(*record.items, r.ItemRecord(number="3", title="Eventuelt")))
    assert patch_meeting(text, STEERING, added) is None
    newcomer = dataclasses.replace(record, participants=(*record.participants, r.Participant("Ny Person")))
    assert patch_meeting(text, STEERING, newcomer) is None
    reordered = dataclasses.replace(record, items=tuple(reversed(record.items)))
    assert patch_meeting(text, STEERING, reordered) is None


# --- Through the database and the export command ------------------------------------------------------


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def imported(world: Any, tmp_path: Path) -> Path:
    f.BodyFactory(kind="coordination", name="Koordinationsgruppen for OS2alpha", product=world.product)
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    json.loads(run("import_governance", str(repo), "--product", "os2alpha", "--format", "json"))
    return repo


def export(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    run("export_governance", str(target), "--product", "os2alpha", "--internal")
    return target


def test_a_meeting_changed_in_the_app_is_exported_in_the_repositorys_style(
    imported: Path, tmp_path: Path
) -> None:
    meeting = Meeting.objects.get(source_path=STEERING)
    meeting.title = "Ekstraordinært møde"
    meeting.starts_at = meeting.starts_at + datetime.timedelta(minutes=30)
    meeting.save()
    dave = Q(name="Dave Testsen") | Q(person__first_name="Dave", person__last_name="Testsen")
    assert Attendance.objects.filter(dave, meeting=meeting).update(status="absent") == 1
    target = export(tmp_path, "export")
    before = (imported / STEERING).read_text(encoding="utf-8")
    assert changed_lines(before, (target / STEERING).read_text(encoding="utf-8")) == [
        "-# OS2alpha styregruppemøde 06.08.2026",
        "+# Ekstraordinært møde 06.08.2026",
        "-**Mødenavn**: OS2alpha styregruppemøde",
        "+**Mødenavn**: Ekstraordinært møde",
        "-**Tid**: 06.08.26  kl. 13 - 14",
        "+**Tid**: 06.08.26  kl. 13:30 - 14",
        "-- [x] Dave Testsen",
        "+- [ ] Dave Testsen",
    ]
    # Read back, the file is what Programkontor holds: nothing to update.
    result = json.loads(run("import_governance", str(target), "--product", "os2alpha", "--format", "json"))
    assert result["summary"]["meetings"]["updated"] == 0


def test_an_added_agenda_item_writes_the_whole_file_in_programkontors_layout(
    imported: Path, tmp_path: Path
) -> None:
    meeting = Meeting.objects.get(source_path=STEERING)
    AgendaItem.objects.create(meeting=meeting, position=99, number="3", title="Eventuelt")
    target = export(tmp_path, "export")
    written = (target / STEERING).read_text(encoding="utf-8")
    assert "#### 3. Eventuelt" in written
    assert "**Tid**: 06.08.2026 kl. 13:00 - 14:00" in written  # the full layout, documented fallback
    record = read_meeting(written, STEERING)
    assert record is not None and written == render_meeting(
        dataclasses.replace(record, body_kind="steering_group")
    )


# --- Property: files written from OS2's template in every way the property test of the parser writes them


@given(
    meetings(),
    st.sampled_from(["list", "table"]),
    st.sampled_from(["headings", "list", "table"]),
    st.sampled_from(["nothing", "title", "start", "status", "minutes"]),
)
def test_a_template_meeting_is_patched_in_its_changed_lines_only(
    meeting: TemplateMeeting, people_as: str, agenda_as: str, change: str
) -> None:
    relative = "projektgruppe/pm.md"
    text = write(meeting, people_as, agenda_as)
    record = read_meeting(text, relative)
    assert record is not None
    changes: dict[str, dict[str, Any]] = {
        "nothing": {},
        "title": {"title": "Nyt navn"},
        "start": {"start": datetime.time(12, 30)},
        "status": {"status": "minutes_ready" if record.status == "minutes_approved" else "minutes_approved"},
        "minutes": {"items": (dataclasses.replace(record.items[0], minutes="Udsat."), *record.items[1:])},
    }
    patched = patch_meeting(text, relative, dataclasses.replace(record, **changes[change]))
    if change == "status" and record.count("invited"):
        # An agenda's unticked people are invited; in minutes an unticked box says absent: the file cannot
        # hold "invited" in minutes, so no patch claims it does (the full layout is written instead).
        assert patched is None
        return
    assert patched is not None
    lines = changed_lines(text, patched)
    expected = {
        "nothing": [],
        "title": [
            "-# Referat :   OS2test projektgruppemøde 03.06.2026",
            "+# Referat :   Nyt navn 03.06.2026",
            "-**Mødenavn**: OS2test projektgruppemøde  ",
            "+**Mødenavn**: Nyt navn  ",
        ],
        "start": ["-**Tid**: 03.06.2026  kl. 13 - 15  ", "+**Tid**: 03.06.2026  kl. 12:30 - 15  "],
        "minutes": ["-Drøftet under punkt 1.", "+Udsat."],
    }
    if change == "status":
        assert len(lines) in (2, 4) and all("Referat" in line for line in lines)
    else:
        assert lines == expected[change]
