"""The life of a meeting's agenda and minutes, as pure rules (no Django).

    draft agenda → agenda sent → minutes ready for approval → minutes approved

A step back is allowed before approval (an agenda is withdrawn for changes, minutes go back to the
minute-taker); approved minutes are final. Also here: which earlier meeting's minutes the next
meeting should approve, so that it can propose the agenda item by itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class MeetingStatus(StrEnum):
    DRAFT_AGENDA = "draft_agenda"
    AGENDA_SENT = "agenda_sent"
    MINUTES_READY = "minutes_ready"
    MINUTES_APPROVED = "minutes_approved"


ORDER = [
    MeetingStatus.DRAFT_AGENDA,
    MeetingStatus.AGENDA_SENT,
    MeetingStatus.MINUTES_READY,
    MeetingStatus.MINUTES_APPROVED,
]


class TransitionError(ValueError):
    """A status change the workflow does not allow; ``code`` names the reason."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class MeetingFacts:
    """What the rules need to know about a meeting."""

    status: MeetingStatus
    agenda_items: int
    attendances_unrecorded: int  # invitations with neither present, apologies nor absent
    has_minutes: bool
    has_started: bool = True  # minutes follow a meeting: none before it has begun


def allowed_targets(status: MeetingStatus) -> tuple[MeetingStatus, ...]:
    """The statuses a meeting may move to from ``status``: one step on, or one step back before approval."""
    index = ORDER.index(status)
    if status == MeetingStatus.MINUTES_APPROVED:
        return ()
    targets = [ORDER[index + 1]]
    if index > 0:
        targets.append(ORDER[index - 1])
    return tuple(targets)


def check_transition(facts: MeetingFacts, target: MeetingStatus) -> None:
    """Raise :class:`TransitionError` unless ``facts.status`` may move to ``target``."""
    if target == facts.status:
        raise TransitionError("unchanged")
    if target not in allowed_targets(facts.status):
        raise TransitionError(
            "approved_is_final" if facts.status == MeetingStatus.MINUTES_APPROVED else "skip"
        )
    sending = target == MeetingStatus.AGENDA_SENT and facts.status == MeetingStatus.DRAFT_AGENDA
    if sending and facts.agenda_items == 0:
        raise TransitionError("empty_agenda")
    if target in (MeetingStatus.MINUTES_READY, MeetingStatus.MINUTES_APPROVED) and not facts.has_started:
        raise TransitionError("not_held")
    if target == MeetingStatus.MINUTES_READY:
        if facts.attendances_unrecorded:
            raise TransitionError("attendance_missing")
        if not facts.has_minutes:
            raise TransitionError("no_minutes")


@dataclass(frozen=True)
class EarlierMeeting:
    id: int
    starts_at: datetime.datetime
    status: MeetingStatus


def minutes_to_approve(
    starts_at: datetime.datetime, earlier: Iterable[EarlierMeeting], already_proposed: Sequence[int] = ()
) -> EarlierMeeting | None:
    """The meeting whose minutes a meeting starting at ``starts_at`` should approve.

    That is the body's latest meeting before it, if its minutes are not approved yet and no other
    meeting already carries an item to approve them (``already_proposed``).
    """
    before = [m for m in earlier if m.starts_at < starts_at]
    if not before:
        return None
    latest = max(before, key=lambda m: (m.starts_at, m.id))
    if latest.status == MeetingStatus.MINUTES_APPROVED or latest.id in already_proposed:
        return None
    return latest
