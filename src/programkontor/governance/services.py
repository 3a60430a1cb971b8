"""Writes of governance with more logic than the core services: each is keyword-only and runs in one
transaction, with history naming the actor.

Also the small service other apps call to find the mandate an action rests on::

    from programkontor.governance.services import applicable_mandate

    verdict = applicable_mandate(
        product=product, holder_role="product_coordinator", kind="invoice_approval",
        amount=Decimal("18000"), on=datetime.date.today(),
    )
    verdict.mandate      # the Mandate that applies, or None
    verdict.within       # True when the action is within it
    verdict.route_to     # the body to route the action to when it is not (the mandate's grantor,
                         # else the product's steering group)
    verdict.message      # a Danish sentence saying all of that
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from programkontor.core import services
from programkontor.core.access import access_for, active_on
from programkontor.governance import mandates as mandate_rules
from programkontor.governance import workflow
from programkontor.governance.models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceStatus,
    CycleEvent,
    Decision,
    DecisionRole,
    DecisionStatus,
    LimitBasis,
    Mandate,
    MandateKind,
    Meeting,
    MeetingStatus,
)
from programkontor.portfolio.models import (
    Body,
    BodyKind,
    Membership,
    MembershipRole,
    Product,
    Program,
    Role,
    RoleAssignment,
)

_M = TypeVar("_M", bound=models.Model)


# --------------------------------------------------------------------------------------------
# Decisions.


def decision_makers_q(decision: Decision) -> Q:
    """Active memberships that may decide for the decision's bodies (chairs and members, not secretaries)."""
    bodies = [pk for pk in (decision.decided_by_body_id, decision.co_decided_by_body_id) if pk]
    return Q(body_id__in=bodies, role__in=[MembershipRole.CHAIR, MembershipRole.MEMBER])


def may_decide(user: Any, decision: Decision) -> bool:
    """May ``user`` set ``decision`` to decided? Only those who decide it:

    * for a body: its chairs and members (active on the day), also of the body it decided jointly with;
    * for a role: the secretariat for the secretariat; the program's manager; the product's
      coordinator or owner. The general assembly is recorded by the secretariat.
    """
    access = access_for(user)
    if decision.decided_by_body_id:
        if access.person_id is None:
            return False
        return (
            Membership.objects.filter(decision_makers_q(decision), active_on(timezone.localdate()))
            .filter(person_id=access.person_id, body__archived_at__isnull=True)
            .exists()
        )
    role = decision.decided_by_role
    if role in (DecisionRole.SECRETARIAT, DecisionRole.GENERAL_ASSEMBLY):
        return access.is_secretariat
    product = decision.product
    program_id = decision.program_id or (product.program_id if product is not None else None)
    if role == DecisionRole.PROGRAM_MANAGER:
        return program_id is not None and program_id in access.programs_write
    if role in (DecisionRole.PRODUCT_COORDINATOR, DecisionRole.PRODUCT_OWNER):
        if not decision.product_id or access.person_id is None:
            return False
        return RoleAssignment.objects.filter(
            active_on(timezone.localdate()),
            product_id=decision.product_id,
            person_id=access.person_id,
            role=role,
        ).exists()
    return False


MANDATE_KIND_OF_DECISION = {
    "prioritisation": MandateKind.PRIORITISATION,
    "budget": MandateKind.EXPENDITURE,
}


def check_decision(user: Any, decision: Decision, *, previous_status: str | None) -> None:
    """Rules for a decision a user records: who may decide, and the mandate it rests on.

    Raises ``ValidationError`` with a message naming what to do instead.
    """
    becomes_decided = decision.status == DecisionStatus.DECIDED and previous_status != DecisionStatus.DECIDED
    if not becomes_decided:
        return
    if not (decision.decided_by_body_id or decision.decided_by_role):
        raise ValidationError(
            {"status": _("Name the body or role that decides before setting it to decided.")}
        )
    if not may_decide(user, decision):
        raise ValidationError(
            {
                "status": _(
                    "Only those who decide (the body's members, or the role named) can set it to decided."
                )
            }
        )
    verdict = mandate_for_decision(decision)
    if verdict is None:
        return
    if not verdict.within:
        raise ValidationError({"status": verdict.message})
    if decision.mandate_id is None and verdict.mandate is not None:
        decision.mandate = verdict.mandate


