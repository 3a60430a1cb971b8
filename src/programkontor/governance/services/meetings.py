"""Meetings: creating one (invitations, the approval of the previous minutes), agenda items, the
status steps, attendance and minutes on one page each, removing a draft."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from programkontor.core import gate, services
from programkontor.core.access import active_on
from programkontor.governance import workflow
from programkontor.governance.models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
)
from programkontor.governance.services.invitations import (
    TIME_AND_PLACE,
    send_invitations,
    send_minutes_for_approval,
)
from programkontor.portfolio.models import (
    Membership,
    MembershipRole,
)

if TYPE_CHECKING:
    from programkontor.core.actors import Actor

_M = TypeVar("_M", bound=models.Model)


def _active_members(body_id: int, day: datetime.date) -> list[Membership]:
    return list(
        Membership.objects.filter(active_on(day), body_id=body_id)
        .select_related("person")
        .order_by("role", "person__last_name")
    )


def _propose_minutes_approval(meeting: Meeting, actor: Actor) -> AgendaItem | None:
    """Put "approval of the minutes of <previous meeting>" first on ``meeting``'s agenda, if due."""
    if meeting.status not in (MeetingStatus.DRAFT_AGENDA, MeetingStatus.AGENDA_SENT):
        return None
    earlier = [
        workflow.EarlierMeeting(pk, starts_at, workflow.MeetingStatus(status))
        for pk, starts_at, status in Meeting.objects.filter(
            body_id=meeting.body_id, starts_at__lt=meeting.starts_at
        )
        .order_by("-starts_at")
        .values_list("pk", "starts_at", "status")[:1]
    ]
    proposed = list(
        AgendaItem.objects.filter(approves_meeting__body_id=meeting.body_id).values_list(
            "approves_meeting_id", flat=True
        )
    )
    previous = workflow.minutes_to_approve(meeting.starts_at, earlier, proposed)
    if previous is None:
        return None
    previous_meeting = Meeting.objects.get(pk=previous.id)
    AgendaItem.objects.filter(meeting=meeting).update(position=models.F("position") + 1)
    return services.create(
        AgendaItem,
        actor=actor,
        fields={
            "meeting": meeting,
            "position": 0,
            "number": "",
            "title": _("Approval of the minutes of %(date)s")
            % {"date": previous_meeting.date.strftime("%d.%m.%Y")},
            "kind": AgendaItemKind.APPROVAL_OF_MINUTES,
            "approves_meeting": previous_meeting,
            "duration_minutes": 5,
        },
        reason="proposed by the system",
    )


@transaction.atomic
def create_meeting(*, actor: Actor, fields: Mapping[str, Any]) -> Meeting:
    """A new meeting: its body's active members are invited, the chair and the secretary become chair
    and minute-taker, and the minutes of the body's previous meeting are proposed for approval."""
    meeting = services.create(Meeting, actor=actor, fields=fields)
    members = _active_members(meeting.body_id, meeting.date)
    changes: dict[str, Any] = {}
    if meeting.chair_id is None:
        chair = next((m.person for m in members if m.role == MembershipRole.CHAIR), None)
        if chair is not None:
            changes["chair"] = chair
    if meeting.minute_taker_id is None:
        secretary = next((m.person for m in members if m.role == MembershipRole.SECRETARY), None)
        if secretary is not None:
            changes["minute_taker"] = secretary
    if changes:
        meeting = services.update(meeting, actor=actor, expected_version=meeting.version, changes=changes)
    invited = {m.person_id: m for m in members}
    for person_id in invited:
        services.create(Attendance, actor=actor, fields={"meeting": meeting, "person_id": person_id})
    _propose_minutes_approval(meeting, actor)
    return meeting


def _ensure_open(meeting: Meeting) -> None:
    if meeting.is_locked:
        raise ValidationError(_("The minutes are approved: the meeting can no longer change."))


def next_position(meeting: Meeting) -> int:
    return (AgendaItem.objects.filter(meeting=meeting).aggregate(top=Max("position"))["top"] or 0) + 1


@transaction.atomic
def add_agenda_item(*, actor: Actor, meeting: Meeting, fields: Mapping[str, Any]) -> AgendaItem:
    _ensure_open(meeting)
    values = {"position": next_position(meeting), **fields, "meeting": meeting}
    return services.create(AgendaItem, actor=actor, fields=values)


TRANSITION_MESSAGES = {
    "unchanged": gettext_noop("The meeting already has this status."),
    "skip": gettext_noop("A meeting moves one step at a time."),
    "approved_is_final": gettext_noop("Approved minutes are final."),
    "empty_agenda": gettext_noop("Add at least one agenda item before sending the agenda."),
    "attendance_missing": gettext_noop(
        "Record for everyone invited whether they were present, sent apologies or were absent."
    ),
    "no_minutes": gettext_noop("Write the minutes of at least one agenda item first."),
    "not_held": gettext_noop("The meeting has not taken place yet: its minutes follow the meeting."),
}


