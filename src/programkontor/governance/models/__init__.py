"""Governance: the decision log, meetings of bodies, mandates and the annual cycle."""

from programkontor.governance.models.cycle import (
    CycleEvent,
    CycleEventKind,
    Ordinal,
    Weekday,
)
from programkontor.governance.models.decisions import (
    PORTFOLIO_KINDS,
    Decision,
    DecisionKind,
    DecisionLink,
    DecisionRole,
    DecisionStatus,
    RecordType,
)
from programkontor.governance.models.mandates import LimitBasis, Mandate, MandateHolderRole, MandateKind
from programkontor.governance.models.meetings import (
    AgendaAttachment,
    AgendaItem,
    AgendaItemKind,
    AgendaItemReference,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
)
from programkontor.governance.models.repository import (
    GovernanceRepository,
    RepositorySync,
    SyncKind,
    SyncState,
)

__all__ = [
    "PORTFOLIO_KINDS",
    "AgendaAttachment",
    "AgendaItem",
    "AgendaItemKind",
    "AgendaItemReference",
    "Attendance",
    "AttendanceStatus",
    "CycleEvent",
    "CycleEventKind",
    "Decision",
    "DecisionKind",
    "DecisionLink",
    "DecisionRole",
    "DecisionStatus",
    "GovernanceRepository",
    "LimitBasis",
    "Mandate",
    "MandateHolderRole",
    "MandateKind",
    "Meeting",
    "MeetingStatus",
    "Ordinal",
    "RecordType",
    "RepositorySync",
    "SyncKind",
    "SyncState",
    "Weekday",
]
