"""The records of a governance repository as plain data: what the parser reads and the exporter writes.

The import compares these records (not files) with what the database holds, so that a record
exported from the application and read back is equal to the original.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

# Body kinds as the CLI contract names them (``decided_by``, ``body``), and the roles that decide.
STEERING = "steering_group"
COORDINATION = "coordination_group"
BOARD = "board"
INTEREST = "interest_group"
PROJECT = "project_group"
WORKING = "working_group"
NETWORK = "network"
OTHER = "other_group"
BODY_KINDS = (STEERING, COORDINATION, BOARD, INTEREST, PROJECT, WORKING, NETWORK, OTHER)
SECRETARIAT = "secretariat"
GENERAL_ASSEMBLY = "general_assembly"
PROGRAM_MANAGER = "program_manager"
PRODUCT_COORDINATOR = "product_coordinator"
PRODUCT_OWNER = "product_owner"
ROLE_KINDS = (SECRETARIAT, GENERAL_ASSEMBLY, PROGRAM_MANAGER, PRODUCT_COORDINATOR, PRODUCT_OWNER)

STATUSES = ("proposed", "decided", "rejected", "superseded", "ratification_pending")
MEETING_STATUSES = ("agenda_sent", "minutes_ready", "minutes_approved")


@dataclass(frozen=True)
class Unmapped:
    """Something the importer could not interpret; it is listed, never guessed."""

    source_file: str
    field: str
    value: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {
            "source_file": self.source_file,
            "field": self.field,
            "value": self.value,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class DecisionRecord:
    title: str
    date: datetime.date | None
    record_type: str | None = None  # "strategic" | "operational"
    status: str | None = None  # one of STATUSES
    decided_by: tuple[str, ...] = ()  # BODY_KINDS and ROLE_KINDS
    kind: str | None = None  # a DecisionKind value, when the file says (Kategori)
    context: str = ""
    decision: str = ""
    consequences: str = ""
    implementation: str = ""
    risks: str = ""
    other_sections: str = ""
    basis: str = ""
    # As written in the file (kept for the record and for writing it back the same way).
    status_text: str = ""
    decided_by_text: str = ""
    type_text: str = ""
    date_text: str = ""

    def content(self) -> tuple[object, ...]:
        """What the import compares: the mapped values, not how they were written."""
        return (
            self.title,
            self.date,
            self.record_type,
            self.status,
            self.decided_by,
            self.context,
            self.decision,
            self.consequences,
            self.implementation,
            self.risks,
            self.other_sections,
            self.basis,
        )


@dataclass(frozen=True)
class Participant:
    name: str
    role: str = ""  # as written in brackets, e.g. "Produktkoordinator"
    status: str = "invited"  # invited | present | apologies | absent
    guest: bool = False


@dataclass(frozen=True)
class Attachment:
    title: str
    url: str


@dataclass(frozen=True)
class ItemRecord:
    number: str
    title: str
    description: str = ""
    owner: str = ""
    duration_minutes: int | None = None
    minutes: str = ""
    attachments: tuple[Attachment, ...] = ()
    section: str = ""  # the agenda heading it stands under, as written (e.g. "1. Formalia")


@dataclass(frozen=True)
class MeetingRecord:
    body_kind: str | None  # one of BODY_KINDS
    date: datetime.date | None
    title: str = ""
    start: datetime.time | None = None
    end: datetime.time | None = None
    location: str = ""
    status: str = "agenda_sent"  # one of MEETING_STATUSES
    approved_on: datetime.date | None = None
    participants: tuple[Participant, ...] = ()
    chair: str = ""
    minute_taker: str = ""
    items: tuple[ItemRecord, ...] = field(default_factory=tuple)
    minutes_summary: str = ""

    def count(self, status: str) -> int:
        return sum(1 for p in self.participants if p.status == status)

    def content(self) -> tuple[object, ...]:
        return (
            self.body_kind,
            self.date,
            self.title,
            self.start,
            self.end,
            self.location,
            self.status,
            self.approved_on,
            tuple(sorted(self.participants, key=lambda p: (p.guest, p.name))),
            self.chair,
            self.minute_taker,
            tuple(
                (i.section, i.title, i.description, i.owner, i.duration_minutes, i.minutes, i.attachments)
                for i in self.items
            ),
            self.minutes_summary,
        )