def mandate_for_decision(decision: Decision) -> MandateVerdict | None:
    """The mandate check for a decision taken on delegated authority (a mandate named, or an amount
    of a kind that needs one). ``None`` when no mandate is involved."""
    mandate = decision.mandate
    kind = mandate.kind if mandate is not None else MANDATE_KIND_OF_DECISION.get(decision.kind)
    if kind is None or (decision.mandate_id is None and decision.amount is None):
        return None
    holder_body = decision.decided_by_body
    holder_role = "" if holder_body else decision.decided_by_role
    if holder_body is not None and holder_body.kind == BodyKind.BOARD:
        return None  # the board holds the association's own authority
    if holder_body is not None and decision.mandate_id is None and holder_body.kind == BodyKind.STEERING:
        return None  # a steering group decides for its product on its own authority
    product = decision.product
    return applicable_mandate(
        product=product,
        program=decision.program,
        holder_body=holder_body,
        holder_role=holder_role,
        kind=kind,
        amount=decision.amount,
        on=decision.date,
    )


@transaction.atomic
def save_decision(
    *,
    actor: Any,
    fields: Mapping[str, Any],
    instance: Decision | None = None,
    expected_version: int | None = None,
) -> Decision:
    """Create or change a decision with the decision rules; a decided one that supersedes another
    marks that one superseded (recorded in its history)."""
    previous = instance.status if instance is not None else None
    candidate = instance if instance is not None else Decision()
    for name, value in fields.items():
        setattr(candidate, name, value)
    candidate.clean()  # derives the product or program from the deciding body
    check_decision(actor, candidate, previous_status=previous)
    fields = {
        **fields,
        "mandate": candidate.mandate,
        "product": candidate.product,
        "program": candidate.program,
        "decided_by_body": candidate.decided_by_body,
    }
    if instance is None:
        saved = services.create(Decision, actor=actor, fields=fields)
    else:
        saved = services.update(
            instance, actor=actor, expected_version=expected_version or -1, changes=fields
        )
    _supersede(saved, actor)
    return saved


def _supersede(decision: Decision, actor: Any) -> None:
    old = decision.supersedes
    if decision.status != DecisionStatus.DECIDED or old is None or old.status == DecisionStatus.SUPERSEDED:
        return
    services.update(
        old,
        actor=actor,
        expected_version=old.version,
        changes={"status": DecisionStatus.SUPERSEDED},
        reason=_("superseded by %(title)s") % {"title": decision.title},
    )


@transaction.atomic
def route_for_decision(decision: Decision, *, actor: Any, expected_version: int) -> Decision:
    """Send a decision that exceeds its mandate to the body that granted it (or the steering group)."""
    verdict = mandate_for_decision(decision)
    target = verdict.route_to if verdict is not None else None
    if target is None and decision.product_id:
        target = _steering_group(decision.product_id)
    if target is None:
        raise ValidationError(_("There is no body to route this decision to. Choose the body by hand."))
    return services.update(
        decision,
        actor=actor,
        expected_version=expected_version,
        changes={
            "decided_by_body": target,
            "decided_by_role": "",
            "co_decided_by_body": None,
            "status": DecisionStatus.PROPOSED,
            "mandate": None,
        },
        reason=_("routed to %(body)s") % {"body": target},
    )


# --------------------------------------------------------------------------------------------
# Mandates: the service other apps call.


@dataclass(frozen=True)
class MandateVerdict:
    outcome: mandate_rules.Outcome
    mandate: Mandate | None
    remaining: Decimal | None
    route_to: Body | None
    message: str

    @property
    def within(self) -> bool:
        return self.outcome == mandate_rules.Outcome.WITHIN


def _kr(amount: Decimal | None) -> str:
    if amount is None:
        return "—"
    whole = f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{whole.removesuffix(',00')} kr."


def _steering_group(product_id: int) -> Body | None:
    return (
        Body.objects.filter(product_id=product_id, kind=BodyKind.STEERING, archived_at__isnull=True)
        .order_by("pk")
        .first()
    )


