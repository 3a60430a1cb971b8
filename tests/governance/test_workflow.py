"""The meeting workflow and the proposal of "approval of the minutes" as pure rules."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programkontor.governance.workflow import (
    ORDER,
    EarlierMeeting,
    MeetingFacts,
    MeetingStatus,
    TransitionError,
    allowed_targets,
    check_transition,
    minutes_to_approve,
)

S = MeetingStatus


def facts(status: MeetingStatus, items: int = 2, unrecorded: int = 0, minutes: bool = True) -> MeetingFacts:
    return MeetingFacts(
        status=status, agenda_items=items, attendances_unrecorded=unrecorded, has_minutes=minutes
    )


def test_it_moves_one_step_at_a_time_and_approved_minutes_are_final() -> None:
    assert allowed_targets(S.DRAFT_AGENDA) == (S.AGENDA_SENT,)
    assert allowed_targets(S.AGENDA_SENT) == (S.MINUTES_READY, S.DRAFT_AGENDA)
    assert allowed_targets(S.MINUTES_READY) == (S.MINUTES_APPROVED, S.AGENDA_SENT)
    assert allowed_targets(S.MINUTES_APPROVED) == ()
    with pytest.raises(TransitionError) as error:
        check_transition(facts(S.MINUTES_APPROVED), S.MINUTES_READY)
    assert error.value.code == "approved_is_final"
    with pytest.raises(TransitionError) as error:
        check_transition(facts(S.DRAFT_AGENDA), S.MINUTES_APPROVED)
    assert error.value.code == "skip"


def test_an_empty_agenda_cannot_be_sent() -> None:
    with pytest.raises(TransitionError) as error:
        check_transition(facts(S.DRAFT_AGENDA, items=0), S.AGENDA_SENT)
    assert error.value.code == "empty_agenda"
    check_transition(facts(S.DRAFT_AGENDA, items=1), S.AGENDA_SENT)


def test_minutes_are_ready_only_with_attendance_recorded_and_something_written() -> None:
    with pytest.raises(TransitionError) as error:
        check_transition(facts(S.AGENDA_SENT, unrecorded=2), S.MINUTES_READY)
    assert error.value.code == "attendance_missing"
    with pytest.raises(TransitionError) as error:
        check_transition(facts(S.AGENDA_SENT, minutes=False), S.MINUTES_READY)
    assert error.value.code == "no_minutes"
    check_transition(facts(S.AGENDA_SENT), S.MINUTES_READY)


def test_minutes_follow_the_meeting_they_record() -> None:
    """A meeting still to come has no minutes to mark ready, nor to approve."""
    upcoming = MeetingFacts(
        status=S.AGENDA_SENT, agenda_items=2, attendances_unrecorded=0, has_minutes=True, has_started=False
    )
    with pytest.raises(TransitionError) as error:
        check_transition(upcoming, S.MINUTES_READY)
    assert error.value.code == "not_held"
    ready = MeetingFacts(
        status=S.MINUTES_READY, agenda_items=2, attendances_unrecorded=0, has_minutes=True, has_started=False
    )
    with pytest.raises(TransitionError) as error:
        check_transition(ready, S.MINUTES_APPROVED)
    assert error.value.code == "not_held"
    check_transition(upcoming, S.DRAFT_AGENDA)  # the agenda can still be taken back


@given(st.sampled_from(ORDER), st.sampled_from(ORDER))
def test_every_allowed_transition_is_one_step_and_never_leaves_approval(
    a: MeetingStatus, b: MeetingStatus
) -> None:
    try:
        check_transition(facts(a), b)
    except TransitionError:
        return
    assert abs(ORDER.index(a) - ORDER.index(b)) == 1
    assert a != S.MINUTES_APPROVED


def when(day: int) -> datetime.datetime:
    return datetime.datetime(2026, 1, day, 13, tzinfo=datetime.UTC)


def test_the_next_meeting_approves_the_latest_earlier_unapproved_minutes() -> None:
    earlier = [
        EarlierMeeting(1, when(1), S.MINUTES_APPROVED),
        EarlierMeeting(2, when(8), S.MINUTES_READY),
        EarlierMeeting(3, when(20), S.DRAFT_AGENDA),  # after the new meeting
    ]
    chosen = minutes_to_approve(when(15), earlier)
    assert chosen is not None and chosen.id == 2
    assert minutes_to_approve(when(15), earlier, already_proposed=[2]) is None
    assert minutes_to_approve(when(5), earlier) is None  # the latest before is approved
    assert minutes_to_approve(when(1), earlier) is None  # nothing before


@given(st.lists(st.tuples(st.integers(1, 28), st.sampled_from(ORDER)), max_size=8), st.integers(1, 28))
def test_the_proposal_is_always_an_unapproved_meeting_before(
    rows: list[tuple[int, MeetingStatus]], day: int
) -> None:
    earlier = [EarlierMeeting(i, when(d), status) for i, (d, status) in enumerate(rows)]
    chosen = minutes_to_approve(when(day), earlier)
    if chosen is not None:
        assert chosen.starts_at < when(day)
        assert chosen.status != S.MINUTES_APPROVED
        assert all(m.starts_at <= chosen.starts_at for m in earlier if m.starts_at < when(day))
