"""Where governance keeps personal data: who attended, chaired, took minutes or presented, and names
written as text (imported minutes, guests, the minutes and decisions themselves)."""

from __future__ import annotations

from django.db.models import Q

from programkontor.core import personal_data as pd


def _meeting_roles(person: pd.PersonRef) -> Q:
    return Q(chair_id=person.id) | Q(minute_taker_id=person.id)


def register() -> None:
    from programkontor.governance.models import AgendaItem, Attendance, Decision, Meeting

    pd.register_personal_data(
        Attendance,
        select=pd.linked("person_id"),
        mentions=("name", "note"),
        fields=("meeting_id", "name", "status", "is_guest", "note"),
        erase={"name": pd.redact, "note": pd.redact},
    )
    pd.register_personal_data(
        Meeting,
        select=_meeting_roles,
        mentions=("chair_name", "minute_taker_name", "minutes_summary"),
        fields=("title", "starts_at", "chair_id", "minute_taker_id", "chair_name", "minute_taker_name"),
        erase={"chair_name": pd.redact, "minute_taker_name": pd.redact, "minutes_summary": pd.redact},
    )
    pd.register_personal_data(
        AgendaItem,
        select=pd.linked("owner_id"),
        mentions=("owner_name", "description", "minutes"),
        fields=("meeting_id", "title", "owner_id", "owner_name"),
        erase={"owner_name": pd.redact, "description": pd.redact, "minutes": pd.redact},
    )
    text = ("title", "context", "decision", "consequences", "implementation", "risks")
    pd.register_personal_data(
        Decision,
        mentions=text,
        fields=("title", "date"),
        erase=dict.fromkeys(text, pd.redact),
    )