def applicable_mandate(
    *,
    product: Product | None,
    kind: str,
    on: datetime.date,
    holder_body: Body | None = None,
    holder_role: str = "",
    amount: Decimal | None = None,
    program: Program | None = None,
    used: Decimal = Decimal(0),
) -> MandateVerdict:
    """Which mandate applies to an action, and whether the action is within it.

    ``product`` (or ``program`` for a program-level action, or neither for the association) and the
    holder — a body (``holder_body``) or a role (``holder_role``: ``product_coordinator``,
    ``program_manager``, ...) — who wants to act; ``kind`` is a :class:`MandateKind` value; ``amount``
    the action's cost in kroner (``None``: no amount); ``on`` the day; ``used`` what was already spent
    under a mandate whose limit applies in total. Not gated: the caller has already read the product
    through the gate. Two queries.
    """
    if holder_body is None and not holder_role:
        raise ValueError("Name the holder: holder_body or holder_role.")
    program_id = product.program_id if product is not None else (program.pk if program else None)
    candidates = Mandate.objects.filter(kind=kind, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    candidates = (
        candidates.filter(holder_body=holder_body)
        if holder_body is not None
        else candidates.filter(holder_role=holder_role, holder_body__isnull=True)
    )
    scope = Q(product__isnull=True, program__isnull=True)
    if product is not None:
        scope |= Q(product=product)
    if program_id is not None:
        scope |= Q(program_id=program_id)
    mandates = {m.pk: m for m in candidates.filter(scope).select_related("grantor_body")}
    action = mandate_rules.Action(
        kind=kind,
        on=on,
        holder_body_id=holder_body.pk if holder_body is not None else None,
        holder_role="" if holder_body is not None else holder_role,
        product_id=product.pk if product is not None else None,
        program_id=program_id,
        amount=amount,
        used=used,
    )
    verdict = mandate_rules.evaluate(action, [m.as_terms() for m in mandates.values()])
    mandate = mandates.get(verdict.terms.id) if verdict.terms else None
    holder = (
        str(holder_body) if holder_body is not None else str(dict(Role.choices).get(holder_role, holder_role))
    )
    kind_label = str(dict(MandateKind.choices).get(kind, kind))
    route_to: Body | None = None
    if verdict.within and mandate is not None:
        if mandate.limit_amount is None:
            message = _("Within the mandate “%(mandate)s” (no amount limit).") % {"mandate": mandate}
        else:
            message = _("Within the mandate “%(mandate)s”: limit %(limit)s, %(left)s left after this.") % {
                "mandate": mandate,
                "limit": _kr(mandate.limit_amount),
                "left": _kr(verdict.remaining),
            }
    else:
        route_to = (mandate.grantor_body if mandate is not None else None) or (
            _steering_group(product.pk) if product is not None else None
        )
        where = (
            _(" Route it to %(body)s for decision.") % {"body": route_to}
            if route_to is not None
            else _(" Route it to the body that decides.")
        )
        if mandate is not None:
            message = (
                _("%(amount)s exceeds the mandate “%(mandate)s” (limit %(limit)s).")
                % {"amount": _kr(amount), "mandate": mandate, "limit": _kr(mandate.limit_amount)}
                + where
            )
        else:
            message = (
                _("%(holder)s has no mandate to “%(kind)s” here.") % {"holder": holder, "kind": kind_label}
                + where
            )
    return MandateVerdict(verdict.outcome, mandate, verdict.remaining, route_to, str(message))


def applicable_mandate_with_use(
    ask: dict[str, Any], *, used_under: Callable[[Mandate], Decimal], lock: bool
) -> tuple[MandateVerdict, Decimal | None]:
    """:func:`applicable_mandate` for ``ask``, counting what a mandate in force *in total* has used.

    ``used_under(mandate)`` says what was already spent under it. With ``lock`` the mandate's row is
    locked first, so two actions under the same total cannot both take the last of it. When another
    mandate fits better once the use is known, that one is asked for instead. Returns the verdict and
    the use it was judged with (``None`` when no total applies).
    """
    verdict = applicable_mandate(**ask)
    used: Decimal | None = None
    tried: set[int] = set()
    while verdict.mandate is not None and verdict.mandate.limit_basis == LimitBasis.TOTAL:
        mandate = verdict.mandate
        if mandate.pk in tried:
            break
        tried.add(mandate.pk)
        if lock:
            list(Mandate.objects.select_for_update().filter(pk=mandate.pk).values_list("pk"))
        used = used_under(mandate)
        verdict = applicable_mandate(**ask, used=used)
        if verdict.mandate is not None and verdict.mandate.pk == mandate.pk:
            break
        used = None
    return verdict, used


def require_mandate(**kwargs: Any) -> MandateVerdict:
    """Like :func:`applicable_mandate`, but refuses an action outside any mandate (``PermissionDenied``)."""
    verdict = applicable_mandate(**kwargs)
    if not verdict.within:
        raise PermissionDenied(verdict.message)
    return verdict


# --------------------------------------------------------------------------------------------
# Meetings.


def _active_members(body_id: int, day: datetime.date) -> list[Membership]:
    return list(
        Membership.objects.filter(active_on(day), body_id=body_id)
        .select_related("person")
        .order_by("role", "person__last_name")
    )


def _propose_minutes_approval(meeting: Meeting, actor: Any) -> AgendaItem | None:
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
def create_meeting(*, actor: Any, fields: Mapping[str, Any]) -> Meeting:
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
def add_agenda_item(*, actor: Any, meeting: Meeting, fields: Mapping[str, Any]) -> AgendaItem:
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
    )


