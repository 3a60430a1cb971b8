"""Property: a meeting written from OS2's minutes template (``projektadministration/templates/mødereferat.md``
in the corpus) reads as the same meeting whichever way the author wrote its parts: participants as a
checklist or a table, the agenda as headings, a numbered list or a table, the status ticked or not."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from programkontor.governance.repository.minutes import parse_minutes

FIRST = ["Anna", "Bo", "Jens", "Karen", "Mette", "Ole", "Pia", "Søren", "Åse", "Ib"]
LAST = ["Hansen", "Jensen", "Nørby", "Kaiser", "Berg", "Frey", "Møller", "Aagaard"]
ORGANISATIONS = ["Silkeborg Kommune", "Aarhus Kommune, IT", "OS2-sekretariatet", "Region Midtjylland"]
TITLES = ["Formalia", "Økonomi og budget", "Status på projektet", "Markedsdialog", "Eventuelt", "Næste møde"]


@dataclass(frozen=True)
class Meeting:
    people: list[tuple[str, str, bool]]  # name, organisation, present
    apologies: list[str]
    agenda: list[str]
    ready: bool
    approved: bool


@st.composite
def meetings(draw: st.DrawFn) -> Meeting:
    names = draw(
        st.lists(
            st.tuples(st.sampled_from(FIRST), st.sampled_from(LAST)), min_size=1, max_size=6, unique=True
        )
    )
    people = [
        (f"{first} {last}", draw(st.sampled_from(ORGANISATIONS)), draw(st.booleans()))
        for first, last in names
    ]
    apologies = [name for name, _organisation, present in people if not present and draw(st.booleans())]
    agenda = draw(st.lists(st.sampled_from(TITLES), min_size=1, max_size=6, unique=True))
    return Meeting(people, apologies, agenda, draw(st.booleans()), draw(st.booleans()))


def write(meeting: Meeting, people_as: str, agenda_as: str) -> str:
    def box(ticked: bool) -> str:
        return "[x]" if ticked else "[ ]"

    lines = [
        "📆 _sidst opdateret: {{ site.time | date: '%B %d, %Y' }}_",
        "",
        "# Referat :   OS2test projektgruppemøde 03.06.2026",
        "",
        "**Status**",
        "- [x] Mødet kalendersat",
        "- [x] Dagsorden udarbejdet",
        f"- {box(meeting.ready)} Referat sendt til godkendelse",
        f"- {box(meeting.approved)} Referat godkendt",
        "- [ ] Referat publiceret  ",
        "",
        "## Mødefakta",
        "",
        "**Mødenavn**: OS2test projektgruppemøde  ",
        "**Tid**: 03.06.2026  kl. 13 - 15  ",
        "**Sted**: Virtuel ",
        "",
        "#### Deltagere:",
    ]
    if people_as == "list":
        lines += [
            f"- {box(present)} {name}, {organisation}" for name, organisation, present in meeting.people
        ]
    else:
        lines += ["", "| Navn | Organisation | Tilstede |", "|---|---|---|"]
        lines += [
            f"| {name} | {organisation} | {'X' if present else '-'} |"
            for name, organisation, present in meeting.people
        ]
    lines += ["", "#### Afbud:", *[f"- [ ] {name}" for name in meeting.apologies], ""]
    lines += ["## Møde Indhold", "", "### Dagsorden"]
    if agenda_as == "headings":
        lines += [f"#### {number}. {title}" for number, title in enumerate(meeting.agenda, start=1)]
    elif agenda_as == "list":
        lines += [f"{number}. {title}" for number, title in enumerate(meeting.agenda, start=1)]
    else:
        lines += ["", "| Nr. | Punkt |", "|---|---|"]
        lines += [f"| {number} | {title} |" for number, title in enumerate(meeting.agenda, start=1)]
    lines += ["", "## Møde referat", ""]
    for number, title in enumerate(meeting.agenda, start=1):
        lines += [f"### AD {number}: {title}", "", f"Drøftet under punkt {number}.", ""]
    lines.append("---")
    return "\n".join(lines) + "\n"


@given(
    meetings(),
    st.sampled_from(["list", "table"]),
    st.sampled_from(["headings", "list", "table"]),
)
def test_every_way_of_writing_the_template_reads_as_the_same_meeting(
    meeting: Meeting, people_as: str, agenda_as: str
) -> None:
    record = parse_minutes(write(meeting, people_as, agenda_as), "projektgruppe/pm.md").record
    assert record is not None
    status = "minutes_approved" if meeting.approved else "minutes_ready" if meeting.ready else "agenda_sent"
    assert record.status == status
    assert record.body_kind == "project_group"
    anyone_present = any(present for _name, _organisation, present in meeting.people)
    expected = []
    for name, organisation, present in meeting.people:
        if name in meeting.apologies:
            state = "apologies"
        elif present:
            state = "present"
        else:
            state = "absent" if status != "agenda_sent" or anyone_present else "invited"
        expected.append((name, organisation, state))
    assert [(p.name, p.role, p.status) for p in record.participants] == expected
    assert [(item.number, item.title) for item in record.items] == [
        (str(number), title) for number, title in enumerate(meeting.agenda, start=1)
    ]
    assert [item.minutes for item in record.items] == [
        f"Drøftet under punkt {number}." for number in range(1, len(meeting.agenda) + 1)
    ]
