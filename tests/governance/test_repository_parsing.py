"""Parsing and mapping OS2's governance Markdown (pure functions), and writing it back."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programkontor.governance.repository import mapping
from programkontor.governance.repository import records as r
from programkontor.governance.repository.parse import parse_decision, parse_minutes
from programkontor.governance.repository.render import render_decision, render_meeting
from programkontor.governance.repository.scan import scan_folder

FIXTURE = Path(__file__).with_name("repo_fixture")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Accepteret", "decided"),
        ("Besluttet. (Ratificeret på koordinationsgruppemødet 02.02.2026)", "decided"),
        ("Godkendt på styregruppemødet den 7. maj 2026", "decided"),
        ("Forslag", "proposed"),
        ("Udkast", "proposed"),
        ("Forslag til godkendelse i styregruppen", "proposed"),
        ("Afvist", "rejected"),
        ("Ikke godkendt", "rejected"),
        ("Erstattet af SDR 12", "superseded"),
        ("Afventer ratificering i styregruppen", "ratification_pending"),
        ("Måske en dag", None),
        ("", None),
    ],
)
def test_free_text_statuses_are_normalised_or_left_unmapped(text: str, expected: str | None) -> None:
    assert mapping.normalise_status(text) == expected


@pytest.mark.parametrize(
    ("text", "kinds", "leftover"),
    [
        ("Styregruppen", ("steering_group",), ""),
        ("Koordinationsgruppen", ("coordination_group",), ""),
        ("Styregruppen-Koordinationgruppen", ("steering_group", "coordination_group"), ""),
        ("Styregruppen og Koordinationsgruppen", ("steering_group", "coordination_group"), ""),
        ("OS2-bestyrelsen", ("board",), ""),
        ("OS2-sekretariatet", ("secretariat",), ""),
        ("Peter (beslutningsejer)", (), "peter (beslutningsejer)"),
    ],
)
def test_decision_makers_map_to_body_kinds_and_leftovers_are_reported(
    text: str, kinds: tuple[str, ...], leftover: str
) -> None:
    assert mapping.decided_by(text) == (kinds, leftover)


def test_dates_in_the_formats_seen() -> None:
    assert mapping.parse_date("2026-08-21") == datetime.date(2026, 8, 21)
    assert mapping.parse_date("15-05-2026") == datetime.date(2026, 5, 15)
    assert mapping.parse_date("17.09.2026  kl. 11 - 12") == datetime.date(2026, 9, 17)
    assert mapping.parse_date("03.08.26  kl. 13 - 14") == datetime.date(2026, 8, 3)
    assert mapping.parse_date("2. februar 2026") == datetime.date(2026, 2, 2)
    assert mapping.parse_date("dd.mm.yyyy") is None
    assert mapping.parse_date("31.02.2026") is None
    assert mapping.parse_time_range("kl. 13 - 14:30") == (datetime.time(13), datetime.time(14, 30))
    assert mapping.date_from_filename("20260917_OS2BorgerPCStyregruppe.md") == datetime.date(2026, 9, 17)
    assert mapping.date_from_filename("2026-08-21-midler.md") == datetime.date(2026, 8, 21)
    assert mapping.date_from_filename("02-02-2026.md") == datetime.date(2026, 2, 2)


def test_record_type_from_prefix_and_field_with_conflicts_reported() -> None:
    assert mapping.record_type_of("SDR", "Strategisk") == ("strategic", None)
    assert mapping.record_type_of(None, "Operationel") == ("operational", None)
    assert mapping.record_type_of("SDR", "Operationel") == ("strategic", "conflict")
    assert mapping.record_type_of(None, "Noget andet") == (None, "unknown")


def test_a_decision_record_with_bold_fields_and_sections() -> None:
    text = (FIXTURE / "beslutninger/2025-02-10-frikoeb-af-produktkoordinator.md").read_text()
    parsed = parse_decision(text, "beslutninger/2025-02-10-frikoeb-af-produktkoordinator.md")
    record = parsed.record
    assert isinstance(record, r.DecisionRecord)
    assert record.title == "Frikøb af produktkoordinator hos Testrup Kommune"
    assert record.date == datetime.date(2025, 2, 10)
    assert (record.record_type, record.status, record.decided_by) == (
        "operational",
        "decided",
        ("steering_group",),
    )
    assert record.decision.startswith("Ansvaret for den daglige produktforvaltning")
    assert "Nøglepersonafhængighed" in record.risks
    assert "Frikøbsaftale" in record.implementation
    assert "## Yderligere information" in record.other_sections
    assert [u.field for u in parsed.unmapped] == ["section"]


def test_the_field_variant_with_colon_inside_the_bold_and_a_dmy_date() -> None:
    text = (FIXTURE / "beslutninger/2026-05-07-ny-version-i-2027.md").read_text()
    record = parse_decision(text, "x.md").record
    assert isinstance(record, r.DecisionRecord)
    assert record.date == datetime.date(2026, 5, 7)
    assert record.status == "decided"
    assert record.decided_by == ("steering_group", "coordination_group")
    assert record.status_text == "Godkendt på styregruppemødet den 7. maj 2026"


def test_a_field_section_holding_only_the_bullets_gives_way_to_the_decision_section() -> None:
    text = (FIXTURE / "beslutninger/2026-08-21-midler-til-sikkerhedshaendelser.md").read_text()
    record = parse_decision(text, "x.md").record
    assert isinstance(record, r.DecisionRecord)
    assert record.decision.startswith("Produktforvaltningen bemyndiges")
    assert record.context.startswith("En medlemskommune")
    assert "## Problemstilling" in record.other_sections


def test_a_record_without_any_date_is_not_imported_and_says_why() -> None:
    parsed = parse_decision("# [ODR] Uden dato\n\n- **Status**: Accepteret\n", "beslutninger/uden-dato.md")
    assert parsed.record is None
    assert parsed.unmapped[-1].field == "Dato"


def test_a_dato_that_disagrees_with_the_filename_is_reported_and_the_field_wins() -> None:
    text = "# [ODR] Skæv dato\n\n- **Dato**: 2026-03-05\n- **Status**: Accepteret\n"
    parsed = parse_decision(text, "beslutninger/2026-03-15-skaev-dato.md")
    assert isinstance(parsed.record, r.DecisionRecord)
    assert parsed.record.date == datetime.date(2026, 3, 5)
    [reported] = [u for u in parsed.unmapped if u.field == "Dato"]
    assert reported.source_file == "beslutninger/2026-03-15-skaev-dato.md"
    assert reported.value == "2026-03-05"
    assert "2026-03-05" in reported.reason and "2026-03-15" in reported.reason
    # Agreeing dates (in another notation) are not reported.
    agreeing = parse_decision(text.replace("2026-03-05", "15.03.2026"), "beslutninger/2026-03-15-x.md")
    assert not [u for u in agreeing.unmapped if u.field == "Dato"]


def test_minutes_with_checklists_apologies_facilitators_agenda_and_quoted_minutes() -> None:
    path = "dagsordner-og-referater/styregruppe/20260604_OS2alphaStyregruppe.md"
    parsed = parse_minutes((FIXTURE / path).read_text(), path)
    record = parsed.record
    assert isinstance(record, r.MeetingRecord)
    assert record.body_kind == "steering_group"
    assert record.date == datetime.date(2026, 6, 4)
    assert (record.start, record.end) == (datetime.time(13), datetime.time(14, 30))
    assert record.status == "minutes_approved" and record.approved_on == datetime.date(2026, 8, 6)
    assert (record.count("present"), record.count("absent"), record.count("apologies")) == (3, 1, 1)
    assert (record.chair, record.minute_taker) == ("Dave Testsen", "Carol Testsen")
    assert [item.number for item in record.items] == ["1.1", "1.2", "2.1", "2.2", "3"]
    by_number = {item.number: item for item in record.items}
    assert by_number["1.2"].minutes == "Referatet fra sidste møde blev godkendt."
    assert by_number["2.2"].minutes.startswith("Beslutning: Styregruppen godkendte")
    assert "Hvad tager vi med hjem?" in by_number["2.1"].description
    assert record.minutes_summary == "Løs tekst."  # minutes of a number not on the agenda
    guests = [p for p in record.participants if p.guest]
    assert [g.name for g in guests] == ["Rune Gæst"]
    reasons = {u.field for u in parsed.unmapped}
    assert {"section", "minutes"} <= reasons


def test_an_agenda_sent_before_the_meeting_has_nobody_absent_yet() -> None:
    path = "dagsordner-og-referater/koordinationsgruppe/20261005_OS2alphaKoordinationsgruppe.md"
    record = parse_minutes((FIXTURE / path).read_text(), path).record
    assert isinstance(record, r.MeetingRecord)
    assert record.body_kind == "coordination_group" and record.status == "agenda_sent"
    assert {p.status for p in record.participants} == {"invited"}
    assert record.location == "Rådhuset, mødelokale 2"


def test_scanning_the_fixture_repository_skips_templates_and_lists_what_it_cannot_read() -> None:
    scan = scan_folder(FIXTURE)
    assert sorted(scan.templates) == [
        "beslutninger/skabelon.md",
        "dagsordner-og-referater/styregruppe/skabelon.md",
    ]
    assert len(scan.decisions) == 7
    assert len(scan.meetings) == 4
    files = {u.source_file for u in scan.unmapped}
    assert "beslutninger/uden-dato.md" in files
    assert "strategisk-beslutningslog/noter.md" in files
    assert "dagsordner-og-referater/koordinationsgruppe/ugyldig.md" in files
    assert "README.md" not in files


# ------------------------------------------------------------------------------ round trips

line = (
    st.text(
        alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd"), whitelist_characters=" æøåÆØÅ,.!?"),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(lambda s: s and not s[0].isdigit() and not s.startswith(("-", ".")))
)
paragraph = st.lists(line, min_size=1, max_size=3).map(lambda lines: " ".join(lines))
body_text = st.one_of(st.just(""), paragraph)
kinds = st.sampled_from(["steering_group", "coordination_group", "board", "secretariat"])


@st.composite
def decisions(draw: st.DrawFn) -> r.DecisionRecord:
    makers = draw(st.lists(kinds, max_size=2, unique=True))
    return r.DecisionRecord(
        title=draw(line),
        date=draw(st.dates(datetime.date(2015, 1, 1), datetime.date(2035, 1, 1))),
        record_type=draw(st.sampled_from([None, "strategic", "operational"])),
        status=draw(st.sampled_from(r.STATUSES)),
        decided_by=tuple(makers),
        kind=draw(st.sampled_from([None, "level_change", "budget"])),
        context=draw(body_text),
        decision=draw(body_text),
        consequences=draw(body_text),
        implementation=draw(body_text),
        risks=draw(body_text),
    )


@settings(max_examples=150)
@given(decisions())
def test_a_rendered_decision_reads_back_as_the_same_record(record: r.DecisionRecord) -> None:
    parsed = parse_decision(render_decision(record), "beslutninger/x.md")
    assert isinstance(parsed.record, r.DecisionRecord)
    assert parsed.record.content() == record.content()
    assert parsed.record.kind == record.kind
    assert not parsed.unmapped or all(
        u.field == "Beslutningstagere" and not record.decided_by for u in parsed.unmapped
    )


names = st.tuples(
    st.sampled_from(["Anne", "Lars", "Mette", "Søren", "Ida"]),
    st.sampled_from(["Holm", "Krogh", "Bach", "Friis"]),
).map(" ".join)


@st.composite
def meetings(draw: st.DrawFn) -> r.MeetingRecord:
    people = draw(st.lists(names, min_size=1, max_size=5, unique=True))
    status = draw(st.sampled_from(r.MEETING_STATUSES))
    held = status != "agenda_sent"
    participants = tuple(
        r.Participant(
            name,
            "",
            draw(st.sampled_from(["present", "absent", "apologies"])) if held else "invited",
            guest=False,
        )
        for name in people
    )
    if held and not any(p.status == "present" for p in participants):
        participants = (r.Participant(participants[0].name, "", "present"), *participants[1:])
    # Items on their own (``#### 3. Eventuelt``) or under a heading (``#### 1. Formalia`` / ``- 1.1 …``),
    # presented by a participant or by someone else (a name only, as imported minutes keep it).
    numbers: list[tuple[str, str]] = []
    for index in range(1, draw(st.integers(1, 4)) + 1):
        if draw(st.booleans()):
            section = f"{index}. {draw(line)}"
            numbers += [(f"{index}.{sub}", section) for sub in range(1, draw(st.integers(1, 3)) + 1)]
        else:
            numbers.append((f"{index}", ""))
    items = tuple(
        r.ItemRecord(
            number=number,
            title=draw(line),
            description=draw(body_text),
            owner=draw(st.one_of(st.just(""), names)),
            duration_minutes=draw(st.one_of(st.none(), st.integers(5, 90))),
            minutes=draw(body_text) if held else "",
            attachments=tuple(
                r.Attachment(draw(line), f"https://example.org/{n}") for n in range(draw(st.integers(0, 2)))
            ),
            section=section,
        )
        for number, section in numbers
    )
    start = draw(st.one_of(st.none(), st.times().map(lambda t: t.replace(second=0, microsecond=0))))
    return r.MeetingRecord(
        body_kind=draw(st.sampled_from(["steering_group", "coordination_group"])),
        date=draw(st.dates(datetime.date(2015, 1, 1), datetime.date(2035, 1, 1))),
        title=draw(line),
        start=start,
        location=draw(st.sampled_from(["Virtuel", "Rådhuset", ""])),
        status=status,
        approved_on=draw(st.dates(datetime.date(2015, 1, 1), datetime.date(2035, 1, 1)))
        if status == "minutes_approved"
        else None,
        participants=participants,
        chair=people[0] if held else "",
        minute_taker=people[-1] if held else "",
        items=items,
    )


def test_a_meeting_titled_ad_is_not_read_as_the_minutes_of_an_item() -> None:
    """Its title heading, "# AD 01.01.2015", looks like "Ad 1. …", which heads an item's minutes
    (found by the round-trip test below)."""
    record = r.MeetingRecord(
        body_kind="steering_group",
        date=datetime.date(2015, 1, 1),
        title="AD",
        location="Virtuel",
        status="agenda_sent",
        participants=(r.Participant("Anne Holm", "", "invited", guest=False),),
        items=(r.ItemRecord(number="1", title="Godkendelse af dagsorden"),),
    )
    parsed = parse_minutes(render_meeting(record), "dagsordner-og-referater/styregruppe/20150101_X.md")
    assert isinstance(parsed.record, r.MeetingRecord)
    assert parsed.record.title == "AD"
    assert parsed.record.minutes_summary == ""
    assert [item.minutes for item in parsed.record.items] == [""]


@settings(max_examples=150)
@given(meetings())
def test_rendered_minutes_read_back_as_the_same_record(record: r.MeetingRecord) -> None:
    assert record.body_kind is not None
    folder = mapping.FOLDER_OF[record.body_kind]
    parsed = parse_minutes(render_meeting(record), f"dagsordner-og-referater/{folder}/20260101_X.md")
    assert isinstance(parsed.record, r.MeetingRecord)
    if record.start is None or record.start == datetime.time(0, 0):
        record = r.MeetingRecord(**{**record.__dict__, "start": parsed.record.start})
    assert parsed.record.content() == record.content()