@transaction.atomic
def transition_meeting(
    meeting: Meeting,
    *,
    actor: Any,
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
    if target == MeetingStatus.AGENDA_SENT and meeting.status == MeetingStatus.DRAFT_AGENDA:
        changes["agenda_sent_at"] = timezone.now()
    if target == MeetingStatus.MINUTES_APPROVED:
        if at_meeting is not None and (at_meeting.body_id != meeting.body_id or at_meeting.pk == meeting.pk):
            raise ValidationError(_("Minutes are approved at another meeting of the same body."))
        changes["minutes_approved_on"] = at_meeting.date if at_meeting is not None else timezone.localdate()
        changes["minutes_approved_at_meeting"] = at_meeting
        if publish:
            changes["is_published"] = True
            changes["published_at"] = timezone.now()
    saved = services.update(
        meeting, actor=actor, expected_version=expected_version, changes=changes, reason=f"status: {target}"
    )
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
def approve_minutes_at(item: AgendaItem, *, actor: Any, publish: bool = False) -> Meeting:
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
    actor: Any,
    meeting: Meeting,
    statuses: Mapping[int, tuple[str, str]],
    seen_versions: Mapping[int, int] | None = None,
) -> int:
    """Set the attendance (status, note) of the meeting's invitations by id; returns how many changed.

    ``seen_versions`` (id → version the writer read) refuses to overwrite a row changed meanwhile
    (:class:`RowsChangedMeanwhile`, nothing saved).
    """
    _ensure_open(meeting)
    rows = list(Attendance.objects.select_for_update().filter(meeting=meeting, pk__in=list(statuses)))
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
    actor: Any,
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
def delete_meeting(meeting: Meeting, *, actor: Any, expected_version: int, reason: str = "") -> None:
    """Remove a meeting with a draft agenda with its agenda items and invitations: all or nothing.

    The version is claimed before anything is removed, so a stale version removes nothing.
    """
    if meeting.status != MeetingStatus.DRAFT_AGENDA:
        raise ValidationError(_("Only a meeting with a draft agenda can be removed."))
    services.claim_version(meeting, expected_version)
    for child in [*meeting.agenda_items.all(), *meeting.attendances.all()]:
        services.delete(child, actor=actor, reason=reason)
    services.delete(meeting, actor=actor, reason=reason)


# --------------------------------------------------------------------------------------------
# The annual cycle.


@transaction.atomic
def generate_meetings(event: CycleEvent, *, actor: Any, until: datetime.date) -> list[Meeting]:
    """Create the body's meetings from a recurring event up to ``until`` (skipping days that already
    have a meeting of the body). Each new meeting starts as a draft agenda."""
    if event.body_id is None:
        raise ValidationError(_("Only an event with a body creates meetings."))
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    taken = {
        timezone.localdate(starts)
        for starts in Meeting.objects.filter(body_id=event.body_id, starts_at__date__gte=today).values_list(
            "starts_at", flat=True
        )
    }
    created = []
    start_time = event.start_time or datetime.time(10, 0)
    for day in event.dates(today, until):
        if day in taken:
            continue
        starts = datetime.datetime.combine(day, start_time, tzinfo=tz)
        ends = starts + datetime.timedelta(minutes=event.duration_minutes) if event.duration_minutes else None
        created.append(
            create_meeting(
                actor=actor,
                fields={
                    "body_id": event.body_id,
                    "title": event.title,
                    "starts_at": starts,
                    "ends_at": ends,
                    "location": event.location,
                },
            )
        )
    return created