def meeting_facts(meeting: Meeting) -> workflow.MeetingFacts:
    items = list(AgendaItem.objects.filter(meeting=meeting).values_list("minutes", flat=True))
    return workflow.MeetingFacts(
        status=workflow.MeetingStatus(meeting.status),
        agenda_items=len(items),
        attendances_unrecorded=Attendance.objects.filter(
            meeting=meeting, status=AttendanceStatus.INVITED
        ).count(),
        has_minutes=any(text.strip() for text in items) or bool(meeting.minutes_summary.strip()),
        has_started=meeting.has_begun,
    )


@transaction.atomic
def transition_meeting(
    meeting: Meeting,
    *,
    actor: Actor,
    expected_version: int,
    target: str,
    at_meeting: Meeting | None = None,
    publish: bool = False,
) -> Meeting:
    """Move a meeting along draft agenda → agenda sent → minutes ready → minutes approved (or one back).

    Approving names the meeting where the minutes were approved (``at_meeting``, the body's next
    meeting); ``publish`` publishes the approved minutes at once.
    """
    try:
        workflow.check_transition(meeting_facts(meeting), workflow.MeetingStatus(target))
    except ValueError as exc:
        code = getattr(exc, "code", "skip")
        raise ValidationError(_(TRANSITION_MESSAGES.get(code, code))) from exc
    changes: dict[str, Any] = {"status": target}
    previous = meeting.status
    if target == MeetingStatus.AGENDA_SENT and meeting.status == MeetingStatus.DRAFT_AGENDA:
        changes["agenda_sent_at"] = timezone.now()
    if target == MeetingStatus.MINUTES_APPROVED:
        if at_meeting is not None and (at_meeting.body_id != meeting.body_id or at_meeting.pk == meeting.pk):
            raise ValidationError(_("Minutes are approved at another meeting of the same body."))
        if at_meeting is not None and not at_meeting.is_held_by_today:
            raise ValidationError(
                _("Minutes are approved at a meeting that has taken place; %(meeting)s is still to come.")
                % {"meeting": at_meeting}
            )
        changes["minutes_approved_on"] = at_meeting.date if at_meeting is not None else timezone.localdate()
        changes["minutes_approved_at_meeting"] = at_meeting
        if publish:
            changes["is_published"] = True
            changes["published_at"] = timezone.now()
    saved = services.update(
        meeting, actor=actor, expected_version=expected_version, changes=changes, reason=f"status: {target}"
    )
    if target == MeetingStatus.AGENDA_SENT and previous == MeetingStatus.DRAFT_AGENDA:
        send_invitations(saved, kind="invitation")
    if target == MeetingStatus.MINUTES_READY and previous == MeetingStatus.AGENDA_SENT:
        send_minutes_for_approval(saved)
    if target == MeetingStatus.MINUTES_READY:
        # The next meeting of the body, if already planned, gets the approval item by itself.
        following = (
            Meeting.objects.filter(body_id=saved.body_id, starts_at__gt=saved.starts_at)
            .order_by("starts_at")
            .first()
        )
        if following is not None:
            _propose_minutes_approval(following, actor)
    return saved


@transaction.atomic
def approve_minutes_at(item: AgendaItem, *, actor: Actor, publish: bool = False) -> Meeting:
    """Approve, at ``item``'s meeting, the minutes its approval item names."""
    previous = item.approves_meeting
    if previous is None:
        raise ValidationError(_("This agenda item approves no minutes."))
    if previous.status == MeetingStatus.AGENDA_SENT:
        previous = transition_meeting(
            previous, actor=actor, expected_version=previous.version, target=MeetingStatus.MINUTES_READY
        )
    return transition_meeting(
        previous,
        actor=actor,
        expected_version=previous.version,
        target=MeetingStatus.MINUTES_APPROVED,
        at_meeting=item.meeting,
        publish=publish,
    )


class RowsChangedMeanwhile(services.ConflictError):
    """Rows of a one-page form (attendance, minutes) were changed by someone else after the writer
    read them, and the writer's values differ from the stored ones: nothing was saved."""

    def __init__(self, rows: list[Any]) -> None:
        self.rows = rows
        super().__init__(rows[0])


def _stale_rows(rows: list[_M], seen: Mapping[int, int], differs: Callable[[_M], bool]) -> list[_M]:
    """Rows changed since the writer read them (``seen``: id → version) whose new values differ.

    A row someone else changed, where the writer sends exactly what is stored now, is no conflict;
    one where they send something else would silently undo the other person's change.
    """
    return [row for row in rows if seen.get(row.pk, row.version) != row.version and differs(row)]  # type: ignore[attr-defined]


@transaction.atomic
def record_attendance(
    *,
    actor: Actor,
    meeting: Meeting,
    statuses: Mapping[int, tuple[str, str]],
    seen_versions: Mapping[int, int] | None = None,
) -> int:
    """Set the attendance (status, note) of the meeting's invitations by id; returns how many changed.

    ``seen_versions`` (id → version the writer read) refuses to overwrite a row changed meanwhile
    (:class:`RowsChangedMeanwhile`, nothing saved).
    """
    _ensure_open(meeting)
    # Lock only the attendances: their order joins the (optional) person, whose side of the outer
    # join PostgreSQL refuses to lock.
    rows = list(
        Attendance.objects.select_for_update(of=("self",)).filter(meeting=meeting, pk__in=list(statuses))
    )
    stale = _stale_rows(rows, seen_versions or {}, lambda a: (a.status, a.note) != statuses[a.pk])
    if stale:
        raise RowsChangedMeanwhile(stale)
    changed = 0
    for attendance in rows:
        status, note = statuses[attendance.pk]
        if (attendance.status, attendance.note) != (status, note):
            services.update(
                attendance,
                actor=actor,
                expected_version=attendance.version,
                changes={"status": status, "note": note},
            )
            changed += 1
    return changed


@transaction.atomic
def save_minutes(
    *,
    actor: Actor,
    meeting: Meeting,
    minutes: Mapping[int, str],
    summary: str | None,
    expected_version: int,
    seen_versions: Mapping[int, int] | None = None,
) -> Meeting:
    """Write the minutes of several agenda items (by id) and the general minutes at once.

    ``expected_version`` is the meeting's; ``seen_versions`` (agenda item id → version) refuses to
    overwrite an item's minutes changed meanwhile (:class:`RowsChangedMeanwhile`, nothing saved).
    """
    _ensure_open(meeting)
    items = list(AgendaItem.objects.select_for_update().filter(meeting=meeting, pk__in=list(minutes)))
    stale = _stale_rows(items, seen_versions or {}, lambda item: item.minutes != minutes[item.pk])
    if stale:
        raise RowsChangedMeanwhile(stale)
    for item in items:
        text = minutes[item.pk]
        if item.minutes != text:
            services.update(item, actor=actor, expected_version=item.version, changes={"minutes": text})
    changes: dict[str, Any] = {}
    if summary is not None and summary != meeting.minutes_summary:
        changes["minutes_summary"] = summary
    return services.update(meeting, actor=actor, expected_version=expected_version, changes=changes)


@transaction.atomic
def add_guest(
    *, actor: Actor, fields: Mapping[str, object], creator_may: gate.Action = "change"
) -> Attendance:
    """Invite one more person (a guest); once the agenda is sent, they get the invitation by e-mail
    (those invited before get nothing new: their invitation is in the outbox already)."""
    attendance = services.create(Attendance, actor=actor, fields=fields, creator_may=creator_may)
    meeting = attendance.meeting
    if meeting.status == MeetingStatus.AGENDA_SENT and not meeting.has_begun:
        send_invitations(meeting, kind="invitation")
    return attendance


@transaction.atomic
def update_meeting(
    meeting: Meeting, *, actor: Actor, expected_version: int, changes: Mapping[str, object]
) -> Meeting:
    """Change a meeting; once its agenda is sent, a new time or place is mailed to everyone invited
    as an update of the invitation (its SEQUENCE the meeting's new version)."""
    # As stored: a form may already have put the new values on ``meeting``.
    before = Meeting.objects.filter(pk=meeting.pk).values(*TIME_AND_PLACE).get()
    saved = services.update(meeting, actor=actor, expected_version=expected_version, changes=changes)
    moved = any(getattr(saved, name) != value for name, value in before.items())
    if moved and saved.status == MeetingStatus.AGENDA_SENT and not saved.has_begun:
        send_invitations(saved, kind="update")
    return saved


@transaction.atomic
def delete_meeting(meeting: Meeting, *, actor: Actor, expected_version: int, reason: str = "") -> None:
    """Remove a meeting with a draft agenda, or cancel one whose agenda was sent and that has not
    begun (everyone invited gets the cancellation), with its agenda items and invitations: all or
    nothing.

    The version is claimed before anything is removed, so a stale version removes nothing.
    """
    if not meeting.may_be_removed:
        raise ValidationError(
            _("Only a meeting that has not begun and whose minutes are not written can be removed.")
        )
    if meeting.status == MeetingStatus.AGENDA_SENT:
        send_invitations(meeting, kind="cancellation", sequence=meeting.version + 1)
    services.claim_version(meeting, expected_version)
    for child in [*meeting.agenda_items.all(), *meeting.attendances.all()]:
        services.delete(child, actor=actor, reason=reason)
    services.delete(meeting, actor=actor, reason=reason)
